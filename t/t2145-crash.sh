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

# The header scan (formats/crash-header.c) checks only where an anchor
# is, marked once for each block a line reader reads (AVX-512, AVX2,
# SSE2 or byte by byte: the default, =marks-avx2, =marks-sse2 and
# =marks-portable of GIT_TEST_CRASH_SCAN), or found in each line 16
# bytes at a time (=lines) or byte by byte (=portable); =bytes checks
# every byte.  The drivers of test-crash go by the marks of their whole
# input, as a line reader has them made.  Every
# header at every offset of a block and after it, at the end of a line
# and before more text, after a word, before the line's only colon, and
# in a line without a colon.
cat >headers <<\EOF
BUG:
WARNING:
INFO:
Unable to handle kernel 
general protection fault
stack segment: 
Kernel panic
PANIC: double fault
kernel BUG
Kernel BUG
BUG kmalloc-
divide error:
divide_error:
fatal error: 
invalid opcode:
Oops: int3
Internal error: 
Unhandled fault: 
Alignment trap: 
UBSAN:
Watchdog detected hard LOCKUP
Booting the kernel.
unregister_netdevice: waiting for
VFS: Close: file count is 
VFS: Busy inodes after unmount
trusty: panic
SYZFAIL:
SYZFATAL:
EOF

cat >offsets.awk <<\AWK
BEGIN { split(" x| and some more text, long enough for a block:|", tail, "|") }
{
	h = $0
	word = h ~ /^(BUG:|WARNING:|INFO:|fatal error: )$/
	for (k = 0; k < 40; k++) {
		pad = k ? ":" : ""
		for (j = 1; j < k; j++)
			pad = pad "."
		for (t = 1; t <= 3; t++) {
			print pad h tail[t] >"lines"
			print k "\t" h >"expect"
		}
		if (k > 1) {
			# after a word character: only headers that need no boundary
			print substr(pad, 1, k - 1) "x" h " x" >"lines"
			print (word ? "-" : k "\t" h) >"expect"
		}
		# a colon only after the header, far enough to end the scan
		dots = substr(".........................................", 1, k)
		print dots h tail[2] >"lines"
		print k "\t" h >"expect"
		if (index(h, ":") == 0) {
			# no colon: only at the start of the line
			print dots h " x" >"lines"
			print (k ? "-" : k "\t" h) >"expect"
		}
	}
}
AWK

test_expect_success 'the header scans find every header where it is' '
	awk -f offsets.awk headers &&
	test $(wc -l <lines) -gt 4000 &&
	for scan in fast marks-avx2 marks-sse2 marks-portable lines portable bytes
	do
		GIT_TEST_CRASH_SCAN=$scan "$SRC_DIR/t/unit/test-crash" --headers <lines >got &&
		test_cmp expect got || return 1
	done
'

# random lines of the bytes headers are made of, some with a header
cat >random.awk <<\AWK
BEGIN {
	srand(19)
	alphabet = "BUG:WARNINFOrnctkmKelpaio .x_-"
	while ((getline h <"headers") > 0)
		hs[++n] = h
	for (i = 0; i < 30000; i++) {
		len = int(rand() * 80)
		s = ""
		for (j = 0; j < len; j++) {
			if (rand() < 0.02)
				s = s hs[int(rand() * n) + 1]
			else
				s = s substr(alphabet, int(rand() * length(alphabet)) + 1, 1)
		}
		print s
	}
}
AWK

test_expect_success 'the header scans agree on real logs and random lines' '
	awk -f random.awk >lines &&
	cat "$SYZ"/* "$CORPORA"/console-logs/*/* >>lines &&
	GIT_TEST_CRASH_SCAN=bytes "$SRC_DIR/t/unit/test-crash" --headers <lines >expect &&
	test $(grep -c -v "^-" expect) -gt 10000 &&
	for scan in fast marks-avx2 marks-sse2 marks-portable lines portable
	do
		GIT_TEST_CRASH_SCAN=$scan "$SRC_DIR/t/unit/test-crash" --headers <lines >got &&
		test_cmp expect got || return 1
	done
'

test_expect_success 'the header scans give the same first titles of the syzkaller logs' '
	(cd "$SYZ" && xargs "$SRC_DIR/t/unit/test-crash" --first-title) <files >titles &&
	test $(wc -l <titles) = 747 &&
	for scan in marks-avx2 marks-sse2 marks-portable lines bytes
	do
		(cd "$SYZ" && GIT_TEST_CRASH_SCAN=$scan xargs "$SRC_DIR/t/unit/test-crash" --first-title) \
			<files >got &&
		test_cmp titles got || return 1
	done
'

# all the logs in one, read from a pipe (reads of any size), by
# every way of marking anchors and of finding lines
test_expect_success 'the scans and line indexes agree on a parse of all the logs' '
	cat "$SYZ"/* "$CORPORA"/console-logs/*/* >all.log &&
	git results parse --format console --run r all.log >expect &&
	grep "^FAIL kernel.crash" expect &&
	for scan in fast marks-avx2 marks-sse2 marks-portable lines bytes
	do
		cat all.log | GIT_TEST_CRASH_SCAN=$scan git results parse --format console --run r - >got &&
		test_cmp expect got || return 1
	done &&
	for index in avx2 sse2 portable
	do
		cat all.log | GIT_TEST_LINE_INDEX=$index git results parse --format console --run r - >got &&
		test_cmp expect got || return 1
	done
'

cat >long.awk <<\AWK
BEGIN {
	print "[    0.100000] Linux version 6.12.0"
	s = "[    1.000000] "
	for (i = 0; i < 70000; i++)
		s = s "a"
	print s ": BUG: spinlock bad magic on CPU#0, swapper/1"
}
AWK

# "BUG:" starts 2 bytes before the end of the first 64 KiB read
cat >split.awk <<\AWK
BEGIN {
	line = "[    0.100000] Linux version 6.12.0"
	print line
	n = length(line) + 1
	start = 65536 - 2 - length("[    1.000000] ")
	filler = "[    0.200000] a filler line, no header."
	while (n + length(filler) + 1 <= start - 40) {
		print filler
		n += length(filler) + 1
	}
	line = "[    0.200000] "
	while (n + length(line) + 1 < start)
		line = line "x"
	print line
	print "[    1.000000] BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 33s!"
}
AWK

test_expect_success 'a header in a line longer than the read buffer, or across two reads' '
	awk -f long.awk >long.log &&
	git results parse --format console long.log >out &&
	grep "^FAIL kernel.crash.spinlock # BUG: spinlock bad magic" out &&
	awk -f split.awk >split.log &&
	test "$(head -c 65536 split.log | tail -c 2)" = BU &&
	git results parse --format console split.log >out &&
	grep "^FAIL kernel.crash.workqueue # BUG: workqueue lockup" out
'

test_done
