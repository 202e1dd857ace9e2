#!/usr/bin/env bash
# The CLI's contract: exit 0 when every expectation holds, 1 when one does not, 2 on bad input;
# bad input is reported with the file name and never crashes; the user's files are left untouched.
set -u
wsdup="$1"
fixtures_dir="$2"
testdata="$3"
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
check "gate says it is not there yet" 2 "not available yet" -- gate
check "unknown command" 2 "unknown command" -- frob
check "help" 0 "usage: wsdup" -- help
check "trace lines" 0 '^\{"file":.*"op":"startup".*"result":\{"error":null,"ok":true\}' -- run --trace "$fixtures_dir/dup.json"
after=$(cat "$testdata"/*.json | sha256sum)
[[ "$before" == "$after" ]] || { echo "FAIL input files were modified"; failures=$((failures + 1)); }

a=$("$wsdup" run --trace "$fixtures_dir"/*.json | sha256sum)
b=$("$wsdup" run --trace "$fixtures_dir"/*.json | sha256sum)
[[ "$a" == "$b" ]] && echo "ok   deterministic output" || { echo "FAIL output differs between runs"; failures=$((failures + 1)); }

exit $((failures > 0))
