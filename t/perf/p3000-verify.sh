#!/bin/sh
# Signature benchmark (issue 4).  Signs one record on each of N commits
# with one `git results add --batch --sign` (one gpgme context), then
# verifies them all with one `git results verify <range>`, and prints the
# time per record next to its anchor measured in the same run:
#   - verify, per record   vs  one `gpg --verify` of a detached signature
#   - sign, per record     vs  one `gpg --detach-sign`
# The anchors are one gpg process each, which is what gpgme runs for each
# operation; the ratio shows what the rest of git results costs.
#
# Usage: t/perf/p3000-verify.sh [records]
set -e

RECORDS=${1:-300}
PERF_NAME=p3000
. "$(dirname "$0")/perf-lib.sh"
GNUPGHOME=$WORK/gnupg
export GNUPGHOME

stop_agent() {
	gpgconf --kill all 2>/dev/null || :
}
trap stop_agent EXIT

rm -rf "$WORK"
mkdir -p "$WORK"
mkdir -m 700 "$GNUPGHOME"
cd "$WORK"

echo "# a key and $RECORDS commits" >&2
gpg --batch --passphrase '' --quick-gen-key 'Perf CI <perf@example.com>' ed25519 sign never 2>/dev/null
git init -q -b main repo
cd repo
linear_history "$RECORDS" 0
root=$(git rev-list --max-parents=0 main)
git rev-list "$root..main" | sed "s|\$| $SRC_DIR/t/data/kunit-failure.ktap|" >../batch

echo "# signing $RECORDS records" >&2
start=$(now_ns)
git results add -q --batch -u perf@example.com --origin perf --date @1700000000 <../batch
ours_sign=$(( ($(now_ns) - start) / 1000 / RECORDS ))

echo "# verifying them" >&2
c=$(git rev-list -1 main)
git results verify "$c"
# -v prints each record's line (300 lines): counted after the clock stops
start=$(now_ns)
git results verify -v "$root..main" >../verified
ours_verify=$(( ($(now_ns) - start) / 1000 / RECORDS ))
count=$(grep -c '^good ' ../verified)

# The anchors: one record's payload and signature, as two files.
git notes --ref=results show "$c" >../note
sed '/^-----BEGIN PGP SIGNATURE-----$/,$d' ../note >../payload
sed -n '/^-----BEGIN PGP SIGNATURE-----$/,$p' ../note >../payload.sig
gpg --verify ../payload.sig ../payload 2>/dev/null
theirs_verify=$(time_cmd 30 gpg --verify ../payload.sig ../payload)
theirs_sign=$(time_cmd 30 gpg --batch --yes -u perf@example.com --detach-sign -o ../anchor.sig ../payload)
# One command, one record: what a single `verify <commit>` costs.
ours_single=$(time_cmd 20 git results verify "$c")

echo "p3000-verify: $RECORDS signed records, $count verified good over $root..main (one gpgme context)"
report "verify, per record (of $RECORDS)" "$ours_verify" "$theirs_verify" "gpg --verify, one signature"
report "sign, per record (add --batch)" "$ours_sign" "$theirs_sign" "gpg --detach-sign, one"
report "verify one commit (whole command)" "$ours_single" "$theirs_verify" "gpg --verify, one signature"
