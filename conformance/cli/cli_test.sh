#!/usr/bin/env bash
# The CLI's contract: exit 0 when every expectation holds, 1 when one does not, 2 on bad input;
# bad input is reported with the file name and never crashes; the user's files are left untouched.
set -u
wsdup="$1"
fixtures_dir="$2"
testdata="$3"
model_agent="$4"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0

check() {  # check NAME EXPECTED_EXIT PATTERN -- ARGS...
  local name="$1" want="$2" pattern="$3"
  shift 4
  local out
  out=$("$wsdup" "$@" 2>&1)
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL $name: exit $got, want $want"; echo "$out" | tail -5; failures=$((failures + 1)); return
  fi
  if [[ -n "$pattern" ]] && ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL $name: output lacks /$pattern/"; echo "$out" | tail -5; failures=$((failures + 1)); return
  fi
  echo "ok   $name"
}

before=$(cat "$testdata"/*.json | sha256sum)
check "all fixtures pass" 0 "^PASS  dup-for-self$" -- run "$fixtures_dir"/*.json
check "failing expectation" 1 "^FAIL  expects-the-wrong-thing: step 4 \(A closesocket\): expected \{\"ok\":true\}, got" -- run "$testdata/failing.json"
check "malformed json" 2 "malformed.json: malformed JSON" -- run "$testdata/malformed.json"
check "missing file" 2 "no-such-file.json: cannot read" -- run "$testdata/no-such-file.json"
check "bad input stops everything" 2 "bad input" -- run "$fixtures_dir/dup.json" "$testdata/malformed.json"
check "unknown backend" 2 "unknown backend" -- run --backend=nope "$fixtures_dir/dup.json"
check "unknown option" 2 "unknown option" -- run --frobnicate "$fixtures_dir/dup.json"
check "no files" 2 "no scenario files" -- run
check "unknown command" 2 "unknown command" -- frob
check "help" 0 "usage: wsdup" -- help
check "trace lines" 0 '^\{"file":.*"op":"startup".*"result":\{"error":null,"ok":true\}' -- run --trace "$fixtures_dir/dup.json"

# The gate, record and check (docs/gate.md). The model stands in for a stack, so these run fast.
check "gate on the model agent" 0 "gate PASSED on wsdup model" -- gate --backend=agent "--agent-cmd=$model_agent" --tables "$fixtures_dir" --no-records
check "gate summary per family" 0 "^evt +wsdup model +[0-9]+ +0 " -- gate --backend=agent "--agent-cmd=$model_agent" --tables "$fixtures_dir" --no-records
mkdir -p "$tmp/empty-records"
check "gate needs the stack's record" 2 "no deviation record for stack \"wsdup model\" at .*wsdup_model.json" -- gate --backend=agent "--agent-cmd=$model_agent" --tables "$fixtures_dir" --records "$tmp/empty-records"
check "gate needs a records directory" 2 "the records directory $tmp/nowhere does not exist" -- gate --backend=agent "--agent-cmd=$model_agent" --tables "$fixtures_dir" --records "$tmp/nowhere"
check "gate writes json and junit" 0 "gate PASSED" -- gate --backend=model --tables "$fixtures_dir" --json "$tmp/g.json" --junit "$tmp/g.xml"
grep -q '"summary"' "$tmp/g.json" && grep -q '"status": "pass"' "$tmp/g.json" && echo "ok   json report" || { echo "FAIL json report"; failures=$((failures + 1)); }
check "gate writes html" 0 "gate PASSED" -- gate --backend=model --tables "$fixtures_dir" --html "$tmp/g.html"
grep -q '<p class="verdict passed">gate PASSED on model' "$tmp/g.html" && echo "ok   html report" || { echo "FAIL html report"; failures=$((failures + 1)); }
grep -qE '<testsuite name="model.dup" tests="[0-9]+" failures="0"' "$tmp/g.xml" && echo "ok   junit report" || { echo "FAIL junit report"; failures=$((failures + 1)); }
echo "my notes" > "$tmp/notes.txt"
check "gate never replaces a user's file" 2 "not written by wsdup" -- gate --backend=model --tables "$fixtures_dir" --json "$tmp/notes.txt"
[[ "$(cat "$tmp/notes.txt")" == "my notes" ]] && echo "ok   user file kept" || { echo "FAIL user file replaced"; failures=$((failures + 1)); }
check "an output directory that does not exist is found before the run" 2 "$tmp/nowhere/t.json: the directory $tmp/nowhere does not exist" -- record --backend=model --tables "$fixtures_dir" --out "$tmp/nowhere/t.json"
check "two outputs naming one file" 2 "is named for two outputs" -- gate --backend=model --tables "$fixtures_dir" --json "$tmp/same" --junit "$tmp/same"
check "an output that is a directory" 2 "exists and is not a regular file" -- gate --backend=model --tables "$fixtures_dir" --json "$tmp"
: > "$tmp/empty.json"
check "an empty output file may be replaced" 0 "gate PASSED" -- gate --backend=model --tables "$fixtures_dir" --json "$tmp/empty.json"
# Run outside the project, wsdup says where it looked; anywhere inside, it finds the project's tables.
wsdup_path=$(realpath "$wsdup")
mkdir -p "$tmp/outside" "$tmp/project/deep/er" "$tmp/project/fixtures"
cp "$fixtures_dir"/dup.json "$tmp/project/fixtures/" && touch "$tmp/project/WORKSPACE"
out=$(cd "$tmp/outside" && "$wsdup_path" gate --backend=model 2>&1); got=$?
[[ $got -eq 2 && "$out" == *"no tables: found no fixtures/ in $tmp/outside, nor beside a WORKSPACE file"*"pass --tables DIR"* ]] \
  && echo "ok   gate outside the project says where it looked" || { echo "FAIL outside the project: exit $got: $out"; failures=$((failures + 1)); }
out=$(cd "$tmp/project/deep/er" && "$wsdup_path" gate --backend=model 2>&1); got=$?
[[ $got -eq 0 && "$out" == *"gate PASSED"* ]] \
  && echo "ok   gate deep inside a project finds its fixtures/" || { echo "FAIL inside the project: exit $got: $out"; failures=$((failures + 1)); }
out=$(cd "$tmp/outside" && "$wsdup_path" check "$(realpath conformance/cli/testdata/golden/golden-stack-trace.json)" 2>&1); got=$?
[[ $got -eq 2 && "$out" == *"no tables: found no fixtures/"* ]] \
  && echo "ok   check outside the project says where it looked" || { echo "FAIL check outside: exit $got: $out"; failures=$((failures + 1)); }
# What the Windows agent needs is checked before anything runs, and named.
out=$(WSDUP_WINSOCK_AGENT="$tmp/no-agent.exe" "$wsdup" gate --tables "$fixtures_dir" --no-records 2>&1); got=$?
[[ $got -eq 2 && "$out" == *"the Windows agent $tmp/no-agent.exe is not a file"* ]] \
  && echo "ok   a missing Windows agent is named" || { echo "FAIL missing agent: exit $got: $out"; failures=$((failures + 1)); }
out=$(WSDUP_WINSOCK_AGENT="$testdata/failing.json" PATH="$tmp/outside" "$wsdup_path" gate --tables "$fixtures_dir" --no-records 2>&1); got=$?
[[ $got -eq 2 && "$out" == *"wine is not on PATH"* ]] \
  && echo "ok   a missing wine is named" || { echo "FAIL missing wine: exit $got: $out"; failures=$((failures + 1)); }
# An output directory that vanishes during the run: the finished recording is kept elsewhere.
mkdir -p "$tmp/vanishing" "$tmp/startup-only"
echo '[{"name":"starts","steps":[{"proc":"A","op":"startup","expect":{"ok":true}}]}]' > "$tmp/startup-only/s.json"
out=$(TMPDIR="$tmp" "$wsdup" record --backend=agent "--agent-cmd=$(realpath "$testdata/dir_removing_agent.sh") $tmp/vanishing" --tables "$tmp/startup-only" --out "$tmp/vanishing/t.json" 2>&1); got=$?
rescued=$(sed -n 's/.*the output is kept in \([^ ]*\) instead.*/\1/p' <<<"$out")
[[ $got -eq 2 && -n "$rescued" && "$(head -c 40 "$rescued")" == *'"format"'* ]] \
  && echo "ok   a recording whose directory vanished is kept in $rescued" || { echo "FAIL rescue: exit $got: $out"; failures=$((failures + 1)); }
check "a records directory named for the model must exist too" 2 "the records directory $tmp/nowhere does not exist" -- gate --backend=model --tables "$fixtures_dir" --records "$tmp/nowhere"
check "gate bad table" 2 "malformed.json: malformed JSON" -- gate --backend=model "$testdata/malformed.json"
check "gate unknown option" 2 "unknown option" -- gate --frobnicate
check "malformed number" 2 "--jobs needs a number from 1 to 16" -- gate --backend=model --jobs=4abc
check "malformed bound" 2 "--wait-ms needs a number of milliseconds" -- gate --backend=model --wait-ms=1e3
check "option given twice" 2 "--json is given twice" -- gate --backend=model --json "$tmp/a.json" --json "$tmp/b.json"
check "input that is not a regular file" 2 "/dev/zero: not a regular file" -- run /dev/zero
check "gate broken agent" 2 "cannot use backend agent" -- gate --backend=agent --agent-cmd=/bin/false --tables "$fixtures_dir"

# Interrupting a gate ends every agent it started, the agent's own children included. (SIGTERM: a
# non-interactive shell starts background jobs with SIGINT ignored.)
stubborn="$(realpath "$testdata/stubborn_agent.sh")"
"$wsdup" gate --backend=agent "--agent-cmd=PIDFILE=$tmp/child.pid $stubborn" --tables "$fixtures_dir" --no-records --jobs=1 \
  > /dev/null 2>&1 &
gate_pid=$!
for _ in $(seq 50); do [[ -s "$tmp/child.pid" ]] && break; sleep 0.1; done
sleep 0.3
kill -TERM "$gate_pid"
for _ in $(seq 50); do kill -0 "$gate_pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$gate_pid" 2>/dev/null
wait "$gate_pid" 2>/dev/null
sleep 0.2
if [[ -s "$tmp/child.pid" ]] && ! kill -0 "$(cat "$tmp/child.pid")" 2>/dev/null; then
  echo "ok   interrupt ends the agent's process group"
else
  echo "FAIL interrupt left the agent's child running"; failures=$((failures + 1))
  [[ -s "$tmp/child.pid" ]] && kill "$(cat "$tmp/child.pid")" 2>/dev/null
fi

check "record" 0 "recorded [0-9]+ scenarios" -- record "--backend=agent" "--agent-cmd=$model_agent" --tables "$fixtures_dir" --out "$tmp/t.json"
check "check a recorded trace" 0 "gate PASSED on wsdup model" -- check --no-records "$tmp/t.json"
check "check needs traces" 2 "no trace files" -- check
echo '{"format": "wsdup-trace/1", "backend": "agent", "stack": "wsdup model",
 "scenarios": []}' > "$tmp/empty-trace.json"
check "an empty trace does not pass" 1 "row\(s\) missing from the trace" -- check --no-records "$tmp/empty-trace.json"
check "check needs its tables" 2 "the tables directory $tmp/no-tables does not exist" -- check --no-records --tables "$tmp/no-tables" "$tmp/t.json"
check "check malformed trace" 2 "malformed.json: malformed JSON" -- check "$testdata/malformed.json"
check "check a table is not a trace" 2 "failing.json: not a wsdup trace" -- check "$testdata/failing.json"
# A stack that does something else at one step (the first successful duplicate of s for B fails
# instead): a new deviation, and exit 1.
sed '0,/"op":"duplicate","proc":"A","sock":"s","target":"B"},"result":{"error":null,"family":2,"ok":true,"protocol":6,"socktype":1}/s//"op":"duplicate","proc":"A","sock":"s","target":"B"},"result":{"error":"WSAEINVAL","ok":false}/' \
  "$tmp/t.json" > "$tmp/deviating.json"
cmp -s "$tmp/t.json" "$tmp/deviating.json" && { echo "FAIL the trace was not altered"; failures=$((failures + 1)); }
check "a new deviation fails" 1 "NEW   step [0-9]+ \(A duplicate\)" -- check --no-records "$tmp/deviating.json"
# Recorded, the same deviation passes; recorded where it does not happen, it is stale.
out=$("$wsdup" check --no-records "$tmp/deviating.json")
row=$(sed -n 's|^DEVIATION  *wsdup model  \([a-z]*\)/\([a-z0-9-]*\) .*|\1 \2|p' <<<"$out" | head -1)
step=$(sed -n 's|^ *NEW   step \([0-9]*\) .*|\1|p' <<<"$out" | head -1)
read -r family scenario <<<"$row"
mkdir -p "$tmp/records"
printf '{"stack": "wsdup model", "deviations": [{"family": "%s", "scenario": "%s", "step": %s, "observed": {"error": "WSAEINVAL", "ok": false}}]}\n' \
  "$family" "$scenario" "$step" > "$tmp/records/wsdup_model.json"
check "a known deviation passes" 0 "^KNOWN .*$scenario" -- check --records "$tmp/records" "$tmp/deviating.json"
check "a stale record fails" 1 "STALE step $step" -- check --records "$tmp/records" "$tmp/t.json"
printf '{"stack": "wsdup model", "deviations": [{"family": "dup", "scenario": "gone", "step": 1, "observed": {}}]}\n' > "$tmp/records/wsdup_model.json"
check "a record for a row that is gone fails" 1 "dup/gone: the record names a row that is not in the table" -- check --records "$tmp/records" "$tmp/t.json"
echo '{"stack": "wsdup model", "deviations": [{"scenario": "x"}]}' > "$tmp/records/wsdup_model.json"
check "a malformed record" 2 "wsdup_model.json: deviation 1: needs family" -- check --records "$tmp/records" "$tmp/t.json"

# Golden reports: `check` of a small trace cut from Wine's (conformance/cli/testdata/golden) gives
# byte for byte the committed text, JSON, JUnit and HTML: one row of each status, a new and a known
# deviation, stale and orphaned records, an open-point choice recorded and one not. After an
# intended change of a report, regenerate them from that directory with
#   ../../../../bazel-bin/conformance/cli/wsdup check --tables tables --records . --json report.json \
#     --junit report.xml --html report.html golden-stack-trace.json > report.txt
# Its tables/ hold the trace's rows and one more, which the report names as missing from the trace.
golden="$testdata/golden"
(cd "$golden" && "$wsdup_path" check --tables tables --records . --json "$tmp/report.json" --junit "$tmp/report.xml" \
  --html "$tmp/report.html" golden-stack-trace.json > "$tmp/report.txt")
[[ $? -eq 1 ]] && echo "ok   golden check fails as it should" || { echo "FAIL golden check exit"; failures=$((failures + 1)); }
for report in report.txt report.json report.xml report.html; do
  if diff -u "$golden/$report" "$tmp/$report" > "$tmp/diff"; then
    echo "ok   golden $report"
  else
    echo "FAIL golden $report differs:"; head -40 "$tmp/diff"; failures=$((failures + 1))
  fi
done

after=$(cat "$testdata"/*.json | sha256sum)
[[ "$before" == "$after" ]] || { echo "FAIL input files were modified"; failures=$((failures + 1)); }

a=$("$wsdup" run --trace "$fixtures_dir"/*.json | sha256sum)
b=$("$wsdup" run --trace "$fixtures_dir"/*.json | sha256sum)
[[ "$a" == "$b" ]] && echo "ok   deterministic output" || { echo "FAIL output differs between runs"; failures=$((failures + 1)); }

exit $((failures > 0))
