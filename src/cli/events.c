/* SPDX-License-Identifier: MIT */
/*
 * cli/events.c — `memhp monitor events`: the running machine's QMP event log, read from
 * its control file inside `memhp ns`. The file holds QMP's wire format, one event a line;
 * --json prints it as is, otherwise each event is one line with its local time.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

static void usage_events(FILE *out)
{
	fputs("Usage: memhp monitor events [--json]\n\n"
	      "Inside `memhp ns`: print every QMP event the machine emitted since boot, oldest\n"
	      "first: ACPI_DEVICE_OST (the guest's _OST after a DIMM insert or eject),\n"
	      "DEVICE_DELETED (an eject completed), MEMORY_DEVICE_SIZE_CHANGE (virtio-mem's\n"
	      "plugged size moved). Reading does not clear the log.\n\n"
	      "  -J, --json   one JSON object per line, exactly as a QMP client receives it:\n"
	      "               {\"timestamp\": {\"seconds\": S, \"microseconds\": U}, \"event\": ..., \"data\": {...}}\n"
	      "  -h, --help   this text\n\n"
	      "Example:\n  memhp monitor device_del d1 && memhp monitor events\n"
	      "  2026-12-01 06:30:01.123456 ACPI_DEVICE_OST {\"info\": {...}}\n", out);
}

/* One wire-format line as "DATE TIME.USEC EVENT DATA"; false if it is not one of ours. */
static bool print_human(const char *line)
{
	long long sec;
	long usec;
	char name[64], when[32];
	int data = 0;
	struct tm tm;

	if (sscanf(line, "{\"timestamp\": {\"seconds\": %lld, \"microseconds\": %ld}, \"event\": \"%63[^\"]\", \"data\": %n",
		   &sec, &usec, name, &data) != 3 || !data)
		return false;
	size_t len = strlen(line + data);

	if (!len || line[data + len - 1] != '}')
		return false;
	time_t t = (time_t)sec;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s.%06ld %s %.*s\n", when, usec, name, (int)len - 1, line + data);
	return true;
}

int cmd_monitor_events(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'J' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	const char *dir = getenv("MEMHP_CTL");
	bool json = false;
	char path[512], *line = NULL;
	size_t cap = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "Jh", opts, NULL)) != -1) {
		if (c == 'J') {
			json = true;
		} else {
			usage_events(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind < argc) {
		usage_events(stderr);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/events", dir ? dir : "/run/memhp");
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "memhp: monitor events: %s: %s (run it inside `memhp ns`)\n", path, strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (json)
			puts(line);
		else if (!print_human(line))
			fprintf(stderr, "memhp: monitor events: %s: not an event: %s\n", path, line);
	}
	free(line);
	fclose(f);
	return 0;
}
