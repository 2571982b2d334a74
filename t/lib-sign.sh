# Helpers for the signing tests (t30xx), sourced after test-lib.sh.

# split_note: reads a note on stdin and writes each record's payload to
# record-<n>.payload and its signature to record-<n>.sig, as
# Documentation/git-results-verify.md tells users to.
split_note() {
	awk '
	/^results / && !in_sig { n++; out = "record-" n ".payload" }
	/^-----BEGIN / { in_sig = 1; out = "record-" n ".sig" }
	{ print > out }
	/^-----END / { in_sig = 0; out = "/dev/null" }
	'
}

# record_of <commit> <origin> <dir>: splits the note on <commit> into
# <dir> and prints the path (without .payload/.sig) of the record of
# <origin>.
record_of() {
	mkdir -p "$3" &&
	git notes --ref=results show "$1" >"$3/note" &&
	(cd "$3" && split_note <note) &&
	for p in "$3"/record-*.payload; do
		if grep -q "^origin $2\$" "$p"; then
			echo "${p%.payload}"
			return 0
		fi
	done
	return 1
}

# gpg_verdict <record path>: what gpg --verify says of a split record, as
# the keyword of its status line (GOODSIG, BADSIG, ERRSIG, EXPKEYSIG,
# REVKEYSIG), or NODATA.
gpg_verdict() {
	gpg --status-fd 1 --verify "$1.sig" "$1.payload" 2>/dev/null |
	awk '$2 ~ /^(GOODSIG|BADSIG|ERRSIG|EXPKEYSIG|REVKEYSIG|EXPSIG)$/ { print $2; found = 1; exit }
	     END { if (!found) print "NODATA" }'
}

# armour <type>: the canonical armour (lib/sign/armour.h) of the bytes on
# stdin; <type> is "PGP SIGNATURE", "SIGNED MESSAGE" or "SSH SIGNATURE".
armour() {
	python3 -c '
import base64, sys
kind = sys.argv[1]
data = sys.stdin.buffer.read()
b64 = base64.b64encode(data).decode()
width = 70 if kind == "SSH SIGNATURE" else 64
out = "-----BEGIN %s-----\n" % kind
if kind == "PGP SIGNATURE":
    out += "\n"
out += "".join(b64[i:i + width] + "\n" for i in range(0, len(b64), width))
if kind == "PGP SIGNATURE":
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    out += "=" + base64.b64encode((crc & 0xFFFFFF).to_bytes(3, "big")).decode() + "\n"
out += "-----END %s-----\n" % kind
sys.stdout.write(out)
' "$1"
}

# tamper_sweep <note file> <notes ref>: makes one new commit for each
# byte of <note file> and attaches to it, on <notes ref>, a copy of the
# note with that byte flipped (one fast-import).  The note was made for
# another commit, so a flipped copy whose signature still held would
# show up as wrong-commit (or good) in `git results verify --all`.
tamper_sweep() {
	python3 - "$1" "$2" <<-\PY | git fast-import --quiet
	import sys
	note = open(sys.argv[1], "rb").read()
	out = sys.stdout.buffer
	who = b"T <t@example.com> 1700000000 +0000"
	for i in range(len(note)):
	    out.write(b"commit refs/heads/tamper\nmark :%d\ncommitter %s\n" % (i + 1, who))
	    out.write(b"data %d\nflip %d\n" % (len(b"flip %d" % i), i))
	out.write(b"commit refs/notes/%s\ncommitter %s\ndata 0\n" % (sys.argv[2].encode(), who))
	for i in range(len(note)):
	    flipped = bytearray(note)
	    flipped[i] ^= 0x01
	    out.write(b"N inline :%d\ndata %d\n" % (i + 1, len(flipped)))
	    out.write(bytes(flipped) + b"\n")
	PY
}

# check_sweep <note file> <notes ref>: verifies every flipped copy in one
# run and checks that each was refused: reported as bad (or the like),
# or as a note that is not made of records.
check_sweep() {
	n=$(wc -c <"$1") &&
	test_expect_code 1 git results verify --ref "$2" --all -v >sweep.out 2>sweep.err &&
	unreadable=$(grep -c "the note is not a results record" sweep.err) &&
	awk '{ print $1 }' sweep.out | sort | uniq -c &&
	echo "$unreadable unreadable of $n" &&
	test $(( $(wc -l <sweep.out) + unreadable )) = "$n" &&
	! grep "^good \|^wrong-commit " sweep.out
}
