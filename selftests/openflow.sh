#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswagent, the OpenFlow agent, driven by programs we did not write:
# ovs-ofctl (OpenFlow 1.3 and 1.0) on a ptcp: target, and
# ovs-testcontroller on a tcp: target, as a learning switch, and on a
# pssl: target with certificates made here (and one of another CA, which
# the agent refuses). The agent runs under ASan and UBSan where the
# sanitizer build exists.
#
#   +--- h1 ---+  +--- h2 ---+  +--- h3 ---+
#   | 10.0.0.1 |  | 10.0.0.2 |  | 10.0.0.3 |
#   +---eth0---+  +---eth0---+  +---eth0---+
#        |             |             |
#   +---h1 (1)--------h2 (2)--------h3 (3)---- netns sw-$$ ---+
#   |      br0 (LOCAL), dpid 0xabc                            |
#   |      vswagent: ptcp:6653 (ovs-ofctl)                    |
#   |                tcp:127.0.0.1:6654 (ovs-testcontroller)  |
#   |                ssl:127.0.0.1:6655 (ovs-testcontroller)  |
#   |                ssl:127.0.0.1:6656 (a CA we do not trust)|
#   +---------------------------------------------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd ovs-ofctl ovs-testcontroller python3 openssl

AGENT=${VSWAGENT:-$SELFTESTS_DIR/../userspace-ctl/vswagent-asan}
if [[ ! -x $AGENT ]]; then
	AGENT=$SELFTESTS_DIR/../userspace-ctl/vswagent
	diag "no vswagent-asan (make -C userspace-ctl vswagent-asan): $AGENT, without sanitizers"
fi
[[ -x $AGENT ]] || skip_all "vswagent not built"
export ASAN_OPTIONS=detect_leaks=1:exitcode=66
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

sw=$(add_netns sw)
# ovs-ofctl monitor and ovs-testcontroller make their control socket here.
mkdir -p /run/openvswitch
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
T=tcp:127.0.0.1:6653
of13() { ip netns exec "$sw" ovs-ofctl -O OpenFlow13 "$@"; }
of10() { ip netns exec "$sw" ovs-ofctl -O OpenFlow10 "$@"; }
log=$(mktemp)
pidfile=$(mktemp -u)
on_exit "rm -f $log"

# Certificates: CA "good" signs the agent's and the controller's; CA
# "evil" signs another controller's.
certs=$(mktemp -d)
on_exit "rm -rf $certs"
mkca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$certs/$1-ca.key" -out "$certs/$1-ca.crt" \
		-subj "/CN=$1-ca" -days 2
}
mkcert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$certs/$1.key" -out "$certs/$1.csr" -subj "/CN=$1" &&
	openssl x509 -req -in "$certs/$1.csr" -CA "$certs/$2-ca.crt" \
		-CAkey "$certs/$2-ca.key" -CAcreateserial -out "$certs/$1.crt" -days 2
}
check "make a CA" mkca good
check "and another" mkca evil
check "the agent's certificate" mkcert agent good
check "the controller's" mkcert ctl good
check "and one of the other CA" mkcert evilctl evil

check "add-br with a DPID" v add-br br0 dpid 0xabc
attach_hosts "$sw" br0 1 2 3
pin_neighbours 1 2 3
check "set-controller br0 ptcp:6653" v set-controller br0 ptcp:6653

ip netns exec "$sw" "$AGENT" -v --log-file "$log" --pidfile "$pidfile" \
	--private-key "$certs/agent.key" --certificate "$certs/agent.crt" \
	--ca-cert "$certs/good-ca.crt" 2>> "$log" &
agent=$!
on_exit "kill $agent"
# wait_listen PORT: until something listens on TCP PORT in sw.
wait_listen() {
	local i
	for i in $(seq 100); do
		ip netns exec "$sw" ss -Hltn "sport = :$1" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}
check "vswagent listens on 6653" wait_listen 6653
check_eq "and wrote its pidfile" "$(cat "$pidfile" 2>/dev/null)" "$agent"

# --- OpenFlow 1.3: show, flows, counters ------------------------------------

out=$(of13 show $T 2>&1)
check_has "show: the DPID and every port" "$out" \
	"OFPT_FEATURES_REPLY (OF1.3) (xid=0x2): dpid:0000000000000abc" \
	"n_tables:1, n_buffers:0" " 1(h1): addr:" " 2(h2): addr:" \
	" 3(h3): addr:" " LOCAL(br0): addr:"
check_has "show: the config" "$out" "OFPT_GET_CONFIG_REPLY (OF1.3) (xid=0x5): frags=normal miss_send_len=0"

check "add-flow with a cookie and timeouts" of13 add-flow $T \
	"priority=100,cookie=0x5,idle_timeout=300,hard_timeout=600,icmp,nw_dst=10.0.0.2 actions=output:2"
check "add-flow back" of13 add-flow $T \
	"priority=100,cookie=0x6,icmp,nw_dst=10.0.0.1 actions=output:1"
out=$(v dump-flows br0)
check_has "vswctl dump-flows shows them" "$out" \
	" cookie=0x5, " "idle_timeout=300, " "hard_timeout=600, " \
	"priority=100,icmp,nw_dst=10.0.0.2 actions=output:2" \
	" cookie=0x6, " "priority=100,icmp,nw_dst=10.0.0.1 actions=output:1"
check_json "the agent's flows carry the controller flag" "[['controller'], ['controller']]" \
	'[f["flags"] for f in d if f["cookie"] in (5, 6)]' v -j dump-flows br0
check_eq "vswctl save leaves them out" "$(v save br0 | grep -c 'cookie=0x[56],')" 0
check "h1 pings h2 three times" ip netns exec "$h1" ping -c 3 -i 0.2 -W 1 10.0.0.2
out=$(of13 dump-flows $T)
check_has "ovs-ofctl dump-flows: counters of the three requests and replies" "$out" \
	"cookie=0x5, duration=" "table=0, n_packets=3, n_bytes=294, idle_timeout=300, hard_timeout=600, priority=100,icmp,nw_dst=10.0.0.2 actions=output:2" \
	"cookie=0x6, duration=" "table=0, n_packets=3, n_bytes=294, priority=100,icmp,nw_dst=10.0.0.1 actions=output:1"
check_has "cookie filter" "$(of13 dump-flows $T cookie=0x6/-1)" "cookie=0x6"
check_eq "which selects one flow" "$(of13 dump-flows $T cookie=0x6/-1 | grep -c cookie=)" 1
check_has "aggregate" "$(of13 dump-aggregate $T)" \
	"packet_count=6 byte_count=588 flow_count=2"

flows=$(mktemp)
on_exit "rm -f $flows"
for i in $(seq 2000); do
	echo "priority=5,udp,tp_dst=$i actions=drop"
done > "$flows"
check "add-flows with 2000 flows" of13 add-flows $T "$flows"
check_eq "vswctl sees them" "$(v dump-flows br0 | grep -c 'udp,tp_dst=')" 2000
check_eq "ovs-ofctl dump-flows, in several replies" \
	"$(of13 dump-flows $T | grep -c 'udp,tp_dst=')" 2000
check "del-flows --strict one of them" of13 del-flows --strict $T \
	"priority=5,udp,tp_dst=7"
check_eq "1999 left" "$(v dump-flows br0 | grep -c 'udp,tp_dst=')" 1999
check_eq "tp_dst=7 is the one gone" "$(v dump-flows br0 | grep -c 'tp_dst=7 ')" 0
check "del-flows --strict at another priority deletes nothing" \
	of13 del-flows --strict $T "priority=6,udp,tp_dst=8"
check_eq "1999 still" "$(v dump-flows br0 | grep -c 'udp,tp_dst=')" 1999
check "del-flows udp" of13 del-flows $T udp
check_eq "no udp flow left" "$(v dump-flows br0 | grep -c 'udp')" 0
check_eq "the two icmp flows stay" "$(v dump-flows br0 | grep -c 'icmp')" 2

check "a flow to port 3" of13 add-flow $T "priority=50,tcp actions=output:3"
check "del-flows out_port=3" of13 del-flows $T "out_port=3"
check_eq "took only the flow to port 3" "$(v dump-flows br0 | grep -c 'tcp')" 0
check_eq "not the others" "$(v dump-flows br0 | grep -c 'icmp')" 2

check_fail "check_overlap refuses an overlapping flow" \
	"OFPT_ERROR (OF1.3) (xid=0x6): OFPFMFC_OVERLAP
OFPT_FLOW_MOD (OF1.3) (xid=0x6): ADD priority=100,icmp check_overlap actions=drop" \
	of13 --strict add-flow $T "priority=100,check_overlap,icmp actions=drop"

# --- Ports ------------------------------------------------------------------

rx=$(port_stat "$sw" br0 h1 rx_packets)
out=$(of13 dump-ports $T 1)
check_has "dump-ports 1: the kernel's counters" "$out" \
	"port  1: rx pkts=$rx, bytes=$(port_stat "$sw" br0 h1 rx_bytes), drop=0, errs=0"
out=$(of13 dump-ports-desc $T)
check_has "dump-ports-desc" "$out" " 1(h1): addr:" " 2(h2): addr:" \
	" 3(h3): addr:" " LOCAL(br0): addr:"

# --- PACKET_OUT and PACKET_IN -----------------------------------------------

frame=ffffffffffff020000000001 frame+=88b5 frame+=$(printf '00%.0s' $(seq 46))
tx=$(port_stat "$sw" br0 h3 tx_packets)
check "packet-out to port 3" of13 packet-out $T \
	"in_port=controller packet=$frame actions=output:3"
check_eq "h3 sent it" "$(port_stat "$sw" br0 h3 tx_packets)" $((tx + 1))

mon=$(mktemp)
on_exit "rm -f $mon"
ip netns exec "$sw" ovs-ofctl -O OpenFlow13 monitor $T 65535 > "$mon" 2>&1 &
monpid=$!
on_exit "kill $monpid"
sleep "$(slow 1)"
check "a flow to the controller" of13 add-flow $T \
	"priority=300,cookie=0x77,dl_type=0x88b5 actions=controller"
send_frames "$h1" eth0 1 02:00:00:00:00:01 ff:ff:ff:ff:ff:ff
check "a flow that asks for FLOW_REMOVED, with a hard timeout" of13 add-flow $T \
	"priority=301,cookie=0x88,hard_timeout=1,send_flow_rem,udp,tp_dst=4444 actions=drop"
check "and one that is deleted" of13 add-flow $T \
	"priority=302,cookie=0x99,send_flow_rem,udp,tp_dst=5555 actions=drop"
check "del-flows it" of13 del-flows --strict $T "priority=302,udp,tp_dst=5555"
sleep "$(slow 2.5)"
ip -n "$sw" link add p4 type veth peer name p4peer
check "add-port p4" v add-port br0 p4
sleep "$(slow 1)"
kill $monpid
out=$(cat "$mon")
check_has "monitor sees the packet-in, with reason and cookie" "$out" \
	"OFPT_PACKET_IN (OF1.3) (xid=0x0): cookie=0x77 total_len=60 in_port=1 (via action) data_len=60 (unbuffered)"
check_has "and the new port" "$out" "OFPT_PORT_STATUS (OF1.3) (xid=0x0): ADD: 4(p4): addr:"
check_has "and the flow that timed out, with its reason" "$out" \
	"OFPT_FLOW_REMOVED (OF1.3) (xid=0x0): priority=301,udp,tp_dst=4444 reason=hard table_id=0 cookie:0x88 duration" \
	"s idle0 hard1 pkts0 bytes0"
check_has "and the one deleted" "$out" \
	"OFPT_FLOW_REMOVED (OF1.3) (xid=0x0): priority=302,udp,tp_dst=5555 reason=delete table_id=0 cookie:0x99 duration"

# --- OpenFlow 1.0 -----------------------------------------------------------

out=$(of10 show $T 2>&1)
check_has "1.0 show: the DPID and ports" "$out" \
	"OFPT_FEATURES_REPLY (xid=0x2): dpid:0000000000000abc" \
	" 1(h1): addr:" " LOCAL(br0): addr:"
check "1.0 add-flow" of10 add-flow $T \
	"priority=20,cookie=0x10,idle_timeout=50,udp,tp_dst=53 actions=output:2"
check_has "vswctl shows it" "$(v dump-flows br0)" " cookie=0x10, " \
	"idle_timeout=50, " "priority=20,udp,tp_dst=53 actions=output:2"
check_has "1.0 dump-flows" "$(of10 dump-flows $T udp)" \
	"cookie=0x10, duration=" "n_packets=0, n_bytes=0, idle_timeout=50, priority=20,udp,tp_dst=53 actions=output:2"
check "1.0 mod-flows" of10 mod-flows $T "udp,tp_dst=53 actions=output:3"
check_has "changed the actions" "$(v dump-flows br0 udp)" \
	"priority=20,udp,tp_dst=53 actions=output:3"
check "1.0 del-flows --strict" of10 del-flows --strict $T "priority=20,udp,tp_dst=53"
check_eq "gone" "$(v dump-flows br0 | grep -c udp)" 0
check_has "1.0 dump-ports" "$(of10 dump-ports $T 2)" \
	"port  2: rx pkts=$(port_stat "$sw" br0 h2 rx_packets),"

# --- Bad input from a raw socket ----------------------------------------------

# rawof HEX...: a HELLO of 1.3, then each message; prints the type and
# code of each ERROR received, or "closed".
rawof() {
	ip netns exec "$sw" python3 - "$@" <<'PY'
import socket, struct, sys
s = socket.create_connection(("127.0.0.1", 6653), timeout=3)
s.sendall(bytes.fromhex("04000008 00000001".replace(" ", "")))
buf = b""
def msg():
    global buf
    while True:
        if len(buf) >= 8:
            n = struct.unpack("!H", buf[2:4])[0]
            if len(buf) >= n:
                m, buf = buf[:n], buf[n:]
                return m
        d = s.recv(65536)
        if not d:
            return None
        buf += d
assert msg()[1] == 0
for h in sys.argv[1:]:
    s.sendall(bytes.fromhex(h))
    try:
        m = msg()
    except socket.timeout:
        print("timeout")
        continue
    if m is None:
        print("closed")
        break
    if m[1] == 1:
        print("error %d %d" % struct.unpack("!HH", m[8:12]))
    else:
        print("type %d" % m[1])
PY
}
check_output "an unknown type: BAD_REQUEST/BAD_TYPE" "error 1 1" rawof 04ee000800000002
check_output "a FEATURES_REQUEST with a body: BAD_REQUEST/BAD_LEN" "error 1 6" \
	rawof 04050010000000020000000000000000
check_output "a multipart type we lack: BAD_REQUEST/BAD_MULTIPART" "error 1 2" \
	rawof 04120010000000020009000000000000
check_output "a FLOW_MOD cut short: BAD_REQUEST/BAD_LEN" "error 1 6" \
	rawof 040e0010000000020000000000000000
check_output "the wrong version: BAD_REQUEST/BAD_VERSION" "error 1 0" rawof 0102000800000002
check_output "a PACKET_OUT of a buffer: BAD_REQUEST/BUFFER_UNKNOWN" "error 1 8" \
	rawof 040d00180000000200000001fffffffd0000000000000000
check_output "a PACKET_OUT whose actions_len is past its end: BAD_LEN" "error 1 6" \
	rawof 040d001800000002fffffffffffffffd0010000000000000
check_output "a ROLE_REQUEST of an unknown role: ROLE_REQUEST_FAILED/BAD_ROLE" \
	"error 11 2" rawof 041800180000000200000007000000000000000000000000
check_output "ROLE_REQUEST master" "type 25" \
	rawof 041800180000000200000002000000000000000000000005
check_output "and an older generation: ROLE_REQUEST_FAILED/STALE" "error 11 0" \
	rawof 041800180000000200000002000000000000000000000004
check_output "a length under 8 closes the connection" "closed" rawof 0402000400000002
check_output "an echo after all that" "type 3" rawof 0402000800000009
# Valid messages from python3-openflow, cut at every length and mutated.
if /usr/bin/python3 -c "import pyof" 2>/dev/null; then
	out=$(ip netns exec "$sw" /usr/bin/python3 "$SELFTESTS_DIR/vsw_ofmutate.py" \
		127.0.0.1 6653 1 400 2>&1)
	rc=$?
	diag "mutations: $out"
	read -r _ e _ r _ c <<< "$out"
	check_eq "400 mutated messages: each answered or closed, none hung" \
		"$rc $((e + r + c))" "0 400"
	check_eq "and most refused with an ERROR" "$((e > 200))" 1
else
	diag "python3-openflow missing: no mutated messages sent"
fi
check "the agent is alive" kill -0 $agent

# The same decoders under libFuzzer for a bounded time, where it is built
# (make -C userspace-ctl/fuzz ofp_msg).
fuzzer=$SELFTESTS_DIR/../userspace-ctl/fuzz/ofp_msg
if [[ -x $fuzzer ]]; then
	fc=$(mktemp -d)
	on_exit "rm -rf $fc"
	cp "$SELFTESTS_DIR/../userspace-ctl/fuzz/corpus-ofp/"* "$fc/"
	check "ofp_msg's decoders take 10 s of libFuzzer" "$fuzzer" \
		-max_total_time=10 -max_len=2048 -seed=1 -artifact_prefix="$fc/" "$fc"
else
	diag "fuzz/ofp_msg not built: the decoders were not fuzzed here"
fi

# --- ovs-testcontroller -------------------------------------------------------

check "del-flows" of13 del-flows $T
ip netns exec "$sw" ovs-testcontroller --max-idle=12 ptcp:6654:127.0.0.1 \
	> /dev/null 2>&1 &
ctl=$!
on_exit "kill $ctl"
check "ovs-testcontroller listens" wait_listen 6654
check "set-controller tcp:127.0.0.1:6654 ptcp:6653" \
	v set-controller br0 tcp:127.0.0.1:6654 ptcp:6653
# wait_log TEXT: until the agent logged TEXT.
wait_log() {
	local i
	for i in $(seq 100); do
		grep -qF "$1" "$log" && return 0
		sleep 0.1
	done
	return 1
}
check "the agent connects to it" wait_log "br0: tcp:127.0.0.1:6654: connected, OpenFlow"
# connected: the miss policy and each target's is_connected, as the kernel
# has them from the agent.
connected() {
	v -j show br0 | python3 -c 'import json, sys; d = json.load(sys.stdin)
print(d[0]["miss"], *[c["target"] + "=" + str(c["is_connected"]) for c in d[0]["controllers"]])'
}
# wait_connected WANT [TENTHS]: until connected prints WANT, for TENTHS
# tenths of a second (default 30) at most.
wait_connected() {
	local i
	for i in $(seq "${2:-30}"); do
		[[ $(connected) == "$1" ]] && return 0
		sleep 0.1
	done
	return 1
}
check "the kernel knows: misses go to it; ptcp: is no controller" \
	wait_connected "controller tcp:127.0.0.1:6654=True ptcp:6653=False"
for a in 1 2 3; do
	for b in 1 2 3; do
		((a == b)) && continue
		eval ns=\$h$a
		check "h$a pings h$b through the controller" \
			ip netns exec "$ns" ping -c 2 -i 0.3 -W 2 "10.0.0.$b"
	done
done
out=$(v dump-flows br0)
check_has "its flows are in the kernel, with its idle timeout" "$out" \
	"idle_timeout=12, "
check_eq "and they forward: a flow for each way of each pair at least" \
	"$(( $(v dump-flows br0 | grep -c 'idle_timeout=12') >= 6 ))" 1

# --- Fail modes ---------------------------------------------------------------

# A controller that hangs: three probes go unanswered, 5 s apart after
# 5 s of silence, and at 20 s the agent drops it.
kill -STOP $ctl
t0=$SECONDS
check "standalone: a hung controller is dropped, misses go to normal" \
	wait_connected "normal tcp:127.0.0.1:6654=False ptcp:6653=False" 300
check_eq "20 s after it last spoke (its last message came 0 to 5 s before it hung)" \
	"$(( SECONDS - t0 >= 14 && SECONDS - t0 <= 23 ))" 1
check_has "for its silence" "$(cat "$log")" \
	"br0: tcp:127.0.0.1:6654: disconnected: inactivity probes unanswered"
kill -KILL $ctl
wait $ctl 2>/dev/null
# Nothing has crossed the bridge since the controller hung: its flows
# have been idle for 14 s or more.
learned_gone() {
	local i
	for i in $(seq 100); do
		(($(v dump-flows br0 | grep -c 'idle_timeout=12') == 0)) && return 0
		sleep 0.1
	done
	return 1
}
check "the kernel expired its flows after 12 s idle" learned_gone
# ovs-testcontroller's table-miss flow (priority 0, actions=CONTROLLER)
# outlives it, and takes every frame its other flows do not: with no
# controller connected, a standalone bridge forwards what a controller
# action gets as the learning switch would (Documentation/openflow.rst).
check_eq "the controller left its table-miss flow" \
	"$(v dump-flows br0 | grep -c ' priority=0 actions=CONTROLLER:128')" 1
tx=$(port_stat "$sw" br0 h3 tx_packets)
send_frames "$h2" eth0 3 02:00:00:00:00:02 02:00:00:00:00:03
check_eq "three frames only that flow takes reach h3 by the learning switch" \
	"$(port_stat "$sw" br0 h3 tx_packets)" $((tx + 3))
check "set-fail-mode secure" v set-fail-mode br0 secure
check "secure: misses are dropped" \
	wait_connected "drop tcp:127.0.0.1:6654=False ptcp:6653=False"
tx=$(port_stat "$sw" br0 h3 tx_packets)
send_frames "$h2" eth0 3 02:00:00:00:00:02 02:00:00:00:00:03
check_eq "and what the table-miss flow takes does not reach h3" \
	"$(port_stat "$sw" br0 h3 tx_packets)" "$tx"
check "del-flows --strict priority=0" of13 del-flows --strict $T priority=0
drops=$(bridge_stat "$sw" br0 drop_miss)
send_frames "$h1" eth0 3 02:00:00:00:00:01 02:00:00:00:00:02
check_eq "three frames no flow takes are dropped" \
	"$(bridge_stat "$sw" br0 drop_miss)" $((drops + 3))
printf '%s\n' "priority=100,icmp,nw_dst=10.0.0.2 actions=output:2" \
	"priority=100,icmp,nw_dst=10.0.0.1 actions=output:1" > "$flows"
check "flows for ICMP between h1 and h2" of13 add-flows $T "$flows"
check "what flows allow still goes: h1 pings h2" \
	ip netns exec "$h1" ping -c 2 -i 0.3 -W 2 10.0.0.2
check "del-flows icmp" of13 del-flows $T icmp
check "set-fail-mode standalone" v set-fail-mode br0 standalone

# --- The agent killed and started again ---------------------------------------

check "flows for ICMP between h1 and h2 again" of13 add-flows $T "$flows"
pings=$(mktemp)
on_exit "rm -f $pings"
ip netns exec "$h1" ping -c 30 -i 0.1 -W 1 10.0.0.2 > "$pings" 2>&1 &
pinger=$!
sleep "$(slow 0.5)"
kill -KILL $agent
wait $agent 2>/dev/null
ip netns exec "$sw" "$AGENT" -v --log-file "$log" --pidfile "$pidfile" \
	--private-key "$certs/agent.key" --certificate "$certs/agent.crt" \
	--ca-cert "$certs/good-ca.crt" 2>> "$log" &
agent=$!
on_exit "kill $agent"
wait $pinger
check_has "a ping through them loses nothing while the agent is killed and started again" \
	"$(cat "$pings")" "30 packets transmitted, 30 received, 0% packet loss"
check "the new agent listens" wait_listen 6653
check_eq "and finds the two flows" "$(of13 dump-flows $T icmp | grep -c "n_packets=30, n_bytes=2940, priority=100,icmp")" 2
check "del-flows" of13 del-flows $T

# --- TLS ----------------------------------------------------------------------

check "del-flows" of13 del-flows $T
ip netns exec "$sw" ovs-testcontroller --max-idle=45 -p "$certs/ctl.key" \
	-c "$certs/ctl.crt" -C "$certs/good-ca.crt" pssl:6655:127.0.0.1 \
	> /dev/null 2>&1 &
ctl=$!
on_exit "kill $ctl"
check "ovs-testcontroller listens on pssl:6655" wait_listen 6655
check "set-controller ssl:127.0.0.1:6655 ptcp:6653" \
	v set-controller br0 ssl:127.0.0.1:6655 ptcp:6653
check "the agent connects to it over TLS" \
	wait_log "br0: ssl:127.0.0.1:6655: connected, OpenFlow"
check "h1 pings h3 through it" ip netns exec "$h1" ping -c 2 -i 0.3 -W 2 10.0.0.3
check_has "with its flows" "$(v dump-flows br0)" "idle_timeout=45, "
kill $ctl
wait $ctl 2>/dev/null
ip netns exec "$sw" ovs-testcontroller -p "$certs/evilctl.key" \
	-c "$certs/evilctl.crt" -C "$certs/good-ca.crt" pssl:6656:127.0.0.1 \
	> /dev/null 2>&1 &
ctl=$!
on_exit "kill $ctl"
check "a controller with a certificate of another CA" wait_listen 6656
check "set-controller ssl:127.0.0.1:6656" v set-controller br0 ssl:127.0.0.1:6656
check "the agent refuses it" wait_log "br0: ssl:127.0.0.1:6656: TLS "
check_has "because its certificate does not verify" \
	"$(grep "ssl:127.0.0.1:6656: TLS" "$log" | head -n 1)" "certificate verify failed"
check_eq "and never gets through HELLO with it" \
	"$(grep -c "ssl:127.0.0.1:6656: connected" "$log")" 0
kill $ctl
wait $ctl 2>/dev/null

# --- SIGTERM ------------------------------------------------------------------

check "SIGTERM" kill -TERM $agent
wait $agent
check_eq "the agent exits with 0 (and no sanitizer report)" "$?" 0
check_eq "and removes its pidfile" "$([[ -e $pidfile ]] && echo yes)" ""
if grep -q "ERROR: AddressSanitizer\|runtime error" "$log"; then
	not_ok "sanitizers"
	diag "$(cat "$log")"
fi
((_nfail == 0)) || diag "agent log (tail):" "$(tail -n 60 "$log")"
finish
