#!/usr/bin/env bash
# A screenshot of TensorBoard showing LOGDIR (docs/GRIDS.md): starts the real TensorBoard on a free port, waits until it
# lists its runs, points headless Chromium at one dashboard and stops the server again. Not run by CI.
# Needs: a TensorBoard (TENSORBOARD=path, default `tensorboard` on the PATH; offline install: python3 -m venv tb &&
# tb/bin/pip install --no-index --find-links /opt/pypi/files --find-links /opt/pypi-more/files tensorboard) and
# Debian's chromium (apt-get install chromium).
# Usage: scripts/tensorboard-screenshot.sh LOGDIR OUT.png [DASHBOARD [TAG_FILTER]]
#   DASHBOARD: scalars (default), histograms, distributions; TAG_FILTER: a regex over tags, e.g. 'accuracy'
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n 's/^# \{0,1\}//; 2,8p' "$0" >&2
  exit 2
fi
logdir="$1"; out="$2"; dashboard="${3:-scalars}"; filter="${4:-}"
tensorboard="${TENSORBOARD:-tensorboard}"
[ -d "$logdir" ] || { echo "no such log directory: $logdir" >&2; exit 2; }
command -v "$tensorboard" >/dev/null || { echo "TensorBoard not found: $tensorboard (set TENSORBOARD)" >&2; exit 2; }
command -v chromium >/dev/null || { echo "chromium not found (apt-get install chromium)" >&2; exit 2; }

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
"$tensorboard" --logdir "$logdir" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 60); do
  runs="$(curl -sf "http://127.0.0.1:$port/data/runs" || true)"
  [ -n "$runs" ] && [ "$runs" != "[]" ] && break
  sleep 1
done
[ -n "${runs:-}" ] && [ "$runs" != "[]" ] || { echo "TensorBoard listed no runs in 60 s:" >&2; cat "$log" >&2; exit 1; }
echo "TensorBoard runs: $runs" >&2

encoded="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$filter")"
url="http://127.0.0.1:$port/?darkMode=false#$dashboard${filter:+&tagFilter=$encoded}"
tmp="$out.partial.png"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,900 \
  --virtual-time-budget=20000 --screenshot="$tmp" "$url" 2>/dev/null
mv "$tmp" "$out"
echo "wrote $out ($url)" >&2
