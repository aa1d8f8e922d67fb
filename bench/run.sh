#!/usr/bin/env bash
# bench/run.sh: the performance targets of docs/PERFORMANCE.md, measured with the real
# binary against `licensesync sim` on loopback. Needs go, curl and python3; uses
# /usr/bin/time for peak RSS when present. Takes about three minutes.
#
#   bench/run.sh            # everything
#   bench/run.sh network    # one scenario: network | policy | warm | rss | sim | go
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
bin=$work/licensesync
go build -o "$bin" ./cmd/licensesync
# Keep go's caches where they are while HOME moves to the scratch directory.
export GOMODCACHE="$(go env GOMODCACHE)" GOCACHE="$(go env GOCACHE)" GOPATH="$(go env GOPATH)"
export HOME=$work/home XDG_CACHE_HOME=$work/cache XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config GH_CONFIG_DIR=$work/gh
mkdir -p "$HOME"
echo "# $(date -u +%FT%TZ) $(uname -sm), $(nproc) cores, $(go version | cut -d' ' -f3)"

now() { python3 -c 'import time; print(time.monotonic())'; }

# sim ARGS...: starts a simulator, exports its env, sets $simurl.
sim() {
	"$bin" sim --print-env "$@" > "$work/sim.env" &
	for _ in $(seq 100); do grep -q '^# licensesync sim is serving' "$work/sim.env" 2>/dev/null && break; sleep 0.05; done
	# shellcheck disable=SC1091
	. "$work/sim.env"
	simurl=$LICENSESYNC_SERVER
}
stop_sim() { kill %1 2>/dev/null || true; wait 2>/dev/null || true; }
stats() { curl -s "$simurl/_sim/stats"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# timed CMD...: runs CMD with stdout to $work/out, prints seconds.
timed() {
	local t0 t1
	t0=$(now); "$@" > "$work/out"; t1=$(now)
	python3 -c "print(f'{$t1-$t0:.3f}')"
}

# check_users N: the last output has N users, each once.
check_users() {
	python3 - "$1" "$work/out" <<'PY'
import json, sys
want, users = int(sys.argv[1]), json.load(open(sys.argv[2]))
keys = [json.dumps(u, sort_keys=True) for u in users]
ok = len(users) == want and len(set(keys)) == want
print(f"users {len(users)} (unique {len(set(keys))}) {'OK' if ok else 'WRONG'}")
PY
}

network() {
	echo "## network-bound: 20,000 users (200 pages), 200 ms per request, no limits"
	sim --cloud-users 20000 --latency 200ms
	local t1=""
	for c in 1 4 8 16; do
		t=$(timed "$bin" users --json --no-snapshot --pace off --concurrency "$c")
		floor=$(python3 -c "print(f'{200*0.2/$c:.2f}')")
		[ "$c" = 1 ] && t1=$t
		echo "concurrency $c: ${t}s  floor ${floor}s  ratio $(python3 -c "print(f'{$t/$floor:.2f}')")  speed-up vs 1: $(python3 -c "print(f'{$t1/$t:.1f}')")x  $(check_users 20000)"
	done
	echo "default concurrency: $(timed "$bin" users --json --no-snapshot --pace off)s"
	stop_sim
}

policy() {
	echo "## policy-bound: 20,000 users (200 pages), sim enforces 90 points per 6 s (900/min scaled 10x), 100 concurrent"
	sim --cloud-users 20000 --secondary-points 90 --secondary-window 6s --secondary-concurrency 100 --latency 20ms
	before=$(stats | field "['secondary_limit_hits']")
	t=$(timed "$bin" users --json --no-snapshot --pace 90/6s --concurrency 8)
	hits=$(( $(stats | field "['secondary_limit_hits']") - before ))
	# 200 requests at 90 a window: the third window opens 2 windows after the first.
	echo "paced 90/6s: ${t}s  floor 12.0s  ratio $(python3 -c "print(f'{$t/12:.2f}')")  limit responses $hits  $(check_users 20000)"
	stop_sim
	sim --cloud-users 20000 --secondary-points 90 --secondary-window 6s --secondary-concurrency 100 --latency 20ms
	before=$(stats | field "['secondary_limit_hits']")
	t=$(timed "$bin" users --json --no-snapshot --pace off --concurrency 8)
	hits=$(( $(stats | field "['secondary_limit_hits']") - before ))
	echo "unpaced (adaptive back-off only): ${t}s  limit responses $hits  $(check_users 20000)"
	stop_sim
}

warm() {
	echo "## warm: 100,000 users (1,000 pages), snapshot on disk, nothing changed, no latency"
	sim --cloud-users 100000
	t=$(timed "$bin" users --json --pace off --concurrency 16)
	echo "cold users --json (writes the snapshot): ${t}s  $(check_users 100000)"
	ls -l "$XDG_CACHE_HOME"/licensesync/*.snap | awk '{print "snapshot file: " $1 " " $5 " bytes"}'
	b304=$(stats | field "['not_modified']")
	t=$(timed "$bin" users --json --pace off --concurrency 16)
	n304=$(( $(stats | field "['not_modified']") - b304 ))
	echo "warm users --json: ${t}s  pages answered 304: $n304 of 1000  $(check_users 100000)"
	for i in 1 2 3 4 5; do
		b304=$(stats | field "['not_modified']")
		t=$(timed "$bin" status)
		echo "warm status run $i: ${t}s  304s: $(( $(stats | field "['not_modified']") - b304 ))"
	done
	stop_sim
}

rss() {
	echo "## peak RSS, users --json with 100,000 users"
	if [ ! -x /usr/bin/time ]; then echo "no /usr/bin/time: skipped"; return; fi
	sim --cloud-users 100000
	/usr/bin/time -v "$bin" users --json --no-snapshot --pace off > /dev/null 2> "$work/time"
	grep -E "Maximum resident|Elapsed" "$work/time" | sed 's/^\s*/cold: /'
	"$bin" users --json --pace off > /dev/null
	/usr/bin/time -v "$bin" users --json --pace off > /dev/null 2> "$work/time"
	grep -E "Maximum resident|Elapsed" "$work/time" | sed 's/^\s*/with snapshot: /'
	stop_sim
}

simspeed() {
	echo "## sim throughput: 100,000 users, unthrottled, concurrency 16"
	sim --cloud-users 100000
	before=$(stats | field "['requests']")
	t=$(timed "$bin" users --json --no-snapshot --pace off --concurrency 16)
	n=$(( $(stats | field "['requests']") - before ))
	echo "$n requests in ${t}s: $(python3 -c "print(f'{$n/$t:.0f}')") pages/s end to end (client decoding included)"
	stop_sim
}

gobench() {
	echo "## go test -bench"
	go test -run XXX -bench 'DashboardView|FilterKeystroke|DashboardHeap|FirstFrame' -benchtime 50x ./tui/ | grep ^Benchmark
	go test -run XXX -bench 'Cached|ConsumedLicenses100k' -benchtime 5x ./client/ | grep ^Benchmark
	go test -run XXX -bench 'ConsumedPage100k' ./client/sim/ | grep ^Benchmark
}

for s in ${1:-network policy warm rss sim go}; do
	case $s in
	network) network ;; policy) policy ;; warm) warm ;; rss) rss ;; sim) simspeed ;; go) gobench ;;
	*) echo "unknown scenario $s" >&2; exit 2 ;;
	esac
done
