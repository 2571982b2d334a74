#!/bin/sh
# The trust policy: gpg.minTrustLevel against the keyring's validity, and
# results.trustedKeys, a list of allowed signers scoped to origins.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-sign.sh"

SIGNER=$TRASH_DIRECTORY/signer
KTAP=$TEST_DATA/kunit-skip.ktap

sign_add() {
	key=$1
	shift
	GNUPGHOME=$SIGNER git results add -q -u "$key" "$@"
}

test_expect_success 'setup' '
	GNUPGHOME=$SIGNER &&
	test_gpg_key "CI Bot <ci@example.com>" >ci.fpr &&
	test_gpg_key "Lab Bot <lab@example.com>" >lab.fpr &&
	gpg --batch --passphrase "" --quick-gen-key "Sub Bot <sub@example.com>" ed25519 cert never 2>/dev/null &&
	gpg --with-colons --list-keys sub@example.com | awk -F: "/^fpr/ { print \$10; exit }" >sub.fpr &&
	gpg --batch --passphrase "" --quick-add-key "$(cat sub.fpr)" ed25519 sign 2>/dev/null &&
	gpg --with-colons --list-keys sub@example.com | awk -F: "/^fpr/ { n++ } /^fpr/ && n == 2 { print \$10 }" >subkey.fpr &&
	test -s subkey.fpr &&
	gpg --export ci@example.com lab@example.com sub@example.com >public.gpg &&
	GNUPGHOME=$TRASH_DIRECTORY/.gnupg &&
	test_gpg_key "Maintainer <maintainer@example.com>" >maintainer.fpr &&
	gpg --batch --import public.gpg &&

	git init -q repo &&
	cd repo &&
	test_commit c1 &&
	test_commit c2 &&
	test_commit c3 &&
	test_commit c4 &&
	sign_add ci@example.com --origin ci --run r1 c1 "$KTAP" &&
	sign_add lab@example.com --origin lab --run r2 c2 "$KTAP" &&
	sign_add ci@example.com --origin lab --run r3 c3 "$KTAP" &&
	sign_add sub@example.com --origin ci --run r4 c4 "$KTAP" &&
	git results verify c1 c2 c3 c4
'

test_expect_success 'a subkey signs; verify names the primary key' '
	cd repo &&
	git results verify -v c4 >out &&
	grep "^good .* ci r4 key $(cat ../sub.fpr) " out &&
	git results verify --json c4 >out.json &&
	grep "\"fingerprint\": \"$(cat ../subkey.fpr)\"" out.json &&
	grep "\"primary_fingerprint\": \"$(cat ../sub.fpr)\"" out.json
'

test_expect_success 'gpg.minTrustLevel: an imported key of unknown validity is untrusted' '
	cd repo &&
	test_expect_code 1 git -c gpg.minTrustLevel=marginal results verify c1 >out &&
	echo "untrusted $(git rev-parse c1) ci r1 key $(cat ../ci.fpr) \"CI Bot <ci@example.com>\" (key validity is undefined, gpg.minTrustLevel asks for marginal)" >expect &&
	test_cmp expect out &&
	git -c gpg.minTrustLevel=undefined results verify c1 &&
	test_expect_code 1 git -c gpg.minTrustLevel=never results verify c1 2>err
'

test_expect_success 'gpg.minTrustLevel: certifying the key makes it fully valid' '
	cd repo &&
	gpg --batch --yes --quick-lsign-key "$(cat ../ci.fpr)" 2>/dev/null &&
	git -c gpg.minTrustLevel=marginal results verify c1 &&
	git -c gpg.minTrustLevel=FULLY results verify c1 &&
	test_expect_code 1 git -c gpg.minTrustLevel=ultimate results verify c1 >out &&
	grep "(key validity is fully, gpg.minTrustLevel asks for ultimate)\$" out &&
	echo "$(cat ../ci.fpr):6:" | gpg --import-ownertrust 2>/dev/null &&
	git -c gpg.minTrustLevel=ultimate results verify c1 &&
	git results verify --json c1 >out.json &&
	grep "\"trust\": \"ultimate\"" out.json
'

test_expect_success 'gpg.minTrustLevel is also what show --show-signature reports' '
	cd repo &&
	git -c gpg.minTrustLevel=fully results show --show-signature c2 >out &&
	grep "^signature untrusted: key $(cat ../lab.fpr) \"Lab Bot <lab@example.com>\" (key validity is undefined, gpg.minTrustLevel asks for fully)\$" out
'

test_expect_success 'an unknown gpg.minTrustLevel is fatal' '
	cd repo &&
	test_expect_code 128 git -c gpg.minTrustLevel=sometimes results verify c1 >out 2>err &&
	test ! -s out &&
	echo "fatal: invalid value for '\''gpg.minTrustLevel'\'': '\''sometimes'\''" >expect &&
	test_cmp expect err
'

test_expect_success 'results.trustedKeys: only listed keys are accepted' '
	cd repo &&
	cat >../trusted <<-EOF &&
	# the CI keys this maintainer accepts
	$(cat ../ci.fpr)

	EOF
	git config results.trustedKeys "$TRASH_DIRECTORY/trusted" &&
	git results verify c1 c3 &&
	test_expect_code 1 git results verify c2 >out &&
	echo "untrusted $(git rev-parse c2) lab r2 key $(cat ../lab.fpr) \"Lab Bot <lab@example.com>\" (key is not in $TRASH_DIRECTORY/trusted)" >expect &&
	test_cmp expect out
'

test_expect_success 'results.trustedKeys: a key scoped to origins signs for those only' '
	cd repo &&
	cat >../trusted <<-EOF &&
	$(cat ../ci.fpr) ci   # CI may sign for its own origin only
	$(cat ../lab.fpr | tr A-F a-f) lab ci
	EOF
	git results verify c1 c2 &&
	test_expect_code 1 git results verify c3 >out &&
	echo "untrusted $(git rev-parse c3) lab r3 key $(cat ../ci.fpr) \"CI Bot <ci@example.com>\" (key may not sign for origin '\''lab'\'' in $TRASH_DIRECTORY/trusted)" >expect &&
	test_cmp expect out
'

test_expect_success 'results.trustedKeys: a primary key fingerprint admits its signing subkey' '
	cd repo &&
	test_expect_code 1 git results verify c4 &&
	echo "$(cat ../sub.fpr) ci" >>../trusted &&
	git results verify c4 &&
	echo "$(cat ../subkey.fpr)" >../trusted-subkey &&
	git -c results.trustedKeys="$TRASH_DIRECTORY/trusted-subkey" results verify c4
'

test_expect_success 'results.trustedKeys and gpg.minTrustLevel apply together' '
	cd repo &&
	git -c gpg.minTrustLevel=fully results verify c1 &&
	test_expect_code 1 git -c gpg.minTrustLevel=fully results verify c2 >out &&
	grep "(key validity is undefined, gpg.minTrustLevel asks for fully)\$" out
'

test_expect_success 'results.trustedKeys: ~/ is the home directory, a relative path the top of the work tree' '
	cd repo &&
	cp ../trusted "$HOME/trusted-in-home" &&
	git -c results.trustedKeys="~/trusted-in-home" results verify c1 &&
	cp ../trusted trusted-here &&
	mkdir -p sub/dir &&
	(cd sub/dir && git -c results.trustedKeys=trusted-here results verify c1)
'

test_expect_success 'results.trustedKeys: a missing or malformed file is fatal' '
	cd repo &&
	test_expect_code 128 git -c results.trustedKeys=/nonexistent results verify c1 2>err &&
	grep "^fatal: cannot read results.trustedKeys file ./nonexistent.: No such file or directory\$" err &&
	printf "# keys\n\nABCDEF ci\n" >../bad-keys &&
	test_expect_code 128 git -c results.trustedKeys="$TRASH_DIRECTORY/bad-keys" results verify c1 2>err &&
	grep "^fatal: bad results.trustedKeys file .*: line 3: .ABCDEF. is not a key fingerprint (40 or 64 hex digits, or SHA256:...)\$" err &&
	echo "$(cat ../ci.fpr) CI" >../bad-keys &&
	test_expect_code 128 git -c results.trustedKeys="$TRASH_DIRECTORY/bad-keys" results verify c1 2>err &&
	grep "^fatal: bad results.trustedKeys file .*: line 1: invalid origin .CI." err &&
	test_expect_code 128 git -c results.trustedKeys="$TRASH_DIRECTORY/bad-keys" \
		results show --show-signature c1 >out 2>err &&
	test ! -s out
'

test_expect_success 'signing does not need a valid trust policy' '
	cd repo &&
	test_commit c5 &&
	GNUPGHOME=$SIGNER git -c results.trustedKeys=/nonexistent \
		results add -q -u ci@example.com --origin ci c5 "$KTAP"
'

test_done
