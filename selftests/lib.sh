# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for vswitch selftests: KTAP subtest lines, exact assertions, and
# network namespaces named with $$ that go away on exit.

ksft_skip=4
SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VSWCTL=${VSWCTL:-$SELFTESTS_DIR/../userspace-ctl/vswctl}
VSW_GENL="python3 $SELFTESTS_DIR/vsw_genl.py"

_ntests=0
_nfail=0
_netns=()
_cleanups=()

echo "TAP version 13"

ok() {
	_ntests=$((_ntests + 1))
	echo "ok $_ntests $*"
}

not_ok() {
	_ntests=$((_ntests + 1))
	_nfail=$((_nfail + 1))
	echo "not ok $_ntests $*"
}

# Prints each argument, line by line, as TAP diagnostics.
diag() {
	local arg line
	for arg in "$@"; do
		while IFS= read -r line; do
			echo "# $line"
		done <<< "$arg"
	done
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

require_root() {
	[[ $(id -u) == 0 ]] || skip_all "needs root"
}

require_module() {
	[[ -d /sys/module/vswitch ]] || skip_all "vswitch module not loaded"
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c not installed"
	done
}

vswctl() {
	"$VSWCTL" "$@"
}

# check DESC CMD...: CMD succeeds.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command: $*" "exit $?: $out"
	fi
}

# _check_cmd succeed|fail DESC WANT CMD...: CMD succeeds (or fails) and
# prints exactly WANT, stdout and stderr together.
_check_cmd() {
	local mode=$1 desc=$2 want=$3 out rc=0 status_ok
	shift 3
	out=$("$@" 2>&1) || rc=$?
	if [[ $mode == succeed ]]; then
		((rc == 0)) && status_ok=1 || status_ok=0
	else
		((rc != 0)) && status_ok=1 || status_ok=0
	fi
	if ((status_ok)) && [[ $out == "$want" ]]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command: $*" "exit $rc" "want: $want" "got:  $out"
	fi
}

# check_fail DESC WANT CMD...: CMD fails, printing exactly WANT.
check_fail() {
	_check_cmd fail "$@"
}

# check_eq DESC GOT WANT
check_eq() {
	if [[ $2 == "$3" ]]; then
		ok "$1"
	else
		not_ok "$1"
		diag "want: $3" "got:  $2"
	fi
}

# check_output DESC WANT CMD...: CMD succeeds and prints exactly WANT.
check_output() {
	_check_cmd succeed "$@"
}

# check_json DESC WANT EXPR CMD...: CMD succeeds and prints JSON; the
# Python expression EXPR of it (named d) prints exactly WANT.
check_json() {
	local desc=$1 want=$2 expr=$3 out got rc=0
	shift 3
	out=$("$@" 2>&1) || rc=$?
	got=$(python3 -c "import json, sys; d = json.loads(sys.argv[1]); print($expr)" \
		"$out" 2>&1)
	if ((rc == 0)) && [[ $got == "$want" ]]; then
		ok "$desc"
	else
		not_ok "$desc"
		diag "command: $*" "exit $rc" "want: $want" "got:  $got" "output: $out"
	fi
}

# add_netns NAME: creates netns NAME-$$ with lo up; prints its name.
add_netns() {
	local ns=$1-$$
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	_netns+=("$ns")
	echo "$ns"
}

on_exit() {
	_cleanups+=("$*")
}

_cleanup() {
	local ns c
	for c in "${_cleanups[@]}"; do
		eval "$c" >/dev/null 2>&1
	done
	for ns in "${_netns[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
}
trap _cleanup EXIT

# Deletes every bridge of the current namespace.
del_all_bridges() {
	local br
	for br in $(vswctl list-br 2>/dev/null); do
		vswctl del-br "$br"
	done
}

finish() {
	echo "1..$_ntests"
	((_nfail == 0)) || exit 1
	exit 0
}
