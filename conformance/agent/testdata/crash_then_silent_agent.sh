#!/bin/sh
# First start: hello, ready, then dies at the first step. Every later start: never says hello
# (MARKER, a file path, remembers the first start).
if [ -e "$MARKER" ]; then exec sleep 600; fi
: > "$MARKER"
echo '{"type":"hello","protocol":1,"stack":"fragile","ops":["startup","socket"]}'
read -r line; echo '{"type":"ready"}'
read -r line; exit 3
