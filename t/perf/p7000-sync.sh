#!/bin/sh
# KCIDB sync benchmark (issue 7).  Records holding 200,000 test results
# (200 commits, one record of 1,000 tests each) become KCIDB v5.3 JSON
# with `git results sync push --dry-run`, which builds every document and
# checks it against the schema's constraints.  Measured in the same run:
#   - sync push --dry-run >/dev/null: wall time, results per second, peak memory;
#   - anchor: git results show --json over the same commits (the same
#     records read and written as JSON by jansson);
#   - anchor: python3's json module reading the generated documents back;
#   - peak memory against the document size limit (1, 8 and 32 MiB) and
#     against the size of the push (100,000 and 200,000 results), to show
#     memory follows the limit, not the push;
#   - the same push sent to the loopback stand-in (contrib/kcidb-mock),
#     without waiting for its Python ingester.
# Target: at least 100,000 test results per second; memory bounded by the
# document size limit.
#
# Usage: t/perf/p7000-sync.sh [commits] [tests per record]
set -e

COMMITS=${1:-200}
TESTS=${2:-1000}
PERF_NAME=p7000
. "$(dirname "$0")/perf-lib.sh"
unset KCIDB_REST
if test -x /usr/bin/python3; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi

# measure <name> <command...>: runs once, prints "<seconds> <peak KiB>" for it.
measure() {
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >/dev/null
	cat "$WORK/$name.time"
}

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "# building $COMMITS commits with $TESTS test results each" >&2
git init -q -b main repo
cd repo
git config results.kcidb.origin perf_lab
git config results.kcidb.gitUrl https://git.example.org/pub/linux.git
git config results.kcidb.branch main
linear_history "$COMMITS"
# KTAP with suites of 50 cases, some failing and skipped, as KUnit prints it.
awk -v n="$TESTS" 'BEGIN {
	print "KTAP version 1"; printf "1..%d\n", n / 50
	for (s = 1; s <= n / 50; s++) {
		printf "    KTAP version 1\n    # Subtest: suite_%d\n    1..50\n", s
		for (c = 1; c <= 50; c++) {
			if (c % 17 == 0) printf "    not ok %d test_case_with_a_typical_name_%d\n", c, c
			else if (c % 23 == 0) printf "    ok %d test_case_with_a_typical_name_%d # SKIP not here\n", c, c
			else printf "    ok %d test_case_with_a_typical_name_%d\n", c, c
		}
		printf "not ok %d suite_%d\n", s, s
	}
}' >../results.ktap
git rev-list main | sed "s|\$| ../results.ktap|" >../batch
git results add -q --batch --origin perf_lab --env arch=x86_64 --env config=defconfig \
	--date @1700000000 <../batch
total=$(git results log --json | "$PYTHON" -c 'import json, sys; print(sum(sum(c["counts"].values()) for c in json.load(sys.stdin)))')
half=$(git rev-list main | sed -n "$((COMMITS / 2))p")
echo "# $total test results attached" >&2

echo "# sync push --dry-run" >&2
git results sync push --dry-run main~$((COMMITS - 1))^..main >/dev/null 2>&1 || true
read -r push_s push_kb <<EOF
$(measure push git results sync push -q --dry-run main~$((COMMITS - 1)) main~$((COMMITS - 1))..main)
EOF
git results sync push -q --dry-run main~$((COMMITS - 1)) main~$((COMMITS - 1))..main >../out.json
docs=$(wc -l <../out.json)
bytes=$(wc -c <../out.json)

echo "# anchors" >&2
read -r show_s show_kb <<EOF
$(measure show sh -c 'git results show --json $(git rev-list main) >/dev/null')
EOF
read -r py_s py_kb <<EOF
$(measure python "$PYTHON" -c 'import json, sys
for line in open(sys.argv[1]):
    json.loads(line)' ../out.json)
EOF

echo "# memory against the document size limit and the push size" >&2
# limit_dry_run <size>: peak memory (KiB) of the whole push with that limit
limit_dry_run() {
	measure "limit-$1" git -c results.kcidb.maxDocumentSize="$1" results sync push -q \
		--dry-run main~$((COMMITS - 1)) main~$((COMMITS - 1))..main | cut -d" " -f2
}
limit_1m_kb=$(limit_dry_run 1m)
limit_8m_kb=$(limit_dry_run 8m)
limit_32m_kb=$(limit_dry_run 32m)
read -r half_s half_kb <<EOF
$(measure half git results sync push -q --dry-run main~$((COMMITS / 2 - 1)) main~$((COMMITS / 2 - 1))..main)
EOF

echo "# push to the loopback stand-in" >&2
"$PYTHON" "$SRC_DIR/contrib/kcidb-mock/kcidb-mock.py" serve --state ../mock --port-file ../mock.port \
	--ingest-interval 3600 --schema "$SRC_DIR/../shared/kcidb/schema-v5.3.json" >../mock.out 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null' EXIT
while ! test -s ../mock.port; do sleep 0.1; done
"$PYTHON" "$SRC_DIR/contrib/kcidb-mock/kcidb-mock.py" token --origin perf_lab >../token
chmod 600 ../token
git config results.kcidb.url "http://127.0.0.1:$(cat ../mock.port)"
git config results.kcidb.tokenFile ../token
read -r send_s send_kb <<EOF
$(measure send git results sync push -q --no-wait main~$((COMMITS - 1)) main~$((COMMITS - 1))..main)
EOF

awk -v total="$total" -v records="$COMMITS" -v docs="$docs" -v bytes="$bytes" \
	-v push_s="$push_s" -v push_kb="$push_kb" -v show_s="$show_s" -v show_kb="$show_kb" \
	-v py_s="$py_s" -v py_kb="$py_kb" -v l1="$limit_1m_kb" -v l8="$limit_8m_kb" -v l32="$limit_32m_kb" \
	-v half_kb="$half_kb" -v half_s="$half_s" -v send_s="$send_s" -v send_kb="$send_kb" 'BEGIN {
	printf "p7000-sync: %d test results in %d records, %d documents, %.1f MB of KCIDB JSON\n",
		total, records, docs, bytes / 1e6
	printf "%-46s %7.2f s %8.0f results/s  peak %6.1f MB\n", "sync push --dry-run (generate + check)",
		push_s, total / push_s, push_kb / 1024
	printf "%-46s %7.2f s  ratio %.2f           peak %6.1f MB\n", "anchor: git results show --json, same records",
		show_s, push_s / show_s, show_kb / 1024
	printf "%-46s %7.2f s  ratio %.2f           peak %6.1f MB\n", "anchor: python3 json.loads of the output",
		py_s, push_s / py_s, py_kb / 1024
	printf "peak memory by document size limit: 1 MiB %.1f MB, 8 MiB %.1f MB, 32 MiB %.1f MB\n",
		l1 / 1024, l8 / 1024, l32 / 1024
	printf "peak memory by push size (8 MiB limit): %d results %.1f MB, %d results %.1f MB\n",
		total / 2, half_kb / 1024, total, l8 / 1024
	printf "%-46s %7.2f s %8.0f results/s  peak %6.1f MB\n", "sync push --no-wait to kcidb-mock",
		send_s, total / send_s, send_kb / 1024
	printf "target >= 100000 results/s: %s\n", ((total / push_s >= 100000) ? "met" : "NOT met")
}'
