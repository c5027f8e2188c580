#!/usr/bin/env python3
"""Run the boot-reservation model over every oracle transcript that has a boot
snapshot and compare the `zones:` lines of the boot snapshot (start_pfn,
spanned, present, managed for every node/zone).

    python3 tools/bootmodel/check.py [-v] [FILES...]

Default files: shared/oracle/golden/*.txt and shared/oracle/calibration/golden/*.txt
(looked up next to the repository, i.e. ../shared or /work/shared) plus
tests/oracle-extra/*.txt.  Prints OK/MISMATCH per file and "N passed, N failed".
"""
import glob
import re
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model  # noqa: E402


def find_shared():
    for c in (os.path.join(HERE, "..", "..", "..", "shared"), "/work/shared"):
        if os.path.isdir(os.path.join(c, "oracle")):
            return os.path.abspath(c)
    return None


def parse(path):
    hdr = {"qemu": [], "cmdline": [], "modules": []}
    zones = []
    state = 0
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            for k in hdr:
                if line.startswith(k + ":") and state == 0:
                    hdr[k].append(line[len(k) + 1:].strip())
            if line.startswith("-- snapshot") and state == 0:
                state = 1
            elif state == 1 and line == "zones:":
                state = 2
            elif state == 2:
                if line.startswith("node"):
                    zones.append(" ".join(line.split()))
                else:
                    break
    return " ".join(hdr["qemu"]), " ".join(hdr["cmdline"]), " ".join(hdr["modules"]), zones


def main():
    verbose = "-v" in sys.argv
    files = [a for a in sys.argv[1:] if a != "-v"]
    if not files:
        sh = find_shared()
        if sh:
            files += sorted(glob.glob(os.path.join(sh, "oracle", "golden", "*.txt")))
            files += sorted(glob.glob(os.path.join(sh, "oracle", "calibration", "golden", "*.txt")))
        files += sorted(glob.glob(os.path.join(HERE, "..", "..", "tests", "oracle-extra", "*.txt")))
    passed = failed = 0
    for p in files:
        qemu, cmdline, modules, want = parse(p)
        name = os.path.relpath(p)
        if not want:
            continue
        try:
            b = model.simulate(qemu, cmdline, modules)
            got = [" ".join(l.split()) for l in model.fmt_zones(b)]
        except Exception as e:  # report, do not stop
            got = ["error: %r" % e]
        # allocation addresses against a saved memblock=debug trace, if any
        trace = p[:-4] + ".memblock.log"
        if os.path.exists(trace) and not got[0].startswith("error"):
            real = sorted(re.findall(r"memblock_reserve: \[(0x[0-9a-f]+)-(0x[0-9a-f]+)\] memblock_alloc_range_nid",
                                     open(trace).read()))
            real = [(int(a, 16), int(b, 16) + 1) for a, b in real]
            mine = sorted((s_, e_) for s_, e_, t_ in b.mb.log
                          if not t_.startswith("FREE") and t_ not in model.EARLY_TAGS)
            if sorted(real) != mine:
                got = got + ["memblock allocation addresses differ from %s" % os.path.basename(trace)]
        if got == want:
            passed += 1
            print("OK       %s" % name)
        else:
            failed += 1
            print("MISMATCH %s" % name)
            for w, g in zip(want + [""] * len(got), got + [""] * len(want)):
                if w != g:
                    print("   want: %s\n   got:  %s" % (w, g))
        if verbose:
            print("   hash dentry=%d inode=%d" % (b.hash["dentry"], b.hash["inode"]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
