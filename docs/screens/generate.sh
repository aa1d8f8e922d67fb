#!/usr/bin/env bash
# Redraws the README's screens: drives the real binary in tmux at 80x24 on the demo
# enterprise (a fresh one, in a temporary state directory) and on two simulated
# appliances (a stock one, and one whose cloud refuses the token), captures five screens with
# their colours (tmux capture-pane -e -p) into docs/screens/NAME.ans, and renders each
# to docs/screens/NAME.svg with cmd/screenshot. A Go test (cmd/screenshot) checks that
# the committed SVGs are what the renderer makes of the committed captures.
#
#   docs/screens/generate.sh        # needs go and tmux
#
# SCREENS_OUT=DIR writes the captures and pictures to DIR instead (the test that checks
# the committed screens are current does that); LICENSESYNC_BIN=FILE uses that binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${SCREENS_OUT:-docs/screens}
mkdir -p "$out"

command -v tmux >/dev/null || { echo "generate.sh: needs tmux (apt-get install tmux)" >&2; exit 1; }
tmp=$(mktemp -d)
sock="licensesync-screens-$$"
t() { tmux -L "$sock" -f /dev/null "$@"; }
sims=()
cleanup() {
  t kill-server 2>/dev/null || true
  for pid in "${sims[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -n "${LICENSESYNC_BIN:-}" ]; then
  cp "$LICENSESYNC_BIN" "$tmp/licensesync"
else
  go build -o "$tmp/licensesync" ./cmd/licensesync
fi

# A clean environment: no tokens or hosts of the machine, the demo's state in $tmp.
t new-session -d -x 80 -y 24 \
  "env -i PATH=/usr/bin:/bin HOME=$tmp TERM=xterm-256color LANG=C.UTF-8 \
   XDG_STATE_HOME=$tmp/state XDG_CONFIG_HOME=$tmp/config \
   $tmp/licensesync --demo --demo-reset; sleep 60"

# wait_for TEXT: polls the screen (every 50ms, for at most 30s) until it shows TEXT.
wait_for() {
  for _ in $(seq 600); do
    if t capture-pane -p | grep -qF -- "$1"; then return 0; fi
    sleep 0.05
  done
  echo "generate.sh: the screen never showed \"$1\"; it shows:" >&2
  t capture-pane -p >&2
  exit 1
}
# wait_gone TEXT: polls the screen (as wait_for) until it no longer shows TEXT.
wait_gone() {
  for _ in $(seq 600); do
    if ! t capture-pane -p | grep -qF -- "$1"; then return 0; fi
    sleep 0.05
  done
  echo "generate.sh: the screen still shows \"$1\"; it shows:" >&2
  t capture-pane -p >&2
  exit 1
}
# keys KEY...: types the keys; the program reads them in order, as from a person.
keys() { t send-keys "$@"; }
# capture NAME: saves the screen with its colours once it has stopped changing (the
# same for two polls 100ms apart, or after 3s: a clock or spinner may never stop).
capture() {
  local before="" now
  for _ in $(seq 30); do
    now=$(t capture-pane -e -p)
    [ "$now" = "$before" ] && break
    before=$now
    sleep 0.1
  done
  printf '%s\n' "$now" > "$out/$1.ans"
  echo "captured $out/$1.ans"
}

wait_for "All checks passed"
capture wizard
keys Enter;  wait_for "step 2 of 4"
keys Enter;  wait_for "Connected to"
keys Enter;  wait_for "Server can sync user license count and usage"; wait_for "After the first sync"
capture dropdown
keys Up Enter; wait_for "from Disabled to Enabled?"
keys Enter;    wait_for "Disabled → Enabled"
keys Enter;    wait_for "updated"
keys s;        wait_for "Sync now succeeded"; wait_gone "refreshing…"; wait_gone "reloading…"
capture dashboard
keys q
t kill-session

# start_sim NAME ARGS...: a simulated appliance and cloud in the background, its
# connection variables (VAR=value ...) in $tmp/NAME.env, ready when the sim says so.
start_sim() {
  local name=$1; shift
  mkdir -p "$tmp/$name"
  env -i PATH=/usr/bin:/bin HOME="$tmp/$name" XDG_STATE_HOME="$tmp/$name/state" \
    "$tmp/licensesync" sim --print-env "$@" > "$tmp/$name.out" 2>/dev/null &
  sims+=($!)
  for _ in $(seq 300); do
    if grep -q '^# licensesync sim is serving' "$tmp/$name.out"; then
      sed -n 's/^export //p' "$tmp/$name.out" | tr '\n' ' ' > "$tmp/$name.env"
      return 0
    fi
    sleep 0.1
  done
  echo "generate.sh: the sim $name never became ready" >&2
  exit 1
}
# console NAME EXTRA_ENV...: the console against sim NAME in a fresh 80x24 session.
console() {
  local name=$1; shift
  t new-session -d -x 80 -y 24 \
    "env -i PATH=/usr/bin:/bin HOME=$tmp/$name TERM=xterm-256color LANG=C.UTF-8 \
     XDG_STATE_HOME=$tmp/$name/state XDG_CONFIG_HOME=$tmp/$name/config XDG_CACHE_HOME=$tmp/$name/cache \
     $(cat "$tmp/$name.env") $* $tmp/licensesync; sleep 60"
}

# A stock appliance (no console API): once the cloud confirms license sync the console
# opens on the dashboard; esc goes back to the setting, which gives the page to open in
# a browser and verifies the result from the cloud's side.
start_sim stock --stock --license-sync-enabled
console stock
wait_for "the cloud confirms"
keys Escape; wait_for "Open in a browser"
wait_for "Verified: the cloud shows"
capture stock
keys q
t kill-session

# An error: the cloud refuses the token, and step 1 says so before any dashboard.
start_sim refused
console refused GH_TOKEN=ghp_refusedCloudTokenNotARealOne00000000
wait_for "✗ cloud"
keys Enter;  wait_for "Not yet"
capture error
keys q

go run ./cmd/screenshot "$out"/wizard.ans "$out"/dropdown.ans "$out"/dashboard.ans "$out"/stock.ans "$out"/error.ans
