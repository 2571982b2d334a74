#!/bin/sh
# make perf: every benchmark, each printing its side-by-side figures.
set -e
cd "$(dirname "$0")"
for p in p[0-9]*.sh; do
	sh "./$p"
done
