#!/bin/sh
# Says hello, answers reset, then never answers a step.
echo '{"type":"hello","protocol":1,"stack":"hanger","ops":["startup","socket"]}'
read -r line; echo '{"type":"ready"}'
read -r line; exec sleep 600
