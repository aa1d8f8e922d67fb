#!/usr/bin/env bash
# bench/warm-status.sh: a warm `status` with its breakdown and a warm `check`, time and
# peak RSS, at each size given (people on each side), against `licensesync sim` with
# license sync on (issue 24 item 4: ≤ 0.3 s and ≤ 120 MB at 150,000). One cold
# `status` writes the snapshot (about 2 minutes at 150,000), then COUNT readings of
# each; prints one line per reading and the medians.
#
#   bench/warm-status.sh                 # 150,000, 3 readings
#   bench/warm-status.sh -count 5 150000 300000
#
# Needs bash 5, go, awk and /usr/bin/time. Scratch HOME and XDG directories, never
# your own cache; a fresh sim per size.
set -euo pipefail
cd "$(dirname "$0")/.."
count=3
if [ "${1:-}" = "-count" ]; then count=$2; shift 2; fi
sizes=${*:-150000}

work=$(mktemp -d)
simpid=
trap 'if [ -n "$simpid" ]; then kill "$simpid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
bin=$work/licensesync
go build -o "$bin" ./cmd/licensesync
export GOMODCACHE="$(go env GOMODCACHE)" GOCACHE="$(go env GOCACHE)" GOPATH="$(go env GOPATH)"
export HOME=$work/home XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config GH_CONFIG_DIR=$work/gh
mkdir -p "$HOME"
echo "# $(date -u +%FT%TZ) $(uname -sm), $(nproc) cores, $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg), $count readings"

# timed NAME CMD...: one reading of CMD (its output discarded): seconds and peak MB.
# check exits 1 when a rule fails (the sim's enterprise is over its seats): not an error here.
timed() {
	local name=$1 t0=$EPOCHREALTIME
	shift
	/usr/bin/time -f '%M' -o "$work/rss" "$@" > /dev/null 2> "$work/err" || true
	# time's last line is the RSS (a line before it says a non-zero exit).
	tail -1 "$work/rss" | awk -v a="$t0" -v b="$EPOCHREALTIME" -v n="$name" '{ printf "%s %.3f s %.0f MB\n", n, b - a, $1 / 1024 }' | tee -a "$work/readings"
}

# median NAME FIELD: the median of one column of NAME's readings.
median() {
	grep "^$1 " "$work/readings" | awk -v f="$2" '{ print $f }' | sort -g |
		awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for n in $sizes; do
	export XDG_CACHE_HOME=$work/cache-$n
	"$bin" sim --print-env --users "$n" --cloud-users "$n" --license-sync-enabled > "$work/sim.env" &
	simpid=$!
	for _ in $(seq 6000); do grep -q '^# licensesync sim is serving' "$work/sim.env" 2>/dev/null && break; sleep 0.05; done
	# shellcheck disable=SC1091
	. "$work/sim.env"
	timed "cold_status_$n" "$bin" status
	for _ in $(seq "$count"); do
		timed "warm_status_$n" "$bin" status
		timed "warm_check_$n" "$bin" check
	done
	kill "$simpid"
	wait "$simpid" 2>/dev/null || true
	simpid=
	for what in warm_status warm_check; do
		echo "median ${what}_$n: $(median "${what}_$n" 2) s, $(median "${what}_$n" 4) MB"
	done
done
