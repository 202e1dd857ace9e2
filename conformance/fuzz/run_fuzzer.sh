#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded number of runs from its seed corpus (which holds every
# input that once crashed wsdup). New inputs go to the test's scratch directory, never the source tree.
# usage: run_fuzzer.sh FUZZER TARGET SEED_DIR RUNS
set -euo pipefail
fuzzer="$1" target="$2" seeds="$3" runs="$4"
scratch="${TEST_TMPDIR:-$(mktemp -d)}/corpus-$target"
mkdir -p "$scratch"
# ASan's leak check stays on; -seed makes the run reproducible; -timeout bounds one input.
WSDUP_FUZZ_TARGET="$target" "$fuzzer" -runs="$runs" -seed=20261122 -timeout=10 -max_len=65536 \
  -print_final_stats=1 "$scratch" "$seeds"
