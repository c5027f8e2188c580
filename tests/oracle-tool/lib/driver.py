#!/usr/bin/env python3
"""Host side of the memory-hotplug oracle: boots QEMU, runs a scenario, writes a transcript.

Called by ../run; see ../README.md for the scenario format.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import select
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time

EVENTS_KEPT = {"ACPI_DEVICE_OST", "DEVICE_DELETED", "DEVICE_UNPLUG_GUEST_ERROR", "MEMORY_FAILURE"}
TS_RE = re.compile(r"^\[ *\d+\.\d+\] ")


class Fail(Exception):
    pass


class Stream:
    """Buffered line/marker reader over a connected unix socket."""

    def __init__(self, sock, log=None):
        self.sock = sock
        self.buf = b""
        self.log = log

    def _fill(self, deadline):
        left = deadline - time.time()
        if left <= 0:
            raise TimeoutError
        r, _, _ = select.select([self.sock], [], [], left)
        if not r:
            raise TimeoutError
        data = self.sock.recv(65536)
        if not data:
            raise Fail("connection closed")
        if self.log:
            self.log.write(data)
            self.log.flush()
        self.buf += data

    def read_until(self, marker, deadline):
        while True:
            i = self.buf.find(marker)
            if i >= 0:
                out = self.buf[: i + len(marker)]
                self.buf = self.buf[i + len(marker):]
                return out
            self._fill(deadline)

    def poll_lines(self, deadline):
        """Return complete lines available before deadline (at least tries once)."""
        lines = []
        try:
            while b"\n" not in self.buf:
                self._fill(deadline)
        except TimeoutError:
            pass
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            lines.append(line)
        return lines


class Agent:
    def __init__(self, sock, log):
        self.s = Stream(sock, log)
        self.n = 0
        self.resent = 0
        self.recovered = 0  # lost @@ACK/@@OUT marker lines tolerated (see lib/init)

    def wait_ready(self, timeout):
        data = self.s.read_until(b"\n", time.time() + timeout)
        while not data.startswith(b"@@READY"):
            i = data.find(b"@@READY")
            if i >= 0:
                data = data[i:]
                break
            data = self.s.read_until(b"\n", time.time() + timeout)
        return data.decode().split()[1]

    def run(self, script, timeout):
        self.n += 1
        cid = "c%d" % self.n
        payload = base64.b64encode(script.encode()).decode()
        line = "CMD %s %d %s %s\n" % (cid, timeout, hashlib.md5(payload.encode()).hexdigest(), payload)
        ack = ("@@ACK %s" % cid).encode()
        outm = ("@@OUT %s" % cid).encode()
        out_seen = False
        for attempt in range(8):
            # a lost newline leaves a partial line in the guest: a bare newline flushes it (NAKed)
            self.s.sock.sendall((("\n" if attempt else "") + line).encode())
            got = None
            try:
                while got is None:
                    l = self.s.read_until(b"\n", time.time() + 20).rstrip(b"\n")
                    if l == ack:
                        got = True
                    elif l == outm:
                        # the @@ACK line was lost but the command ran: never send it a second time
                        got = out_seen = True
                        self.recovered += 1
                    elif l.startswith(b"@@NAK " + cid.encode()):
                        got = False
            except TimeoutError:
                got = False
            if got:
                break
            self.resent += 1
        else:
            raise Fail("guest does not accept command %s" % cid)
        deadline = time.time() + timeout + 60
        rcm = ("\n@@RC %s " % cid).encode()
        body = self.s.read_until(rcm, deadline)[: -len(rcm)]
        if not out_seen:
            if body.startswith(outm + b"\n"):
                body = body[len(outm) + 1:]
            else:
                # the @@OUT line was lost: the output starts right after the @@ACK line
                self.recovered += 1
        rc = self.s.read_until(b"\n", deadline).decode().strip()
        return int(rc), body.decode("utf-8", "replace")


class QMP:
    def __init__(self, sock):
        self.s = Stream(sock)
        self.events = []
        self._recv(time.time() + 30)  # greeting
        self.execute("qmp_capabilities")

    def _recv(self, deadline):
        line = self.s.read_until(b"\n", deadline)
        return json.loads(line)

    def execute(self, cmd, args=None, timeout=120):
        msg = {"execute": cmd}
        if args is not None:
            msg["arguments"] = args
        self.s.sock.sendall((json.dumps(msg) + "\n").encode())
        deadline = time.time() + timeout
        while True:
            r = self._recv(deadline)
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                return None, r["error"].get("desc", str(r["error"]))
            return r.get("return"), None

    def hmp(self, line):
        ret, err = self.execute("human-monitor-command", {"command-line": line})
        if err:
            return "error: " + err
        return ret

    def pump(self, seconds):
        deadline = time.time() + seconds
        for line in self.s.poll_lines(deadline):
            if line.strip():
                r = json.loads(line)
                if "event" in r:
                    self.events.append(r)

    def take_events(self):
        ev, self.events = self.events, []
        return ev


def parse_scenario(path):
    hdr = {"desc": [], "qemu": [], "cmdline": [], "modules": [], "snapshot": "each", "timeout": "30", "boot_timeout": "240"}
    steps = []
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if s.startswith("$ ") or s == "$":
                steps.append(("guest", s[2:].strip()))
            elif s.startswith("! "):
                steps.append(("host", s[2:].strip()))
            elif s in ("snapshot", "settle"):
                steps.append((s, ""))
            elif s.startswith("note:"):
                steps.append(("note", s[5:].strip()))
            else:
                m = re.match(r"^([a-z_]+):\s?(.*)$", s)
                if not m or m.group(1) not in hdr:
                    raise Fail("%s: cannot parse line: %r" % (path, line))
                k, v = m.group(1), m.group(2)
                if isinstance(hdr[k], list):
                    hdr[k].append(v)
                else:
                    hdr[k] = v
    return hdr, steps


def size_bytes(s):
    m = re.match(r"^(\d+)([KMGT]?)B?$", s.strip(), re.I)
    if not m:
        return None
    return int(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[m.group(2).upper()]


def fmt_event(e):
    return "event: %s %s" % (e["event"], json.dumps(e.get("data", {}), sort_keys=True))


def normalize(text):
    out = []
    for line in text.replace("\r", "").split("\n"):
        out.append(TS_RE.sub("", line))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--logdir", required=True)
    ap.add_argument("--accel", default="tcg")
    ap.add_argument("--qemu", default="qemu-system-x86_64")
    ap.add_argument("--wait", type=int, default=120)
    a = ap.parse_args()

    hdr, steps = parse_scenario(a.scenario)
    name = os.path.splitext(os.path.basename(a.scenario))[0]
    qemu_args = shlex.split(" ".join(hdr["qemu"]))
    cmdline = " ".join(hdr["cmdline"]).strip()
    mods = " ".join(hdr["modules"]).split()
    tmo = int(hdr["timeout"])
    snap_each = hdr["snapshot"].strip() == "each"

    tmp = tempfile.mkdtemp(prefix="memhp-oracle.")
    os.makedirs(a.logdir, exist_ok=True)
    console_log = os.path.join(a.logdir, name + ".console.log")
    agent_log = open(os.path.join(a.logdir, name + ".agent.log"), "wb")
    append = "console=ttyS0,115200 nokaslr panic=-1"
    if mods:
        append += " oracle.mods=" + ",".join(mods)
    if cmdline:
        append += " " + cmdline
    argv = [a.qemu, "-accel", a.accel, "-nodefaults", "-display", "none", "-no-reboot",
            "-kernel", a.kernel, "-initrd", a.initrd, "-append", append,
            "-chardev", "socket,id=agent,path=%s/agent.sock,server=on,wait=on" % tmp,
            "-serial", "file:" + console_log, "-serial", "chardev:agent",
            "-qmp", "unix:%s/qmp.sock,server=on,wait=off" % tmp]
    if "-machine" not in qemu_args and "-M" not in qemu_args:
        argv += ["-machine", "pc"]
    argv += qemu_args
    qerr = open(os.path.join(a.logdir, name + ".qemu.log"), "w")
    qerr.write(" ".join(shlex.quote(x) for x in argv) + "\n")
    qerr.flush()
    t0 = time.time()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=qerr, stderr=qerr)
    lines = []
    W = lines.append
    try:
        def connect(path):
            deadline = time.time() + 30
            while True:
                if proc.poll() is not None:
                    raise Fail("qemu exited early (rc %s), see %s" % (proc.returncode, qerr.name))
                try:
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(path)
                    return s
                except OSError:
                    s.close()
                    if time.time() > deadline:
                        raise Fail("cannot connect to " + path)
                    time.sleep(0.05)

        agent = Agent(connect(tmp + "/agent.sock"), agent_log)
        qmp = QMP(connect(tmp + "/qmp.sock"))
        try:
            kver = agent.wait_ready(int(hdr["boot_timeout"]))
        except TimeoutError:
            raise Fail("guest did not come up, see " + console_log)
        t_boot = time.time() - t0

        W("# memory-hotplug oracle transcript")
        W("scenario: " + name)
        for d in hdr["desc"]:
            W("desc: " + d)
        W("qemu: " + " ".join(hdr["qemu"]))
        W("cmdline: " + cmdline)
        if mods:
            W("modules: " + " ".join(mods))
        W("kernel: " + kver)
        rc, out = agent.run("cat /tmp/modprobe.log", tmo)
        for l in normalize(out.rstrip("\n")):
            if l:
                W("modprobe: " + l)

        last_snap = [None]

        def snapshot(force):
            rc, out = agent.run("snap", tmo)
            if rc != 0:
                W("-- snapshot (rc %d)" % rc)
            text = "\n".join(normalize(out.rstrip("\n")))
            if not force and text == last_snap[0]:
                W("-- snapshot: unchanged")
                return
            W("-- snapshot")
            W(text)
            last_snap[0] = text

        W("== boot")
        snapshot(True)
        for idx, (kind, arg) in enumerate(steps, 1):
            if kind == "note":
                W("== note: " + arg)
                continue
            if kind == "snapshot":
                W("== step %d: snapshot" % idx)
                snapshot(True)
                continue
            if kind == "settle":
                W("== step %d: settle" % idx)
                rc, out = agent.run("settle 60", 90)
                for l in normalize(out.rstrip("\n")):
                    if l:
                        W("| " + l)
                if snap_each:
                    snapshot(False)
                continue
            if kind == "guest":
                W("== step %d: $ %s" % (idx, arg))
                rc, out = agent.run(arg, tmo)
                W("rc: %d" % rc)
                if out:
                    for l in normalize(out[:-1] if out.endswith("\n") else out):
                        W("| " + l)
                qmp.pump(0.01)
                for e in qmp.take_events():
                    if e["event"] in EVENTS_KEPT:
                        W(fmt_event(e))
                if snap_each:
                    snapshot(False)
                continue
            # host monitor step
            W("== step %d: ! %s" % (idx, arg))
            res = qmp.hmp(arg)
            for l in normalize((res or "").rstrip("\n")):
                if l:
                    W("monitor: " + l)
            evs = []
            m_add = re.match(r"^device_add\s+(pc-dimm|nvdimm)\b.*\bid=([^,\s]+)", arg)
            m_del = re.match(r"^device_del\s+(\S+)", arg)
            m_vm = re.match(r"^qom-set\s+(\S+)\s+requested-size\s+(\S+)", arg)
            waited = ""
            if m_add and not (res or "").startswith("error"):
                dev = m_add.group(2)
                deadline = time.time() + a.wait
                while time.time() < deadline:
                    qmp.pump(0.5)
                    new = qmp.take_events()
                    evs += new
                    if any(e["event"] == "ACPI_DEVICE_OST" and e["data"]["info"].get("device") == dev for e in new):
                        break
                else:
                    waited = "wait: no ACPI_DEVICE_OST from the guest within %ds" % a.wait
            elif m_del and not (res or "").startswith("error"):
                dev = m_del.group(1)
                deadline = time.time() + a.wait
                done = False
                while time.time() < deadline and not done:
                    qmp.pump(0.5)
                    new = qmp.take_events()
                    evs += new
                    for e in new:
                        if e["event"] == "DEVICE_DELETED" and e["data"].get("device") == dev:
                            done = True
                        if e["event"] == "ACPI_DEVICE_OST":
                            info = e["data"]["info"]
                            # 0x84 = ejection in progress; anything else ends the request
                            if info.get("device") == dev and info.get("source") == 3 and info.get("status") != 0x84:
                                done = True
                        if e["event"] == "DEVICE_UNPLUG_GUEST_ERROR":
                            done = True
                if not done:
                    waited = "wait: device %s not deleted and no final _OST within %ds" % (dev, a.wait)
            elif m_vm and not (res or "").startswith("error"):
                dev = m_vm.group(1)
                deadline = time.time() + a.wait
                while True:
                    req, _ = qmp.execute("qom-get", {"path": dev, "property": "requested-size"})
                    cur, _ = qmp.execute("qom-get", {"path": dev, "property": "size"})
                    if req == cur or time.time() > deadline:
                        break
                    qmp.pump(0.5)
                if req != cur:
                    waited = "wait: virtio-mem size %s != requested-size %s after %ds" % (cur, req, a.wait)
            rc, out = agent.run("settle 60", 90)
            qmp.pump(0.05)
            evs += qmp.take_events()
            for e in evs:
                if e["event"] in EVENTS_KEPT:
                    W(fmt_event(e))
            if waited:
                W(waited)
            for l in normalize(out.rstrip("\n")):
                if l:
                    W("| " + l)
            if m_vm:
                for prop in ("requested-size", "size", "block-size"):
                    v, err = qmp.execute("qom-get", {"path": m_vm.group(1), "property": prop})
                    W("virtio-mem %s: %s" % (prop, v if err is None else "error: " + err))
            if snap_each:
                snapshot(False)
        W("== end")
        t_all = time.time() - t0
        sys.stderr.write("%s: boot %.1fs, total %.1fs%s%s\n" % (name, t_boot, t_all,
                         ", %d command(s) resent" % agent.resent if agent.resent else "",
                         ", %d lost marker line(s) tolerated" % agent.recovered if agent.recovered else ""))
        with open(a.out, "w") as f:
            f.write("\n".join(lines) + "\n")
        try:
            qmp.execute("quit", timeout=10)
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        agent_log.close()
        qerr.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Fail as e:
        sys.stderr.write("oracle: %s\n" % e)
        sys.exit(2)
