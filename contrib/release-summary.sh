#!/bin/sh
# An example release script for git results.
#
#   contrib/release-summary.sh [-s] [-d <dir>] [-p <previous>] <tag> [<commit>]
#
# For the tested <commit> (default: HEAD), which must have results:
#   1. writes its release summary, `git results summary`, in plain text to
#      <dir>/<tag>.txt (<dir>: -d, else results.summaryDir, else
#      Documentation/results), comparing with <previous> (-p), else with
#      the previous release `git results summary` finds for <tag>;
#   2. commits that file alone on the current branch, with the
#      Test-link trailers of <commit> in the commit message;
#   3. tags <commit> as <tag>, an annotated tag (signed with -s) whose
#      message carries the same trailers.
# The tag goes on the tested commit, not on the summary commit, because
# results belong to the exact commit they were recorded on.
#
# Everything that can fail is checked before anything is written: the tag
# must be new, and the commit must have results and Test-link URLs
# (record links or results.linkTemplate).
set -e

usage() {
	echo "usage: $0 [-s] [-d <dir>] [-p <previous>] <tag> [<commit>]" >&2
	exit 129
}

sign=
dir=
previous=
while getopts sd:p: opt; do
	case $opt in
	s) sign=-s ;;
	d) dir=$OPTARG ;;
	p) previous=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
if test $# -lt 1 || test $# -gt 2; then
	usage
fi
tag=$1
commit=${2:-HEAD}

die() {
	echo "fatal: $*" >&2
	exit 128
}

git check-ref-format "refs/tags/$tag" || die "'$tag' is not a valid tag name"
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
	die "tag '$tag' already exists"
fi
commit_id=$(git rev-parse -q --verify "$commit^{commit}") || die "'$commit' is not a commit"
top=$(git rev-parse --show-toplevel) || die "run this in a work tree"
cd "$top"

if test -z "$dir"; then
	dir=$(git config --get results.summaryDir) || dir=Documentation/results
fi
file=$dir/$tag.txt

git results show "$commit_id" >/dev/null || die "'$commit' has no results to release"
trailers=$(git results trailer --tag "$tag" "$commit_id") || die "no Test-link for '$commit'"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir"
if test -n "$previous"; then
	git results summary --name "$tag" --previous "$previous" --output "$file" "$commit_id"
else
	git results summary --name "$tag" --output "$file" "$commit_id"
fi

printf 'Add the test results summary of %s\n\nWritten by git results summary for %s.\n\n%s\n' \
	"$tag" "$commit_id" "$trailers" >"$tmp/commit-msg"
git add -- "$file"
git commit -q -F "$tmp/commit-msg" -- "$file"

printf '%s\n\n%s\n' "$tag" "$trailers" >"$tmp/tag-msg"
# $sign is empty or -s: splitting it is the point.
# shellcheck disable=SC2086
git tag -a $sign -F "$tmp/tag-msg" "$tag" "$commit_id"

echo "Wrote $file, committed it as $(git rev-parse --short HEAD) and tagged $(git rev-parse --short "$commit_id") as $tag"
