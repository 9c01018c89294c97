#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fail a command's allocations one at a time (systematic fault injection).

    vsw_failnth.py SNAP UNDO COMMAND [ARG...]

COMMAND is a vswctl command line; SNAP and UNDO are shell commands: SNAP
prints the state COMMAND changes, UNDO takes COMMAND's work away again.
First COMMAND runs without a fault, to learn the state it leaves, and is
undone. Then it runs with its 1st, 2nd, 3rd... allocation failing: before
it starts, /proc/PID/task/PID/fail-nth is set to N (see
Documentation/fault-injection/fault-injection.rst; failslab's filters say
which allocations count), until a run makes fewer than N. A run that
failed must have exited non-zero with one line "vswctl: SUBCOMMAND: ..."
and left the state as it was; a run that succeeded although an allocation
failed (an optional one) must have done all of its work, and is undone.

Prints one line per problem, then "failnth: N faults, N bad, N failed
runs" and exits 1 if anything was bad.

    vsw_failnth.py --once N COMMAND [ARG...]

runs COMMAND once with its N-th allocation failing, prints its output and
"failnth: injected" if the fault happened, and exits with its status.
"""
import os
import re
import subprocess
import sys


def sh(cmd):
    return subprocess.run(["bash", "-c", cmd], capture_output=True,
                          text=True).stdout


def run_failing(n, cmd):
    """Run @cmd with its @n-th allocation failing (none if @n is 0).
    Returns (status, output, injected)."""
    r, w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(go_w)
        os.close(r)
        os.dup2(w, 1)
        os.dup2(w, 2)
        os.read(go_r, 1)
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    os.close(go_r)
    os.close(w)
    path = "/proc/%d/task/%d/fail-nth" % (pid, pid)
    if n:
        with open(path, "w") as f:
            f.write(str(n))
    os.close(go_w)
    out = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        out += chunk
    os.close(r)
    # Wait without reaping, so that the count left can still be read.
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    with open(path) as f:
        left = int(f.read())
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace"), \
        bool(n) and not left


def main():
    if sys.argv[1] == "--once":
        rc, out, injected = run_failing(int(sys.argv[2]), sys.argv[3:])
        print(out, end="")
        if injected:
            print("failnth: injected")
        sys.exit(rc)
    snap, undo, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    sub = cmd[1]
    msg = re.compile(r"^vswctl: %s: .+\n?$" % re.escape(sub))
    before = sh(snap)
    rc, out, _ = run_failing(0, cmd)
    if rc:
        sys.exit("failnth: %s fails without a fault: %s" % (sub, out))
    after = sh(snap)
    sh(undo)
    if sh(snap) != before:
        sys.exit("failnth: undoing %s does not restore the state" % sub)

    faults = bad = failed = 0
    n = 0
    while True:
        n += 1
        rc, out, injected = run_failing(n, cmd)
        if not injected:
            if rc:
                print("failnth: %s failed with no fault left to inject: %s"
                      % (sub, out.strip()))
                bad += 1
            sh(undo)
            break
        faults += 1
        state = sh(snap)
        if rc:
            failed += 1
            if state != before:
                print("failnth: allocation %d: %s failed and left state behind"
                      % (n, sub))
                print("  before: %r\n  after:  %r" % (before, state))
                bad += 1
                sh(undo)
            if not msg.match(out):
                print("failnth: allocation %d: %s failed without its message: %r"
                      % (n, sub, out))
                bad += 1
        else:
            if state != after:
                print("failnth: allocation %d: %s succeeded, but not fully" % (n, sub))
                print("  want: %r\n  got:  %r" % (after, state))
                bad += 1
            sh(undo)
    if sh(snap) != before:
        print("failnth: state at the end is not the state at the start")
        bad += 1
    print("failnth: %d faults, %d bad, %d failed runs" % (faults, bad, failed))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
