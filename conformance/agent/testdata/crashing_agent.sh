#!/bin/sh
# Says hello, answers reset, then dies at the first step.
echo '{"type":"hello","protocol":1,"stack":"crasher","ops":["startup","socket"]}'
read -r line; echo '{"type":"ready"}'
read -r line; exit 3
