#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A big flow table: 100,000 flows over 32 masks loaded with add-flows, a
# dump that gives them all back once each, the memory they take, and a
# flow that keeps matching every frame while thousands of others are added
# and deleted around it.
#
#   h1 (1) --- br0 --- (2) h2

source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd tcpdump ss

here=$(cd "$(dirname "$0")" && pwd)
sw=$(add_netns sw)
v() { ip netns exec "$sw" "$VSWCTL" "$@"; }
check "add-br" v add-br br0
attach_hosts "$sw" br0 1 2

# 100,000 flows: nw_src prefixes of 1 to 32 bits make the 32 masks, and
# nw_dst makes each flow's match unique.
flows=$(mktemp)
on_exit "rm -f $flows"
python3 - "$flows" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(100000):
        m, j = i % 32, i // 32
        f.write("priority=%d,udp,nw_src=%d.0.0.0/%d,nw_dst=172.16.%d.%d actions=drop\n"
                % (1 + i % 1000, 1 + m, m + 1, j >> 8, j & 255))
PY
slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }
before=$(slab_kb)
start=$(date +%s.%N)
check "add-flows: 100,000 flows" v add-flows br0 "$flows"
end=$(date +%s.%N)
after=$(slab_kb)
check_json "the bridge holds 100000 flows" "100000" 'd[0]["flows"]' v -j show br0
rate=$(python3 -c "print(int(100000 / ($end - $start)))")
diag "add-flows: $rate flows/s; slab grew $((after - before)) kB, $(( (after - before) * 1024 / 100000 )) bytes a flow"

dump=$(mktemp)
on_exit "rm -f $dump"
start=$(date +%s.%N)
v dump-flows br0 > "$dump"
end=$(date +%s.%N)
diag "dump-flows: $(python3 -c "print(round($end - $start, 2))") s for 100000 flows"
check_output "the dump has every flow once, as added" "100000 100000 True" \
	python3 - "$flows" "$dump" <<'PY'
import ipaddress, re, sys
want = set()
for line in open(sys.argv[1]):
    p, src, plen, dst = re.match(
        r"priority=(\d+),udp,nw_src=([\d.]+)/(\d+),nw_dst=([\d.]+)", line).groups()
    src = str(ipaddress.ip_network(src + "/" + plen, strict=False).network_address)
    want.add((int(p), src, int(plen), dst))
got = []
for line in open(sys.argv[2]):
    m = re.search(r"priority=(\d+),udp,nw_src=([\d.]+)(?:/(\d+))?,nw_dst=([\d.]+) actions=drop", line)
    if m:
        p, src, plen, dst = m.groups()
        got.append((int(p), src, int(plen or 32), dst))
print(len(got), len(set(got)), set(got) == want)
PY

# A flow that must keep matching while others come and go.
check "add-flow: the flow under test" \
	v add-flow br0 "priority=60000,udp,tp_dst=9999 actions=output:2"
churn=$(mktemp)
on_exit "rm -f $churn"
python3 - "$churn" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for j in range(5000):
        f.write("priority=%d,udp,nw_src=192.168.%d.%d,tp_dst=%d actions=drop\n"
                % (50000 + j % 100, j >> 8, j & 255, 1 + j % 3))
PY
capture_start "$h2" eth0 "udp port 9999" in
ip netns exec "$h1" bash -c "for i in \$(seq 20); do python3 $here/vsw_pkt.py send eth0 100 dport=9999; sleep 0.1; done" &
sender=$!
rounds=0
while kill -0 "$sender" 2>/dev/null; do
	v add-flows br0 "$churn" || break
	v del-flows br0 "udp,nw_src=192.168.0.0/16" || break
	rounds=$((rounds + 1))
done
wait "$sender"
check_eq "h2 received all 2000 frames while the table churned" "$(capture_stop)" 2000
check_json "and the flow counted exactly 2000" "2000" 'd[0]["n_packets"]' \
	v -j dump-flows br0 "udp,tp_dst=9999"
diag "$rounds rounds of adding and deleting 5000 flows ran meanwhile"
check_eq "churn ran at least once" "$((rounds > 0))" 1
check_json "the 100,000 others are all still there" "100001" 'd[0]["flows"]' \
	v -j show br0

check "del-flows: all 100,001" v del-flows br0
check_json "none left" "0" 'd[0]["flows"]' v -j show br0
check "del-br" v del-br br0

finish
