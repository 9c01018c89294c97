#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made requests to the vswitch generic netlink family.

vswctl only sends well-formed requests; this sends anything, so that tests
can check how the kernel treats bad input. It prints one line:

    ok                                  the request was acked
    error ERRNO_NAME msg='...' attr=N   it was rejected (attr: the type of
                                        the attribute the kernel pointed at,
                                        or the missing one; '-' for none)

Usage: vsw_genl.py --cmd N [--flags N] [--reserved N] [ATTR ...]
ATTR is TYPE:KIND:VALUE with KIND one of str (NUL added), raw (no NUL),
u8, u16, u32, u64, hex (bytes in hex).

--hold keeps the socket open after an acked request until standard input
ends: for what the kernel ties to the socket that sent it.

vsw_genl.py --dump-bridges reads a bridge dump 4 KiB at a time, so that
the kernel splits it over many messages, and prints

    intr=0|1 bridges=N unique=N reads=N names=A,B,...

intr=1 if any message carried NLM_F_DUMP_INTR; names are sorted bytewise,
each once. --repeat N dumps N times, a line each.

For dumps racing with --rotate, bridges are named d1..dCOUNT and were
created in that order: --rotation COUNT adds " rotation=ok" to a dump whose
names, in the order the kernel gave them, run cyclically (d5 d6 .. dCOUNT
d1 .. d4), each once, all COUNT of them or all but the one at the head;
"rotation=broken" otherwise.

vsw_genl.py --dump CMD [ATTR ...] dumps command CMD (with the request's
attributes ATTR), 4 KiB a read, and prints

    intr=0|1 messages=N reads=N error=NAME|- seconds=S

--pause-after K runs the shell command of --run after the K-th read, then
reads the rest: a dump interleaved with a change, as the kernel resumes
it from its cursor. --key TYPE adds " unique=N": how many distinct values
of that attribute the messages carried.

vsw_genl.py --churn N BRIDGE adds a flow that needs a subtable of its own
and deletes it again, N times, on one socket, and prints "ok SECONDS".

vsw_genl.py --rotate N COUNT deletes the bridge at the head of the list
and creates it again (it moves to the tail), for d1, d2, .., dCOUNT, d1,
.., N times, as fast as it can, then prints "ok". Every step shifts the
position of every other bridge in the list.
"""
import argparse
import errno
import os
import socket
import struct
import subprocess
import sys
import time

NETLINK_GENERIC = 16
NETLINK_EXT_ACK = 11
NETLINK_CAP_ACK = 10
SOL_NETLINK = 270
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_DUMP_INTR = 0x10
NLMSG_ERROR, NLMSG_DONE = 2, 3
VSWITCH_CMD_BRIDGE_NEW, VSWITCH_CMD_BRIDGE_DEL = 1, 2
VSWITCH_CMD_BRIDGE_GET, VSWITCH_BRIDGE_A_NAME = 3, 2
# Every read is this small: the kernel sizes dump messages after the
# largest read a socket has made, so one big read would undo it.
RECV_SIZE = 4096
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_MISS_TYPE = 1, 2, 5
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200


def attr(atype, payload):
    hdr = struct.pack("HH", 4 + len(payload), atype)
    pad = b"\0" * ((4 - len(payload) % 4) % 4)
    return hdr + payload + pad


def parse_attrs(data):
    out = {}
    while len(data) >= 4:
        alen, atype = struct.unpack_from("HH", data)
        if alen < 4:
            break
        out[atype & 0x3fff] = data[4:alen]
        data = data[(alen + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.bind((0, 0))
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.seq = 1

    def request(self, family, cmd, attrs, flags=NLM_F_REQUEST | NLM_F_ACK,
                version=1, reserved=0):
        self.seq += 1
        payload = struct.pack("BBH", cmd, version, reserved) + attrs
        msg = struct.pack("IHHII", 16 + len(payload), family, flags,
                          self.seq, 0) + payload
        self.sock.send(msg)
        replies = []
        while True:
            data = self.sock.recv(RECV_SIZE)
            while data:
                mlen, mtype, mflags, _, _ = struct.unpack_from("IHHII", data)
                body = data[16:mlen]
                data = data[(mlen + 3) & ~3:]
                if mtype != NLMSG_ERROR:
                    replies.append(body)
                    continue
                err = struct.unpack_from("i", body)[0]
                if err == 0:
                    return None, replies
                off = 4 + 16
                if not mflags & NLM_F_CAPPED:
                    off = 4 + struct.unpack_from("I", body, 4)[0]
                tlvs = parse_attrs(body[off:]) if mflags & NLM_F_ACK_TLVS else {}
                return (-err, tlvs, msg), replies

    def dump_bridges(self, family):
        self.seq += 1
        payload = struct.pack("BBH", VSWITCH_CMD_BRIDGE_GET, 1, 0)
        self.sock.send(struct.pack("IHHII", 16 + len(payload), family,
                                   NLM_F_REQUEST | NLM_F_DUMP, self.seq, 0)
                       + payload)
        names, intr, reads = [], False, 0
        while True:
            data = self.sock.recv(RECV_SIZE)
            reads += 1
            while data:
                mlen, mtype, mflags, _, _ = struct.unpack_from("IHHII", data)
                body = data[16:mlen]
                data = data[(mlen + 3) & ~3:]
                if mtype == NLMSG_DONE:
                    return intr, names, reads
                if mtype == NLMSG_ERROR:
                    sys.exit("vsw_genl: dump failed: %s" %
                             os.strerror(-struct.unpack_from("i", body)[0]))
                intr |= bool(mflags & NLM_F_DUMP_INTR)
                attrs = parse_attrs(body[4:])
                names.append(attrs[VSWITCH_BRIDGE_A_NAME].rstrip(b"\0"))

    def dump(self, family, cmd, attrs, pause_after=0, run=None, key=None):
        """A dump of @cmd, with @run run after @pause_after reads."""
        self.seq += 1
        payload = struct.pack("BBH", cmd, 1, 0) + attrs
        self.sock.send(struct.pack("IHHII", 16 + len(payload), family,
                                   NLM_F_REQUEST | NLM_F_DUMP, self.seq, 0)
                       + payload)
        intr, messages, reads, error, keys = False, 0, 0, None, set()
        while True:
            data = self.sock.recv(RECV_SIZE)
            reads += 1
            done = False
            while data:
                mlen, mtype, mflags, _, _ = struct.unpack_from("IHHII", data)
                body = data[16:mlen]
                data = data[(mlen + 3) & ~3:]
                intr |= bool(mflags & NLM_F_DUMP_INTR)
                if mtype == NLMSG_DONE:
                    err = struct.unpack_from("i", body)[0] if body else 0
                    error = -err if err else None
                    done = True
                elif mtype == NLMSG_ERROR:
                    error = -struct.unpack_from("i", body)[0]
                    done = True
                else:
                    messages += 1
                    if key is not None:
                        keys.add(parse_attrs(body[4:]).get(key))
            if done:
                return intr, messages, reads, error, len(keys)
            if reads == pause_after and run:
                subprocess.run(run, shell=True, check=True,
                               stdout=subprocess.DEVNULL)

    def family_id(self, name):
        res, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                    attr(CTRL_ATTR_FAMILY_NAME,
                                         name.encode() + b"\0"))
        if res:
            sys.exit("vsw_genl: family %s: %s" % (name, os.strerror(res[0])))
        attrs = parse_attrs(replies[0][4:])
        return struct.unpack("H", attrs[CTRL_ATTR_FAMILY_ID])[0]


def encode(spec):
    atype, kind, value = spec.split(":", 2)
    atype = int(atype)
    if kind == "str":
        return attr(atype, value.encode() + b"\0")
    if kind == "raw":
        return attr(atype, value.encode())
    if kind == "hex":
        return attr(atype, bytes.fromhex(value))
    fmt = {"u8": "B", "u16": "H", "u32": "I", "u64": "Q"}[kind]
    return attr(atype, struct.pack(fmt, int(value, 0)))


def rotation_ok(names, count):
    try:
        idx = [int(n.decode()[1:]) for n in names]
    except ValueError:
        return False
    if len(set(idx)) != len(idx) or len(idx) not in (count, count - 1):
        return False
    return all(b == a % count + 1 for a, b in zip(idx, idx[1:]))


VSWITCH_CMD_FLOW_NEW, VSWITCH_CMD_FLOW_DEL = 11, 12
VSWITCH_FLOW_A_BRIDGE, VSWITCH_FLOW_A_MATCH = 2, 8
VSWITCH_FLOW_A_ACTIONS, VSWITCH_FLOW_A_STRICT = 9, 10
VSWITCH_FLOW_A_PRIORITY, VSWITCH_MATCH_A_DL_SRC = 3, 3
NLA_F_NESTED = 0x8000


def churn(g, fam, n, bridge):
    """Adds and deletes a flow on a mask of its own, @n times."""
    br = attr(VSWITCH_FLOW_A_BRIDGE, bridge.encode() + b"\0")
    match = attr(VSWITCH_FLOW_A_MATCH | NLA_F_NESTED,
                 attr(VSWITCH_MATCH_A_DL_SRC, bytes.fromhex("020000000099")))
    prio = attr(VSWITCH_FLOW_A_PRIORITY, struct.pack("H", 7))
    add = br + prio + match + attr(VSWITCH_FLOW_A_ACTIONS | NLA_F_NESTED, b"")
    delete = br + prio + match + attr(VSWITCH_FLOW_A_STRICT, b"")
    t0 = time.monotonic()
    for _ in range(n):
        for cmd, attrs in ((VSWITCH_CMD_FLOW_NEW, add),
                           (VSWITCH_CMD_FLOW_DEL, delete)):
            res, _ = g.request(fam, cmd, attrs)
            if res:
                sys.exit("vsw_genl: churn: %s" % os.strerror(res[0]))
    print("ok %.1f" % (time.monotonic() - t0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", type=int)
    ap.add_argument("--dump-bridges", action="store_true")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--rotation", type=int, metavar="COUNT")
    ap.add_argument("--rotate", nargs=2, type=int, metavar=("N", "COUNT"))
    ap.add_argument("--dump", type=int, metavar="CMD")
    ap.add_argument("--pause-after", type=int, default=0)
    ap.add_argument("--run")
    ap.add_argument("--key", type=int)
    ap.add_argument("--churn", nargs=2, metavar=("N", "BRIDGE"))
    ap.add_argument("--flags", type=lambda s: int(s, 0),
                    default=NLM_F_REQUEST | NLM_F_ACK)
    ap.add_argument("--reserved", type=int, default=0)
    ap.add_argument("--hold", action="store_true")
    ap.add_argument("attrs", nargs="*")
    args = ap.parse_args()

    g = Genl()
    fam = g.family_id("vswitch")
    if args.dump_bridges:
        for _ in range(args.repeat):
            intr, names, reads = g.dump_bridges(fam)
            line = "intr=%d bridges=%d unique=%d reads=%d names=%s" % (
                intr, len(names), len(set(names)), reads,
                b",".join(sorted(set(names))).decode())
            if args.rotation:
                ok = rotation_ok(names, args.rotation)
                line += " rotation=" + ("ok" if ok else "broken")
            print(line, flush=True)
        return
    if args.dump is not None:
        attrs = b"".join(encode(a) for a in args.attrs)
        t0 = time.monotonic()
        intr, messages, reads, error, unique = g.dump(
            fam, args.dump, attrs, args.pause_after, args.run, args.key)
        names = dict(errno.errorcode)
        line = "intr=%d messages=%d reads=%d error=%s seconds=%.1f" % (
            intr, messages, reads, names.get(error, "-") if error else "-",
            time.monotonic() - t0)
        if args.key is not None:
            line += " unique=%d" % unique
        print(line)
        return
    if args.churn:
        churn(g, fam, int(args.churn[0]), args.churn[1])
        return
    if args.rotate:
        n, count = args.rotate
        for i in range(n):
            name = ("d%d" % (i % count + 1)).encode() + b"\0"
            for cmd in (VSWITCH_CMD_BRIDGE_DEL, VSWITCH_CMD_BRIDGE_NEW):
                res, _ = g.request(fam, cmd, attr(VSWITCH_BRIDGE_A_NAME, name))
                if res:
                    sys.exit("vsw_genl: rotate: %s" % os.strerror(res[0]))
        print("ok")
        return
    if args.cmd is None:
        ap.error("--cmd, --dump or --dump-bridges is required")
    attrs = b"".join(encode(a) for a in args.attrs)
    res, _ = g.request(fam, args.cmd, attrs, flags=args.flags,
                       reserved=args.reserved)
    if res is None:
        print("ok", flush=True)
        if args.hold:
            # The socket stays open until standard input ends.
            sys.stdin.read()
        return
    err, tlvs, msg = res
    text = tlvs.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
    bad = "-"
    if NLMSGERR_ATTR_OFFS in tlvs:
        off = struct.unpack("I", tlvs[NLMSGERR_ATTR_OFFS])[0]
        bad = str(struct.unpack_from("HH", msg, off)[1] & 0x3fff)
    elif NLMSGERR_ATTR_MISS_TYPE in tlvs:
        bad = "missing:%d" % struct.unpack("I", tlvs[NLMSGERR_ATTR_MISS_TYPE])[0]
    names = dict(errno.errorcode)
    names[errno.EOPNOTSUPP] = "EOPNOTSUPP"  # the name Linux's netlink code uses
    print("error %s msg='%s' attr=%s" % (names.get(err, err), text, bad))


if __name__ == "__main__":
    main()
