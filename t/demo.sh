#!/bin/sh
# make demo: the main job on a built-in example.  Creates a throwaway
# repository, attaches the results of two real KUnit runs to a commit,
# then shows them the ways a maintainer would look at them.
set -e

SRC_DIR=$(cd "$(dirname "$0")/.." && pwd)
DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/git-results-demo.XXXXXX")
PATH=$SRC_DIR/bin:$PATH
GIT_AUTHOR_NAME='Demo Maintainer' GIT_AUTHOR_EMAIL=maintainer@example.com
GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export PATH GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_WORK_TREE

run() {
	printf '\n$ %s\n' "$*"
	"$@"
}

cd "$DEMO_DIR"
git init -q -b main linux
cd linux
echo 'VERSION = 6' >Makefile && git add Makefile && git commit -q -m 'Linux 6.0'
echo 'PATCHLEVEL = 1' >>Makefile && git commit -q -am 'sysctl: fix proc_dointvec range checks'
echo 'SUBLEVEL = 0' >>Makefile && git commit -q -am 'Linux 6.1-rc1'

echo "A throwaway kernel tree in $DEMO_DIR/linux; attaching two real KUnit runs to HEAD."
run git results add --origin kernelci --run x86-1 --env arch=x86_64 --env config=defconfig \
	--link https://example.org/logs/x86-1 "$SRC_DIR/t/data/kunit-failure.ktap"
run git results add --origin lkft --run arm64-7 --env arch=arm64 --env device=rpi4 \
	HEAD "$SRC_DIR/t/data/kunit-skip.ktap"
run git results add --origin kernelci --run x86-0 --env arch=x86_64 --env config=defconfig \
	HEAD~1 "$SRC_DIR/t/data/kunit-skip.ktap"
run git results show
run git results log
run git notes --ref=results show HEAD
run git log --notes=results --format='%h %s%n%N' -1 HEAD~1
echo
echo "Done. The repository is left in $DEMO_DIR for a look around."
