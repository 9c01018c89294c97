#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module: unloading it with bridges and ports present (tunnel ports
# too) destroys them all, in every namespace, and gives attached devices
# back; vswctl says when it is not loaded; a dump spans several
# messages; 600 add/del cycles leave the slab where it was; an installed
# module loads by its genetlink family alias. Needs
# VSW_MODULE, the path of vswitch.ko, to load it again; runs last.
#
#   +-- init netns --+   +-- netns mod-$$ --+
#   |  modbr0        |   |  modbr1          |
#   +----------------+   +------------------+

source "$(dirname "$0")/lib.sh"
require_root
require_module
[[ -r ${VSW_MODULE:-} ]] || skip_all "VSW_MODULE does not name vswitch.ko"

ns=$(add_netns mod)
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
on_exit "[[ -d /sys/module/vswitch ]] || insmod '$VSW_MODULE'"

check "a bridge in the initial namespace" vswctl add-br modbr0
check "a bridge in another" ip netns exec "$ns" "$VSWCTL" add-br modbr1
# Ports too: a veth attached to each, and an internal port.
ip -n "$ns" link add modv0 type veth peer name modv1
check "a netdev port" ip netns exec "$ns" "$VSWCTL" add-port modbr1 modv0
check "an internal port" ip netns exec "$ns" "$VSWCTL" add-port modbr1 modi type internal
check "a VXLAN port" ip netns exec "$ns" "$VSWCTL" add-port modbr1 modx \
	type vxlan remote 192.0.2.9 key 3
check "a GRE port" ip netns exec "$ns" "$VSWCTL" add-port modbr1 modg \
	type gre remote 192.0.2.9 key 3
check "rmmod with bridges and ports present" rmmod vswitch
check_fail "modbr0 is gone" 'Device "modbr0" does not exist.' ip link show modbr0
check_fail "modbr1 is gone" 'Device "modbr1" does not exist.' ip -n "$ns" link show modbr1
check_fail "and its internal port" 'Device "modi" does not exist.' ip -n "$ns" link show modi
check_fail "and the VXLAN endpoint" 'Device "vsw-vxlan-4789" does not exist.' \
	ip -n "$ns" link show vsw-vxlan-4789
check_fail "and the GRE endpoint" 'Device "vsw-gre" does not exist.' \
	ip -n "$ns" link show vsw-gre
# Tunnel endpoints pin vxlan.ko; nothing else in the test VM does (namespaces
# of earlier tests that are still being torn down are done by now: rmmod
# waited for them).
check_eq "and vxlan.ko is no longer pinned" \
	"$(cat /sys/module/vxlan/refcnt 2>/dev/null || echo 0)" 0
check_json "the veth was given back" "0 None" \
	'"%s %s" % (d[0]["promiscuity"], d[0].get("master"))' \
	ip -n "$ns" -d -j link show modv0
check_fail "vswctl says the module is not loaded" \
	"vswctl: vswitch module not loaded" vswctl list-br
check "insmod again" insmod "$VSW_MODULE"
check_output "and it starts empty" "" vswctl list-br

# A dump larger than one message: read 4 KiB at a time, the kernel splits
# it and continues from its cursor; every bridge comes back once.
n=300
for i in $(seq $n); do
	vswctl add-br "d$i" || break
done
check_json "vswctl lists all $n bridges once" "$n $n" \
	'"%d %d" % (len(d), len(set(b["name"] for b in d)))' vswctl -j show
# Bytewise sorted, as vsw_genl.py prints them.
all=$(printf 'd%s\n' $(seq $n) | LC_ALL=C sort | paste -sd,)
read -r intr count unique reads names <<< "$($VSW_GENL --dump-bridges)"
check_eq "a dump in 4 KiB reads has every bridge once" \
	"$intr $count $unique $names" "intr=0 bridges=$n unique=$n names=$all"
check "and took several messages (${reads#reads=} reads)" test "${reads#reads=}" -gt 2

# Dumps racing with changes: the bridge at the head of the list leaves and
# comes back at its tail, again and again, shifting every cursor. Each dump
# must be a snapshot (vsw_genl.py's rotation=ok) or be flagged
# NLM_F_DUMP_INTR.
$VSW_GENL --rotate 300 $n > "$tmp/rotate" &
rotate=$!
dumps=0 flagged=0 bad=0
while kill -0 $rotate 2>/dev/null; do
	while read -r intr count unique reads names rotation; do
		dumps=$((dumps + 1))
		if [[ $intr == intr=1 ]]; then
			flagged=$((flagged + 1))
		elif [[ $rotation != rotation=ok ]]; then
			bad=$((bad + 1))
			diag "unflagged inconsistent dump: $intr $count $unique $reads"
		fi
	done < <($VSW_GENL --dump-bridges --repeat 10 --rotation $n)
done
wait $rotate
check_output "the rotation ran to the end" "ok" cat "$tmp/rotate"
diag "$dumps dumps during changes, $flagged flagged NLM_F_DUMP_INTR"
check_eq "no dump was inconsistent without NLM_F_DUMP_INTR" "$bad" 0
check_json "afterwards all $n bridges are there once" "$n $n" \
	'"%d %d" % (len(d), len(set(b["name"] for b in d)))' vswctl -j show
for i in $(seq $n); do
	vswctl del-br "d$i"
done
check_output "and all are deleted" "" vswctl list-br

# Unreclaimable slab, where kmalloc'd net_devices and kobjects live. Freeing
# a bridge waits for RCU, so the numbers are settled when del-br returns.
slab() {
	sleep 1
	awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo
}
cycles=600
for i in $(seq 20); do vswctl add-br warm && vswctl del-br warm; done
before=$(slab)
fails=0
for i in $(seq $cycles); do
	vswctl add-br cyc0 && vswctl del-br cyc0 || fails=$((fails + 1))
done
after=$(slab)
check_eq "$cycles add/del cycles all succeed" "$fails" 0
# A leaked bridge costs several KiB of slab (net_device, kobjects, sysfs
# nodes): 600 of them would be megabytes. Allow 1 MiB of noise.
growth=$((after - before))
diag "unreclaimable slab: before ${before} kB, after ${after} kB"
if ((growth < 1024)); then
	ok "unreclaimable slab grew by less than 1 MiB ($growth kB)"
else
	not_ok "unreclaimable slab grew by less than 1 MiB ($growth kB)"
fi

# The family alias: with the module installed where modprobe looks, the
# first lookup of the family loads it. /lib/modules is read-only in the VM,
# so an overlay on /tmp takes the copy.
kdir=/lib/modules/$(uname -r)
ovl=$(mktemp -d)
mkdir -p "$ovl/upper" "$ovl/work"
# Debian builds overlayfs as a module; make check-debug's kernel has none.
modprobe -q overlay 2> /dev/null
if ! grep -qw overlay /proc/filesystems; then
	diag "no overlayfs in this kernel: the alias test did not run"
elif mount -t overlay overlay \
	-o "lowerdir=$kdir,upperdir=$ovl/upper,workdir=$ovl/work" "$kdir"; then
	on_exit "umount '$kdir'"
	mkdir -p "$kdir/extra"
	cp "$VSW_MODULE" "$kdir/extra/vswitch.ko"
	depmod -a
	check "rmmod before the alias test" rmmod vswitch
	check_output "vswctl list-br loads the module by its family alias" "" vswctl list-br
	check "the module is loaded" test -d /sys/module/vswitch
else
	diag "the overlay did not mount: the alias test did not run"
	not_ok "overlay over $kdir for the alias test"
fi

finish
