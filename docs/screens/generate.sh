#!/usr/bin/env bash
# Redraws the README's screens: drives the real binary in tmux at 80x24 on the demo
# enterprise (a fresh one, in a temporary state directory), captures three screens with
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
cleanup() { t kill-server 2>/dev/null || true; rm -rf "$tmp"; }
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

wait_for() {
  for _ in $(seq 300); do
    if t capture-pane -p | grep -qF -- "$1"; then sleep 0.3; return 0; fi
    sleep 0.1
  done
  echo "generate.sh: the screen never showed \"$1\"; it shows:" >&2
  t capture-pane -p >&2
  exit 1
}
keys() { for k in "$@"; do t send-keys "$k"; sleep 0.2; done; }
capture() { t capture-pane -e -p > "$out/$1.ans"; echo "captured $out/$1.ans"; }

wait_for "All checks passed"
capture wizard
keys Enter;  wait_for "step 2 of 5"
keys Enter;  wait_for "Enterprise › Settings"
keys Enter;  wait_for "Connected to"
keys Enter;  wait_for "Server can sync user license count and usage"
capture dropdown
keys Up Enter; wait_for "from Disabled to Enabled?"
keys Enter;    wait_for "Disabled → Enabled"
keys Enter;    wait_for "updated"
keys s;        wait_for "Sync now succeeded"
capture dashboard
keys q

go run ./cmd/screenshot "$out"/wizard.ans "$out"/dropdown.ans "$out"/dashboard.ans
