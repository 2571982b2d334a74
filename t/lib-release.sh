# Helpers for the release workflow tests (t50xx), sourced after test-lib.sh.

# write_tap <file> <result>...: a TAP 13 log with one test per result,
# each "ok:<name>", "fail:<name>" or "skip:<name>".
write_tap() {
	tap_file=$1
	shift
	{
		echo "TAP version 13"
		echo "1..$#"
		tap_n=0
		for tap_r in "$@"; do
			tap_n=$((tap_n + 1))
			case $tap_r in
			ok:*) echo "ok $tap_n ${tap_r#ok:}" ;;
			fail:*) echo "not ok $tap_n ${tap_r#fail:}" ;;
			skip:*) echo "ok $tap_n ${tap_r#skip:} # SKIP not here" ;;
			*) echo "write_tap: bad result '$tap_r'" >&2; return 1 ;;
			esac
		done
	} >"$tap_file"
}

# release_commit <message> <tag>: an empty commit tagged with an annotated tag.
release_commit() {
	git commit -q --allow-empty -m "$1" &&
	git tag -a -m "$2" "$2"
}
