#!/usr/bin/env bash
# json-identical.sh OLD_BINARY NEW_BINARY
#
# Proves that two licensesync binaries print the same thing: it runs one fixed set of
# invocations (the demo, the standalone simulator in its modes, a fleet, error paths)
# with OLD, then the same set with NEW, and compares stdout, stderr, the exit code and
# any file a command writes, invocation by invocation.
#
# Determinism:
#   - every invocation runs under `env -i` with the same PATH, HOME, XDG_* dirs,
#     GH_CONFIG_DIR and TZ=UTC, stdin from /dev/null;
#   - each binary is copied to the same path ($WORK/bin/licensesync) before its turn, so
#     argv[0] (shown in usage and errors) is the same;
#   - HOME is recreated empty at the same path before each group of invocations;
#   - the demo's world is created once (in a seed HOME, by OLD) and its pristine
#     demo-state.json copied into each side's HOME, so every date derived from the
#     world's creation is the same for both;
#   - simulators listen on fixed ports (--addr), except the fleet, which cannot.
# Normalised (only where two runs of the SAME binary differ):
#   - demo: its in-process simulator listens on 127.0.0.1:0; that port -> PORT;
#   - fleet: its random ports, in the order of the fleet's config file -> FLEET1..3;
#   - wall-clock times: the standalone simulator has no fixed clock (its world, license
#     expiry, enabled_at, sync jobs and uploads are dated from its start), and a demo
#     sync job runs at the wall clock (so does every history sample); in those outputs
#     the time of day of an RFC 3339 timestamp -> hh:mm:ss and of a human date
#     ("2026-12-07 05:21 UTC", e.g. the report's "Written ...") -> hh:mm (the date is
#     kept: a run across midnight UTC can differ, rerun it). Two elapsed times
#     read off the wall clock cross a second boundary at random: check's last_sync_age
#     (seconds since the simulator's last sync, JSON and perfdata) and the snapshot
#     note's "confirmed Ns ago"; their numbers -> N.
#
# Prints one line per invocation ("identical" / "DIFFERS: name", then a short diff),
# then "N commands compared, N identical, N differ". Exits 1 if any differ, 2 on misuse
# or when a simulator does not start (e.g. its fixed port is taken). KEEP=1 keeps the
# work directory (raw and normalised outputs under out/old and out/new).
# About 30 s; the simulators use the fixed ports below, so run one at a time.
set -uo pipefail

if [[ $# -ne 2 || ! -x $1 || ! -x $2 ]]; then
	echo "usage: $0 OLD_BINARY NEW_BINARY (both executable)" >&2
	exit 2
fi
OLD=$(realpath "$1")
NEW=$(realpath "$2")

WORK=$(mktemp -d /tmp/json-identical.XXXXXX)
BIN=$WORK/bin/licensesync      # where each binary is copied before its turn
H=$WORK/home                   # the HOME of every invocation, recreated per group
SEED=$WORK/seed                # the demo world, created once
BASEPATH=$WORK/bin:/usr/bin:/bin
# Fixed loopback ports of the standalone simulators (fleet excepted).
PORT_API=18741 PORT_STOCK=18742 PORT_APPL=18743

SIM_PIDS=()
cleanup() {
	local p
	for p in "${SIM_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${SIM_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	[[ -n ${KEEP:-} ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The environment of every invocation, HOME at $1 (plus what a simulator exports).
base_env() {
	ENV=(PATH="$BASEPATH" HOME="$1" TZ=UTC LANG=C.UTF-8 TERM=dumb
		XDG_CONFIG_HOME="$1/.config" XDG_STATE_HOME="$1/.local/state"
		XDG_CACHE_HOME="$1/.cache" XDG_DATA_HOME="$1/.local/share"
		GH_CONFIG_DIR="$1/.config/gh")
}

# fresh_home [demo]: an empty HOME at the same path; with "demo", the pristine demo world.
fresh_home() {
	rm -rf "$H"
	mkdir -p "$H/.config" "$H/.local/state" "$H/.cache" "$H/.local/share" "$H/files"
	if [[ ${1:-} == demo ]]; then
		mkdir -p "$H/.local/state/licensesync"
		cp "$SEED/.local/state/licensesync/demo-state.json" "$H/.local/state/licensesync/"
	fi
	base_env "$H"
}

# Normalisations, chosen per group through NORM (a function name); see the header.
norm_none() { cat; }
# The demo's random loopback port.
norm_demo() { sed -E 's/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g'; }
# Wall-clock times: time of day of RFC 3339 timestamps and human dates; two elapsed
# seconds values.
norm_clock() {
	sed -E \
		-e 's/\b([0-9]{4}-[0-9]{2}-[0-9]{2})T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})/\1Thh:mm:ss\3/g' \
		-e 's/\b([0-9]{4}-[0-9]{2}-[0-9]{2}) [0-9]{2}:[0-9]{2} UTC\b/\1 hh:mm UTC/g' \
		-e 's/last_sync_age=[0-9]+s/last_sync_age=Ns/g' \
		-e '/"label": "last_sync_age"/{n;s/"value": [0-9]+/"value": N/}' \
		-e 's/confirmed [0-9]+s ago/confirmed Ns ago/g'
}
norm_demo_clock() { norm_demo | norm_clock; }
# The fleet's random ports, FLEET1..3 in the order of its config file (set by run_all).
FLEET_SED=()
norm_fleet() { sed -E "${FLEET_SED[@]}" | norm_clock; }
NORM=norm_none

# run NAME ARGS...: one invocation of $BIN; stdout, stderr and the exit code go to
# $OUT/NAME.{out,err,rc}, normalised by $NORM. Files a command writes are captured
# by the caller with keep_file.
run() {
	local name=$1
	shift
	echo "$name" >>"$OUT/.names"
	(cd "$H/files" && env -i "${ENV[@]}" timeout 60 "$BIN" "$@" </dev/null \
		>"$OUT/$name.raw.out" 2>"$OUT/$name.raw.err")
	echo $? >"$OUT/$name.rc"
	$NORM <"$OUT/$name.raw.out" >"$OUT/$name.out"
	$NORM <"$OUT/$name.raw.err" >"$OUT/$name.err"
}

# keep_file NAME FILE: compare FILE (normalised) as part of invocation NAME.
keep_file() {
	if [[ -f $2 ]]; then $NORM <"$2" >"$OUT/$1.file"; else echo "(no file)" >"$OUT/$1.file"; fi
}

# start_sim NAME ARGS...: `licensesync sim --print-env ARGS` in the background; waits
# until it serves, then adds its exports to ENV (PATH="DIR:$PATH" becomes DIR:BASEPATH).
# Its printed environment is compared too, as invocation NAME.
start_sim() {
	local name=$1 envf="$OUT/$1.raw.out" line k v i
	shift
	echo "$name" >>"$OUT/.names"
	(cd "$H/files" && exec env -i "${ENV[@]}" "$BIN" sim --print-env "$@" </dev/null \
		>"$envf" 2>"$OUT/$name.raw.err") &
	SIM_PID=$!
	SIM_PIDS+=("$SIM_PID")
	for ((i = 0; i < 100; i++)); do
		grep -q '^# licensesync sim is serving' "$envf" 2>/dev/null && break
		kill -0 "$SIM_PID" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q '^# licensesync sim is serving' "$envf" 2>/dev/null; then
		echo "$0: licensesync sim $* did not start:" >&2
		cat "$OUT/$name.raw.err" >&2
		exit 2
	fi
	while IFS= read -r line; do
		[[ $line == export\ * ]] || continue
		line=${line#export }
		k=${line%%=*} v=${line#*=}
		v=${v//\"\$PATH\"/$BASEPATH}
		v=${v//\'/}
		ENV+=("$k=$v")
	done <"$envf"
}

# stop_sim: stop the simulator started last; its exit code is not compared (a signal).
stop_sim() {
	local name=$1
	kill "$SIM_PID" 2>/dev/null
	wait "$SIM_PID" 2>/dev/null
	echo 0 >"$OUT/$name.rc"
	$NORM <"$OUT/$name.raw.out" >"$OUT/$name.out"
	$NORM <"$OUT/$name.raw.err" >"$OUT/$name.err"
}

# without VAR: drop VAR from ENV.
without() {
	local e kept=()
	for e in "${ENV[@]}"; do [[ $e == "$1="* ]] || kept+=("$e"); done
	ENV=("${kept[@]}")
}

# The whole set, with the binary already at $BIN; results under $OUT.
run_all() {
	# --- the demo: one world, consecutive commands see what the previous ones changed.
	fresh_home demo
	NORM=norm_demo
	run version version
	run demo-status-json status --demo --json
	run demo-check check --demo
	run demo-check-json check --demo --json
	run demo-users-json users --demo --json
	run demo-users-dup-json users --demo --duplicates --json
	run demo-users-jq users --demo --json --jq '.[0]'
	run demo-users-csv users --demo --csv
	run demo-enable enable --demo --yes
	# From the sync on, the demo's outputs hold the wall-clock time of its job.
	NORM=norm_demo_clock
	run demo-sync-wait sync --demo --wait --json
	run demo-export export --demo -o usage.json --json
	keep_file demo-export "$H/files/usage.json"
	run demo-report report --demo -o seats.md
	keep_file demo-report "$H/files/seats.md"
	run demo-status-after-sync status --demo --json
	run demo-history-json history --demo --json

	# --- the simulator with the console API.
	fresh_home
	NORM=norm_clock
	start_sim sim-api --addr 127.0.0.1:$PORT_API
	run sim-api-status-json status --json
	run sim-api-check-json check --json
	run sim-api-users-jq users --jq 'length'
	run sim-api-dup-json users --duplicates --json
	run sim-api-enable enable --yes
	run sim-api-sync-wait sync --wait --json
	run sim-api-status-after status --json
	run sim-api-export export -o usage.json --json
	keep_file sim-api-export "$H/files/usage.json"
	stop_sim sim-api

	# --- a stock appliance that already syncs and shares Server Statistics.
	fresh_home
	start_sim sim-stock --addr 127.0.0.1:$PORT_STOCK --stock --license-sync-enabled --server-statistics
	run sim-stock-status-json status --json
	run sim-stock-check-json check --json
	run sim-stock-enable enable --yes
	stop_sim sim-stock

	# --- appliance mode on the stock simulator: the stand-ins first on PATH, no server token.
	fresh_home
	start_sim sim-appl --addr 127.0.0.1:$PORT_APPL --stock --appliance-bin "$H/stubs"
	without GH_ENTERPRISE_TOKEN
	run sim-appl-version version
	run sim-appl-status-json status --json
	run sim-appl-export export -o usage.json --json
	keep_file sim-appl-export "$H/files/usage.json"
	stop_sim sim-appl

	# --- a fleet of three appliances into one cloud: random ports, named in order.
	fresh_home
	NORM=norm_clock
	start_sim sim-fleet --servers 3
	local p n=0
	FLEET_SED=()
	for p in $(grep -oE '127\.0\.0\.1:[0-9]+' "$H/.local/state/licensesync/sim-fleet.yml" | cut -d: -f2); do
		n=$((n + 1))
		FLEET_SED+=(-e "s/127\.0\.0\.1:$p\b/127.0.0.1:FLEET$n/g")
	done
	NORM=norm_fleet
	run fleet-status-all-json status --all --json
	stop_sim sim-fleet

	# --- error paths.
	fresh_home
	NORM=norm_demo
	run err-unknown-flag status --no-such-flag
	run err-no-token status --server http://127.0.0.1:1 --enterprise acme --json
	ENV+=(GH_ENTERPRISE_TOKEN='ghp_with a space')
	run err-token-space status --server http://127.0.0.1:1 --enterprise acme --json
	without GH_ENTERPRISE_TOKEN
	ENV+=(GH_ENTERPRISE_TOKEN=ghp_demoServerAdminNotARealToken00000000)
	run err-unreachable status --server http://127.0.0.1:1 --enterprise acme --json
	without GH_ENTERPRISE_TOKEN
	run err-demo-server status --demo --server https://ghes.example.com
	run err-bad-jq users --demo --jq '.[0'
	run err-unknown-cmd frobnicate
}

# side old|new BINARY
side() {
	OUT=$WORK/out/$1
	mkdir -p "$OUT" "$WORK/bin"
	: >"$OUT/.names"
	cp "$2" "$BIN"
	run_all
	rm -rf "$H"
}

# The demo world, created once by OLD, then copied into each side's HOME.
mkdir -p "$WORK/bin" "$SEED"
cp "$OLD" "$BIN"
base_env "$SEED"
env -i "${ENV[@]}" "$BIN" status --demo --json </dev/null >/dev/null 2>&1
if [[ ! -f $SEED/.local/state/licensesync/demo-state.json ]]; then
	echo "$0: the demo wrote no demo-state.json under $SEED" >&2
	exit 2
fi

side old "$OLD"
side new "$NEW"

# Compare, in the order run.
total=0 same=0 differ=0
while IFS= read -r name; do
	total=$((total + 1))
	bad=
	for ext in rc out err file; do
		o=$WORK/out/old/$name.$ext n=$WORK/out/new/$name.$ext
		[[ -e $o || -e $n ]] || continue
		cmp -s "$o" "$n" 2>/dev/null || bad+=" $ext"
	done
	if [[ -z $bad ]]; then
		same=$((same + 1))
		printf '%-28s identical\n' "$name"
	else
		differ=$((differ + 1))
		echo "DIFFERS: $name ($bad )"
		for ext in $bad; do
			diff -u --label "old/$name.$ext" --label "new/$name.$ext" \
				"$WORK/out/old/$name.$ext" "$WORK/out/new/$name.$ext" 2>&1 | head -n 20 | sed 's/^/    /'
		done
	fi
done <"$WORK/out/old/.names"
cmp -s "$WORK/out/old/.names" "$WORK/out/new/.names" || { echo "DIFFERS: the invocations run"; differ=$((differ + 1)); }

echo "$total commands compared, $same identical, $differ differ"
[[ $differ -eq 0 ]]
