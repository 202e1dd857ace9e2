#!/bin/sh
# An agent that stays silent and tells what it was asked to wait: each wait_event step's "wait_ms"
# is appended to the file $WAITS and then spent, as a silent stack spends it; every other step
# succeeds at once.
printf '%s\n' '{"type":"hello","protocol":2,"stack":"waits","ops":["startup","socket","wait_event"]}'
while read -r line; do
  case "$line" in
    *'"type":"reset"'*) printf '%s\n' '{"type":"ready"}' ;;
    *'"type":"end"'*) printf '%s\n' '{"type":"ended","problems":[]}' ;;
    *'"type":"step"'*)
      index=$(printf '%s' "$line" | sed -n 's/.*"index":\([0-9]*\).*/\1/p')
      wait=$(printf '%s' "$line" | sed -n 's/.*"wait_ms":\([0-9]*\).*/\1/p')
      case "$line" in
        *'"op":"wait_event"'*)
          printf '%s\n' "$wait" >> "$WAITS"
          sleep "$(awk "BEGIN { print $wait / 1000 }")"
          printf '{"type":"result","index":%s,"result":{"ok":true,"error":null,"signaled":false}}\n' "$index" ;;
        *) printf '{"type":"result","index":%s,"result":{"ok":true,"error":null}}\n' "$index" ;;
      esac ;;
  esac
done
