# SPDX-License-Identifier: MIT
# tests/realtools/machines.sh — the machines the real-tool tests run on (sourced).
RT_FW=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Two NUMA nodes of 2 GiB each, a 1 GiB DIMM plugged on node 1 at boot (left offline:
# Debian's auto_online_blocks is offline).
M_TWO_NODES=(--qemu '-m 4G,slots=4,maxmem=16G -smp 2 -object memory-backend-ram,id=r0,size=2G
 -object memory-backend-ram,id=r1,size=2G -numa node,nodeid=0,memdev=r0,cpus=0
 -numa node,nodeid=1,memdev=r1,cpus=1 -object memory-backend-ram,id=m1,size=1G
 -device pc-dimm,id=d1,memdev=m1,node=1')

# Node 1's boot RAM is hot-pluggable in the SRAT; movable_node puts it in ZONE_MOVABLE.
M_MOVABLE_NODE=(--fwmap "$RT_FW/movable-node.fw" --cmdline movable_node)

# 32,768 memory blocks of 128 MiB on two nodes (4 TiB of boot RAM).
M_32K=(--fwmap "$RT_FW/32k-blocks.fw" --block-size 128M)

# The small default: 2 GiB, DIMM slots free.
M_SMALL=(--qemu '-m 2G,slots=4,maxmem=8G')

# The oracle's cxl/c01 machine: 1 GiB at 4 GiB retyped Soft Reserved, dax_hmem device_dax
# kmem loaded, so dax0.0 sits on device_dax.
M_SOFT_RESERVED=(--qemu '-m 4G,slots=2,maxmem=8G' --cmdline 'memmap=1G%0x100000000-1+0xefffffff'
 --modules 'dax_hmem device_dax kmem')

# CXL (docs/cxl.md): one type-3 device of 2 GiB RAM + 2 GiB PMEM below host bridge UID 7,
# a RAM and a PMEM window routed to it.
M_CXL_SINGLE=(--fwmap "$RT_FW/cxl-single.fw" --kernel 6.1)
# Two 4 GiB PMEM devices below two host bridges, one window interleaving them 2 ways at 1 KiB.
M_CXL_2WAY=(--fwmap "$RT_FW/cxl-2way.fw" --kernel 6.1)
# docs/cxl.md's example: four 4 GiB RAM devices, two below each of two host bridges, the
# decoders committed 4 ways by firmware.
M_CXL_4WAY=(--fwmap "$RT_FW/../../examples/cxl-boot-to-bash.fw" --kernel 6.1)
