#!/bin/sh
# SSH signature benchmark.  Signs one record on each of N commits with
# one `git results add --batch --sign` (gpg.format=ssh) and verifies them
# with one `git results verify <range>`; then prints the time per record
# next to its anchor, each pair timed in alternating blocks in the same
# run so that the load of the shared machine falls on both alike:
#   - verify, per record  vs  `ssh-keygen -Y find-principals` and
#                             `ssh-keygen -Y verify` of one signature, the
#                             two commands git runs for an SSH signature
#   - sign, per record    vs  one `ssh-keygen -Y sign`
#   - one `git results verify <commit>` vs `git verify-commit` of an
#     SSH-signed commit: git itself, doing the same for a commit
# The ratios show what the rest of git results costs around ssh-keygen:
# the temporary files, the record, the trust policy.
#
# Usage: t/perf/p3006-ssh-verify.sh [records] [records per timed block]
set -e

RECORDS=${1:-200}
BLOCK=${2:-20}
PERF_NAME=p3006
. "$(dirname "$0")/perf-lib.sh"

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

echo "# a key and $RECORDS commits" >&2
ssh-keygen -q -t ed25519 -N '' -C perf -f key
echo "perf@example.com $(cat key.pub)" >allowed_signers
git init -q -b main repo
cd repo
git config gpg.format ssh
git config user.signingKey "$WORK/key"
git config gpg.ssh.allowedSignersFile "$WORK/allowed_signers"
linear_history "$RECORDS" 0
root=$(git rev-list --max-parents=0 main)
git rev-list "$root..main" | sed "s|\$| $SRC_DIR/t/data/kunit-failure.ktap|" >../batch
head -n "$BLOCK" ../batch >../block

echo "# signing and verifying $RECORDS records" >&2
git results add -q --batch --sign --origin perf --date @1700000000 <../batch
count=$(git results verify -v "$root..main" | grep -c '^good ')
c=$(git rev-list -1 main)

# The anchors: one record's payload and signature, as two files.
git notes --ref=results show "$c" >../note
sed '/^-----BEGIN SSH SIGNATURE-----$/,$d' ../note >../payload
sed -n '/^-----BEGIN SSH SIGNATURE-----$/,$p' ../note >../payload.sig
anchor_verify() {
	principal=$(ssh-keygen -Y find-principals -f ../allowed_signers -s ../payload.sig) &&
	ssh-keygen -Y verify -n git-results -f ../allowed_signers -I "$principal" \
		-s ../payload.sig <../payload
}
anchor_sign() {
	rm -f ../anchor ../anchor.sig
	cp ../payload ../anchor
	ssh-keygen -Y sign -n git-results -f "$WORK/key" ../anchor
}
# repeat <n> <command...> (sh has no locals: time_cmd has its own n)
repeat() {
	repeat_left=$1
	shift
	while test "$repeat_left" -gt 0; do
		"$@" || return 1
		repeat_left=$((repeat_left - 1))
	done
}
anchor_verify >/dev/null

echo "# timing blocks of $BLOCK records" >&2
set -- $(time_pair 3 1 "git results verify main~$BLOCK..main" "repeat $BLOCK anchor_verify")
ours_verify=$(($1 / BLOCK)) theirs_verify=$(($2 / BLOCK))
# ed25519 signatures are deterministic: the re-signed records are already there
set -- $(time_pair 3 1 "git results add -q --batch --sign --origin perf --date @1700000000 <../block" \
	"repeat $BLOCK anchor_sign")
ours_sign=$(($1 / BLOCK)) theirs_sign=$(($2 / BLOCK))
# One command, one record, beside git checking an SSH-signed commit.
git commit -q -S --allow-empty -m signed
git verify-commit HEAD 2>/dev/null
set -- $(time_pair 3 10 "git results verify $c" "git verify-commit HEAD")
ours_single=$1 theirs_single=$2
# the same without git in front: `git results` is two processes
set -- $(time_pair 3 10 "git-results verify $c" "git verify-commit HEAD")
ours_direct=$1 theirs_direct=$2

echo "p3006-ssh-verify: $RECORDS SSH-signed records, $count verified good over $root..main"
report "verify, per record (of $BLOCK)" "$ours_verify" "$theirs_verify" "find-principals + verify, one"
report "sign, per record (add --batch)" "$ours_sign" "$theirs_sign" "ssh-keygen -Y sign, one"
report "verify one commit (whole command)" "$ours_single" "$theirs_single" "git verify-commit, SSH-signed"
report "the same, run as git-results" "$ours_direct" "$theirs_direct" "git verify-commit, SSH-signed"
