#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Mutated OpenFlow 1.3 messages to vswagent, built valid by python3-openflow.

vsw_ofmutate.py HOST PORT SEED COUNT: takes valid FLOW_MOD, PACKET_OUT,
MULTIPART (flow stats) and SET_CONFIG messages, and sends COUNT mutations
of them (every truncation of each, then random byte changes), each on a new
connection after HELLO and followed by a BARRIER_REQUEST. The agent must
answer each with an ERROR, a reply, the barrier, or close the connection
(a length under 8): never leave it hanging, never die. Prints one line,
"errors E replies R closed C", and exits 1 if a connection hung or the
agent stopped answering.
"""
import random
import socket
import struct
import sys

from pyof.v0x04.common.action import ActionOutput
from pyof.v0x04.common.flow_instructions import InstructionApplyAction
from pyof.v0x04.common.flow_match import Match, OxmOfbMatchField, OxmTLV
from pyof.v0x04.controller2switch.flow_mod import FlowMod, FlowModCommand
from pyof.v0x04.controller2switch.multipart_request import (
    FlowStatsRequest, MultipartRequest, MultipartType)
from pyof.v0x04.controller2switch.packet_out import PacketOut
from pyof.v0x04.controller2switch.set_config import SetConfig

HELLO = bytes.fromhex("0400000800000001")
BARRIER = bytes.fromhex("04140008000000ff")


def valid_messages():
    match = Match(oxm_match_fields=[
        OxmTLV(oxm_field=OxmOfbMatchField.OFPXMT_OFB_ETH_TYPE,
               oxm_value=b"\x08\x00"),
        OxmTLV(oxm_field=OxmOfbMatchField.OFPXMT_OFB_IP_PROTO,
               oxm_value=b"\x11")])
    frame = b"\xff" * 6 + b"\x02" + b"\0" * 5 + b"\x88\xb5" + b"\0" * 46
    return [
        FlowMod(xid=2, command=FlowModCommand.OFPFC_ADD, priority=7,
                match=match, instructions=[InstructionApplyAction(
                    actions=[ActionOutput(port=2)])]).pack(),
        FlowMod(xid=2, command=FlowModCommand.OFPFC_DELETE, priority=7,
                match=match).pack(),
        PacketOut(xid=2, buffer_id=0xffffffff, in_port=0xfffffffd,
                  actions=[ActionOutput(port=3)], data=frame).pack(),
        MultipartRequest(xid=2, multipart_type=MultipartType.OFPMP_FLOW,
                         body=FlowStatsRequest(match=match)).pack(),
        SetConfig(xid=2, flags=0, miss_send_len=128).pack(),
    ]


def read_msg(s, buf):
    while True:
        if len(buf) >= 8:
            n = struct.unpack("!H", buf[2:4])[0]
            if n >= 8 and len(buf) >= n:
                return buf[:n], buf[n:]
        data = s.recv(65536)
        if not data:
            return None, buf
        buf += data


def try_one(host, port, msg):
    """'error', 'reply' or 'closed'; raises socket.timeout if it hangs."""
    s = socket.create_connection((host, port), timeout=5)
    try:
        s.sendall(HELLO)
        buf = b""
        m, buf = read_msg(s, buf)
        if m is None or m[1] != 0:
            return "closed"
        s.sendall(msg + BARRIER)
        seen = "reply"
        while True:
            m, buf = read_msg(s, buf)
            if m is None:
                return "closed"
            if m[1] == 1:
                seen = "error"
            if m[1] == 21 and m[4:8] == BARRIER[4:8]:
                return seen
    finally:
        s.close()


def main():
    host, port, seed, count = sys.argv[1], int(sys.argv[2]), \
        int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    valid = valid_messages()
    mutants = []
    for m in valid:
        for n in range(8, len(m)):
            t = bytearray(m[:n])
            t[2:4] = struct.pack("!H", n)
            mutants.append(bytes(t))
    while len(mutants) < count:
        t = bytearray(rng.choice(valid))
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(1, len(t))
            if i in (2, 3) and rng.random() < 0.7:
                continue        # mostly keep the length sane
            t[i] = rng.randrange(256)
        # Keep the stream framed: a length past the bytes would wait for
        # more, one short of them would start a message of garbage.
        n = struct.unpack("!H", t[2:4])[0]
        if n > len(t):
            t += bytes(n - len(t))
        elif n >= 8:
            t = t[:n]
        mutants.append(bytes(t))
    seen = {"error": 0, "reply": 0, "closed": 0}
    for t in mutants[:count]:
        try:
            seen[try_one(host, port, t)] += 1
        except (socket.timeout, ConnectionError) as e:
            print("hung or refused on %s: %s" % (t.hex(), e))
            return 1
    print("errors %d replies %d closed %d" %
          (seen["error"], seen["reply"], seen["closed"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
