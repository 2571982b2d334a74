#!/bin/sh
# Every byte of a signed record matters: flipping any one byte of its
# header, its test lines or its signature block makes verify fail.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup: one signed record with every kind of header line' '
	test_gpg_key "CI Bot <ci@example.com>" >ci.fpr &&
	git init -q repo &&
	cd repo &&
	test_commit one &&
	cat >../small.ktap <<-\EOF &&
	TAP version 14
	1..2
	ok 1 - alpha
	not ok 2 - beta # timed out
	EOF
	git results add -u ci@example.com --origin ci --run r1 --env arch=x86_64 --tester "CI Bot <ci@example.com>" \
		--link https://ci.example/r1 HEAD ../small.ktap &&
	git notes --ref=results show HEAD >../note &&
	git results verify HEAD &&
	grep "^-----BEGIN PGP SIGNATURE-----\$" ../note &&
	grep "^tester " ../note && grep "^link " ../note && grep "^FAIL " ../note
'

# One notes ref per flipped byte, all made by one fast-import.
test_expect_success 'setup: a notes ref for each byte flipped' '
	cd repo &&
	python3 - "$(git rev-parse HEAD)" ../note >../stream <<-\PY &&
	import sys
	commit = sys.argv[1]
	note = open(sys.argv[2], "rb").read()
	out = sys.stdout.buffer
	def ref(name, data):
	    out.write(b"commit refs/notes/tamper/%s\n" % name.encode())
	    out.write(b"committer T <t@example.com> 1700000000 +0000\ndata 0\n")
	    out.write(b"M 100644 inline %s\ndata %d\n" % (commit.encode(), len(data)))
	    out.write(data + b"\n")
	ref("orig", note)
	for i in range(len(note)):
	    flipped = bytearray(note)
	    flipped[i] ^= 0x01
	    ref(str(i), bytes(flipped))
	PY
	git fast-import --quiet <../stream &&
	git results verify --ref tamper/orig HEAD &&
	test $(git for-each-ref refs/notes/tamper | wc -l) = $(( $(wc -c <../note) + 1 ))
'

test_expect_success 'every flipped byte fails verification, none crashes' '
	cd repo &&
	n=$(wc -c <../note) &&
	i=0 &&
	: >../verdicts &&
	while test $i -lt $n; do
		git results verify --ref tamper/$i HEAD >out 2>err
		code=$?
		if test $code != 1; then
			echo "byte $i: exit $code" && cat out err && return 1
		fi
		if grep -q "^error: [0-9a-f]*: the note is not a results record" err; then
			echo unreadable >>../verdicts
		else
			grep -q "^error: 1 of 1 record did not verify\$" err &&
			awk "{ print \$1 }" out >>../verdicts || return 1
		fi
		i=$((i + 1))
	done &&
	sort ../verdicts | uniq -c &&
	test $(wc -l <../verdicts) = $n &&
	! grep -v "^bad\$\|^unreadable\$\|^wrong-commit\$" ../verdicts
'

test_done
