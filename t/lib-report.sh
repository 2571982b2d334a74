# The generated history of the report tests (t509x), sourced after
# test-lib.sh: twelve commits with results, releases v1, v2, v3 and a
# tag with a hostile name, and hostile strings in a test name, a reason,
# an environment value, a commit subject, a known issue and a link.

HOSTILE_ENV='<script>alert(1)</script>&"'\''x'
HOSTILE_TAG='v4<&>'

# report_tap <i>: the TAP of commit <i> of the history below
#   steady   passes everywhere
#   regress  passes up to commit 7, fails from 8 (a regression in v3)
#   flaky    fails on every even commit (unstable)
#   known    fails from commit 4, listed as a known issue
#   b_<x>    fails from commit 11 with a hostile name and reason
report_tap() {
	echo "TAP version 13"
	echo "1..5"
	echo "ok 1 steady"
	if test "$1" -ge 8; then echo "not ok 2 regress"; else echo "ok 2 regress"; fi
	if test $(($1 % 2)) = 0; then echo "not ok 3 flaky"; else echo "ok 3 flaky"; fi
	if test "$1" -ge 4; then echo "not ok 4 known"; else echo "ok 4 known"; fi
	if test "$1" -ge 11; then
		echo "not ok 5 b_<x> # TIMEOUT <b>&\"oops'"
	else
		echo "ok 5 b_<x>"
	fi
}

# report_history: the history, in a new repository "repo" (and cd there)
report_history() {
	git init -q repo &&
	cd repo &&
	mkdir -p Documentation/results &&
	echo "known https://bugs.example.org/1 <b>tracked</b> & \"quoted\"" \
		>Documentation/results/known-issues &&
	git add Documentation &&
	i=1 &&
	while test "$i" -le 12; do
		echo "$i" >file &&
		git add file &&
		if test "$i" = 5; then
			subject="commit 5 <script>alert(1)</script> & \"more\""
		else
			subject="commit $i"
		fi &&
		GIT_COMMITTER_DATE="$((1700000000 + i * 60)) +0000" \
			git commit -q -m "$subject" &&
		report_tap "$i" >../run.tap &&
		git results add -q --origin ci --env arch=x86_64 \
			--date "2026-01-$(printf %02d "$i")T00:00:00Z" HEAD ../run.tap &&
		case "$i" in
		3) git tag v1 ;;
		6) git tag -a -m v2 v2 ;;
		9) git tag v3 ;;
		12) git tag "$HOSTILE_TAG" ;;
		esac &&
		case "$i" in
		3|6|9|12)
			git results add -q --origin lab --env arch=arm64 \
				--env "device=$HOSTILE_ENV" --link "javascript:alert(1)" \
				--link "https://lab.example.org/run?id=$i&x=1" HEAD ../run.tap
		esac &&
		i=$((i + 1)) || return 1
	done &&
	git tag other-tag HEAD~1
}
