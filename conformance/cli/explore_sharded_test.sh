#!/usr/bin/env bash
# One shard of a sharded exploration: wsdup explore reads TEST_SHARD_INDEX and TEST_TOTAL_SHARDS
# itself (and touches TEST_SHARD_STATUS_FILE). Arguments: the wsdup binary, then explore's options.
set -u
wsdup="$1"; shift
exec "$wsdup" explore "$@"
