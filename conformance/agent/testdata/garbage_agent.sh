#!/bin/sh
# Says hello, answers reset, then answers a step with something that is not JSON.
echo '{"type":"hello","protocol":1,"stack":"babbler","ops":["startup","socket"]}'
read -r line; echo '{"type":"ready"}'
read -r line; echo 'this is not json'
read -r line; exec sleep 600
