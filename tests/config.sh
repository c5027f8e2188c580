#!/usr/bin/env bash
# memhp config: the profile's Kconfig, overrides and their why, as text and JSON.
# Prints "ok NAME" or "FAIL NAME" per check.
set -u
MEMHP=$1

has() { # NAME REGEX TEXT
	if printf '%s\n' "$3" | grep -qE -e "$2"; then echo "ok $1"; else echo "FAIL $1: no /$2/ in"; printf '%s\n' "$3" | head -40; fi
}
hasnt() {
	if printf '%s\n' "$3" | grep -qE -e "$2"; then echo "FAIL $1: /$2/ in"; printf '%s\n' "$3" | head -40; else echo "ok $1"; fi
}

out=$("$MEMHP" config)
has "6.1 is Debian's: no default online" '^MEMORY_HOTPLUG_DEFAULT_ONLINE +n +profile default \(6\.1\)' "$out"
has "6.1 is Debian's: kmem a module" '^DEV_DAX_KMEM +m ' "$out"
hasnt "6.1 hides what it lacks" '^DEV_DAX_CXL' "$out"
has "--all shows it absent" '^DEV_DAX_CXL +absent +not in kernel 6\.1' "$("$MEMHP" config --all)"

out=$("$MEMHP" config --kernel 6.18 --config DEV_DAX=n --config MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE=y)
has "user setting says so" '^DEV_DAX +n +set by user' "$out"
has "a dependency forces kmem off" '^DEV_DAX_KMEM +n +forced n: depends on DEV_DAX=n' "$out"
has "a dependency forces dax_cxl off" '^DEV_DAX_CXL +n +forced n: depends on DEV_DAX=n' "$out"
has "choice member selected" '^MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE +y +set by user' "$out"
has "other members deselected" '^MHP_DEFAULT_ONLINE_TYPE_OFFLINE +n +choice: another member set by user' "$out"

json=$("$MEMHP" config --json --config MEMORY_HOTPLUG=n | tr -d ' \n')
has "json names the edge" '\{"name":"ACPI_HOTPLUG_MEMORY","value":"n","why":"forcedn:dependsonMEMORY_HOTPLUG=n"' "$json"
has "json root" '^\{"config":\[' "$json"

out=$("$MEMHP" boot --json --config MEMORY_HOTPLUG_DEFAULT_ONLINE=y | tr -d ' \n')
has "boot --json: who sets auto_online_blocks" '"auto_online_blocks":\{"value":"online","set_by":"kconfig"\}' "$out"
out=$("$MEMHP" boot --json --cmdline memhp_default_state=online_movable --udev-online online | tr -d ' \n')
has "boot --json: the command line beats kconfig" '"auto_online_blocks":\{"value":"online_movable","set_by":"cmdline"\},"udev_online":"online"' "$out"
has "boot --json: boot blocks" '"block":0,[^}]*"onlined_by":"boot"' "$out"
