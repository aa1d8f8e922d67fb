#!/usr/bin/env bash
# bench/first-frame.sh: the console's first frame from the snapshot, as a returning admin
# sees it, at each size given (cloud members; the server's users who synced are mixed
# in): from starting licensesync in an 80x24 tmux pane to the first user row on screen,
# polled every 10 ms, the RSS at that moment, and the peak RSS once every row, sort
# order and the breakdown are made (SETTLE seconds later). One cold `users --json`
# writes the snapshot; the first launch after it keeps the first screen (it is printed
# as "keeping"), then COUNT readings; prints one line per reading and the medians.
# (issue 24 item 3: under 300 ms at 300,000.)
#
#   bench/first-frame.sh                          # 300,000, 3 readings
#   bench/first-frame.sh -count 5 100000 300000
#
# Needs bash 5, go, awk and tmux. Scratch HOME and XDG directories, never your own
# cache; a fresh sim per size.
set -euo pipefail
cd "$(dirname "$0")/.."
count=3
settle=${SETTLE:-15}
if [ "${1:-}" = "-count" ]; then count=$2; shift 2; fi
sizes=${*:-300000}
command -v tmux > /dev/null || { echo "bench/first-frame.sh needs tmux (apt-get install tmux)" >&2; exit 2; }

work=$(mktemp -d)
simpid=
session=first-frame-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; if [ -n "$simpid" ]; then kill "$simpid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
bin=$work/licensesync
go build -o "$bin" ./cmd/licensesync
export HOME=$work/home XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config GH_CONFIG_DIR=$work/gh
mkdir -p "$HOME"
echo "# $(date -u +%FT%TZ) $(uname -sm), $(nproc) cores, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg), $count readings"

# launch NAME: one console start: ms to the first row, MB then, peak MB after settling.
launch() {
	local name=$1 t0 t1 pid rss hwm
	tmux kill-session -t "$session" 2>/dev/null || true
	t0=$EPOCHREALTIME
	# A pane has the tmux server's environment, not this script's: it is given here.
	tmux new -d -s "$session" -x 80 -y 24 "bash -c '. $work/pane.env; exec $bin'"
	pid=$(tmux display -p -t "$session" '#{pane_pid}')
	for _ in $(seq 3000); do
		tmux capture-pane -p -t "$session" | grep -q '^› ' && break
		sleep 0.01
	done
	t1=$EPOCHREALTIME
	tmux capture-pane -p -t "$session" | grep -q 'snapshot from' || echo "# $name: the first row was not the snapshot's" >&2
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
	sleep "$settle"
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
	tmux kill-session -t "$session"
	awk -v a="$t0" -v b="$t1" -v r="$rss" -v h="$hwm" -v n="$name" \
		'BEGIN { printf "%s %.0f ms %.0f MB %.0f MB-peak\n", n, (b - a) * 1000, r / 1024, h / 1024 }' | tee -a "$work/readings"
}

# median NAME FIELD: the median of one column of NAME's readings.
median() {
	grep "^$1 " "$work/readings" | awk -v f="$2" '{ print $f }' | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for n in $sizes; do
	export XDG_CACHE_HOME=$work/cache-$n
	"$bin" sim --print-env --cloud-users "$n" --license-sync-enabled --primary-limit 1000000 > "$work/sim.env" &
	simpid=$!
	for _ in $(seq 6000); do grep -q '^# licensesync sim is serving' "$work/sim.env" 2>/dev/null && break; sleep 0.05; done
	{
		cat "$work/sim.env"
		for v in HOME XDG_STATE_HOME XDG_CONFIG_HOME XDG_CACHE_HOME GH_CONFIG_DIR; do echo "export $v=${!v}"; done
	} > "$work/pane.env"
	# shellcheck disable=SC1091
	(. "$work/pane.env" && "$bin" users --json --pace off --concurrency 16 > /dev/null)
	[ -n "$(find "$XDG_CACHE_HOME" -name '*.snap')" ] || { echo "no snapshot was written" >&2; exit 1; }
	launch "keeping_$n"
	for _ in $(seq "$count"); do
		launch "first_frame_$n"
	done
	kill "$simpid"
	wait "$simpid" 2>/dev/null || true
	simpid=
	echo "median first_frame_$n: $(median "first_frame_$n" 2) ms, $(median "first_frame_$n" 4) MB then, $(median "first_frame_$n" 6) MB peak"
done
