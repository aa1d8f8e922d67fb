#!/usr/bin/env bash
# bench/openapi-mock.sh: licensesync against Prism mocks of GitHub's published OpenAPI
# descriptions (issue 21: "status, check and the console never show an impossible
# number"), in dynamic mode (schema-random data, new on every request) and once static
# (the descriptions' examples).
#
#   bench/openapi-mock.sh OPENAPI_DIR [OUT_DIR]          # 20 dynamic runs + 1 static
#   RUNS=5 SUPPLEMENT=0 bench/openapi-mock.sh /work/shared/openapi /tmp/out
#
# OPENAPI_DIR holds one-operation extracts (*.json: method, path, parameters, responses
# with inlined schemas and examples). bench/openapi-mock.py assembles them into two
# OpenAPI 3.0 documents: the cloud (ghec-*, paths as they are) and the server (ghes-*:
# REST under /api/v3, because LICENSESYNC_SERVER is the appliance root and the client
# adds /api/v3/; manage/v1 as it is: licensesync never calls the Management Console API,
# its console calls are /api/v3/enterprises/SLUG/settings/github-connect, which no
# published description has: Prism's 404 makes licensesync say "no console API").
# With SUPPLEMENT=1 (the default) bench/openapi-supplement.json adds /api/v3/meta and
# /api/v3/user with pinned values (not GitHub's text): without them status still shows
# the rest but says "read the server version: HTTP 404" (version -, exit 1), and the
# console's first step cannot name the token's account. SUPPLEMENT=0 shows that. Other
# endpoints licensesync asks for are in no extract and Prism answers 404: GraphQL, the
# cloud's Server Statistics, /rate_limit, the console's settings/github-connect and
# settings/license/sync|usage; licensesync says each as unknown and goes on.
#
# Each run of `status`, `status --json` and `check` is kept in OUT_DIR (default a temp
# dir) as dynamic-NN-CMD.out (stdout+stderr, rc on the last line); suspects.txt lists
# the lines that look like an impossible number shown as a fact. Needs python3, go,
# npm (Prism is installed into $PRISM_PREFIX, default /tmp/prism, if absent).
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:?usage: bench/openapi-mock.sh OPENAPI_DIR [OUT_DIR]}
out=${2:-$(mktemp -d)}
runs=${RUNS:-20}
prefix=${PRISM_PREFIX:-/tmp/prism}
cport=${CLOUD_PORT:-4110} sport=${SERVER_PORT:-4111}
prism=$prefix/node_modules/.bin/prism
[ -x "$prism" ] || npm install --prefix "$prefix" @stoplight/prism-cli >/dev/null
mkdir -p "$out"/{home,cache,state,config,gh,oa}
sup=()
[ "${SUPPLEMENT:-1}" = 1 ] && sup=(bench/openapi-supplement.json)
python3 bench/openapi-mock.py "$src" "$out/oa" "${sup[@]}" 2>"$out/assemble.log"
bin=${LICENSESYNC_BIN:-$out/licensesync}
[ -x "$bin" ] || go build -o "$bin" ./cmd/licensesync

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
serve() { # mode: --dynamic or "" (static examples)
	kill "${pids[@]}" 2>/dev/null || true; pids=()
	"$prism" mock $1 -h 127.0.0.1 -p "$cport" "$out/oa/cloud.json" >>"$out/prism-cloud.log" 2>&1 & pids+=($!)
	"$prism" mock $1 -h 127.0.0.1 -p "$sport" "$out/oa/server.json" >>"$out/prism-server.log" 2>&1 & pids+=($!)
	for p in $cport $sport; do
		for _ in $(seq 60); do curl -s -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.5; done
	done
}
export HOME=$out/home XDG_CACHE_HOME=$out/cache XDG_STATE_HOME=$out/state XDG_CONFIG_HOME=$out/config GH_CONFIG_DIR=$out/gh
export LICENSESYNC_SERVER=http://127.0.0.1:$sport LICENSESYNC_ENTERPRISE=acme
export LICENSESYNC_CLOUD=http://127.0.0.1:$cport/ LICENSESYNC_CLOUD_ENTERPRISE=acme-cloud
export GH_ENTERPRISE_TOKEN=ghp_dummyServerToken GH_TOKEN=ghp_dummyCloudToken
one() { # name, args...
	local f=$out/$1.out; shift
	{ timeout 120 "$bin" "$@" 2>&1; echo "rc=$?"; } >"$f" || true
}
serve --dynamic
for i in $(seq -w 1 "$runs"); do
	one "dynamic-$i-status" status
	one "dynamic-$i-status-json" status --json
	one "dynamic-$i-check" check
done
serve ""
one static-status status
one static-status-json status --json
one static-check check

# Suspects: a minus before digits outside what says it is impossible ("impossible (…)",
# "sent FIELD -N, which cannot be true", the impossible list's "value"/"reason", the
# "numbers that cannot be true" of a refused answer), e+ notation, NaN/Inf, "N consumed
# of M" or "N used of M" with N > M not said as over, "used of 0" (an invented 0), and a
# license ending more than 100 years away either side (days_until_expiration).
python3 - "$out" >"$out/suspects.txt" <<'PY'
import glob, os, re, sys
out = sys.argv[1]
num = lambda s: int(s.replace(",", ""))
for f in sorted(glob.glob(os.path.join(out, "*.out"))):
    for ln, line in enumerate(open(f, errors="replace"), 1):
        why = []
        scrub = re.sub(r"impossible \([^)]*\)|\"value\": -?\d+|\"reason\".*|sent [a-z_]+ -[\d,]+|"
                       r"cannot be true: .*|\(-[\d,]+\)\)|days_until_expiration.*|expired \d+ days|license_days_left=-?\d+", "", line)
        if re.search(r"(?<![\w.])-\d", scrub): why.append("negative")
        if re.search(r"\d[eE][+-]\d", line): why.append("e-notation")
        if re.search(r"\b(NaN|[+-]?Inf)\b", line): why.append("NaN/Inf")
        for m in re.finditer(r"(\d[\d,]*) (?:used |consumed )?of (\d[\d,]*)", line):
            if num(m.group(1)) > num(m.group(2)) and "over" not in line.lower(): why.append("used>total")
        if re.search(r"used of 0\b", line): why.append("used of 0")
        m = re.search(r"days_until_expiration\": (-?\d+)|expired (\d+) days ago|license_days_left=(-?\d+)|EXPIRED (\d+) days", line)
        if m and abs(int(next(g for g in m.groups() if g))) > 36525: why.append("days beyond 100 years")
        if why:
            print("%s:%d: %s: %s" % (os.path.basename(f), ln, ",".join(why), line.rstrip()[:200]))
PY
echo "$out: $(ls "$out"/*.out | wc -l) outputs, $(wc -l <"$out/suspects.txt") suspect lines (suspects.txt)"
