#!/usr/bin/env bash
# Compiles wsdup.exe with mingw-w64: every .cc given, on every core (a single compiler call takes
# four minutes; the objects in parallel about two on two cores), then one static link.
# usage: build_windows_exe.sh OUT JSON_INCLUDE_DIR FILE...   (headers among FILE are ignored)
set -euo pipefail
out="$1"; json_include="$2"; shift 2
objects=$(mktemp -d)
trap 'rm -rf "$objects"' EXIT
printf '%s\n' "$@" | grep '\.cc$' | sort -u |
  xargs -P "$(nproc)" -I{} sh -c \
    'x86_64-w64-mingw32-g++-posix -std=c++17 -O1 -Wall -iquote . -isystem "$1" -c "$2" -o "$3/$(printf %s "$2" | tr / _).o"' \
    _ "$json_include" {} "$objects"
x86_64-w64-mingw32-g++-posix -static "$objects"/*.o -o "$out"
