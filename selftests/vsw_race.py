#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Concurrent, stateful fuzzing of vswitch: races between changes, dumps
and traffic.

    vsw_race.py [--seed N] [--seconds S] [--changers N] [--dumpers N]

Run inside a network namespace made for it (race_fuzz.sh does). Several
processes work at once, for SECONDS (default 60), on a small shared set
of names, so that they collide:

    changers  (default 3) valid operations, chosen at random: bridges
              rb0-rb2 made and deleted, their settings (miss policy,
              FDB, flow table); ports of every type (veths rv0-rv5,
              internal ports ri0-ri3, VXLAN and GRE tunnels rt0-rt3),
              deleted, their VLANs and isolation changed; flows one at
              a time and in batches, modified, deleted; FDB flushes;
              renames of bridges and ports (swaps too), "ip link del"
              of ports' devices; namespaces of their own with a bridge,
              a tunnel and a veth port, deleted with "ip netns del"; the
              controller miss policy, and packet-outs
    dumpers   (default 2) dumps of every kind (bridges, ports, FDB,
              flows), read 4 KiB at a time, with pauses between reads,
              stopped after some messages and resumed later, or left
              for good (the socket closed)
    sender    frames without a pause into every veth, from a few hundred
              sources, some for the flows' matches, some too big for the
              tunnels' path MTU
    listener  the packets group, while the controller policy is on

Each process has a random generator seeded from SEED and its number: the
same seed makes the same operations, in an order the scheduler decides.
Every reply must be an ack or an errno that the race explains (the name
is taken, or gone; the device is busy, ...), never another one; every
dump must end (NLMSG_DONE or an errno) within 30 s. At the end it prints
the operations done, by kind, and "race: N operations, N dumps (N
resumed, N abandoned), N unexpected", and exits 1 if anything was
unexpected.
"""
import argparse
import errno
import multiprocessing
import os
import random
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vsw_genl import (Genl, attr, parse_attrs, NLM_F_REQUEST,  # noqa: E402
                      NLM_F_DUMP, NLMSG_ERROR, NLMSG_DONE, RECV_SIZE)

NLA_F_NESTED = 0x8000

# include/uapi/linux/vswitch.h
CMD = dict(BRIDGE_NEW=1, BRIDGE_DEL=2, BRIDGE_GET=3, BRIDGE_SET=4,
           PORT_NEW=5, PORT_DEL=6, PORT_GET=7, PORT_SET=8, FDB_GET=9,
           FDB_FLUSH=10, FLOW_NEW=11, FLOW_DEL=12, FLOW_GET=13,
           FLOW_SET=14, FLOW_TRACE=15, PACKET_OUT=17)
BR_NAME, BR_DPID, BR_AGING, BR_FDB_MAX, BR_MISS, BR_FLOW_MAX, BR_RATE = \
    2, 4, 6, 7, 10, 11, 13
P_BRIDGE, P_NAME, P_NUMBER, P_TYPE, P_TAG, P_TRUNKS, P_ISOLATED = \
    2, 3, 5, 6, 7, 8, 10
P_REMOTE, P_KEY, P_DSTPORT, P_TOS, P_DF = 11, 13, 14, 16, 17
F_BRIDGE, F_PRIORITY, F_MATCH, F_ACTIONS, F_STRICT, F_FLOWS = 2, 3, 8, 9, 10, 15
F_IN_PORT, F_DATA = 16, 17
M_IN_PORT, M_DL_SRC, M_DL_TYPE, M_NW_PROTO, M_TP_DST = 2, 3, 9, 14, 23
A_OUTPUT, A_NORMAL, A_FLOOD, A_CONTROLLER, A_MOD_VLAN, A_STRIP_VLAN = \
    1, 2, 3, 6, 7, 8
A_SET_TUNNEL = 16
TYPE_NETDEV, TYPE_INTERNAL, TYPE_VXLAN, TYPE_GRE = 1, 2, 3, 4

BRIDGES = ["rb0", "rb1", "rb2"]
VETHS = ["rv%d" % i for i in range(6)]
INTERNALS = ["ri%d" % i for i in range(4)]
TUNNELS = ["rt%d" % i for i in range(4)]

E = errno
# What a race explains: the object is gone or taken, the device busy or
# elsewhere, the table full, a port number on the bridge no longer there.
EXPECTED = {E.ENODEV, E.EEXIST, E.EBUSY, E.ENOSPC, E.EINVAL, E.EADDRINUSE,
            E.EOPNOTSUPP, E.ENOENT}


def s(name):
    return name.encode() + b"\0"


def nest(atype, payload):
    return attr(atype | NLA_F_NESTED, payload)


def u8(v):
    return struct.pack("B", v)


def u16(v):
    return struct.pack("H", v)


def u32(v):
    return struct.pack("I", v)


def u64(v):
    return struct.pack("Q", v)


class Worker:
    def __init__(self, seed, kind):
        self.rnd = random.Random(seed)
        self.kind = kind
        self.g = Genl()
        self.fam = self.g.family_id("vswitch")
        self.counts = {}
        self.unexpected = []

    def note(self, what, res):
        err = res[0] if res else 0
        key = "%s %s" % (what, errno.errorcode.get(err, "ok") if err else "ok")
        self.counts[key] = self.counts.get(key, 0) + 1
        if err and err not in EXPECTED:
            self.unexpected.append("%s: %s" % (what, os.strerror(err)))

    def req(self, what, cmd, attrs):
        try:
            res, _ = self.g.request(self.fam, CMD[cmd], attrs)
        except OSError as e:
            res = (e.errno, {}, b"")
        self.note(what, res)

    def ip(self, what, *args):
        r = subprocess.run(["ip"] + list(args), capture_output=True)
        key = "%s %s" % (what, "ok" if r.returncode == 0 else "refused")
        self.counts[key] = self.counts.get(key, 0) + 1

    # --- changers -------------------------------------------------------

    def bridge(self):
        return self.rnd.choice(BRIDGES)

    def port_number(self):
        return self.rnd.choice([1, 2, 3, 4, 5, 6, 7, 0xfffe])

    def match(self):
        r = self.rnd
        m = b""
        if r.random() < 0.5:
            m += attr(M_IN_PORT, u32(self.port_number()))
        if r.random() < 0.5:
            m += attr(M_DL_TYPE, struct.pack("!H", 0x0800))
            if r.random() < 0.5:
                m += attr(M_NW_PROTO, u8(17))
                m += attr(M_TP_DST, struct.pack("!H", r.randrange(1, 20)))
        if r.random() < 0.3:
            m += attr(M_DL_SRC, bytes([2, 0x20, 0, 0, 0, r.randrange(256)]))
        return nest(F_MATCH, m)

    def actions(self):
        r = self.rnd
        a = b""
        for _ in range(r.randrange(0, 4)):
            c = r.random()
            if c < 0.3:
                a += attr(A_OUTPUT, u32(self.port_number()))
            elif c < 0.45:
                a += attr(A_NORMAL, b"")
            elif c < 0.55:
                a += attr(A_FLOOD, b"")
            elif c < 0.65:
                a += attr(A_SET_TUNNEL, u32(r.choice([1, 2, 0x1000001, 7])))
            elif c < 0.75:
                a += attr(A_CONTROLLER, u16(r.choice([0, 64])))
            elif c < 0.85:
                a += attr(A_MOD_VLAN, u16(r.randrange(1, 4095)))
            else:
                a += attr(A_STRIP_VLAN, b"")
        return nest(F_ACTIONS, a)

    def flow(self):
        return (attr(F_PRIORITY, u16(self.rnd.randrange(1, 100))) +
                self.match() + self.actions())

    def op_bridge_new(self):
        attrs = attr(BR_NAME, s(self.bridge()))
        if self.rnd.random() < 0.5:
            attrs += attr(BR_DPID, u64(self.rnd.randrange(1, 8)))
        self.req("bridge new", "BRIDGE_NEW", attrs)

    def op_bridge_del(self):
        self.req("bridge del", "BRIDGE_DEL", attr(BR_NAME, s(self.bridge())))

    def op_bridge_set(self):
        r = self.rnd
        a = attr(BR_NAME, s(self.bridge()))
        a += r.choice([attr(BR_AGING, u32(r.choice([1, 300]))),
                       attr(BR_FDB_MAX, u32(r.choice([1, 64, 8192]))),
                       attr(BR_MISS, u8(r.randrange(3))),
                       attr(BR_FLOW_MAX, u32(r.choice([5, 200000]))),
                       attr(BR_RATE, u32(r.choice([1, 1000])))])
        self.req("bridge set", "BRIDGE_SET", a)

    def op_port_new(self):
        r = self.rnd
        a = attr(P_BRIDGE, s(self.bridge()))
        kind = r.choice(["netdev", "internal", "tunnel"])
        if kind == "netdev":
            a += attr(P_NAME, s(r.choice(VETHS)))
        elif kind == "internal":
            a += attr(P_NAME, s(r.choice(INTERNALS)))
            a += attr(P_TYPE, u32(TYPE_INTERNAL))
        else:
            i = r.randrange(len(TUNNELS))
            vx = r.random() < 0.5
            a += attr(P_NAME, s(TUNNELS[i]))
            a += attr(P_TYPE, u32(TYPE_VXLAN if vx else TYPE_GRE))
            a += attr(P_REMOTE, socket.inet_aton("198.51.100.%d" % (i + 1)))
            a += attr(P_KEY, u32(r.randrange(1, 4)))
            if vx and r.random() < 0.5:
                a += attr(P_DSTPORT, u16(8472))
            if vx and r.random() < 0.3:
                a += attr(P_DF, u8(2)) + attr(P_TOS, u8(1))
        if r.random() < 0.2:
            a += attr(P_NUMBER, u32(r.randrange(1, 8)))
        if r.random() < 0.3:
            a += attr(P_TAG, u16(r.choice([10, 20])))
        self.req("port new " + kind, "PORT_NEW", a)

    def op_port_del(self):
        name = self.rnd.choice(VETHS + INTERNALS + TUNNELS + BRIDGES)
        self.req("port del", "PORT_DEL", attr(P_NAME, s(name)))

    def op_port_set(self):
        r = self.rnd
        a = attr(P_NAME, s(r.choice(VETHS + INTERNALS + TUNNELS)))
        c = r.random()
        if c < 0.4:
            a += attr(P_TAG, u16(r.choice([0, 10, 20])))
        elif c < 0.7:
            trunks = bytearray(512)
            for vid in (10, 20, 30):
                if r.random() < 0.7:
                    trunks[vid // 8] |= 1 << (vid % 8)
            a += attr(P_TAG, u16(0)) + attr(P_TRUNKS, bytes(trunks))
        else:
            a += attr(P_ISOLATED, u8(r.randrange(2)))
        self.req("port set", "PORT_SET", a)

    def op_fdb_flush(self):
        self.req("fdb flush", "FDB_FLUSH", attr(F_BRIDGE, s(self.bridge())))

    def op_flow_new(self):
        a = attr(F_BRIDGE, s(self.bridge()))
        if self.rnd.random() < 0.5:
            a += self.flow()
            self.req("flow new", "FLOW_NEW", a)
        else:
            batch = b"".join(nest(i + 1, self.flow())
                             for i in range(self.rnd.randrange(2, 20)))
            self.req("flow batch", "FLOW_NEW", a + nest(F_FLOWS, batch))

    def op_flow_del(self):
        a = attr(F_BRIDGE, s(self.bridge()))
        if self.rnd.random() < 0.7:
            a += self.match()
        self.req("flow del", "FLOW_DEL", a)

    def op_flow_set(self):
        a = attr(F_BRIDGE, s(self.bridge())) + self.match() + self.actions()
        self.req("flow set", "FLOW_SET", a)

    def op_packet_out(self):
        r = self.rnd
        frame = (b"\xff" * 6 + bytes([2, 0x20, 0, 0, 0, r.randrange(256)]) +
                 b"\x08\x00" + bytes(46))
        a = (attr(F_BRIDGE, s(self.bridge())) + attr(F_DATA, frame) +
             self.actions())
        if r.random() < 0.5:
            a += attr(F_IN_PORT, u32(self.port_number()))
        self.req("packet out", "PACKET_OUT", a)

    def op_rename(self):
        r = self.rnd
        pool = r.choice([BRIDGES, VETHS, INTERNALS])
        a, b = r.sample(pool, 2)
        # A swap, through a name nobody uses.
        tmp = "rx%d" % r.randrange(1000)
        self.ip("rename", "link", "set", a, "name", tmp)
        self.ip("rename", "link", "set", b, "name", a)
        self.ip("rename", "link", "set", tmp, "name", b)

    def op_link_del(self):
        r = self.rnd
        if r.random() < 0.5:
            self.ip("link del internal", "link", "del", r.choice(INTERNALS))
        else:
            i = r.randrange(len(VETHS))
            self.ip("link del veth", "link", "del", VETHS[i])
            self.ip("link add veth", "link", "add", VETHS[i], "type", "veth",
                    "peer", "name", "rvp%d" % i)
            self.ip("link up", "link", "set", VETHS[i], "up")
            self.ip("link up", "link", "set", "rvp%d" % i, "up")

    def op_netns(self):
        name = "race-%d-%d" % (os.getpid(), self.rnd.randrange(1000))
        vsw = os.environ.get("VSWCTL", "vswctl")
        script = ";".join([
            "ip link set lo up",
            "%s add-br nb0" % vsw,
            "%s add-port nb0 nt0 type vxlan remote 203.0.113.1 key 3" % vsw,
            "ip link add nv0 type veth peer name nvp0",
            "%s add-port nb0 nv0" % vsw,
            "%s add-flow nb0 'priority=5 actions=normal'" % vsw,
            "ip link set nv0 up", "ip link set nvp0 up"])
        self.ip("netns add", "netns", "add", name)
        subprocess.run(["ip", "netns", "exec", name, "sh", "-c", script],
                       capture_output=True)
        self.ip("netns del", "netns", "del", name)

    OPS = [("op_bridge_new", 6), ("op_bridge_del", 3), ("op_bridge_set", 4),
           ("op_port_new", 12), ("op_port_del", 6), ("op_port_set", 5),
           ("op_fdb_flush", 2), ("op_flow_new", 10), ("op_flow_del", 4),
           ("op_flow_set", 3), ("op_packet_out", 5), ("op_rename", 2),
           ("op_link_del", 2), ("op_netns", 1)]

    def change(self, end):
        names = [n for n, w in self.OPS for _ in range(w)]
        while time.monotonic() < end:
            getattr(self, self.rnd.choice(names))()

    # --- dumpers --------------------------------------------------------

    def dump(self, end):
        r = self.rnd
        kinds = [("BRIDGE_GET", b""), ("PORT_GET", None), ("FDB_GET", None),
                 ("FLOW_GET", None)]
        self.dumps = self.resumed = self.abandoned = 0
        while time.monotonic() < end:
            cmd, attrs = r.choice(kinds)
            if attrs is None:
                attrs = attr(2, s(self.bridge()))
                if cmd == "PORT_GET" and r.random() < 0.3:
                    attrs = b""
            sock = Genl()
            sock.seq += 1
            payload = struct.pack("BBH", CMD[cmd], 1, 0) + attrs
            sock.sock.send(struct.pack("IHHII", 16 + len(payload), self.fam,
                                       NLM_F_REQUEST | NLM_F_DUMP,
                                       sock.seq, 0) + payload)
            self.dumps += 1
            stop_at = r.choice([1, 2, 5, None])
            reads, started = 0, time.monotonic()
            sock.sock.settimeout(30)
            try:
                while True:
                    data = sock.sock.recv(RECV_SIZE)
                    reads += 1
                    if self.dump_done(data, cmd):
                        break
                    if stop_at and reads == stop_at:
                        if r.random() < 0.5:
                            self.abandoned += 1
                            break
                        self.resumed += 1
                        time.sleep(r.random() * 0.05)
                    if time.monotonic() - started > 30:
                        self.unexpected.append("%s dump did not end" % cmd)
                        break
            except socket.timeout:
                self.unexpected.append("%s dump: no message in 30 s" % cmd)
            sock.sock.close()

    def dump_done(self, data, cmd):
        while data:
            mlen, mtype, _, _, _ = struct.unpack_from("IHHII", data)
            body = data[16:mlen]
            data = data[(mlen + 3) & ~3:]
            if mtype in (NLMSG_DONE, NLMSG_ERROR):
                err = -struct.unpack_from("i", body)[0] if body else 0
                self.note("dump " + cmd, (err,) if err else None)
                return True
        return False

    # --- traffic --------------------------------------------------------

    def send(self, end):
        r = self.rnd
        frames = []
        for i in range(256):
            src = bytes([2, 0x30, 0, 0, i >> 4, i])
            dst = r.choice([b"\xff" * 6, bytes([2, 0x30, 0, 0, 0, r.randrange(16)])])
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 1400 if i % 16 == 0 else 40,
                             1, 0x4000, 64, 17, 0, socket.inet_aton("10.9.0.1"),
                             socket.inet_aton("10.9.0.2"))
            udp = struct.pack("!HHHH", 1000, r.randrange(1, 20), 8, 0)
            body = ip + udp
            if i % 16 == 0:
                body += bytes(1400 - len(body))
            frames.append(dst + src + b"\x08\x00" + body)
        sent = 0
        while time.monotonic() < end:
            dev = "rvp%d" % r.randrange(len(VETHS))
            try:
                sk = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
                sk.bind((dev, 0))
                for _ in range(50):
                    sk.send(r.choice(frames))
                    sent += 1
                sk.close()
            except OSError:
                time.sleep(0.01)
        self.counts["frames sent"] = sent

    def packets_group(self):
        """The id of the family's multicast group "packets"."""
        res, replies = self.g.request(0x10, 3, attr(2, b"vswitch\0"))
        groups = parse_attrs(replies[0][4:])[7]     # CTRL_ATTR_MCAST_GROUPS
        for grp in parse_attrs(groups).values():
            g = parse_attrs(grp)
            if g[1].rstrip(b"\0") == b"packets":
                return struct.unpack("I", g[2])[0]
        raise OSError(errno.ENOENT, "no packets group")

    def listen(self, end):
        sock = Genl()
        try:
            grp = self.packets_group()
            sock.sock.setsockopt(270, 1, grp)   # NETLINK_ADD_MEMBERSHIP
        except OSError as e:
            self.unexpected.append("joining the packets group: %s" % e)
            return
        sock.sock.settimeout(0.5)
        n = 0
        while time.monotonic() < end:
            try:
                n += len(sock.sock.recv(65536)) > 0
            except socket.timeout:
                pass
        self.counts["packet-ins heard"] = n


def run(kind, seed, end, queue):
    try:
        w = Worker(seed, kind)
        {"change": w.change, "dump": w.dump, "send": w.send,
         "listen": w.listen}[kind](end)
        extra = {}
        if kind == "dump":
            extra = {"dumps": w.dumps, "resumed": w.resumed,
                     "abandoned": w.abandoned}
        queue.put((kind, w.counts, w.unexpected, extra))
    except Exception as e:    # a worker that dies is a failure, not a hang
        queue.put((kind, {}, ["%s worker: %r" % (kind, e)], {}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--changers", type=int, default=3)
    ap.add_argument("--dumpers", type=int, default=2)
    args = ap.parse_args()

    end = time.monotonic() + args.seconds
    queue = multiprocessing.Queue()
    kinds = (["change"] * args.changers + ["dump"] * args.dumpers +
             ["send", "listen"])
    procs = [multiprocessing.Process(target=run,
                                     args=(k, args.seed * 100 + i, end, queue))
             for i, k in enumerate(kinds)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=args.seconds + 120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    counts, unexpected = {}, []
    dumps = resumed = abandoned = 0
    for kind, c, u, extra in results:
        for k, v in c.items():
            counts[k] = counts.get(k, 0) + v
        unexpected += u
        dumps += extra.get("dumps", 0)
        resumed += extra.get("resumed", 0)
        abandoned += extra.get("abandoned", 0)
    for k in sorted(counts):
        print("  %-28s %d" % (k, counts[k]))
    for u in unexpected[:50]:
        print("unexpected: " + u)
    ops = sum(v for k, v in counts.items()
              if not k.startswith(("frames", "packet-ins", "dump ")))
    print("race: %d operations, %d dumps (%d resumed, %d abandoned), "
          "%d unexpected" % (ops, dumps, resumed, abandoned, len(unexpected)))
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
