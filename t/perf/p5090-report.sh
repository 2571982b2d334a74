#!/bin/sh
# The static HTML report (issue 18).  Builds a first-parent history of
# COMMITS commits, a record on every one (a KUnit run whose failing test
# comes and goes, with a second lab on every release), and RELEASES
# tags spread evenly, then measures, side by side in the same run:
#   - git results report -o <dir> over the whole history
#   - git log --notes=results over the same history (the anchor: reading
#     every note once, as git does)
# The report writes a page per release and per commit: it must stay
# under 5 s for 1,000 releases and 20,000 noted commits.  Both are timed
# into a new directory and again over the report they wrote (which
# rewrites only the pages that change), as wall and CPU time (user +
# sys, /usr/bin/time).
#
# Usage: t/perf/p5090-report.sh [commits] [releases]
set -e

COMMITS=${1:-20000}
RELEASES=${2:-1000}
PERF_NAME=p5090
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"
git init -q -b main repo
cd repo

echo "# building $COMMITS commits with $RELEASES release tags" >&2
linear_history "$COMMITS"
every=$((COMMITS / RELEASES))
git rev-list --reverse main | awk -v every="$every" 'NR % every == 0 {
	printf "%s refs/tags/v1.%d\n", $1, NR / every }' >../tags
git update-ref --stdin <<EOF_TAGS
$(sed 's/^\([0-9a-f]*\) \(.*\)$/create \2 \1/' ../tags)
EOF_TAGS

PASS_KTAP=$SRC_DIR/t/data/kunit/test_is_test_passed-all_passed.log
FAIL_KTAP=$SRC_DIR/t/data/kunit-failure.ktap
test -f "$PASS_KTAP" || PASS_KTAP=$SRC_DIR/t/data/kunit-skip.ktap
# a failure that comes back every seventh commit: regressions and fixes
git rev-list --reverse main | awk -v pass="$PASS_KTAP" -v fail="$FAIL_KTAP" '{
	print $1, (NR % 7 == 0 ? fail : pass) }' >../batch
echo "# attaching $(wc -l <../batch) records" >&2
git results add -q --batch --origin ci --env arch=x86_64 --date @1700000000 <../batch
cut -d" " -f1 ../tags | sed "s|\$| $FAIL_KTAP|" |
	git results add -q --batch --origin lab --env arch=arm64 --env device=rpi4 \
		--date @1700000000
git gc -q

echo "# report" >&2
# cpu_time <output> <command...>: "<wall> <user+sys>" in ms, of one run
cpu_time() {
	cpu_out=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$cpu_out" "$@" >/dev/null 2>&1
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$cpu_out"
}
set -- $(cpu_time ../t.fresh git results report -o ../report)
fresh_wall=$1 fresh_cpu=$2
test "$(find ../report/release -name '*.html' | wc -l)" = "$RELEASES"
test "$(find ../report/commit -name '*.html' | wc -l)" = "$COMMITS"
set -- $(cpu_time ../t.again git results report -o ../report)
again_wall=$1 again_cpu=$2
set -- $(cpu_time ../t.anchor git log --notes=results --format='%H %N')
anchor_wall=$1 anchor_cpu=$2

echo "p5090-report: $COMMITS commits with results, $RELEASES releases, $(du -sk ../report | cut -f1) KiB of pages (load $(cut -d" " -f1 /proc/loadavg))"
report "report, new directory (wall)" "$((fresh_wall * 1000))" "$((anchor_wall * 1000))" "git log --notes=results (wall)"
report "report, new directory (cpu)" "$((fresh_cpu * 1000))" "$((anchor_cpu * 1000))" "git log --notes=results (cpu)"
report "report, written again (wall)" "$((again_wall * 1000))" "$((anchor_wall * 1000))" "git log --notes=results (wall)"
report "report, written again (cpu)" "$((again_cpu * 1000))" "$((anchor_cpu * 1000))" "git log --notes=results (cpu)"
# The budget is 5 s of the machine's time: on a machine shared with
# other jobs, wall time also counts the others' (compare the anchor's).
if test "$fresh_cpu" -ge 5000; then
	echo "p5090-report: the report took more than 5 s of CPU time" >&2
	exit 1
fi
