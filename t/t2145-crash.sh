#!/bin/sh
# Kernel crashes: syzkaller's 747 console logs (../shared/corpora/syzkaller,
# each with the title syzbot's own parser must find) through the crash
# detector, measured as issue 16 asks:
#   found: a crash found exactly where syzkaller finds one   (>= 99%)
#   kind:  the title's words before " in " right              (>= 95%)
#   title: the whole title, TITLE or one of its ALT lines     (>= 80%)
# and every file through `git results parse`: a record or a clear error.
. "$(dirname "$0")/test-lib.sh"

SYZ=$CORPORA/syzkaller/linux-report

test_expect_success 'the syzkaller corpus is there' '
	test $(ls "$SYZ" | wc -l) = 747
'

test_expect_success 'the first crash of each log, as the detector titles it' '
	(cd "$SYZ" && ls) | sort -n >files &&
	(cd "$SYZ" && xargs "$SRC_DIR/t/unit/test-crash" --first-title) <files >got &&
	test $(wc -l <got) = 747 &&
	(cd "$SYZ" && xargs awk "FNR == 1 { h = 1 } /^\$/ { h = 0 } h { print FILENAME \"\t\" \$0 }") \
		<files >headers
'

# measure <headers> <got>: one line per miss ("found|kind|title <file>
# <want> <got>"), then the three figures in per mille.  An empty
# "TITLE: " is no crash, as syzkaller's report_test reads it.
cat >measure.awk <<'AWK'
BEGIN { FS = "\t" }
FILENAME == ARGV[1] {
	if ($2 ~ /^TITLE: ./) { title[$1] = substr($2, 8); alt[$1] = alt[$1] "\n" title[$1] "\n" }
	if ($2 ~ /^ALT: /) alt[$1] = alt[$1] "\n" substr($2, 6) "\n"
	next
}
function kind(t,  i) { i = index(t, " in "); return i ? substr(t, 1, i - 1) : t }
{
	f = $1; got = $2; n++
	want = (f in title) ? title[f] : "-"
	if ((want == "-") != (got == "-")) { print "found\t" f "\t" want "\t" got; next }
	found++
	if (want == "-" || kind(got) == kind(want)) kinds++; else print "kind\t" f "\t" want "\t" got
	if (want == "-" || index(alt[f], "\n" got "\n")) titles++
	else if (kind(got) == kind(want)) print "title\t" f "\t" want "\t" got
}
END { printf "figures %d %d %d\n", 1000 * found / n, 1000 * kinds / n, 1000 * titles / n }
AWK

test_expect_success 'crashes found, kinds and titles right, as often as syzkaller' '
	awk -f measure.awk headers got >misses &&
	set -- $(sed -n "s/^figures //p" misses) &&
	test "$1" -ge 990 &&
	test "$2" -ge 950 &&
	test "$3" -ge 800
'

# what the detector reaches today, so that a change that loses titles shows
test_expect_success 'no fewer crashes, kinds or titles right than before' '
	set -- $(sed -n "s/^figures //p" misses) &&
	test "$1" -ge 998 &&
	test "$2" -ge 990 &&
	test "$3" -ge 882
'

# the figures, and the misses by what went wrong
if test -f misses; then
	say "$(sed -n 's/^figures \(.*\) \(.*\) \(.*\)/found \1, kind \2, title \3 (per mille of 747 files)/p' misses)"
	say "misses: $(grep -v '^figures' misses | cut -f1 | sort | uniq -c | tr -s ' \n' ' ')"
fi

test_expect_success 'every syzkaller log gives a record or a clear error' '
	for f in $(cat files); do
		git results parse "$SYZ/$f" >out 2>err
		case $? in
		0) grep -q "^status " out || { echo "$f: no record"; return 1; } ;;
		1) grep -q "^error: " err || { echo "$f: $(cat err)"; return 1; } ;;
		*) echo "$f: exit $?"; return 1 ;;
		esac
	done
'

test_expect_success 'a console log with a crash is a failed run' '
	git results parse "$SYZ/10" >out &&
	grep "^status FAIL" out &&
	grep "^FAIL kernel.crash.paging_request # BUG: unable to handle kernel paging request in " out &&
	test_must_fail git results parse "$SYZ/1" 2>err &&
	grep "as console: no kernel boot or crash found" err
'

test_done
