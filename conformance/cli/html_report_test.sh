#!/usr/bin/env bash
# The HTML report in a real browser: `wsdup check --html` on the golden traces (every status, a
# changed choice, a missing row), rendered by Debian's headless Chromium; the page's text as the
# browser parsed it holds the verdict, the rows and a deviation's steps; the screenshot is a real
# rendering; and the markup passes tidy's HTML5 check with no warning.
set -u
wsdup="$1"
golden="$2"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

for tool in chromium tidy; do
  command -v "$tool" >/dev/null || { echo "FAIL $tool is not installed (./bazelw installs it)"; exit 1; }
done

page="$tmp/report.html"
"$wsdup" check --tables "$golden/tables" --records "$golden" --html "$page" "$golden/golden-stack-trace.json" >/dev/null
[[ $? -eq 1 ]] || fail "check of the golden traces should fail the gate (exit 1)"
[[ -s "$page" ]] || { fail "no page written"; exit 1; }

# Chromium wants a writable home and profile; as root it needs --no-sandbox (the page is our own).
browser() {
  HOME="$tmp" timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1280,1600 "$@" "file://$page" 2>"$tmp/chromium.log"
}

dom=$(browser --dump-dom) || { fail "chromium could not load the page"; tail -5 "$tmp/chromium.log"; }
for text in "gate FAILED on golden-stack" "blob-single-use" "B from_blob" "known: A blob imports a second time" \
            "missing: " "changed choice: " '<td class="s-deviation"><details>'; do
  [[ "$dom" == *"$text"* ]] && echo "ok   the browser's page holds: $text" || fail "the browser's page lacks: $text"
done

browser --screenshot="$tmp/report.png" >/dev/null
size=$(stat -c %s "$tmp/report.png" 2>/dev/null || echo 0)
# A blank 1280x1600 page compresses to a few KB; a rendered report with coloured cells is far larger.
(( size > 40000 )) && echo "ok   screenshot rendered ($size bytes)" || fail "screenshot missing or blank ($size bytes)"
[[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ]] && cp "$tmp/report.png" "$TEST_UNDECLARED_OUTPUTS_DIR/"

if tidy -quiet -errors "$page" 2>"$tmp/tidy.log"; then
  echo "ok   tidy: valid HTML5, no warnings"
else
  fail "tidy found problems"; cat "$tmp/tidy.log"
fi

echo "$failures failure(s)"
exit $((failures > 0))
