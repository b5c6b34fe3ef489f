#!/usr/bin/env bash
# Runs the real Dealer Access window under Xvfb, driven over WebDriver (tauri-driver and
# WebKitWebDriver, the WebKit engine family of macOS), in its own D-Bus session with an
# unlocked gnome-keyring so the OS keychain is the real Secret Service.
#   run.sh <app binary> <screenshot folder>
# Everything the app writes goes to a throwaway XDG data folder; the journey loads the demo
# data through the app itself, as a newcomer does.
set -euo pipefail
app=$(realpath "$1"); shots=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$shots" "$work/data/com.dealeraccess.desktop" "$work/config"
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
export DEALER_APP="$app" DEALER_SCREENSHOTS="$shots"
export DEALER_APP_DATA="$XDG_DATA_HOME/com.dealeraccess.desktop"
export PATH="$HOME/.cargo/bin:$PATH"
cd "$here"
status=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  echo -n "e2e-keyring-pass" | gnome-keyring-daemon --unlock --components=secrets > /dev/null
  tauri-driver --port 4444 --native-port 4445 > "'"$work"'/driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break; sleep 0.1; done
  status=0
  npm test || status=$?
  kill $driver 2>/dev/null || true
  wait $driver 2>/dev/null || true
  exit $status
' 2> "$work/session.log" || status=$?
# GTK, D-Bus and the desktop portal are chatty on stderr; show it only when a test failed.
if [ "$status" -ne 0 ]; then
  echo "--- app session log ---" >&2
  grep -v -e "Failed to set fd limit" "$work/session.log" >&2 || true
fi
exit "$status"
