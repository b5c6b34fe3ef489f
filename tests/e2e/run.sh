#!/usr/bin/env bash
# Runs the real Dealer Access window under Xvfb, driven over WebDriver (tauri-driver and
# WebKitWebDriver, the WebKit engine family of macOS), in its own D-Bus session with an
# unlocked gnome-keyring so the OS keychain is the real Secret Service.
#   run.sh <app binary> <screenshot folder> [journey file…]
# Each journey file (all of journeys/*.test.mjs unless named) gets a fresh start: its own
# throwaway XDG data folder (app data, the built-in portal's database, WebKit storage), its
# own keychain, D-Bus session, Xvfb display and tauri-driver, the settings its
# `// e2e-env:` line names, and a clock file (lib/app.mjs `moveClock`) that a debug build's
# built-in portal runs ahead by. Journeys load the demo data
# through the app itself, as a newcomer does.
# After each journey the secrets canary sweep searches everything it left behind (data,
# config and cache folders, the app's log, the keychain) for the passwords, answers and
# tokens the journey handled (lib/app.mjs `canary`); the keychain may hold only tokens.
# DEALER_E2E_KEEP=1 keeps each journey's folders (data, logs, keychain dump) to look into.
set -euo pipefail
app=$(realpath "$1"); shots=$(realpath -m "$2"); shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap '[ -n "${DEALER_E2E_KEEP:-}" ] && echo "=== kept: $work" || rm -rf "$work"' EXIT
mkdir -p "$shots"
export DEALER_APP="$app" DEALER_SCREENSHOTS="$shots"
# The built-in portal answers only its app, by a key of each launch; a debug build takes
# this one instead, so journeys can look at the portal from outside (lib/app.mjs portalApi).
DEALER_E2E_APP_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export DEALER_E2E_APP_KEY
# The portal server binary, for the journey that points the app at a shared portal
# (skipped without it). `cargo build -p dealer-portal --bins` puts it next to the app.
if [ -x "$(dirname "$app")/dealer-portal" ]; then export DEALER_PORTAL_BIN="$(dirname "$app")/dealer-portal"; fi
export PATH="$HOME/.cargo/bin:$PATH"
cd "$here"
if [ "$#" -eq 0 ]; then set -- journeys/*.test.mjs; fi

# One journey in a session of its own. Node's report goes to fd 3 (the terminal); the
# chatter of GTK, D-Bus, the desktop portal and the driver goes to the journey's log.
journey() {
  local file=$1 dir=$2
  mkdir -p "$dir/data/com.dealeraccess.desktop" "$dir/config" "$dir/cache" "$dir/tmp"
  : > "$dir/canaries.txt"
  # A journey's own settings for the app: its `// e2e-env: NAME=value …` line, if any.
  local settings
  settings=$(sed -n 's|^// e2e-env: ||p' "$file")
  # TMPDIR too: xvfb-run keeps its X authority there, and exits without stopping Xvfb when
  # it cannot remove it (seen once in the shared /tmp).
  TMPDIR="$dir/tmp" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config" \
    XDG_CACHE_HOME="$dir/cache" DEALER_APP_DATA="$dir/data/com.dealeraccess.desktop" \
    DEALER_CANARIES="$dir/canaries.txt" DEALER_KEYCHAIN_DUMP="$dir/keychain.txt" \
    DEALER_REPORT="$dir/report.txt" DEALER_E2E_CLOCK_FILE="$dir/clock-days" \
    env $settings dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    echo -n "e2e-keyring-pass" | gnome-keyring-daemon --unlock --components=secrets
    tauri-driver --port 4444 --native-port 4445 &
    driver=$!
    for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break; sleep 0.1; done
    status=0
    node --test --test-reporter=spec "$1" 2>&1 | tee "$DEALER_REPORT" >&3
    status=${PIPESTATUS[0]}
    # What the keychain holds when the journey ends (attributes and secrets), for the sweep.
    secret-tool search --all --unlock service dealer-access > "$DEALER_KEYCHAIN_DUMP" 2>&1 || true
    kill $driver 2>/dev/null || true
    wait $driver 2>/dev/null || true
    exit $status
  ' bash "$file" > "$dir/session.log" 2>&1
}

# The secrets canary sweep over one journey's leftovers. Canaries are matched as typed and
# lowercased (answers are compared normalized).
sweep() {
  local dir=$1 needles="$1/needles.txt"
  { cat "$dir/canaries.txt"; tr '[:upper:]' '[:lower:]' < "$dir/canaries.txt"; } | sort -u | sed '/^$/d' > "$needles"
  if [ ! -s "$needles" ]; then
    echo "=== sweep: the journey recorded no secrets, so the sweep would prove nothing" >&2
    return 1
  fi
  local hits
  hits=$(grep -rlaF -f "$needles" "$dir/data" "$dir/config" "$dir/cache" "$dir/session.log" "$dir/keychain.txt" 2>/dev/null || true)
  if [ -n "$hits" ]; then
    echo "=== sweep: a password, answer or token the journey handled was found in:" >&2
    echo "$hits" >&2
    return 1
  fi
  echo "=== sweep: $(wc -l < "$needles") secrets absent from $(find "$dir/data" "$dir/config" "$dir/cache" -type f | wc -l) files, the app log and the keychain"
}

# WebKitWebDriver now and then loses the page's script context mid-journey ("Could not
# parse element info"): every later command fails, whatever the app does. Such a run
# proves nothing either way, so it is run once more in fresh folders and said so; an
# assertion that fails, or the same loss twice, fails the journey.
#
# Likewise, now and then an app the journey restarts (a portal change) cannot open the Xvfb
# display ("Failed to initialize gtk backend": seen once, in session 9, never twice): the
# run proves nothing about the app either, and is run once more the same way.
lost_page() {
  grep -q "WebDriverError: Could not parse element" "$1/report.txt" 2>/dev/null ||
    grep -q "Failed to initialize gtk backend" "$1/session.log" 2>/dev/null
}

status=0
failed=()
started=$SECONDS
for file in "$@"; do
  name=$(basename "$file" .test.mjs)
  echo "=== journey $name"
  begin=$SECONDS
  dir="$work/$name"
  journey "$file" "$dir" 3>&1 && ran=0 || ran=1
  if [ "$ran" -ne 0 ] && lost_page "$dir"; then
    echo "=== $name: the WebDriver lost the page, or a restarted app its display (not the app's doing); running it once more"
    dir="$work/$name-again"
    journey "$file" "$dir" 3>&1 && ran=0 || ran=1
  fi
  # The lost run's leftovers are swept too: what it handled must not have been left behind.
  ok=1
  if [ "$ran" -eq 0 ] && sweep "$dir" && { [ "$dir" = "$work/$name" ] || sweep "$work/$name"; }; then
    ok=0
  fi
  if [ "$ok" -eq 0 ]; then
    echo "=== $name passed in $((SECONDS - begin)) s"
  else
    status=1
    failed+=("$name")
    echo "=== $name FAILED in $((SECONDS - begin)) s; its app session log:" >&2
    grep -v -e "Failed to set fd limit" "$dir/session.log" | tail -n 80 >&2 || true
  fi
done
echo "=== $# journeys in $((SECONDS - started)) s; screenshots in $shots"
if [ "$status" -ne 0 ]; then echo "=== failed: ${failed[*]}" >&2; fi
exit "$status"
