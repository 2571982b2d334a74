#!/bin/sh
# gpg.format=x509: records signed through gpgsm with a self-signed
# certificate made offline, verified, checked by gpgsm --verify, and every
# flipped byte of the record caught although X.509 armour has no checksum.
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIRECTORY/lib-sign.sh"

# The key is made by gpg (gpgsm 2.2 cannot make one without a passphrase
# prompt), the certificate over it by gpgsm, trusted as a root, and CRL
# checks are off: the test runs offline.
test_expect_success 'setup: a self-signed certificate for the committer' '
	mkdir -m 700 "$GNUPGHOME" &&
	echo pinentry-mode loopback >"$GNUPGHOME/gpg.conf" &&
	echo disable-crl-checks >"$GNUPGHOME/gpgsm.conf" &&
	echo "$GNUPGHOME" >>"$TRASH_DIRECTORY/.gnupg-homes" &&
	gpg --batch --passphrase "" --quick-gen-key "x509 key" rsa2048 sign never 2>/dev/null &&
	grip=$(gpg --with-keygrip --with-colons --list-secret-keys "x509 key" |
		awk -F: "/^grp/ { print \$10; exit }") &&
	cat >params <<-EOF &&
	Key-Type: RSA
	Key-Grip: $grip
	Key-Usage: sign, cert
	Name-DN: CN=C O Mitter,O=Example
	Name-Email: committer@example.com
	Serial: random
	Not-Before: 2020-01-01
	Not-After: 2060-01-01
	EOF
	gpgsm --batch --armor --output cert.pem --gen-key params 2>/dev/null &&
	gpgsm --batch --import cert.pem 2>/dev/null &&
	gpgsm --with-colons --list-keys | awk -F: "/^fpr/ { print \$10; exit }" >cert.fpr &&
	echo "$(cat cert.fpr) S relax" >"$GNUPGHOME/trustlist.txt" &&
	git init -q repo &&
	cd repo &&
	test_commit one &&
	test_commit two &&
	git config gpg.format x509
'

test_expect_success 'add --sign with gpg.format=x509 signs with gpgsm' '
	cd repo &&
	git results add --sign --origin ci --run r1 one "$TEST_DATA/kunit-skip.ktap" &&
	git notes --ref=results show one >note &&
	grep "^-----BEGIN SIGNED MESSAGE-----\$" note &&
	test "$(tail -1 note)" = "-----END SIGNED MESSAGE-----" &&
	git results verify one &&
	git results verify -v one >out &&
	echo "good $(git rev-parse one) ci r1 key $(cat ../cert.fpr) \"CN=C O Mitter,O=Example\"" >expect &&
	test_cmp expect out &&
	git results verify --json one >out.json &&
	grep "\"format\": \"x509\"" out.json
'

test_expect_success 'gpgsm --verify checks the split payload and signature' '
	cd repo &&
	rec=$(record_of one ci split) &&
	gpgsm --verify "$rec.sig" "$rec.payload" &&
	sed "s/^run r1\$/run r2/" "$rec.payload" >changed &&
	! gpgsm --verify "$rec.sig" changed
'

test_expect_success 'user.signingKey picks the certificate by fingerprint' '
	cd repo &&
	git -c user.signingKey="$(cat ../cert.fpr)" results add --sign --origin lab two \
		"$TEST_DATA/kunit-skip.ktap" &&
	git results verify two
'

test_expect_success 'a record replayed onto another commit, or edited, fails' '
	cd repo &&
	test_commit three &&
	git notes --ref=results show one >note &&
	git notes --ref=results add -F note three &&
	test_expect_code 1 git results verify three >out &&
	grep "^wrong-commit $(git rev-parse three) ci r1 " out &&
	sed "s/^run r1\$/run r2/" note >edited &&
	git notes --ref=results add -f -F edited three &&
	test_expect_code 1 git results verify three >out &&
	grep "^bad $(git rev-parse three) ci r2 " out
'

test_expect_success 'a root outside the trust list is of undefined validity' '
	cd repo &&
	git -c gpg.minTrustLevel=fully results verify one &&
	test_when_finished "
		test ! -f \"$TRASH_DIRECTORY/repo/trustlist.saved\" ||
		{ mv \"$TRASH_DIRECTORY/repo/trustlist.saved\" \"$GNUPGHOME/trustlist.txt\" &&
		  gpgconf --reload gpg-agent; }
	" &&
	mv "$GNUPGHOME/trustlist.txt" trustlist.saved &&
	gpgconf --reload gpg-agent &&
	git results verify one &&
	test_expect_code 1 git -c gpg.minTrustLevel=marginal results verify one >out &&
	mv trustlist.saved "$GNUPGHOME/trustlist.txt" &&
	gpgconf --reload gpg-agent &&
	grep "^untrusted $(git rev-parse one) ci r1 .*(key validity is undefined, gpg.minTrustLevel asks for marginal)\$" out &&
	git -c gpg.minTrustLevel=fully results verify one
'

test_expect_success 'results.trustedKeys lists certificates by fingerprint' '
	cd repo &&
	echo "$(cat ../cert.fpr) ci" >../trusted &&
	git -c results.trustedKeys="$TRASH_DIRECTORY/trusted" results verify one &&
	test_expect_code 1 git -c results.trustedKeys="$TRASH_DIRECTORY/trusted" results verify two >out &&
	grep "^untrusted .* lab .*may not sign for origin .lab." out
'

test_expect_success 'a signature carrying certificates is refused' '
	cd repo &&
	rec=$(record_of one ci split-certs) &&
	gpgsm --batch --include-certs 1 -u "$(cat ../cert.fpr)" --detach-sign \
		-o certs.der "$rec.payload" 2>/dev/null &&
	gpgsm --verify certs.der "$rec.payload" &&
	armour "SIGNED MESSAGE" <certs.der >certs.sig &&
	cat "$rec.payload" certs.sig | git notes --ref=results add -f -F - one &&
	test_expect_code 1 git results verify one >out &&
	grep "^bad .* (certificates or revocation lists are not allowed)\$" out &&
	cat "$rec.payload" "$rec.sig" | git notes --ref=results add -f -F - one &&
	git results verify one
'

test_expect_success 'every flipped byte of an X.509-signed record fails verification' '
	cd repo &&
	git notes --ref=results show one >../note &&
	tamper_sweep ../note tamper &&
	check_sweep ../note tamper
'

test_done
