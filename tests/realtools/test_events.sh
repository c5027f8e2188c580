#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# memhp monitor events inside memhp ns: the QMP event log, with QMP's timestamps, in
# order, for a DIMM plug and eject and virtio-mem resizes; --json is QMP's wire format;
# reading does not clear it; outside a namespace it says where to run it.
set -u
MEMHP=${MEMHP:-$(realpath "$1")}
. "$(dirname "$0")/lib.sh"

machine=(--qemu '-m 2G,slots=4,maxmem=8G -object memory-backend-ram,id=m1,size=1G
 -object memory-backend-ram,id=vmem0,size=1G -device virtio-mem-pci,id=vm0,memdev=vmem0,node=0,requested-size=0'
 --modules 'virtio_pci virtio_mem')
start=$(date +%s)
out=$(rt_ns "${machine[@]}" -- sh -c '
memhp monitor events | wc -l
memhp monitor device_add pc-dimm,id=d1,memdev=m1 >/dev/null
memhp monitor qom-set vm0 requested-size 512M
memhp monitor qom-set vm0 requested-size 256M
memhp monitor qom-set vm0 requested-size 256M
memhp monitor device_del d1 >/dev/null
memhp monitor events > /tmp/h1; memhp monitor events > /tmp/h2
cmp -s /tmp/h1 /tmp/h2 && echo "reading twice: same log"
cat /tmp/h1
echo "-- json"
memhp monitor events --json')
end=$(date +%s)
human=$(printf '%s\n' "$out" | sed -n '1,/^-- json$/p' | sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} /TIME /')
rt_check "monitor events: every QMP event since boot, in order, each with its time" \
"0
reading twice: same log
TIME ACPI_DEVICE_OST {\"info\": {\"device\": \"d1\", \"slot\": \"0\", \"slot-type\": \"DIMM\", \"source\": 1, \"status\": 0}}
TIME MEMORY_DEVICE_SIZE_CHANGE {\"id\": \"vm0\", \"size\": 536870912, \"qom-path\": \"/machine/peripheral/vm0\"}
TIME MEMORY_DEVICE_SIZE_CHANGE {\"id\": \"vm0\", \"size\": 268435456, \"qom-path\": \"/machine/peripheral/vm0\"}
TIME ACPI_DEVICE_OST {\"info\": {\"device\": \"d1\", \"slot\": \"0\", \"slot-type\": \"DIMM\", \"source\": 3, \"status\": 132}}
TIME DEVICE_DELETED {\"device\": \"d1\", \"path\": \"/machine/peripheral/d1\"}
TIME ACPI_DEVICE_OST {\"info\": {\"slot\": \"0\", \"slot-type\": \"DIMM\", \"source\": 3, \"status\": 0}}
-- json" "$human"

json=$(printf '%s\n' "$out" | sed -n '/^-- json$/,$p' | tail -n +2 | python3 -c '
import json, sys
start, end = int(sys.argv[1]), int(sys.argv[2])
last = 0
for line in sys.stdin:
    ev = json.loads(line)
    ts = ev["timestamp"]
    assert list(ev) == ["timestamp", "event", "data"], list(ev)
    assert list(ts) == ["seconds", "microseconds"] and 0 <= ts["microseconds"] < 1000000, ts
    t = ts["seconds"] * 1000000 + ts["microseconds"]
    assert start <= ts["seconds"] <= end and t >= last, (start, ts, end)
    last = t
    print(ev["event"], json.dumps(ev["data"], sort_keys=True))
' "$start" "$end" 2>&1)
rt_check "monitor events --json: QMP wire objects, timestamps within the run and ordered" \
"ACPI_DEVICE_OST {\"info\": {\"device\": \"d1\", \"slot\": \"0\", \"slot-type\": \"DIMM\", \"source\": 1, \"status\": 0}}
MEMORY_DEVICE_SIZE_CHANGE {\"id\": \"vm0\", \"qom-path\": \"/machine/peripheral/vm0\", \"size\": 536870912}
MEMORY_DEVICE_SIZE_CHANGE {\"id\": \"vm0\", \"qom-path\": \"/machine/peripheral/vm0\", \"size\": 268435456}
ACPI_DEVICE_OST {\"info\": {\"device\": \"d1\", \"slot\": \"0\", \"slot-type\": \"DIMM\", \"source\": 3, \"status\": 132}}
DEVICE_DELETED {\"device\": \"d1\", \"path\": \"/machine/peripheral/d1\"}
ACPI_DEVICE_OST {\"info\": {\"slot\": \"0\", \"slot-type\": \"DIMM\", \"source\": 3, \"status\": 0}}" "$json"

out=$(env -u MEMHP_CTL "$MEMHP" monitor events 2>&1; echo "rc=$?")
rt_match "monitor events outside memhp ns: names the file and where to run it" \
	'^memhp: monitor events: /run/memhp/events: No such file or directory \(run it inside `memhp ns`\)$' "$out"
rt_match "monitor events outside memhp ns: exit 1" '^rc=1$' "$out"
out=$("$MEMHP" monitor events --bogus 2>&1; echo "rc=$?")
rt_match "monitor events with a bad option: usage, exit 2" '^rc=2$' "$out"
