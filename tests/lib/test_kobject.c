/* SPDX-License-Identifier: MIT */
/* tests/lib/test_kobject.c — run-time objects, and how the attribute tree shows them. */
#include "../helpers.h"

#include "hotplug/machine.h"
#include "lib/kobject.h"

struct counter {
	int value;
	bool hidden;
};

static int show_value(struct kobject *k, struct strbuf *out)
{
	strbuf_addf(out, "%d\n", ((struct counter *)k->priv)->value);
	return 0;
}

static int store_value(struct kobject *k, const char *buf)
{
	char *end;
	long v = strtol(buf, &end, 10);

	if (end == buf || (*end && *end != '\n'))
		return -EINVAL;
	((struct counter *)k->priv)->value = (int)v;
	return 0;
}

static bool shown(struct kobject *k)
{
	return !((struct counter *)k->priv)->hidden;
}

static const struct kobj_attribute counter_attrs[] = {
	{ "value", 0644, show_value, store_value },
	{ "secret", 0200, NULL, store_value },
	{ "maybe", 0444, show_value, NULL, shown },
};

struct names {
	char buf[512];
};

static int collect(void *ctx, const char *name, const struct abi_stat *st, uint64_t next)
{
	struct names *n = ctx;

	(void)st;
	(void)next;
	strcat(n->buf, name);
	strcat(n->buf, " ");
	return 0;
}

static char *list(struct machine *m, const char *path)
{
	static struct names n;
	struct abi_stat st;

	memset(&n, 0, sizeof(n));
	assert_int_equal(abi_resolve(m, path, &st), 0);
	assert_int_equal(abi_readdir(m, st.ino, 0, collect, &n), 0);
	return n.buf;
}

static void test_tree_shows_objects(void **state)
{
	struct machine *m = boot_qemu("-m 2G", "");
	struct counter c = { 7, false };
	struct kobj_registry *reg = &m->kobjs;
	struct abi_stat st;

	(void)state;
	/* what every machine has: the dax bus (CONFIG_DAX=y) and the platform bus */
	assert_string_equal(list(m, "/sys/bus"), "dax platform ");
	struct kobject *bus = kobject_create(reg, NULL, "/sys/bus", "demo", NULL, 0, NULL);
	struct kobject *devs = kobject_create(reg, bus, NULL, "devices", NULL, 0, NULL);
	struct kobject *dev = kobject_create(reg, NULL, "/sys/devices/platform", "demo.0",
					     counter_attrs, 3, &c);

	assert_non_null(kobject_create_link(reg, devs, NULL, "demo.0", "../../../devices/platform/demo.0"));
	/* names are unique per directory */
	assert_null(kobject_create(reg, NULL, "/sys/bus", "demo", NULL, 0, NULL));
	assert_string_equal(list(m, "/sys/bus"), "dax platform demo ");
	assert_string_equal(list(m, "/sys/bus/demo"), "devices ");
	assert_string_equal(list(m, "/sys/devices/platform/demo.0"), "value secret maybe ");

	assert_file_reads(m, "/sys/devices/platform/demo.0/value", "7\n");
	assert_int_equal(write_str(m, "/sys/devices/platform/demo.0/value", "42\n"), 0);
	assert_int_equal(c.value, 42);
	assert_int_equal(write_str(m, "/sys/devices/platform/demo.0/value", "x"), -EINVAL);
	assert_int_equal(c.value, 42);
	assert_int_equal(write_str(m, "/sys/devices/platform/demo.0/maybe", "1"), -EACCES);
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(abi_read_path(m, "/sys/devices/platform/demo.0/secret", &sb), -EACCES);
	assert_int_equal(abi_resolve(m, "/sys/devices/platform/demo.0/secret", &st), 0);
	assert_int_equal(st.mode, 0200);
	assert_int_equal(st.size, 4096);

	/* a hidden attribute is not listed and cannot be found */
	c.hidden = true;
	assert_string_equal(list(m, "/sys/devices/platform/demo.0"), "value secret ");
	assert_int_equal(abi_resolve(m, "/sys/devices/platform/demo.0/maybe", &st), -ENOENT);
	c.hidden = false;

	/* links read back as created */
	assert_int_equal(abi_resolve(m, "/sys/bus/demo/devices/demo.0", &st), 0);
	assert_int_equal(st.type, ABI_LNK);
	assert_int_equal(abi_readlink(m, st.ino, &sb), 0);
	assert_string_equal(sb.buf, "../../../devices/platform/demo.0");

	/* a removed object's inodes stop existing, and its name can be used again */
	struct abi_stat old;

	assert_int_equal(abi_resolve(m, "/sys/devices/platform/demo.0/value", &old), 0);
	kobject_del(reg, dev);
	assert_int_equal(abi_getattr(m, old.ino, &st), -ENOENT);
	strbuf_reset(&sb);
	assert_int_equal(abi_read(m, old.ino, &sb), -ENOENT);
	assert_string_equal(list(m, "/sys/devices/platform"), "");
	dev = kobject_create(reg, NULL, "/sys/devices/platform", "demo.0", counter_attrs, 3, &c);
	assert_non_null(dev);
	assert_int_equal(abi_resolve(m, "/sys/devices/platform/demo.0/value", &st), 0);
	assert_true(st.ino != old.ino);

	/* kobject_find and kobject_path agree */
	strbuf_reset(&sb);
	kobject_path(kobject_find(reg, "/sys/bus", "demo/devices/demo.0"), &sb);
	assert_string_equal(sb.buf, "/sys/bus/demo/devices/demo.0");
	assert_null(kobject_find(reg, "/sys/bus", "demo/nothing"));

	/* removing a directory removes everything below it */
	kobject_del(reg, bus);
	assert_int_equal(abi_resolve(m, "/sys/bus/demo/devices", &st), -ENOENT);
	assert_string_equal(list(m, "/sys/bus"), "dax platform ");
	strbuf_release(&sb);
	machine_free(m);
}

/* Debugfs files report size 0, like debugfs; readdir resumes after any entry. */
static int take_two(void *ctx, const char *name, const struct abi_stat *st, uint64_t next)
{
	uint64_t *offs = ctx;

	(void)name;
	(void)st;
	if (offs[0] == 2)
		return 1;
	offs[1 + offs[0]++] = next;
	return 0;
}

static void test_debugfs_and_resume(void **state)
{
	struct machine *m = boot_qemu("-m 2G", "");
	struct counter c = { 1, false };
	struct abi_stat st;

	(void)state;
	struct kobject *d = kobject_create(&m->kobjs, NULL, "/sys/kernel/debug", "inject", NULL, 0, NULL);

	for (int i = 0; i < 5; i++) {
		char name[8];

		snprintf(name, sizeof(name), "e%d", i);
		assert_non_null(kobject_create(&m->kobjs, d, NULL, name, counter_attrs, 1, &c));
	}
	assert_int_equal(abi_resolve(m, "/sys/kernel/debug/inject/e3/value", &st), 0);
	assert_int_equal(st.size, 0);
	assert_int_equal(abi_resolve(m, "/sys/kernel/debug/inject", &st), 0);

	uint64_t offs[3] = { 0 };
	struct names n = { { 0 } };

	assert_int_equal(abi_readdir(m, st.ino, 0, take_two, offs), 0);
	assert_int_equal(abi_readdir(m, st.ino, offs[2], collect, &n), 0);
	assert_string_equal(n.buf, "e2 e3 e4 ");
	machine_free(m);
}

/* Links made from absolute targets read back relative to their own directory. */
static void test_relative_links(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	kobject_relative_path("/sys/devices/platform/hmem.0/dax0.0", "/sys/bus/dax/drivers/kmem", &sb);
	assert_string_equal(sb.buf, "../../../../bus/dax/drivers/kmem");
	strbuf_reset(&sb);
	kobject_relative_path("/sys/bus/dax/devices", "/sys/devices/platform/hmem.0/dax0.0", &sb);
	assert_string_equal(sb.buf, "../../../devices/platform/hmem.0/dax0.0");
	strbuf_reset(&sb);
	kobject_relative_path("/a/bc", "/a/b", &sb);
	assert_string_equal(sb.buf, "../b");
	strbuf_reset(&sb);
	kobject_relative_path("/a/b", "/a/b/c", &sb);
	assert_string_equal(sb.buf, "c");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_shows_objects),
		cmocka_unit_test(test_debugfs_and_resume),
		cmocka_unit_test(test_relative_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
