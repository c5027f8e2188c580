# SPDX-License-Identifier: MIT
# tests/realtools/lib.sh — shared by every real-tool test (sourced, bash).
#
# Real tools run unmodified under `memhp ns`; a test checks what the tool printed AND
# the machine's state afterwards (read inside the namespace with `memhp snap`), never
# only an exit code. Each check prints one line that tests/check.sh counts:
#   ok NAME | FAIL NAME (+ a diff) | skip NAME: REASON
# A test is skipped only when the package that ships the tool cannot be installed;
# rt_need installs missing Debian packages when run as root.
#
# Callers set MEMHP (absolute path of the memhp binary) before sourcing.

RT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RT_CACHE=${MEMHP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/memhp}
RT_TIMEOUT=${RT_TIMEOUT:-120}

rt_ok() { echo "ok $1"; }
rt_skip() { echo "skip $1: $2"; }
rt_fail() { # NAME [DETAIL...]
	echo "FAIL $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | head -40 | sed 's/^/    /'
	return 0
}

# rt_check NAME EXPECTED ACTUAL: equal text, or FAIL with a diff.
rt_check() {
	if [ "$2" = "$3" ]; then
		rt_ok "$1"
	else
		echo "FAIL $1"
		diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -40 | sed 's/^/    /'
	fi
}

# rt_match NAME REGEX ACTUAL: the text matches an extended regex (whole text, any line).
rt_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then rt_ok "$1"; else rt_fail "$1" "no line matches /$2/ in:" "$3"; fi
}

# Installing: one apt at a time machine-wide; `apt-get update` only when a package is unknown.
rt_apt_install() { # PKG...
	[ "$(id -u)" = 0 ] || return 1
	command -v apt-get >/dev/null || return 1
	(
		flock 9
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null 2>&1; }
	) 9>/tmp/memhp-apt.lock
}

rt_pkg_installed() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# rt_need TESTNAME PKG [CMD...]: true when PKG is installed (and each CMD found), installing
# it when missing; otherwise prints the skip line with the reason and returns 1.
rt_need() {
	local name=$1 pkg=$2 c missing=
	shift 2
	if ! rt_pkg_installed "$pkg" || ! for c in "$@"; do command -v "$c" >/dev/null || exit 1; done; then
		if ! rt_apt_install "$pkg"; then
			if [ "$(id -u)" != 0 ]; then
				rt_skip "$name" "Debian package $pkg is missing and installing it needs root"
			else
				rt_skip "$name" "Debian package $pkg could not be installed (apt-get install $pkg failed)"
			fi
			return 1
		fi
	fi
	for c in "$@"; do command -v "$c" >/dev/null || missing="$missing $c"; done
	if [ -n "$missing" ]; then
		rt_skip "$name" "package $pkg installed but$missing not found on PATH"
		return 1
	fi
	return 0
}

# rt_ns MACHINE-OPTS... -- CMD...: memhp ns with a time limit; stdout+stderr together.
rt_ns() { timeout "$RT_TIMEOUT" "$MEMHP" ns "$@" 2>&1; }

# Shell functions available to scripts given to rt_sh:
#   blocks     the machine's memory blocks from `memhp snap`, consecutive blocks with the
#              same node, state and valid_zones folded: "memory40-47 node1 online Movable"
#   settled    nothing: memhp applies every change synchronously (kept for readability)
RT_PRELUDE='
blocks() {
	memhp snap | awk '\''
	/^memory[0-9]+ / {
		id = substr($1, 7) + 0; node = $2; st = ""; vz = ""
		for (i = 3; i <= NF; i++) {
			if ($i ~ /^state=/) st = substr($i, 7)
			if ($i ~ /^valid_zones=/) { vz = substr($i, 13); for (j = i + 1; j <= NF; j++) vz = vz " " $j }
		}
		key = node " " st " " vz
		if (n && key == last && id == prev + 1) { prev = id; next }
		if (n) out()
		first = id; prev = id; last = key; n = 1
	}
	function out() { printf "memory%s %s\n", (first == prev ? first : first "-" prev), last }
	END { if (n) out() }'\''
}
'

# rt_sh MACHINE-OPTS... -- SCRIPT: run SCRIPT with sh inside memhp ns (prelude included).
rt_sh() {
	local args=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	rt_ns "${args[@]}" -- sh -c "$RT_PRELUDE
$1"
}

# The kernel selftest script, taken from Debian's linux-source-6.1 at test time (never
# committed): extracted once into the cache. Prints the directory, or returns 1.
rt_selftest_dir() {
	local d=$RT_CACHE/linux-source-6.1/tools/testing/selftests/memory-hotplug
	local tarball=/usr/src/linux-source-6.1.tar.xz
	if [ -f "$d/mem-on-off-test.sh" ]; then echo "$d"; return 0; fi
	[ -f "$tarball" ] || return 1
	mkdir -p "$RT_CACHE" &&
		tar -C "$RT_CACHE" -xJf "$tarball" --wildcards \
			'linux-source-6.1/tools/testing/selftests/memory-hotplug/*' 2>/dev/null &&
		[ -f "$d/mem-on-off-test.sh" ] && echo "$d"
}

# A checksum of the host's own memory-hotplug state (never written by any test).
rt_host_state() {
	{
		for f in /sys/devices/system/memory/memory*/state /sys/devices/system/memory/memory*/valid_zones \
			 /sys/devices/system/memory/auto_online_blocks /sys/devices/system/node/has_memory \
			 /sys/devices/system/node/online; do
			[ -r "$f" ] && printf '%s %s\n' "$f" "$(cat "$f" 2>/dev/null)"
		done
		grep '^MemTotal' /proc/meminfo
		grep -c memhp /proc/self/mountinfo
	} | md5sum | cut -d' ' -f1
}
