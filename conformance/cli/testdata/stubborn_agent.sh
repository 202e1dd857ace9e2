#!/bin/sh
# Says hello, starts a child of its own (its pid goes to $PIDFILE), answers reset, then hangs on the
# first step. Interrupting wsdup must end the child too.
echo '{"type":"hello","protocol":1,"stack":"stubborn","ops":["startup","socket","duplicate","from_blob","closesocket","connected","peer_send","peer_recv","peer_state","peer_close","exit","send","recv"]}'
sleep 600 &
echo $! > "$PIDFILE"
read -r line; echo '{"type":"ready"}'
read -r line; exec sleep 600
