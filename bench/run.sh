#!/usr/bin/env bash
# bench/run.sh: the performance targets of docs/PERFORMANCE.md, measured with the real
# binary against `licensesync sim` on loopback, and printed as one table of target,
# measured (median, min–max over the readings) and verdict.
#
#   bench/run.sh                    # every scenario but big, 3 readings each
#   bench/run.sh -count 5 warm rss  # some scenarios, 5 readings
#   bench/run.sh big ghvs           # 300,000 users under the limit (about 4 minutes), gh
#
# Scenarios: warm filter frame rss console network policy big ghvs scale. Needs bash 5, go,
# curl, awk and /usr/bin/time (peak RSS); console needs tmux; ghvs (side by side with
# `gh api --paginate`, about 2 minutes) needs gh (Debian: apt-get install gh). Times come from bash's
# $EPOCHREALTIME: no interpreter starts inside a timed reading. A fresh sim serves each
# scenario, and each reading that sends thousands of requests or meets a limit, so
# repeated readings never meet the sim's hourly 5,000 requests (its x-ratelimit-remaining
# reaches 0 and the client rightly waits for the reset) or a limit left by the last. Scratch HOME and XDG directories, never your own cache.
set -euo pipefail
cd "$(dirname "$0")/.."
count=3
if [ "${1:-}" = "-count" ]; then count=$2; shift 2; fi
scenarios=${*:-warm filter frame rss console network policy}
big_count=${BIG_COUNT:-1}

work=$(mktemp -d)
trap 'tmux kill-session -t lsbench 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
bin=$work/licensesync
go build -o "$bin" ./cmd/licensesync
# Keep go's caches where they are while HOME moves to the scratch directory.
export GOMODCACHE="$(go env GOMODCACHE)" GOCACHE="$(go env GOCACHE)" GOPATH="$(go env GOPATH)"
export HOME=$work/home XDG_CACHE_HOME=$work/cache XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config GH_CONFIG_DIR=$work/gh
mkdir -p "$HOME" "$work/readings"
echo "# $(date -u +%FT%TZ) $(uname -sm), $(nproc) cores, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg), $count readings"

# reading NAME VALUE: one measurement of a target.
reading() { echo "$2" >> "$work/readings/$1"; echo "  $1: $2" >&2; }

# seconds since START (an $EPOCHREALTIME).
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }

# sim ARGS...: starts a simulator, sets its environment and $simurl.
sim() {
	stop_sim
	"$bin" sim --print-env "$@" > "$work/sim.env" &
	simpid=$!
	for _ in $(seq 600); do grep -q '^# licensesync sim is serving' "$work/sim.env" 2>/dev/null && break; sleep 0.05; done
	# shellcheck disable=SC1091
	. "$work/sim.env"
	simurl=$LICENSESYNC_SERVER
}
simpid=
stop_sim() { if [ -n "$simpid" ]; then kill "$simpid" 2>/dev/null || true; wait "$simpid" 2>/dev/null || true; simpid=; fi; }
# counter NAME: one of the sim's counters (GET /_sim/stats).
counter() { curl -s "$simurl/_sim/stats" | grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
consumed_requests() { curl -s "$simurl/_sim/stats" | grep -o '"GET cloud enterprises/{e}/consumed-licenses":[0-9]*' | cut -d: -f2; }

# timed_rss CMD...: runs CMD (stdout to $work/out), sets $secs and $rss_mb.
timed_rss() {
	local t0=$EPOCHREALTIME
	/usr/bin/time -f '%M' -o "$work/rss" "$@" > "$work/out" 2> "$work/err"
	secs=$(since "$t0")
	rss_mb=$(awk '{ printf "%.0f", $1 / 1024 }' "$work/rss")
}

# users_in_out: how many users the last JSON output holds (not timed).
users_in_out() { grep -c '"github_com_login"' "$work/out" || true; }

warm() {
	echo "## warm: 100,000 users, snapshot on disk and fresh, the DEFAULT pace (900/1m)" >&2
	sim --cloud-users 100000
	"$bin" users --json --pace off --concurrency 16 > /dev/null # cold, writes the snapshot
	for _ in $(seq "$count"); do
		before=$(consumed_requests)
		timed_rss "$bin" users --json
		reading warm_s "$secs"
		reading warm_requests "$(( $(consumed_requests) - before ))"
		[ "$(users_in_out)" = 100000 ] || { echo "warm: wrong user count $(users_in_out)" >&2; exit 1; }
	done
	for _ in $(seq "$count"); do
		t0=$EPOCHREALTIME; "$bin" status --breakdown=false > /dev/null; reading status_s "$(since "$t0")"
		t0=$EPOCHREALTIME; "$bin" status > /dev/null; reading status_breakdown_s "$(since "$t0")"
	done
	stop_sim
}

filter() {
	echo "## filter: one keystroke over the sim's 100,000 rows, every sort key (go test -bench)" >&2
	go test -run XXX -bench 'FilterRealRows100k' -benchtime 200x -count "$count" ./tui/ > "$work/bench"
	# The slowest sort key of each run is its reading.
	awk '/^BenchmarkFilterRealRows100k\/sort=/ { run[$1]++; ms = $3 / 1e6; k = run[$1]; if (ms > worst[k]) worst[k] = ms }
		END { for (k in worst) printf "%.2f\n", worst[k] }' "$work/bench" | while read -r ms; do reading filter_ms "$ms"; done
	awk '/^BenchmarkFilterRealRows100k\/sort-/ { printf "%.3f\n", $3 / 1e6 }' "$work/bench" | while read -r ms; do reading sort_key_ms "$ms"; done
}

frame() {
	echo "## first frame from a 100,000-user snapshot (go test -bench)" >&2
	go test -run XXX -bench 'FirstFrameFromSnapshot100k' -benchtime 8x -count "$count" ./tui/ > "$work/bench"
	awk '/^BenchmarkFirstFrame/ { printf "%.1f\n", $3 / 1e6 }' "$work/bench" | while read -r ms; do reading frame_ms "$ms"; done
}

rss() {
	echo "## peak RSS of users --json, 100,000 users" >&2
	for _ in $(seq "$count"); do
		sim --cloud-users 100000 # fresh: 2,000 requests a reading stay under the sim's hourly 5,000
		rm -rf "$XDG_CACHE_HOME"
		timed_rss "$bin" users --json --pace off --concurrency 16
		reading rss_users_cold_mb "$rss_mb"
		timed_rss "$bin" users --json
		reading rss_users_warm_mb "$rss_mb"
		timed_rss "$bin" users --json --max-age 0 --pace off --concurrency 16
		reading rss_users_revalidate_mb "$rss_mb"
	done
	stop_sim
}

# console_run ARGS...: starts the console in tmux (80×24) against the sim, waits for the
# dashboard's users with nothing loading, types a filter and changes the sort; sets
# $frame_ms (launch to "Users 100,…" on screen) and $rss_mb (VmHWM).
console_run() {
	tmux kill-session -t lsbench 2>/dev/null || true
	local t0=$EPOCHREALTIME pid="" users='Users [0-9,]+ of 100,[0-9]{3} ' # the users table's title (the sim's server-only users come on top)
	tmux new -d -s lsbench -x 80 -y 24 "$(env | grep -E '^(HOME|XDG_|GH_|LICENSESYNC_)' | sed 's/^/export /; s/=/="/; s/$/"/' | tr '\n' ';') exec $bin $*"
	frame_ms=""
	for _ in $(seq 3000); do
		if tmux capture-pane -p -t lsbench | grep -qE "$users"; then frame_ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (b - a) * 1000 }'); break; fi
		sleep 0.01
	done
	# Then until the title says nothing is loading or being checked.
	for _ in $(seq 1200); do
		tmux capture-pane -p -t lsbench | grep -E "$users" | grep -qvE 'loading|checking|reading' && break
		sleep 0.1
	done
	pid=$(tmux list-panes -t lsbench -F '#{pane_pid}')
	tmux send-keys -t lsbench / u s e r; sleep 0.5; tmux send-keys -t lsbench BSpace BSpace Escape o o; sleep 1
	rss_mb=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
	tmux kill-session -t lsbench
}

console() {
	echo "## the console, 100,000 users, 80x24 tmux: first frame end to end and peak RSS" >&2
	if ! command -v tmux > /dev/null; then echo "no tmux: skipped" >&2; return; fi
	for _ in $(seq "$count"); do
		# A fresh sim a reading (the sim's hourly 5,000); license sync on: a returning
		# admin lands on the dashboard.
		sim --cloud-users 100000 --license-sync-enabled
		rm -rf "$XDG_CACHE_HOME"
		"$bin" users --json --pace off --concurrency 16 > /dev/null
		# The first console after the read makes every row first and keeps the first
		# screen beside the snapshot; a returning admin's console draws it at once.
		console_run
		reading frame_tmux_keeping_ms "$frame_ms"
		console_run
		reading frame_tmux_ms "$frame_ms"
		reading rss_console_snapshot_mb "$rss_mb"
		rm -rf "$XDG_CACHE_HOME"
		console_run --pace off # cold: every page fetched (unpaced, to finish in seconds)
		reading rss_console_cold_mb "$rss_mb"
	done
	stop_sim
}

network() {
	echo "## network-bound: 20,000 users (200 pages), 200 ms a request, no limits, default concurrency 8" >&2
	sim --cloud-users 20000 --latency 200ms
	for _ in $(seq "$count"); do
		timed_rss "$bin" users --json --no-snapshot --pace off
		reading network_ratio "$(awk -v s="$secs" 'BEGIN { printf "%.3f", s / 5.0 }')"
	done
	stop_sim
}

policy() {
	echo "## policy-bound: 20,000 users (200 pages), the sim enforces 90 points per 6 s (900/min scaled 10x)" >&2
	for _ in $(seq "$count"); do
		sim --cloud-users 20000 --secondary-points 90 --secondary-window 6s --secondary-concurrency 100 --latency 20ms
		timed_rss "$bin" users --json --no-snapshot --pace 90/6s --concurrency 8
		# 200 requests at 90 a window: the third window opens 12 s after the first.
		reading policy_ratio "$(awk -v s="$secs" 'BEGIN { printf "%.3f", s / 12.0 }')"
		reading policy_limit_hits "$(counter secondary_limit_hits)"
	done
	stop_sim
}

big() {
	echo "## 300,000 users (3,000 pages), the sim enforces GitHub's 900 points a minute, the default pace" >&2
	for _ in $(seq "$big_count"); do
		sim --cloud-users 300000 --secondary-points 900 --secondary-window 1m --secondary-concurrency 100
		rm -rf "$XDG_CACHE_HOME"
		timed_rss "$bin" users --json
		# 3,000 requests at 900 a minute: the fourth window opens 3 minutes after the first.
		reading big_ratio "$(awk -v s="$secs" 'BEGIN { printf "%.3f", s / 180.0 }')"
		reading big_rss_mb "$rss_mb"
		reading big_limit_hits "$(counter secondary_limit_hits)"
		[ "$(users_in_out)" = 300000 ] || { echo "big: wrong user count $(users_in_out)" >&2; exit 1; }
	done
	stop_sim
}

scale() {
	echo "## scaling: cold users --json --pace off --concurrency 16 at each size (the client's own speed)" >&2
	for n in 10000 30000 100000 300000; do
		for _ in $(seq "$count"); do
			sim --cloud-users "$n"
			rm -rf "$XDG_CACHE_HOME"
			timed_rss "$bin" users --json --pace off --concurrency 16
			reading "scale_${n}_s" "$secs"
			reading "scale_${n}_mb" "$rss_mb"
		done
	done
	stop_sim
}

# gh_paginate URL: gh api --paginate of the sim's cloud, its token as gh's for that host;
# sets $secs, $gh_rc and $gh_users.
gh_paginate() {
	local t0=$EPOCHREALTIME port=${LICENSESYNC_SERVER##*:}
	gh_rc=0
	GH_ENTERPRISE_TOKEN=$GH_TOKEN GH_HOST=127.0.0.1:$port gh api --paginate "${LICENSESYNC_CLOUD}$1" > "$work/out" 2> "$work/err" || gh_rc=$?
	secs=$(since "$t0")
	gh_users=$(grep -o '"github_com_login"' "$work/out" | wc -l)
}

ghvs() {
	echo "## side by side with gh api --paginate (Debian's gh $(gh --version | head -1 | cut -d' ' -f3))" >&2
	if ! command -v gh > /dev/null; then echo "no gh (apt-get install gh): skipped" >&2; return; fi
	sim --cloud-users 20000 --latency 200ms
	for _ in $(seq "$count"); do
		gh_paginate enterprises/acme-cloud/consumed-licenses
		reading gh_20k_s "$secs"
		timed_rss "$bin" users --json --no-snapshot
		reading ls_20k_s "$secs"
		reading speedup_20k "$(awk -v a="$(tail -1 "$work/readings/gh_20k_s")" -v b="$secs" 'BEGIN { printf "%.1f", a / b }')"
	done
	echo "## 100,000 users, the sim enforces GitHub's 900 points a minute (one reading each)" >&2
	sim --cloud-users 100000 --secondary-points 900 --secondary-window 1m --secondary-concurrency 100
	gh_paginate enterprises/acme-cloud/consumed-licenses
	echo "  gh: ${secs}s, exit $gh_rc, $gh_users users: $(grep -o 'HTTP [0-9]*' "$work/err" | head -1)" >&2
	reading gh_100k_users "$gh_users"
	sim --cloud-users 100000 --secondary-points 900 --secondary-window 1m --secondary-concurrency 100
	timed_rss "$bin" users --json --no-snapshot
	echo "  licensesync: ${secs}s, $(users_in_out) users, $(counter secondary_limit_hits) limit responses" >&2
	reading ls_100k_users "$(users_in_out)"
	reading ls_100k_ratio "$(awk -v s="$secs" 'BEGIN { printf "%.3f", s / 60.0 }')"
	stop_sim
}

for s in $scenarios; do
	case $s in
	warm | filter | frame | rss | console | network | policy | big | ghvs | scale) $s ;;
	*) echo "unknown scenario $s" >&2; exit 2 ;;
	esac
done

# The table: name | target | comparison | limit | unit.
targets='warm_s|warm users --json, 100k, default pace|<|3|s
warm_requests|  requests it makes|<=|2|
status_s|warm status --breakdown=false (page 1 revalidated)|<|0.3|s
status_breakdown_s|warm status with its breakdown (for comparison)|info||s
filter_ms|filter keystroke, 100k sim rows, slowest sort key|<|10|ms
sort_key_ms|sort keystroke, 100k sim rows|<|10|ms
frame_ms|first frame from the snapshot, 100k (benchmark)|<|150|ms
frame_tmux_ms|first frame from the snapshot, 100k (tmux, from launch)|<|300|ms
frame_tmux_keeping_ms|  the first console after the read (keeps the first screen)|info||ms
rss_users_cold_mb|peak RSS users --json 100k, cold|<|120|MB
rss_users_warm_mb|peak RSS users --json 100k, warm|<|120|MB
rss_users_revalidate_mb|peak RSS users --json 100k, --max-age 0|<|120|MB
rss_console_snapshot_mb|peak RSS console 100k, with snapshot|<|200|MB
rss_console_cold_mb|peak RSS console 100k, cold|<|200|MB
network_ratio|20k at 200 ms, time / floor (5 s)|<=|1.2|x
policy_ratio|20k under 90/6s, time / floor (12 s)|<=|1.15|x
policy_limit_hits|  limit responses|<=|1|
big_ratio|300k under 900/1m, default pace, time / floor (180 s)|<=|1.05|x
big_rss_mb|  peak RSS|<|400|MB
big_limit_hits|  limit responses|<=|1|
speedup_20k|gh api --paginate ÷ licensesync, 20k at 200 ms|>=|4|x
gh_100k_users|gh api --paginate, 100k under 900/1m: users read (for comparison)|info||
ls_100k_users|licensesync, 100k under 900/1m: users read|>=|100000|
ls_100k_ratio|  time / floor (60 s)|<=|1.05|x
scale_10000_s|10k cold, unpaced: time|info||s
scale_10000_mb|  peak RSS|info||MB
scale_30000_s|30k cold, unpaced: time|info||s
scale_30000_mb|  peak RSS|info||MB
scale_100000_s|100k cold, unpaced: time|info||s
scale_100000_mb|  peak RSS|info||MB
scale_300000_s|300k cold, unpaced: time|info||s
scale_300000_mb|  peak RSS|info||MB'
printf '\n| target | limit | measured: median (min–max), n | verdict |\n|---|---|---|---|\n'
while IFS='|' read -r name what op limit unit; do
	f=$work/readings/$name
	[ -s "$f" ] || continue
	sort -g "$f" | awk -v what="$what" -v op="$op" -v limit="$limit" -v unit="$unit" '
		{ v[NR] = $1 }
		END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			ok = (op == "<") ? med < limit : (op == ">=") ? med >= limit : med <= limit
			verdict = (op == "info") ? "—" : ok ? "met" : "NOT met"
			if (op == "info") { op = "—"; limit = ""; unit = "" }
			printf "| %s | %s %s %s | %s (%s–%s), %d | %s |\n", what, op, limit, unit, med, v[1], v[NR], NR, verdict
		}'
done <<< "$targets"
