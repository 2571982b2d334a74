#!/bin/sh
# Runs every libFuzzer target built by `make fuzz` for a short while,
# starting from its seed corpus (and every other target's seeds), with
# new inputs kept in a scratch directory so the seeds stay as committed.
#
#   t/fuzz/run.sh [<seconds per target>]    default 10
set -e
cd "$(dirname "$0")/../.."
seconds=${1:-10}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/git-results-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

for target in t/fuzz/build/fuzz-*; do
	test -x "$target" || continue
	name=${target##*/fuzz-}
	mkdir -p "$scratch/$name"
	echo "fuzzing $name for ${seconds}s"
	"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$scratch/" -print_final_stats=1 \
		"$scratch/$name" t/fuzz/corpus/* >"$scratch/$name.log" 2>&1 || {
		tail -n 40 "$scratch/$name.log"
		for crash in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* "$scratch"/oom-*; do
			test -f "$crash" || continue
			mkdir -p t/fuzz/crashes
			cp "$crash" "t/fuzz/crashes/$name-${crash##*/}"
			echo "kept t/fuzz/crashes/$name-${crash##*/}"
		done
		exit 1
	}
	grep -E '^stat::number_of_executed_units|^Done' "$scratch/$name.log" || true
done
