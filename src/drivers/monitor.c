/* SPDX-License-Identifier: MIT */
/*
 * drivers/monitor.c — the QEMU human monitor verbs memhp understands, applied to the
 * platform and delivered to the guest's drivers, with the QMP events QEMU emits:
 * ACPI_DEVICE_OST for _OST evaluations, DEVICE_DELETED after an eject.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fw/qemu.h"
#include "lib/parse.h"

/*
 * Emit one QMP event: into the event log with its time, as QMP sends it on the wire, and,
 * when the oracle's transcripts keep it (@transcript), into the queue drivers_take_events()
 * hands to monitor replies and transcripts. The log keeps the newest EVENT_LOG_MAX bytes.
 */
static void qmp_event(struct machine *m, const char *name, const char *data, bool transcript)
{
	struct strbuf *log = &m->drv->event_log;
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	strbuf_addf(log, "{\"timestamp\": {\"seconds\": %lld, \"microseconds\": %ld}, "
		    "\"event\": \"%s\", \"data\": %s}\n",
		    (long long)now.tv_sec, now.tv_nsec / 1000, name, data);
	if (log->len > EVENT_LOG_MAX) {
		const char *keep = memchr(log->buf + log->len - EVENT_LOG_MAX, '\n', EVENT_LOG_MAX);
		size_t drop = keep ? (size_t)(keep + 1 - log->buf) : log->len;

		memmove(log->buf, log->buf + drop, log->len - drop);
		log->len -= drop;
		log->buf[log->len] = '\0';
	}
	if (transcript)
		strbuf_addf(&m->drv->events, "event: %s %s\n", name, data);
}

void qmp_event_ost(struct machine *m, const char *dev_id, int slot, int source, int status)
{
	struct strbuf data = STRBUF_INIT;

	strbuf_addstr(&data, "{\"info\": {");
	if (dev_id)
		strbuf_addf(&data, "\"device\": \"%s\", ", dev_id);
	strbuf_addf(&data, "\"slot\": \"%d\", \"slot-type\": \"DIMM\", \"source\": %d, \"status\": %d}}",
		    slot, source, status);
	qmp_event(m, "ACPI_DEVICE_OST", data.buf, true);
	strbuf_release(&data);
}

void qmp_event_device_deleted(struct machine *m, const char *dev_id)
{
	struct strbuf data = STRBUF_INIT;

	strbuf_addf(&data, "{\"device\": \"%s\", \"path\": \"/machine/peripheral/%s\"}", dev_id, dev_id);
	qmp_event(m, "DEVICE_DELETED", data.buf, true);
	strbuf_release(&data);
}

/*
 * virtio-mem's size changed. QEMU throttles this event to one a second per device and
 * sends the newest size; memhp resizes at once, so one event carries the final size.
 * The oracle's transcripts do not keep it.
 */
void qmp_event_memory_device_size_change(struct machine *m, const char *dev_id, uint64_t size)
{
	struct strbuf data = STRBUF_INIT;

	strbuf_addf(&data, "{\"id\": \"%s\", \"size\": %llu, \"qom-path\": \"/machine/peripheral/%s\"}",
		    dev_id, (unsigned long long)size, dev_id);
	qmp_event(m, "MEMORY_DEVICE_SIZE_CHANGE", data.buf, false);
	strbuf_release(&data);
}

void drivers_take_events(struct machine *m, struct strbuf *out)
{
	pthread_mutex_lock(&m->lock);
	strbuf_add(out, m->drv->events.buf, m->drv->events.len);
	strbuf_reset(&m->drv->events);
	pthread_mutex_unlock(&m->lock);
}

void drivers_show_event_log(struct machine *m, struct strbuf *out)
{
	strbuf_add(out, m->drv->event_log.buf, m->drv->event_log.len);
}

#define ACPI_OST_EV_INSERT	1
#define ACPI_OST_EV_EJECT	3
#define ACPI_OST_SC_SUCCESS	0
#define ACPI_OST_SC_DEVICE_BUSY	0x82
#define ACPI_OST_SC_EJECT_IN_PROGRESS 0x84

static int hmp_object_add(struct machine *m, const char *arg, struct strbuf *reply)
{
	struct qemu_opt o[16];
	int n = qemu_opts_parse(arg, o, 16, true);
	uint64_t size;

	if (n < 1 || strcmp(qemu_opt_get(o, n, "type") ?: "", "memory-backend-ram")) {
		strbuf_addf(reply, "error: Invalid parameter type for 'qom-type', expected: memory-backend-ram");
		return -EINVAL;
	}
	const char *id = qemu_opt_get(o, n, "id"), *sz = qemu_opt_get(o, n, "size");

	if (!id) {
		strbuf_addstr(reply, "error: Parameter 'id' is missing");
		return -EINVAL;
	}
	if (!sz || qemu_strtosz(sz, 0, &size)) {
		strbuf_addstr(reply, "error: Parameter 'size' expects a non-negative integer below 2^64");
		return -EINVAL;
	}
	struct strbuf e = STRBUF_INIT;
	int ret = platform_object_add(&m->plat, id, size, &e);

	if (ret)
		strbuf_addf(reply, "error: %s", e.buf);
	strbuf_release(&e);
	return ret;
}

static int hmp_object_del(struct machine *m, const char *arg, struct strbuf *reply)
{
	struct strbuf e = STRBUF_INIT;
	int ret = platform_object_del(&m->plat, arg, &e);

	if (ret)
		strbuf_addf(reply, "error: %s", e.buf);
	strbuf_release(&e);
	return ret;
}

static int hmp_device_add(struct machine *m, const char *arg, struct strbuf *reply)
{
	struct strbuf e = STRBUF_INIT;
	struct mdev want, *d;
	int ret = qemu_parse_mdev(arg, &want, &e);

	if (!ret)
		ret = platform_device_add(&m->plat, &want, &d, &e);
	if (ret) {
		strbuf_addf(reply, "error: %s", e.buf);
		strbuf_release(&e);
		return ret;
	}
	strbuf_release(&e);
	if (d->kind == MDEV_PC_DIMM) {
		int slot = d->slot;
		char id[64];

		snprintf(id, sizeof(id), "%s", d->id);
		/*
		 * acpi_bus_attach() ignores a failed attach (add_memory failed, logged): the
		 * hotplug event itself succeeded, so _OST reports success either way.
		 */
		acpi_memory_device_add(m, d);
		qmp_event_ost(m, id, slot, ACPI_OST_EV_INSERT, ACPI_OST_SC_SUCCESS);
		return 0;
	}
	if (m->drv->virtio_mem_loaded)
		virtio_mem_probe(m, d);
	return 0;
}

static int hmp_device_del(struct machine *m, const char *arg, struct strbuf *reply)
{
	struct mdev *d = platform_find_mdev(&m->plat, arg);

	if (!d) {
		strbuf_addf(reply, "error: Device '%s' not found", arg);
		return -ENOENT;
	}
	if (d->kind != MDEV_PC_DIMM) {
		strbuf_addf(reply, "error: virtio based memory devices cannot be unplugged");
		return -EINVAL;
	}
	char id[64];
	int slot = d->slot;

	snprintf(id, sizeof(id), "%s", d->id);
	qmp_event_ost(m, id, slot, ACPI_OST_EV_EJECT, ACPI_OST_SC_EJECT_IN_PROGRESS);
	if (acpi_memory_device_eject(m, d)) {
		qmp_event_ost(m, id, slot, ACPI_OST_EV_EJECT, ACPI_OST_SC_DEVICE_BUSY);
		return 0;
	}
	platform_device_remove(&m->plat, id);
	qmp_event_device_deleted(m, id);
	qmp_event_ost(m, NULL, slot, ACPI_OST_EV_EJECT, ACPI_OST_SC_SUCCESS);
	return 0;
}

static int qom_requested_size(struct machine *m, struct mdev *d, const char *val, struct strbuf *reply)
{
	uint64_t size;

	if (qemu_strtosz(val, 0, &size)) {
		strbuf_addf(reply, "error: Parameter 'requested-size' expects a size");
		return -EINVAL;
	}
	if (size % d->block_size) {
		strbuf_addf(reply, "error: 'requested-size' property has to be multiples of '%s' (0x%llx)",
			    "block-size", (unsigned long long)d->block_size);
		return -EINVAL;
	}
	if (size > d->size) {
		strbuf_addf(reply, "error: 'requested-size' cannot exceed the memory backend size (0x%llx)",
			    (unsigned long long)d->size);
		return -EINVAL;
	}
	d->requested_size = size;
	if (m->drv->virtio_mem_loaded)
		virtio_mem_config_changed(m, d);
	return 0;
}

static int hmp_qom(struct machine *m, bool set, const char *arg, struct strbuf *reply)
{
	char path[64], prop[64], val[64] = "";
	int n = sscanf(arg, "%63s %63s %63s", path, prop, val);
	struct mdev *d = n >= 2 ? platform_find_mdev(&m->plat, path) : NULL;

	if (!d || d->kind != MDEV_VIRTIO_MEM) {
		strbuf_addf(reply, "error: Device '%s' not found", n >= 1 ? path : "");
		return -ENOENT;
	}
	if (set) {
		if (n < 3 || strcmp(prop, "requested-size")) {
			strbuf_addf(reply, "error: Property '%s' not found or not writable", prop);
			return -EINVAL;
		}
		return qom_requested_size(m, d, val, reply);
	}
	if (!strcmp(prop, "size"))
		strbuf_addf(reply, "%llu", (unsigned long long)d->plugged_size);
	else if (!strcmp(prop, "requested-size"))
		strbuf_addf(reply, "%llu", (unsigned long long)d->requested_size);
	else if (!strcmp(prop, "block-size"))
		strbuf_addf(reply, "%llu", (unsigned long long)d->block_size);
	else {
		strbuf_addf(reply, "error: Property '%s' not found", prop);
		return -EINVAL;
	}
	return 0;
}

static void hmp_info_memory_devices(struct machine *m, struct strbuf *reply)
{
	for (int i = 0; i < m->plat.nr_mdevs; i++) {
		const struct mdev *d = &m->plat.mdevs[i];

		if (d->kind == MDEV_PC_DIMM)
			strbuf_addf(reply, "Memory device [dimm]: \"%s\"\n  addr: 0x%llx\n  slot: %d\n"
				    "  node: %d\n  size: %llu\n  memdev: /objects/%s\n  hotplugged: %s\n"
				    "  hotpluggable: true\n",
				    d->id, (unsigned long long)d->addr, d->slot, d->node,
				    (unsigned long long)d->size, d->memdev, d->coldplugged ? "false" : "true");
		else
			strbuf_addf(reply, "Memory device [virtio-mem]: \"%s\"\n  memaddr: 0x%llx\n"
				    "  node: %d\n  requested-size: %llu\n  size: %llu\n  max-size: %llu\n"
				    "  block-size: %llu\n  memdev: /objects/%s\n",
				    d->id, (unsigned long long)d->addr, d->node,
				    (unsigned long long)d->requested_size, (unsigned long long)d->plugged_size,
				    (unsigned long long)d->size, (unsigned long long)d->block_size, d->memdev);
	}
}

int monitor_command(struct machine *m, const char *line, struct strbuf *reply)
{
	char verb[32];
	int n = 0, ret = 0;

	while (*line == ' ')
		line++;
	if (sscanf(line, "%31s%n", verb, &n) != 1) {
		strbuf_addstr(reply, "error: empty command");
		return -EINVAL;
	}
	const char *arg = line + n;

	while (*arg == ' ')
		arg++;
	pthread_mutex_lock(&m->lock);
	if (!strcmp(verb, "object_add"))
		ret = hmp_object_add(m, arg, reply);
	else if (!strcmp(verb, "object_del"))
		ret = hmp_object_del(m, arg, reply);
	else if (!strcmp(verb, "device_add"))
		ret = hmp_device_add(m, arg, reply);
	else if (!strcmp(verb, "device_del"))
		ret = hmp_device_del(m, arg, reply);
	else if (!strcmp(verb, "qom-set"))
		ret = hmp_qom(m, true, arg, reply);
	else if (!strcmp(verb, "qom-get"))
		ret = hmp_qom(m, false, arg, reply);
	else if (!strcmp(verb, "info") && !strcmp(arg, "memory-devices"))
		hmp_info_memory_devices(m, reply);
	else {
		strbuf_addf(reply, "error: unknown command: '%s'", verb);
		ret = -EINVAL;
	}
	udev_settle(m);
	m->generation++;
	pthread_mutex_unlock(&m->lock);
	return ret;
}
