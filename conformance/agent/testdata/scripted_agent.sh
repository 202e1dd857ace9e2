#!/bin/sh
# A hostile agent whose lines the test chooses: HELLO first, then ANSWER to every request after
# reset (which is answered with ready). Lines are printed as given, so they may be anything.
printf '%s\n' "${HELLO}"
read -r line; printf '%s\n' '{"type":"ready"}'
while read -r line; do printf '%s\n' "${ANSWER}"; done
