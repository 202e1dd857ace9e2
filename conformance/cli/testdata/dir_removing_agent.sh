#!/bin/sh
# A well-behaved agent that removes the directory $1 when the run starts (at the first reset): a
# user's output directory vanishing during a long run. Performs only startup, always successfully.
echo '{"type":"hello","protocol":2,"stack":"vanisher","ops":["startup"]}'
while read -r line; do
  case "$line" in
    *'"type":"reset"'*) rm -rf "$1"; echo '{"type":"ready"}' ;;
    *'"type":"step"'*)
      index=$(printf '%s' "$line" | sed 's/.*"index":\([0-9]*\).*/\1/')
      echo "{\"type\":\"result\",\"index\":$index,\"result\":{\"ok\":true,\"error\":null}}" ;;
    *'"type":"end"'*) echo '{"type":"ended","problems":[]}' ;;
    *'"type":"bye"'*) exit 0 ;;
  esac
done
