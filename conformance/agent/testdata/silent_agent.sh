#!/bin/sh
# Never says hello.
exit 0
