#!/bin/sh
# Turns one Documentation/*.md page into a man page with the cmark CLI.
#
#   Documentation/md2man.sh <page.md> <version> <date> >page.<section>
#
# The page's first line is its title, "# git-results-show(1)": it becomes
# the .TH line and is not rendered.  The "## NAME"-level headings become
# sections (.SH) and "###" subsections (.SS); cmark's \f[C] becomes
# \f[CR], a font every man device has; the paragraph macro cmark puts
# right after a heading, which mandoc warns about, is dropped; a line of
# example text that starts with "." or "'" gets "\&" so that roff does
# not take it for a macro.
set -e

if test $# != 3; then
	echo "usage: $0 <page.md> <version> <date>" >&2
	exit 129
fi
page=$1
version=$2
date=$3

title=$(sed -n '1s/^# \([a-z0-9-]*\)(\([1-8]\))$/\1 \2/p' "$page")
if test -z "$title"; then
	echo "$page: the first line must be '# <name>(<section>)'" >&2
	exit 1
fi
name=${title% *}
section=${title#* }
upper=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]' | sed 's/-/\\-/g')

printf '.TH "%s" "%s" "%s" "git\\-results %s" "Git Results Manual"\n' \
	"$upper" "$section" "$date" "$version"

awk '
	NR == 1 { next }
	/^(```|~~~)/ { fence = !fence }
	!fence && /^### / { sub(/^### /, "## ") }
	!fence && /^## / { sub(/^## /, "# ") }
	{ print }
' "$page" |
cmark -t man |
awk '
	/^\.(SH|SS)$/ { print; heading = 2; next }
	heading == 2 { print; heading = 1; next }
	heading == 1 && /^\.PP$/ { heading = 0; next }
	/^\.nf$/ { literal = 1; heading = 0; print; next }
	/^\.fi$/ { literal = 0; heading = 0; print; next }
	literal && /^[.\047]/ { heading = 0; print "\\&" $0; next }
	{ heading = 0; print }
' |
sed 's/\\f\[C\]/\\f[CR]/g'
