#!/usr/bin/env bash
# wsdup.exe (the command line built with mingw-w64) under Wine gives what the Linux wsdup gives:
# the same check report, the same model gate, and a recording of Wine's Winsock that is byte for
# byte the one the Linux wsdup records. The Linux recording runs first: it creates the test's Wine
# prefix under the launcher's lock.
set -u
wsdup=$(realpath "$1")
wsdup_exe=$(realpath "$2")
agent_exe=$(realpath "$3")
with_recording="${4:-}"  # "record": also compare a wsdup.exe-driven recording of Wine (below)
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

windows_path() { printf 'Z:%s' "$1" | tr / '\\'; }

# As the Linux launcher runs Wine (winsock_host_wine.cc): quiet, no install prompts, bounded.
export WINEPREFIX="$tmp/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wine_wsdup() { timeout 600 wine "$wsdup_exe" "$@"; }

if [[ "$with_recording" == record ]]; then
  "$wsdup" record --backend=winsock --out "$tmp/linux.json" 2>"$tmp/linux.log" ||
    { fail "the Linux recording failed"; tail -5 "$tmp/linux.log"; }
fi

wine_wsdup help > "$tmp/help.txt"
"$wsdup" help > "$tmp/help-linux.txt"
cmp -s "$tmp/help.txt" "$tmp/help-linux.txt" && echo "ok   help" || fail "help differs"

wine_wsdup check fixtures/traces/wine-8.0.json > "$tmp/check-exe.txt" 2>"$tmp/check-exe.log"
"$wsdup" check fixtures/traces/wine-8.0.json > "$tmp/check-linux.txt" 2>/dev/null
cmp -s "$tmp/check-exe.txt" "$tmp/check-linux.txt" && grep -q "gate PASSED" "$tmp/check-exe.txt" &&
  echo "ok   check: the same report" || { fail "check differs"; head -5 "$tmp/check-exe.txt" "$tmp/check-exe.log"; }

wine_wsdup gate --backend=model > "$tmp/model-exe.txt" 2>/dev/null
"$wsdup" gate --backend=model > "$tmp/model-linux.txt" 2>/dev/null
cmp -s "$tmp/model-exe.txt" "$tmp/model-linux.txt" && echo "ok   gate --backend=model: the same report" ||
  fail "the model gate differs"

# A second run replaces the report the first one wrote (wsdup's own output may be replaced; on
# Windows that needs more than the C library's rename).
report_exe="$(windows_path "$tmp/report.json")"
wine_wsdup check fixtures/traces/wine-8.0.json --json "$report_exe" > /dev/null 2>"$tmp/first.log" &&
  wine_wsdup check fixtures/traces/wine-8.0.json --json "$report_exe" > /dev/null 2>"$tmp/second.log" &&
  grep -q '"choices"' "$tmp/report.json" && echo "ok   a second run replaces the report the first wrote" ||
  { fail "a second run did not replace the report"; cat "$tmp/first.log" "$tmp/second.log"; }

[[ "$with_recording" == record ]] || { echo "$failures failure(s)"; exit $((failures > 0)); }
WSDUP_WINSOCK_AGENT=$(windows_path "$agent_exe") wine_wsdup record --backend=winsock \
  --out "$(windows_path "$tmp/exe.json")" 2>"$tmp/exe.log" || { fail "the wsdup.exe recording failed"; tail -5 "$tmp/exe.log"; }
if cmp "$tmp/exe.json" "$tmp/linux.json"; then
  echo "ok   record --backend=winsock from wsdup.exe is byte-identical to the Linux-driven recording"
else
  fail "the recordings differ"
  for trace in exe linux; do
    echo "  $trace recording:"; "$wsdup" check "$tmp/$trace.json" 2>&1 | grep -E "^(ERROR|DEVIATION|STALE)" -A2 | head -20
  done
fi

echo "$failures failure(s)"
exit $((failures > 0))
