/* SPDX-License-Identifier: MIT */
/*
 * fw/fwmap.h — machines described by a firmware map file, for what QEMU cannot describe
 * (terabytes of boot RAM, many nodes, bare metal). Line format, '#' starts a comment:
 *
 *   e820 RANGE TYPE        firmware memory map entry; TYPE: usable, reserved, acpi, nvs,
 *                          unusable, persistent, soft-reserved
 *   node NID RANGE [hotplug]   SRAT memory affinity (a hotplug range may lie beyond RAM)
 *   cpus NID LIST          CPUs of node NID, e.g. 0-15
 *   hotplug-window RANGE SLOTS   device-memory window for DIMMs and virtio-mem
 *   hypervisor yes|no      X86_FEATURE_HYPERVISOR (decides the block size above 64 GiB)
 *
 * RANGE is START-END (END inclusive, as the kernel prints e820) or START+SIZE; numbers take
 * 0x hex or decimal with K/M/G/T/P suffixes.
 */
#ifndef MEMHP_FW_FWMAP_H
#define MEMHP_FW_FWMAP_H

#include "fw/platform.h"

struct strbuf;

/* Parse @path into @p. 0, or -EINVAL with @err = "PATH:LINE: field: problem". */
int fwmap_platform_from_file(struct platform *p, const char *path, bool *hypervisor,
			     struct strbuf *err);

#endif
