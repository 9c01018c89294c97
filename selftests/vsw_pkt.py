#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build Ethernet frames from a description, and send or print them.

    vsw_pkt.py send DEV COUNT FIELD=VALUE...   send COUNT copies on DEV
    vsw_pkt.py blast DEV SECONDS FIELD=VALUE... send copies for SECONDS
    vsw_pkt.py hex FIELD=VALUE...              print the frame in hex

Fields (all optional):
    src, dst        MAC addresses (default 02:00:00:00:00:01 -> :02)
    vlan, pcp       an 802.1Q tag in the data
    type            ip (default), ipv6, arp, or an Ethertype number
    nw_src, nw_dst  IPv4 addresses; for arp the sender and target address
    ipv6_src, ipv6_dst
    proto           udp (default), tcp, icmp, icmp6 or a number
    tos, ttl        IPv4 TOS byte (or IPv6 traffic class) and TTL/hop limit
    df              1: IPv4 Don't Fragment
    payload         L4 payload bytes (default 12)
    sport, dport    TCP/UDP ports (default 1000 -> 2000)
    icmp_type, icmp_code
    arp_op          1 (default) or 2
    len             pad the frame to this many bytes (default 60)

Checksums are right, so a receiver's stack takes the packet.
"""
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def mac(m):
    return bytes.fromhex(m.replace(":", ""))


PROTOS = {"udp": 17, "tcp": 6, "icmp": 1, "icmp6": 58}


def l4(f, proto, src, dst, pseudo):
    sport, dport = int(f.get("sport", 1000)), int(f.get("dport", 2000))
    payload = b"vswitch-test"
    if "payload" in f:
        payload = (payload * (int(f["payload"]) // len(payload) + 1))[:int(f["payload"])]
    if proto == 17:
        hdr = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
        body = hdr + payload
        c = csum(pseudo(len(body)) + body) or 0xFFFF
        return body[:6] + struct.pack("!H", c) + body[8:]
    if proto == 6:
        hdr = struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x02,
                          8192, 0, 0)
        body = hdr + payload
        c = csum(pseudo(len(body)) + body)
        return body[:16] + struct.pack("!H", c) + body[18:]
    if proto in (1, 58):
        t = int(f.get("icmp_type", 8 if proto == 1 else 128))
        code = int(f.get("icmp_code", 0))
        body = struct.pack("!BBHHH", t, code, 0, 1, 1) + payload
        c = csum((pseudo(len(body)) if proto == 58 else b"") + body)
        return body[:2] + struct.pack("!H", c) + body[4:]
    return payload


def frame(f):
    hdr = mac(f.get("dst", "02:00:00:00:00:02")) + mac(f.get("src", "02:00:00:00:00:01"))
    if "vlan" in f or "pcp" in f:
        tci = (int(f.get("pcp", 0)) << 13) | int(f.get("vlan", 0))
        hdr += struct.pack("!HH", 0x8100, tci)
    t = f.get("type", "ip")
    proto = f.get("proto", "udp")
    proto = PROTOS.get(proto, None) or int(proto, 0)
    if t == "ip":
        src = socket.inet_aton(f.get("nw_src", "10.0.0.1"))
        dst = socket.inet_aton(f.get("nw_dst", "10.0.0.2"))
        pseudo = lambda n: src + dst + struct.pack("!BBH", 0, proto, n)
        body = l4(f, proto, src, dst, pseudo)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, int(f.get("tos", "0"), 0),
                         20 + len(body), 1,
                         0x4000 if f.get("df") == "1" else 0,
                         int(f.get("ttl", 64)), proto, 0, src, dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        payload = struct.pack("!H", 0x0800) + ip + body
    elif t == "ipv6":
        src = socket.inet_pton(socket.AF_INET6, f.get("ipv6_src", "2001:db8::1"))
        dst = socket.inet_pton(socket.AF_INET6, f.get("ipv6_dst", "2001:db8::2"))
        if proto == 1:
            proto = 58
        pseudo = lambda n: src + dst + struct.pack("!I3xB", n, proto)
        body = l4(f, proto, src, dst, pseudo)
        tc = int(f.get("tos", "0"), 0)
        ip6 = struct.pack("!IHBB16s16s", (6 << 28) | (tc << 20), len(body),
                          proto, int(f.get("ttl", 64)), src, dst)
        payload = struct.pack("!H", 0x86DD) + ip6 + body
    elif t == "arp":
        arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4,
                          int(f.get("arp_op", 1)),
                          mac(f.get("src", "02:00:00:00:00:01")),
                          socket.inet_aton(f.get("nw_src", "10.0.0.1")),
                          bytes(6), socket.inet_aton(f.get("nw_dst", "10.0.0.2")))
        payload = struct.pack("!H", 0x0806) + arp
    else:
        payload = struct.pack("!H", int(t, 0)) + b"vswitch-test"
    data = hdr + payload
    return data + bytes(max(0, int(f.get("len", 60)) - len(data)))


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("send", "blast", "hex"):
        sys.exit(__doc__)
    if sys.argv[1] in ("send", "blast"):
        dev, count, args = sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    else:
        args = sys.argv[2:]
    f = dict(a.split("=", 1) for a in args)
    data = frame(f)
    if sys.argv[1] == "hex":
        print(data.hex())
        return
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    if sys.argv[1] == "blast":
        end = time.monotonic() + count
        while time.monotonic() < end:
            for _ in range(100):
                try:
                    s.send(data)
                except OSError:
                    pass
        return
    for _ in range(int(count)):
        s.send(data)


main()
