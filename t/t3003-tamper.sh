#!/bin/sh
# Every byte of a signed record matters: flipping any one byte of its
# header, its test lines or its signature block makes verify fail.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-sign.sh"

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

test_expect_success 'every flipped byte of the note fails verification' '
	cd repo &&
	tamper_sweep ../note tamper &&
	check_sweep ../note tamper
'

test_done
