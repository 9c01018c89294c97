#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the vswitch generic netlink family with generated requests.

    vsw_fuzz.py [--seed N] [--count N] [--progress N]

Sends COUNT requests (default 200000) built from the family's policies,
every command and a few that do not exist, from a random generator seeded
with SEED (default 1): the same seed sends the same requests, so a failure
can be replayed. Each request is one of:

    valid      well-formed, its values chosen at random: in range, at the
               edges of the range, or from small pools of names, port
               numbers and addresses, so that many of them take effect
    truncate   one attribute cut short
    oversize   one attribute grown with random bytes
    wrongtype  one attribute's payload of another type's size
    nest       a nested attribute full of garbage
    duplicate  one attribute given twice, with different values
    unknown    an attribute the policy does not have
    header     the generic netlink header missing, cut, or with a wrong
               version or reserved field; or a netlink length that is
               short, or longer than what was sent (netlink drops those
               without a reply, so they are not waited for)
    flags      NLM_F_DUMP on a command that has no dump, or the reverse
    abandon    a dump read for one buffer, then its socket closed

It reads every reply and checks that each request ended in an ack or a
clean error (requests netlink drops by design, and abandoned dumps, are
counted as unanswered): a negative errno from the list below, never a kernel-internal
one (512 and up) nor any other. At the end it prints one line per kind,
the errnos seen, and "fuzz: N requests, N acked, N errors, N unclean";
it exits 1 if any reply was unclean or missing. Run it in a network
namespace of its own: valid requests create and delete bridges, ports and
flows there (names from the pools below), and send frames.
"""
import argparse
import errno
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vsw_genl import (Genl, attr, parse_attrs, NLM_F_REQUEST, NLM_F_ACK,  # noqa: E402
                      NLM_F_DUMP, NLMSG_ERROR, NLMSG_DONE, NLM_F_CAPPED,
                      NLM_F_ACK_TLVS, NLMSGERR_ATTR_MSG)

NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000

# The errors a request may end with (include/uapi/linux/vswitch.h, and
# what netlink and genetlink themselves return).
CLEAN = {errno.EINVAL, errno.ENOENT, errno.ENODEV, errno.EEXIST,
         errno.EBUSY, errno.ENOSPC, errno.EOPNOTSUPP, errno.EPERM,
         errno.ERANGE, errno.EMSGSIZE, errno.EADDRINUSE, errno.E2BIG,
         errno.EAFNOSUPPORT, errno.ENOBUFS, errno.ENETUNREACH,
         errno.EHOSTUNREACH, errno.EADDRNOTAVAIL}

# Pools: names and values that exist in the sandbox, or nearly.
BRIDGES = ["fz0", "fz1", "fz2"]
BAD_NAMES = ["", "fz0\0x", "a" * 15, "b" * 16, "bad/name", "lo", ".", "..",
             "fv0", "fz 1", "fz0:", "\xff\xfe"]
NETDEVS = ["fv%d" % i for i in range(6)]
INTERNALS = ["fi0", "fi1", "fi2"]
TUNNELS = ["ft0", "ft1", "ft2", "ft3"]
REMOTES4 = ["198.51.100.%d" % i for i in (1, 2, 3)]
REMOTES6 = ["2001:db8:f::%d" % i for i in (1, 2)]
MACS = ["02:00:00:00:00:%02x" % i for i in range(1, 5)] + ["ff:ff:ff:ff:ff:ff",
                                                          "01:00:5e:00:00:01",
                                                          "00:00:00:00:00:00"]

# Attribute kinds: (kind, arg). Values are chosen by gen_value().
U8, U16, U32, U64, BE16, STR, BIN, FLAG, NEST, ARRAY, RO = range(11)

BRIDGE = {2: (STR, "bridge"), 3: (U32, "ifindex"), 4: (U64, "dpid"),
          5: (RO, 6), 6: (U32, (1, 1000000)), 7: (U32, (1, 1048576)),
          8: (RO, 4), 9: (RO, 8), 10: (U8, (0, 2)), 11: (U32, (1, 10000000)),
          12: (RO, 4), 13: (U32, (1, 1000000))}
PORT = {2: (STR, "bridge"), 3: (STR, "port"), 4: (RO, 4),
        5: (U32, (1, 0xfeff)), 6: (U32, (1, 4)), 7: (U16, (0, 4094)),
        8: (BIN, 512), 9: (RO, 8), 10: (U8, (0, 1)), 11: (BIN, "addr"),
        12: (BIN, "addr"), 13: (U32, (0, 0xffffff)), 14: (U16, "dstport"),
        15: (U8, None), 16: (U8, None), 17: (U8, (0, 2)), 18: (U8, (0, 1))}
FDB = {2: (STR, "bridge")}
MATCH = {2: (U32, "portno"), 3: (BIN, 6), 4: (BIN, 6), 5: (BIN, 6),
         6: (BIN, 6), 7: (U16, "vlan"), 8: (U8, (0, 7)), 9: (BE16, "ethertype"),
         10: (BIN, 4), 11: (BIN, 4), 12: (BIN, 4), 13: (BIN, 4),
         14: (U8, "proto"), 15: (U8, None), 16: (U8, None), 17: (BIN, 16),
         18: (BIN, 16), 19: (BIN, 16), 20: (BIN, 16), 21: (BE16, None),
         22: (BE16, None), 23: (BE16, None), 24: (BE16, None), 25: (U8, None),
         26: (U8, None), 27: (BIN, 4), 28: (BIN, 4), 29: (BIN, 4), 30: (BIN, 4),
         31: (BE16, None), 32: (U64, None), 33: (U64, None), 34: (BIN, 4),
         35: (BIN, 4), 36: (BIN, 4), 37: (BIN, 4)}
ACTION = {1: (U32, "portno"), 2: (FLAG, None), 3: (FLAG, None),
          4: (FLAG, None), 5: (FLAG, None), 6: (U16, None),
          7: (U16, (0, 4095)), 8: (FLAG, None), 9: (U16, "tpid"),
          10: (BIN, 6), 11: (BIN, 6), 12: (BIN, 4), 13: (BIN, 4),
          14: (U8, None), 15: (FLAG, None), 16: (U32, None)}
ENTRY = {3: (U16, None), 4: (U64, None), 6: (U16, "timeout"),
         7: (U16, "timeout"), 8: (NEST, MATCH), 9: (NEST, ACTION)}
FLOW = {2: (STR, "bridge"), 3: (U16, None), 4: (U64, None), 5: (U64, None),
        6: (U16, "timeout"), 7: (U16, "timeout"), 8: (NEST, MATCH),
        9: (NEST, ACTION), 10: (FLAG, None), 11: (RO, 8), 12: (RO, 8),
        13: (RO, 8), 14: (RO, 8), 15: (ARRAY, ENTRY), 16: (U32, "portno"),
        17: (BIN, "frame"), 18: (RO, 4), 19: (RO, 1), 20: (RO, 1), 21: (RO, 4)}

# Commands: (name, policy, the attributes a useful request has, dumpable).
CMDS = {
    1: ("bridge_new", BRIDGE, [2], False),
    2: ("bridge_del", BRIDGE, [2], False),
    3: ("bridge_get", BRIDGE, [2], True),
    4: ("bridge_set", BRIDGE, [2], False),
    5: ("port_new", PORT, [2, 3], False),
    6: ("port_del", PORT, [3], False),
    7: ("port_get", PORT, [3], True),
    8: ("port_set", PORT, [3], False),
    9: ("fdb_get", FDB, [2], True),
    10: ("fdb_flush", FDB, [2], False),
    11: ("flow_new", FLOW, [2, 9], False),
    12: ("flow_del", FLOW, [2], False),
    13: ("flow_get", FLOW, [2], True),
    14: ("flow_set", FLOW, [2, 9], False),
    15: ("flow_trace", FLOW, [2, 8], False),
    16: ("packet_in", FLOW, [2], False),
    17: ("packet_out", FLOW, [2, 9, 17], False),
}
KINDS = ["valid", "valid", "valid", "truncate", "oversize", "wrongtype",
         "nest", "duplicate", "unknown", "header", "flags", "abandon"]


class Fuzzer:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.g = Genl()
        self.fam = self.g.family_id("vswitch")
        self.seq = 1
        self.stats = {}
        self.errnos = {}
        self.unclean = []
        self.why = {}

    # Values.
    def pick_name(self, pool):
        r = self.rnd
        return r.choice(pool if r.random() < 0.9 else BAD_NAMES)

    def gen_value(self, kind, arg, cmd):
        r = self.rnd
        if kind == STR:
            if arg == "bridge":
                return self.pick_name(BRIDGES).encode() + b"\0"
            if cmd in (5, 6, 7, 8):
                pool = r.choice([NETDEVS, INTERNALS, TUNNELS])
                return self.pick_name(pool).encode() + b"\0"
            return self.pick_name(NETDEVS).encode() + b"\0"
        if kind == FLAG:
            return b""
        if kind in (U8, U16, U32, U64, BE16):
            bits = {U8: 8, U16: 16, U32: 32, U64: 64, BE16: 16}[kind]
            top = (1 << bits) - 1
            if isinstance(arg, tuple) and r.random() < 0.7:
                lo, hi = arg
                v = r.choice([lo, hi, hi + 1, lo - 1 if lo else 0,
                              r.randint(lo, hi), r.randint(lo, hi)]) & top
            elif arg == "portno" and r.random() < 0.7:
                v = r.choice([1, 2, 3, 4, 5, 0xfffe, 0xfeff, 0])
            elif arg == "vlan" and r.random() < 0.7:
                v = r.choice([0, 1, 10, 4094, 4095, 0xffff, 4096])
            elif arg == "ethertype" and r.random() < 0.8:
                v = r.choice([0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x1234])
            elif arg == "proto" and r.random() < 0.8:
                v = r.choice([1, 6, 17, 58, 132, 47, 0])
            elif arg == "tpid" and r.random() < 0.8:
                v = r.choice([0x8100, 0x88a8, 0x0800])
            elif arg == "timeout" and r.random() < 0.8:
                v = r.choice([0, 0, 1, 60, 0xffff])
            elif arg == "dstport" and r.random() < 0.8:
                v = r.choice([4789, 8472, 0, 1, 65535])
            elif arg == "dpid" and r.random() < 0.5:
                v = r.choice([0, 1, 2, 3, top])
            else:
                v = r.choice([0, 1, top, top >> 1, r.getrandbits(bits)])
            fmt = {U8: "B", U16: "H", U32: "I", U64: "Q", BE16: ">H"}[kind]
            return struct.pack(fmt, v)
        if kind == BIN:
            if arg == "addr":
                if r.random() < 0.6:
                    return socket.inet_aton(r.choice(REMOTES4 + ["0.0.0.0",
                                                                 "224.0.0.1"]))
                if r.random() < 0.7:
                    return socket.inet_pton(socket.AF_INET6,
                                            r.choice(REMOTES6 + ["::", "ff02::1"]))
                return r.randbytes(r.randint(0, 17))
            if arg == "frame":
                return self.frame()
            if arg == 6 and r.random() < 0.6:
                return bytes.fromhex(r.choice(MACS).replace(":", ""))
            if arg == 512:
                return r.choice([b"\0" * 512, b"\xff" * 512, r.randbytes(512)])
            return r.randbytes(arg)
        if kind == RO:
            return r.randbytes(arg)
        if kind == NEST:
            return self.gen_attrs(arg, cmd, [], 0.25)
        if kind == ARRAY:
            return b"".join(attr((i + 1) | NLA_F_NESTED,
                                 self.gen_attrs(arg, cmd, [9], 0.4))
                            for i in range(r.choice([1, 1, 2, 5, 30])))
        raise ValueError(kind)

    def frame(self):
        r = self.rnd
        dst = bytes.fromhex(r.choice(MACS).replace(":", ""))
        src = bytes.fromhex(r.choice(MACS[:4]).replace(":", ""))
        body = r.choice([b"\x08\x00" + bytes([0x45]) + r.randbytes(40),
                         b"\x86\xdd" + bytes([0x60]) + r.randbytes(60),
                         b"\x81\x00\x00\x0a\x08\x00" + r.randbytes(30),
                         b"\x08\x06" + r.randbytes(28), r.randbytes(r.randint(0, 80))])
        f = dst + src + body
        return f[:r.choice([len(f), len(f), 14, 13, 0, 1])]

    def pick(self, policy, want, p, ro=True):
        """Attributes of @policy to send: those in @want, and each other
        one with probability @p (read-only ones seldom, or never without
        @ro), in random order."""
        out = []
        for t, (kind, arg) in policy.items():
            q = (0.02 if ro else 0) if kind == RO else p
            if t in want or self.rnd.random() < q:
                out.append((t, kind, arg))
        self.rnd.shuffle(out)
        return out

    def gen_attrs(self, policy, cmd, want, p, ro=True):
        return b"".join(attr(t | (NLA_F_NESTED if k in (NEST, ARRAY) else 0),
                             self.gen_value(k, a, cmd))
                        for t, k, a in self.pick(policy, want, p, ro))

    # Mutations of one request's top-level attribute list.
    def mutate(self, how, cmd, policy, items):
        r = self.rnd
        if not items:
            items.append((2, STR, "bridge"))
        enc = [(t | (NLA_F_NESTED if k in (NEST, ARRAY) else 0),
                self.gen_value(k, a, cmd)) for t, k, a in items]
        i = r.randrange(len(enc))
        t, v = enc[i]
        if how == "truncate":
            enc[i] = (t, v[:r.randint(0, max(0, len(v) - 1))])
        elif how == "oversize":
            enc[i] = (t, v + r.randbytes(r.choice([1, 3, 4, 64, 600, 5000])))
        elif how == "wrongtype":
            enc[i] = (t, r.choice([b"\x01", b"\x01\x02", b"\x01\x02\x03\x04",
                                   b"x" * 8, b"abc", b"\0" * 16,
                                   attr(1, b"\0\0\0\0")]))
        elif how == "nest":
            nests = [j for j, (tt, _) in enumerate(enc) if tt & NLA_F_NESTED]
            j = r.choice(nests) if nests else i
            tt = enc[j][0] | NLA_F_NESTED
            junk = [attr(r.randint(0, 0x3fff) | r.choice([0, NLA_F_NESTED,
                                                           NLA_F_NET_BYTEORDER]),
                         r.randbytes(r.randint(0, 20))) for _ in range(r.randint(1, 6))]
            blob = b"".join(junk)
            if r.random() < 0.3:  # a length that runs past the end
                blob += struct.pack("HH", r.randint(5, 400), r.randint(1, 40))
            enc[j] = (tt, blob)
        elif how == "duplicate":
            enc.insert(r.randrange(len(enc) + 1), (t, self.gen_value(*items[i][1:], cmd)))
        elif how == "unknown":
            enc.insert(r.randrange(len(enc) + 1),
                       (r.choice([0, max(policy) + 1, max(policy) + 7, 0x3fff]),
                        r.randbytes(r.choice([0, 1, 4, 8]))))
        return b"".join(attr(tt, vv) for tt, vv in enc)

    # Transport.
    def send(self, raw):
        self.g.sock.send(raw)

    def header(self, cmd, flags, payload, version=1, reserved=0):
        self.seq += 1
        body = struct.pack("BBH", cmd, version, reserved) + payload
        return struct.pack("IHHII", 16 + len(body), self.fam, flags, self.seq, 0) + body

    def finish(self, kind, cmd, dump):
        """Read until this request's ack, error or end of dump."""
        while True:
            try:
                data = self.g.sock.recv(65536)
            except socket.timeout:
                return "timeout"
            while len(data) >= 16:
                mlen, mtype, mflags, seq, _ = struct.unpack_from("IHHII", data)
                body = data[16:mlen]
                data = data[(mlen + 3) & ~3:]
                if seq != self.seq:
                    continue
                if mtype == NLMSG_DONE and dump:
                    err = struct.unpack_from("i", body)[0] if len(body) >= 4 else 0
                    if mflags & NLM_F_ACK_TLVS:
                        tlvs = parse_attrs(body[4:])
                        self.last_msg = tlvs.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0")
                    return -err if err else 0
                if mtype != NLMSG_ERROR:
                    continue
                err = struct.unpack_from("i", body)[0]
                if err == 0:
                    return 0
                off = 4 + 16 if mflags & NLM_F_CAPPED else 4 + struct.unpack_from("I", body, 4)[0]
                tlvs = parse_attrs(body[off:]) if mflags & NLM_F_ACK_TLVS else {}
                self.last_msg = tlvs.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0")
                return -err

    def one(self, n):
        r = self.rnd
        kind = r.choice(KINDS)
        cmd = r.choice(list(CMDS) + ([0, 18, 200] if r.random() < 0.05 else []))
        if cmd == 2 and kind == "valid" and r.random() < 0.6:
            cmd = 1  # more bridges made than deleted: more to work on
        name, policy, want, dumpable = CMDS.get(cmd, ("cmd%d" % cmd, FLOW, [], False))
        flags = NLM_F_REQUEST | NLM_F_ACK
        dump = False
        version, reserved = 1, 0
        if kind == "flags":
            # NLM_F_DUMP on a command with no dump, or parts of it.
            flags |= r.choice([NLM_F_DUMP, NLM_F_DUMP, 0x100, 0x200, 0x400, 0x800])
        elif kind == "abandon" or (dumpable and r.random() < 0.5) or \
                (kind == "valid" and cmd in (9, 13)):
            flags |= NLM_F_DUMP
        dump = bool(flags & NLM_F_DUMP == NLM_F_DUMP)
        self.last_msg = b""

        if kind == "valid":
            payload = self.gen_attrs(policy, cmd, want, 0.15, ro=False)
        elif kind in ("flags", "abandon"):
            payload = self.gen_attrs(policy, cmd, want, 0.3)
        elif kind == "header":
            payload = self.gen_attrs(policy, cmd, want, 0.3)
            h = r.randrange(5)
            if h == 0:
                version = r.choice([0, 2, 255])
            elif h == 1:
                reserved = r.randint(1, 0xffff)
        else:
            payload = self.mutate(kind, cmd, policy,
                                  self.pick(policy, want, 0.3))
        raw = self.header(cmd, flags, payload, version, reserved)
        if kind == "header" and h >= 2:
            # Cut into the generic netlink header, or lie about the length.
            cut = r.choice([16, 17, 18, 19])
            if h == 2:
                raw = struct.pack("I", cut) + raw[4:cut]
            elif h == 3:
                raw = struct.pack("I", len(raw) + r.choice([1, 4, 100])) + raw[4:]
            else:
                raw = struct.pack("I", len(raw) - r.randint(1, 3)) + raw[4:]
        try:
            self.send(raw)
        except OSError as e:  # refused by the socket layer itself
            self.count(kind, cmd, -e.errno)
            return
        if kind == "header" and h == 3:
            # Longer than what was sent: netlink drops it without a word.
            self.count(kind, cmd, "unanswered")
            return
        if kind == "abandon":
            # Take one buffer of the dump, then drop the socket with the
            # rest of it still to come.
            try:
                self.g.sock.recv(4096)
            except socket.timeout:
                pass
            self.g.sock.close()
            self.g = Genl()
            self.g.sock.settimeout(30)
            self.count(kind, cmd, "unanswered")
            return
        res = self.finish(kind, cmd, dump)
        self.count(kind, cmd, res)

    def count(self, kind, cmd, res):
        st = self.stats.setdefault(kind, [0, 0, 0, 0])
        st[0] += 1
        if res == 0:
            st[1] += 1
            return
        if res == "unanswered":
            st[3] += 1
            return
        if res == "timeout" or res not in CLEAN:
            self.unclean.append((kind, cmd, res))
            return
        st[2] += 1
        name = errno.errorcode.get(res, str(res))
        self.errnos[name] = self.errnos.get(name, 0) + 1
        if kind == "valid":
            why = "%s: %s %s" % (CMDS.get(cmd, ("cmd%d" % cmd,))[0], name,
                                 self.last_msg.decode(errors="replace"))
            self.why[why] = self.why.get(why, 0) + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200000)
    ap.add_argument("--progress", type=int, default=20000)
    ap.add_argument("--why", type=int, default=0, metavar="N",
                    help="print the N commonest rejections of valid requests")
    args = ap.parse_args()

    f = Fuzzer(args.seed)
    f.g.sock.settimeout(30)
    start = time.monotonic()
    for n in range(1, args.count + 1):
        f.one(n)
        if args.progress and n % args.progress == 0:
            print("fuzz: %d sent, %d unclean, %.0f s" %
                  (n, len(f.unclean), time.monotonic() - start), flush=True)
    for kind in sorted(f.stats):
        st = f.stats[kind]
        print("fuzz: %-9s %6d sent, %6d acked, %6d errors, %6d unanswered" %
              (kind, *st))
    print("fuzz: errnos " + " ".join("%s=%d" % kv for kv in sorted(f.errnos.items())))
    top = sorted(f.why.items(), key=lambda kv: -kv[1])[:args.why]
    for why, n in top:
        print("fuzz: valid, rejected %5d: %s" % (n, why))
    for kind, cmd, res in f.unclean[:20]:
        print("fuzz: unclean: %s command %d: %s" % (kind, cmd, res))
    acked = sum(s[1] for s in f.stats.values())
    errs = sum(s[2] for s in f.stats.values())
    print("fuzz: %d requests, %d acked, %d errors, %d unclean, seed %d, %.0f s" %
          (args.count, acked, errs, len(f.unclean), args.seed,
           time.monotonic() - start))
    sys.exit(1 if f.unclean else 0)


if __name__ == "__main__":
    main()
