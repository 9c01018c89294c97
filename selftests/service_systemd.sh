#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# systemd/vswitch.service under a running systemd: /lib/systemd/systemd as
# PID 1 of new PID, mount, UTS, IPC and cgroup namespaces, in container
# mode, in a network namespace of the test's, with a small target of the
# test's that wants only the unit and journald. The unit is the tree's,
# with the tree's vswctl, a file of the test's for its configuration and
# modprobe looking in a scratch root that holds the tree's module (as in
# service.sh). systemctl and journalctl reach it through its mount
# namespace. Nothing of the VM's is written: systemd gets its own /run,
# /dev and cgroup (a child of one the test makes), and /sys and /proc/sys
# read-only.

# Functions called through on_exit, sd and bash -c:
# shellcheck disable=SC2317
source "$(dirname "$0")/lib.sh"
require_root
require_module
require_cmd modprobe depmod unshare nsenter systemctl journalctl
[[ -r ${VSW_MODULE:-} ]] || skip_all "VSW_MODULE does not name vswitch.ko"
systemd=/lib/systemd/systemd
[[ -x $systemd ]] || skip_all "no $systemd"
grep -qw cgroup2 /proc/filesystems || skip_all "no cgroup2 in this kernel"

unit=$(dirname "$0")/../systemd/vswitch.service
ns=$(add_netns sd)
v() { ip netns exec "$ns" "$VSWCTL" "$@"; }
d=$(mktemp -d)
root=$d/root
mkdir -p "$root/lib/modules/$(uname -r)/extra" "$d/units" "$d/cg"
cp "$VSW_MODULE" "$root/lib/modules/$(uname -r)/extra/"
depmod -b "$root" "$(uname -r)"

# The unit as service.sh runs it, and the target systemd starts.
sed -e "s|/usr/local/sbin/vswctl|$VSWCTL|" \
	-e "s|/etc/vswitch/vswitch.conf|$d/vswitch.conf|" \
	-e "s|/sbin/modprobe|/sbin/modprobe -d $root|" \
	"$unit" > "$d/units/vswitch.service"
cat > "$d/units/vswtest.target" <<'EOF'
[Unit]
Description=vswitch selftest
Wants=systemd-journald.service vswitch.service
After=systemd-journald.service vswitch.service
EOF
cat > "$d/vswitch.conf" <<'EOF'
add-br br0 dpid 0x5
add-port br0 int0 type internal ofport 1 tag 10
EOF

# A cgroup of the test's, whose child systemd's cgroup namespace is.
mount -t cgroup2 cgroup2 "$d/cg"
cg=$d/cg/vsw-selftest-$$
mkdir "$cg"

# PID 1 of the new PID namespace, before it becomes systemd.
cat > "$d/init" <<'EOF'
#!/bin/bash
set -e
d=$1 cg=$2
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir -p /run/systemd/system
cp "$d"/units/* /run/systemd/system/
mount --bind /proc/sys /proc/sys
mount -o remount,bind,ro /proc/sys
mount -o remount,bind,ro /sys
mount -t tmpfs -o mode=0755,nosuid tmpfs /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/zero c 1 5
mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8
mknod -m 666 /dev/urandom c 1 9
mknod -m 666 /dev/tty c 5 0
mkdir /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts
ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
# PID 1 logs to /dev/console: a file of the test's.
touch /dev/console
mount --bind "$d/console" /dev/console
echo 0 > "$cg/cgroup.procs"
umount "$d/cg"
exec unshare --cgroup /bin/bash -c '
	mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
	exec env -i container=vswitch-selftest /lib/systemd/systemd \
		--unit=vswtest.target --show-status=no'
EOF
: > "$d/console"
# --kill-child: killing unshare takes systemd, and its namespace, along.
ip netns exec "$ns" unshare --pid --fork --kill-child --mount-proc --mount --uts --ipc \
	bash "$d/init" "$d" "$cg" < /dev/null > "$d/console" 2>&1 &
upid=$!

# sd CMD...: CMD in systemd's mount namespace (its /run, its journal)
# and PID namespace (systemd refuses a peer whose PID it cannot see).
sdpid=
sd() { timeout 60 nsenter -t "$sdpid" -m -p "$@"; }

stop_systemd() {
	[[ -n $upid ]] || return 0
	kill -0 "$upid" 2>/dev/null && [[ -n $sdpid ]] &&
		sd systemctl start --no-block --job-mode=replace-irreversibly poweroff.target
	local _
	for _ in $(seq 300); do
		kill -0 "$upid" 2>/dev/null || break
		sleep 0.1
	done
	# Killing unshare kills its child, PID 1 of the PID namespace, and
	# that kills all of it.
	kill -9 "$upid" 2>/dev/null
	wait "$upid"
	local rc=$?
	upid=
	return "$rc"
}
cleanup() {
	stop_systemd
	[[ -d $cg ]] && find "$cg" -depth -type d -exec rmdir {} \;
	umount "$d/cg"
	rm -rf "$d"
}
on_exit cleanup

# Wait for systemd to be PID 1 there, listening.
for _ in $(seq 600); do
	kill -0 "$upid" 2>/dev/null || break
	sdpid=$(cat "/proc/$upid/task/$upid/children" 2>/dev/null)
	sdpid=${sdpid% }
	[[ -n $sdpid && $(cat "/proc/$sdpid/comm" 2>/dev/null) == systemd ]] &&
		sd test -S /run/systemd/private 2>/dev/null && break
	sleep 0.1
done
sd_log() {
	diag "console:" "$(cat "$d/console")" \
		"journal:" "$(sd journalctl -b --no-pager 2>&1 | tail -n 40)"
}
check_output "systemd starts the test's target" "running" \
	sd timeout 120 systemctl is-system-running --wait
[[ $(sd systemctl is-system-running 2>&1) == running ]] || sd_log

check_output "vswitch.service is active" "active" sd systemctl is-active vswitch.service
check_output "the file was applied in systemd's network namespace" "br0" v list-br
check_output "with its port" "int0" v list-ports br0
# vswctl's lines in the journal, those of the unit's last run with -n 1.
vlog() {
	sd journalctl --sync > /dev/null 2>&1
	sd journalctl -b -u vswitch.service -t vswctl -o cat --no-pager "$@"
}
# vlog_after N: those after the first N.
vlog_after() { vlog -q | tail -n "+$(($1 + 1))"; }
check_output "vswctl's output is in the journal" \
	"add-br br0 dpid 0x0000000000000005
add-port br0 int0 type internal ofport 1 tag 10" vlog

# words: the words of standard input, sorted, one a line.
words() { tr ' ' '\n' | grep . | sort; }
prop() { sd systemctl show -P "$1" "$2"; }
check_output "no default dependencies" "no" prop DefaultDependencies vswitch.service
check_output "ordered before" "network-pre.target
shutdown.target
vswtest.target" bash -c "$(declare -f sd prop words); sdpid=$sdpid; prop Before vswitch.service | words"
check_output "ordered after" "local-fs.target
system.slice
systemd-journald.socket
systemd-modules-load.service" bash -c "$(declare -f sd prop words); sdpid=$sdpid; prop After vswitch.service | words"
a=$(prop ActiveEnterTimestampMonotonic vswitch.service)
b=$(prop ActiveEnterTimestampMonotonic network-pre.target)
check_output "network-pre.target, wanted by it, is active" "active" \
	sd systemctl is-active network-pre.target
if ((a > 0 && a <= b)); then
	ok "vswitch.service was active before network-pre.target"
else
	not_ok "vswitch.service was active before network-pre.target"
	diag "$a > $b"
fi

see='See "systemctl status vswitch.service" and "journalctl -xeu vswitch.service" for details.'
job_failed="Job for vswitch.service failed because the control process exited with error code.
$see"
echo 'add-port br0 int1 type internal ofport 2' >> "$d/vswitch.conf"
check_output "systemctl reload" "" sd systemctl reload vswitch.service
check_output "applies the edited file" "add-port br0 int1 type internal ofport 2" vlog -n 1
check_output "the unit stays active" "active" sd systemctl is-active vswitch.service
check_output "the bridge has both ports" "int0
int1" v list-ports br0
cp "$d/vswitch.conf" "$d/good"
sed -i 's/ofport 2$/ofport 2 tag 5000/' "$d/vswitch.conf"
check_fail "a reload the kernel refuses fails" "Job for vswitch.service failed.
$see" \
	sd systemctl reload vswitch.service
check_output "saying why in the journal" \
	"vswctl: apply: rolled back: the configuration is as it was" vlog -n 1
check_output "and the unit stays active" "active" sd systemctl is-active vswitch.service
check_output "with the configuration as it was" "int0
int1" v list-ports br0

check_output "systemctl stop" "" sd systemctl stop vswitch.service
check_fail "the unit is inactive" "inactive" sd systemctl is-active vswitch.service
check_output "and the bridge stays" "br0" v list-br
check_output "with its ports" "int0
int1" v list-ports br0

check_fail "a start the kernel refuses fails" "$job_failed" \
	sd systemctl start vswitch.service
check_output "the unit is failed" "failed" sd systemctl is-failed vswitch.service
check_output "because vswctl failed" "exit-code" prop Result vswitch.service
status=$(sd systemctl status --no-pager -n 5 vswitch.service 2>&1)
check_has "systemctl status shows why" "$status" "Active: failed" \
	"vswctl: apply: rolled back: the configuration is as it was"
cp "$d/good" "$d/vswitch.conf"
n=$(vlog -q | wc -l)
check_output "with the file fixed, it starts again" "" sd systemctl start vswitch.service
check_output "changing nothing" "" vlog_after "$n"
check_output "and is active" "active" sd systemctl is-active vswitch.service

# Shutdown stops the unit (Conflicts=shutdown.target), flushing nothing.
# What "systemctl poweroff" does but first asking logind, which is not
# running (it would say "Failed to connect to bus").
check_output "systemctl start poweroff.target" "" sd systemctl start \
	--no-block --job-mode=replace-irreversibly poweroff.target
for _ in $(seq 600); do
	kill -0 "$upid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$upid" 2>/dev/null; then
	not_ok "systemd exits"
	sd_log
else
	# reboot(2) in a PID namespace ends its PID 1 by SIGINT, for
	# poweroff: unshare dies of it too.
	wait "$upid"
	check_eq "systemd powers off" "$?" $((128 + 2))
	upid=
fi
check_output "the bridges outlive it" "br0" v list-br
check_output "no process is left in its cgroup" "" \
	find "$cg" -name cgroup.procs -exec cat {} +
check "its cgroups go" find "$cg" -depth -type d -exec rmdir {} +
check_output "with its ports" "int0
int1" v list-ports br0

finish
