#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed frames and tunnel packets, by name, for the parser tests.

    vsw_bad.py frame DEV COUNT CASE     send COUNT copies of frame CASE on DEV
    vsw_bad.py vxlan ADDR COUNT CASE    send COUNT UDP packets CASE to
                                        ADDR port 4789
    vsw_bad.py gre ADDR COUNT CASE      send COUNT GRE packets CASE to ADDR
    vsw_bad.py random DEV COUNT SEED    send COUNT frames made by cutting
                                        and corrupting the frame cases at
                                        random (seeded)
    vsw_bad.py list                     print the case names

Frames go from 02:00:00:00:00:01 to 02:00:00:00:00:02; tunnel packets
carry such a frame inside (Ethertype 0x88b5 when valid).
"""
import random
import socket
import struct
import sys

SRC = bytes.fromhex("020000000001")
DST = bytes.fromhex("020000000002")
ETH = DST + SRC


def ip4(proto, payload, ihl=5, total=None, frag=0):
    opts = b"\0" * max(0, ihl * 4 - 20)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0,
                      total or 20 + len(opts) + len(payload), 1, frag, 64,
                      proto, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    return hdr + opts + payload


def ip6(nexthdr, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nexthdr, 64,
                       socket.inet_pton(socket.AF_INET6, "2001:db8::1"),
                       socket.inet_pton(socket.AF_INET6, "2001:db8::2")) + payload


def destopts(chain, inner_proto, inner):
    """@chain destination-options headers of 8 bytes, then @inner."""
    out = inner
    nxt = inner_proto
    for _ in range(chain):
        out = bytes([nxt, 0]) + b"\x01\x04\0\0\0\0" + out  # PadN
        nxt = 60
    return nxt, out


TCP80 = struct.pack("!HHIIBBHHH", 1000, 80, 0, 0, 0x50, 0x02, 1024, 0, 0)


def frames():
    f = {}
    f["runt"] = ETH + b"\x88\xb5"                     # 14 bytes, no payload
    f["runt-pad"] = ETH + b"\x88\xb5" + b"\0" * 46    # the 60-byte minimum
    f["ipv4-short"] = ETH + b"\x08\x00" + ip4(6, TCP80)[:12]
    f["ipv4-ihl3"] = ETH + b"\x08\x00" + ip4(6, TCP80)[:0] + \
        bytes([0x43]) + ip4(6, TCP80)[1:]
    f["ipv4-ihl15"] = ETH + b"\x08\x00" + ip4(6, TCP80[:4], ihl=15)[:24]
    f["ipv4-l4-short"] = ETH + b"\x08\x00" + ip4(6, TCP80[:2])
    f["ipv4-tcp80"] = ETH + b"\x08\x00" + ip4(6, TCP80)
    f["ipv4-len-lies"] = ETH + b"\x08\x00" + ip4(6, TCP80, total=4000)
    f["ipv6-short"] = ETH + b"\x86\xdd" + ip6(6, TCP80)[:20]
    nxt, body = destopts(30, 6, TCP80)
    f["ipv6-chain30-tcp80"] = ETH + b"\x86\xdd" + ip6(nxt, body)
    nxt, body = destopts(30, 6, TCP80)
    f["ipv6-chain-cut"] = ETH + b"\x86\xdd" + ip6(nxt, body)[:40 + 8 * 12 + 3]
    f["ipv6-l4-short"] = ETH + b"\x86\xdd" + ip6(6, TCP80[:3])
    f["qinq"] = ETH + b"\x88\xa8\x00\x0a\x81\x00\x00\x14\x08\x00" + ip4(6, TCP80)
    f["vlan-vlan"] = ETH + b"\x81\x00\x00\x0a\x81\x00\x00\x14\x88\xb5" + b"\0" * 40
    f["vlan-cut"] = ETH + b"\x81\x00\x00"
    f["arp-short"] = ETH + b"\x08\x06" + b"\x00\x01\x08\x00\x06"
    return f


def vxlan_cases():
    inner = ETH + b"\x88\xb5" + b"\0" * 46
    vx = lambda flags, vni: struct.pack("!II", flags << 24, vni << 8)
    return {
        "valid": vx(0x08, 42) + inner,
        "no-i-flag": vx(0x00, 42) + inner,
        "reserved-flags": vx(0xff, 42) + inner,
        "short-header": vx(0x08, 42)[:5],
        "inner-short": vx(0x08, 42) + inner[:10],
        "wrong-vni": vx(0x08, 43) + inner,
    }


def gre_cases():
    inner = ETH + b"\x88\xb5" + b"\0" * 46
    key = lambda k: struct.pack("!I", k)
    return {
        "valid": struct.pack("!HH", 0x2000, 0x6558) + key(7) + inner,
        "version1": struct.pack("!HH", 0x2001, 0x6558) + key(7) + inner,
        "routing": struct.pack("!HH", 0x6000, 0x6558) + key(7) + b"\0" * 4 + inner,
        "no-key": struct.pack("!HH", 0x0000, 0x6558) + inner,
        "wrong-key": struct.pack("!HH", 0x2000, 0x6558) + key(8) + inner,
        "short-header": struct.pack("!HH", 0x2000, 0x6558) + b"\0\0",
        "inner-short": struct.pack("!HH", 0x2000, 0x6558) + key(7) + inner[:9],
        "csum-bad": struct.pack("!HHHH", 0xa000, 0x6558, 0x1234, 0) + key(7) + inner,
    }


def random_frames(count, seed):
    """@count frames: a frame case with bytes after the MAC addresses
    overwritten or flipped, and cut at a random length (never below 14)."""
    rnd = random.Random(seed)
    base = list(frames().values())
    for _ in range(count):
        f = bytearray(rnd.choice(base))
        if len(f) < 14:
            f += bytes(14 - len(f))
        for _ in range(rnd.randint(0, 6)):
            i = rnd.randrange(12, len(f))
            f[i] = rnd.choice([0, 0xff, rnd.getrandbits(8), f[i] ^ (1 << rnd.randrange(8))])
        if rnd.random() < 0.5:
            f = f[:rnd.randint(14, len(f))]
        yield bytes(f)


def main():
    what = sys.argv[1]
    if what == "list":
        print("frames:", " ".join(frames()))
        print("vxlan:", " ".join(vxlan_cases()))
        print("gre:", " ".join(gre_cases()))
        return
    target, count, case = sys.argv[2], int(sys.argv[3]), sys.argv[4]
    if what == "random":
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((target, 0))
        for f in random_frames(count, int(case)):
            s.send(f)
    elif what == "frame":
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((target, 0))
        data = frames()[case]
        for _ in range(count):
            s.send(data)
    elif what == "vxlan":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for _ in range(count):
            s.sendto(vxlan_cases()[case], (target, 4789))
    elif what == "gre":
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 47)
        for _ in range(count):
            s.sendto(gre_cases()[case], (target, 0))
    else:
        sys.exit("vsw_bad.py: frame, vxlan, gre or list")


if __name__ == "__main__":
    main()
