#!/bin/sh
# Says hello, answers reset, then reports that it lost its stack (a crashed worker).
echo '{"type":"hello","protocol":1,"stack":"lossy","ops":["startup","socket"]}'
read -r line; echo '{"type":"ready"}'
read -r line; echo '{"type":"result","result":{"harness_error":"worker A crashed"}}'
read -r line; exec sleep 600
