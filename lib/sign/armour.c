#include "lib/sign/armour.h"

#include <string.h>

struct armour_kind {
	const char *begin, *end;
	size_t width;		/* base64 characters per line */
	int blank_and_crc;	/* OpenPGP: empty header block, CRC-24 line */
};

static const struct armour_kind kinds[] = {
	[ARMOUR_PGP] = { "-----BEGIN PGP SIGNATURE-----\n", "-----END PGP SIGNATURE-----\n", 64, 1 },
	[ARMOUR_X509] = { "-----BEGIN SIGNED MESSAGE-----\n", "-----END SIGNED MESSAGE-----\n", 64, 0 },
	[ARMOUR_SSH] = { "-----BEGIN SSH SIGNATURE-----\n", "-----END SSH SIGNATURE-----\n", 70, 0 },
};

static const char base64_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int armour_type_of(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		size_t n = strlen(kinds[i].begin);

		if (len >= n && !memcmp(text, kinds[i].begin, n))
			return (int)i;
	}
	return -1;
}

unsigned long armour_crc24(const unsigned char *data, size_t len)
{
	unsigned long crc = 0xb704ceUL;
	size_t i;
	int bit;

	for (i = 0; i < len; i++) {
		crc ^= (unsigned long)data[i] << 16;
		for (bit = 0; bit < 8; bit++) {
			crc <<= 1;
			if (crc & 0x1000000UL)
				crc ^= 0x1864cfbUL;
		}
	}
	return crc & 0xffffffUL;
}

/* Appends the base64 of `len` bytes, padded, without line breaks. */
static void base64_encode(struct strbuf *out, const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];

		strbuf_addch(out, base64_chars[v >> 18 & 63]);
		strbuf_addch(out, base64_chars[v >> 12 & 63]);
		strbuf_addch(out, base64_chars[v >> 6 & 63]);
		strbuf_addch(out, base64_chars[v & 63]);
	}
	if (i < len) {
		unsigned long v = (unsigned long)p[i] << 16 | (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0);

		strbuf_addch(out, base64_chars[v >> 18 & 63]);
		strbuf_addch(out, base64_chars[v >> 12 & 63]);
		strbuf_addch(out, i + 1 < len ? base64_chars[v >> 6 & 63] : '=');
		strbuf_addch(out, '=');
	}
}

void armour_encode(struct strbuf *out, enum armour_type type, const void *data, size_t len)
{
	const struct armour_kind *k = &kinds[type];
	struct strbuf b64 = STRBUF_INIT;
	size_t i;

	base64_encode(&b64, data, len);
	strbuf_addstr(out, k->begin);
	if (k->blank_and_crc)
		strbuf_addch(out, '\n');
	for (i = 0; i < b64.len; i += k->width) {
		strbuf_add(out, b64.buf + i, b64.len - i < k->width ? b64.len - i : k->width);
		strbuf_addch(out, '\n');
	}
	if (k->blank_and_crc) {
		unsigned long crc = armour_crc24(data, len);
		unsigned char c[3] = { crc >> 16 & 0xff, crc >> 8 & 0xff, crc & 0xff };

		strbuf_addch(out, '=');
		base64_encode(out, c, 3);
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, k->end);
	strbuf_release(&b64);
}

static int base64_value(int c)
{
	const char *p = c ? strchr(base64_chars, c) : NULL;

	return p ? (int)(p - base64_chars) : -1;
}

/* Strict base64: whole groups of four, '=' only as the final padding. */
static int base64_decode(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	if (len % 4)
		return -1;
	for (i = 0; i < len; i += 4) {
		int v[4], pad = 0, j;
		unsigned long n = 0;

		for (j = 0; j < 4; j++) {
			if (s[i + j] == '=' && i + 4 == len && j >= 2) {
				pad++;
				v[j] = 0;
			} else if (pad || (v[j] = base64_value((unsigned char)s[i + j])) < 0) {
				return -1;
			}
			n = n << 6 | (unsigned long)v[j];
		}
		strbuf_addch(out, (int)(n >> 16 & 0xff));
		if (pad < 2)
			strbuf_addch(out, (int)(n >> 8 & 0xff));
		if (pad < 1)
			strbuf_addch(out, (int)(n & 0xff));
	}
	return 0;
}

int armour_decode(struct strbuf *out, enum armour_type *type, const char *text, size_t len,
		  struct strbuf *err)
{
	struct strbuf b64 = STRBUF_INIT, data = STRBUF_INIT, again = STRBUF_INIT;
	const char *p, *end = text + len;
	int t = armour_type_of(text, len), ret = -1;

	if (t < 0) {
		strbuf_addstr(err, "not a signature armour");
		goto out;
	}
	/*
	 * Gather the base64 of every line after the first, leaving out the
	 * OpenPGP checksum line and the END line; whether the layout was
	 * right is settled below, by writing the data back.
	 */
	for (p = (const char *)memchr(text, '\n', len) + 1; p < end; ) {
		const char *nl = memchr(p, '\n', end - p), *eol = nl ? nl : end;

		if (*p != '-' && !(*p == '=' && kinds[t].blank_and_crc))
			strbuf_add(&b64, p, eol - p);
		p = eol + 1;
	}
	if (!base64_decode(&data, b64.buf, b64.len))
		armour_encode(&again, (enum armour_type)t, data.buf, data.len);
	if (again.len != len || memcmp(again.buf, text, len)) {
		strbuf_addstr(err, "signature armour is damaged or not in canonical form");
		goto out;
	}
	strbuf_addbuf(out, &data);
	*type = (enum armour_type)t;
	ret = 0;
out:
	strbuf_release(&b64);
	strbuf_release(&data);
	strbuf_release(&again);
	return ret;
}
