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

# armour <type>: the canonical armour (lib/armour.h) of the bytes on
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
