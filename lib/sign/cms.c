#include "lib/sign/cms.h"

#include <string.h>

/* ASN.1 tags as single bytes: class, constructed bit and number. */
#define TAG_INTEGER	0x02
#define TAG_OCTETS	0x04
#define TAG_NULL	0x05
#define TAG_OID		0x06
#define TAG_SEQUENCE	0x30
#define TAG_SET		0x31
#define TAG_CTX0	0xa0	/* [0], constructed */

/* One element: its tag and contents (without the 00 00 ending an indefinite one). */
struct tlv {
	unsigned char tag;
	const unsigned char *body;
	size_t len;
};

/* A run of bytes being read, element by element. */
struct reader {
	const unsigned char *p, *end;
};

static int fail(struct strbuf *err, const char *what)
{
	strbuf_addf(err, "the X.509 signature is not in canonical form (%s)", what);
	return -1;
}

static int is_constructed(unsigned char tag)
{
	return (tag & 0x20) != 0;
}

/*
 * Finds where an indefinite-length body ends: after its nested elements,
 * at the 00 00 marker.  Returns the length of the body, or -1.
 */
static long indefinite_body(const unsigned char *p, const unsigned char *end, int depth);

/* Reads the header of the element at `p`; 0, or -1 when malformed. */
static int read_tlv(const unsigned char *p, const unsigned char *end, struct tlv *out,
		    const unsigned char **next, int depth)
{
	size_t len = 0, n, i;

	if (depth > 32 || end - p < 2)
		return -1;
	out->tag = p[0];
	if ((out->tag & 0x1f) == 0x1f)	/* multi-byte tags: never written */
		return -1;
	p++;
	if (*p < 0x80) {
		len = *p++;
	} else if (*p == 0x80) {
		long body;

		if (!is_constructed(out->tag))
			return -1;
		p++;
		body = indefinite_body(p, end, depth + 1);
		if (body < 0)
			return -1;
		out->body = p;
		out->len = (size_t)body;
		*next = p + body + 2;
		return 0;
	} else {
		n = *p++ & 0x7f;
		if (n > sizeof(size_t) || (size_t)(end - p) < n || !p[0])
			return -1;	/* too long, or a leading zero: not minimal */
		for (i = 0; i < n; i++)
			len = len << 8 | p[i];
		p += n;
		if (len < 0x80)
			return -1;	/* the short form would do */
	}
	if ((size_t)(end - p) < len)
		return -1;
	out->body = p;
	out->len = len;
	*next = p + len;
	return 0;
}

static long indefinite_body(const unsigned char *p, const unsigned char *end, int depth)
{
	const unsigned char *start = p;
	struct tlv t;

	while (end - p >= 2 && (p[0] || p[1])) {
		if (read_tlv(p, end, &t, &p, depth))
			return -1;
	}
	if (end - p < 2)
		return -1;
	return p - start;
}

/* Reads the next element, which must have tag `tag`. */
static int expect(struct reader *r, unsigned char tag, struct tlv *out)
{
	if (r->p >= r->end || r->p[0] != tag)
		return -1;
	return read_tlv(r->p, r->end, out, &r->p, 0);
}

static int at_end(const struct reader *r)
{
	return r->p == r->end;
}

static void enter(struct reader *r, const struct tlv *t)
{
	r->p = t->body;
	r->end = t->body + t->len;
}

/* Any element of any kind, checked for well-formedness all the way down. */
static int well_formed(const struct tlv *t, int depth)
{
	struct reader r = { t->body, t->body + t->len };
	struct tlv child;

	if (!is_constructed(t->tag))
		return 0;
	if (depth > 32)
		return -1;
	while (!at_end(&r))
		if (read_tlv(r.p, r.end, &child, &r.p, depth) || well_formed(&child, depth + 1))
			return -1;
	return 0;
}

/*
 * A version: 1 for SignedData and SignerInfo as gpgsm writes them (data
 * content, signer named by issuer and serial number; RFC 5652, 5.1, 5.3).
 */
static int expect_version_1(struct reader *r)
{
	struct tlv t;

	return expect(r, TAG_INTEGER, &t) || t.len != 1 || t.body[0] != 1 ? -1 : 0;
}

/* An OBJECT IDENTIFIER with exactly the encoded value `oid` (`len` bytes). */
static int expect_oid_value(struct reader *r, const unsigned char *oid, size_t len)
{
	struct tlv t;

	return expect(r, TAG_OID, &t) || t.len != len || memcmp(t.body, oid, len) ? -1 : 0;
}

/*
 * The algorithms gpgsm signs with, as encoded OIDs (first byte: length):
 * a changed byte in an OID, or in its length, never names another one.
 */
static const unsigned char *const algorithms[] = {
	(const unsigned char *)"\x05\x2b\x0e\x03\x02\x1a",	/* sha1 */
	(const unsigned char *)"\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01",	/* sha256 */
	(const unsigned char *)"\x09\x60\x86\x48\x01\x65\x03\x04\x02\x02",	/* sha384 */
	(const unsigned char *)"\x09\x60\x86\x48\x01\x65\x03\x04\x02\x03",	/* sha512 */
	(const unsigned char *)"\x09\x60\x86\x48\x01\x65\x03\x04\x02\x04",	/* sha224 */
	(const unsigned char *)"\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01",	/* rsaEncryption */
	(const unsigned char *)"\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x05",	/* sha1WithRSAEncryption */
	(const unsigned char *)"\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a",	/* RSASSA-PSS */
	(const unsigned char *)"\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b",	/* sha256WithRSAEncryption */
	(const unsigned char *)"\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0c",	/* sha384WithRSAEncryption */
	(const unsigned char *)"\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0d",	/* sha512WithRSAEncryption */
	(const unsigned char *)"\x07\x2a\x86\x48\xce\x3d\x02\x01",	/* ecPublicKey */
	(const unsigned char *)"\x08\x2a\x86\x48\xce\x3d\x04\x03\x02",	/* ecdsa-with-SHA256 */
	(const unsigned char *)"\x08\x2a\x86\x48\xce\x3d\x04\x03\x03",	/* ecdsa-with-SHA384 */
	(const unsigned char *)"\x08\x2a\x86\x48\xce\x3d\x04\x03\x04",	/* ecdsa-with-SHA512 */
	(const unsigned char *)"\x03\x2b\x65\x70",	/* Ed25519 */
};

static int is_known_algorithm(const struct tlv *oid)
{
	size_t i;

	for (i = 0; i < sizeof(algorithms) / sizeof(*algorithms); i++)
		if (oid->len == algorithms[i][0] && !memcmp(oid->body, algorithms[i] + 1, oid->len))
			return 1;
	return 0;
}

/* AlgorithmIdentifier: an OID and, optionally, NULL or a SEQUENCE of parameters. */
static int expect_algorithm(struct reader *r)
{
	struct reader in;
	struct tlv seq, oid, params;

	if (expect(r, TAG_SEQUENCE, &seq))
		return -1;
	enter(&in, &seq);
	if (expect(&in, TAG_OID, &oid) || !is_known_algorithm(&oid))
		return -1;
	if (at_end(&in))
		return 0;
	if (in.p[0] == TAG_NULL)
		return expect(&in, TAG_NULL, &params) || params.len || !at_end(&in) ? -1 : 0;
	return expect(&in, TAG_SEQUENCE, &params) || well_formed(&params, 1) || !at_end(&in) ? -1 : 0;
}

/* DER INTEGER: at least one byte, no superfluous leading 00 or ff. */
static int expect_integer(struct reader *r)
{
	struct tlv t;

	if (expect(r, TAG_INTEGER, &t) || !t.len)
		return -1;
	if (t.len > 1 && ((t.body[0] == 0 && !(t.body[1] & 0x80)) ||
			  (t.body[0] == 0xff && (t.body[1] & 0x80))))
		return -1;
	return 0;
}

static int check_signer_info(const struct tlv *si, struct strbuf *err)
{
	struct reader r, ias;
	struct tlv t;

	enter(&r, si);
	if (expect_version_1(&r))
		return fail(err, "signer version");
	/* IssuerAndSerialNumber: the issuer's name, the serial number */
	if (expect(&r, TAG_SEQUENCE, &t))
		return fail(err, "signer identifier");
	enter(&ias, &t);
	if (expect(&ias, TAG_SEQUENCE, &t) || well_formed(&t, 1) ||
	    expect_integer(&ias) || !at_end(&ias))
		return fail(err, "signer identifier");
	if (expect_algorithm(&r))
		return fail(err, "digest algorithm");
	if (expect(&r, TAG_CTX0, &t) || well_formed(&t, 1))
		return fail(err, "signed attributes");
	if (expect_algorithm(&r))
		return fail(err, "signature algorithm");
	if (expect(&r, TAG_OCTETS, &t) || !t.len)
		return fail(err, "signature value");
	if (!at_end(&r))
		return fail(err, "unexpected data after the signature value");
	return 0;
}

/* digestAlgorithms: a SET of at least one AlgorithmIdentifier */
static int check_digest_algorithms(struct reader *r)
{
	struct reader set;
	struct tlv t;

	if (expect(r, TAG_SET, &t) || !t.len)
		return -1;
	enter(&set, &t);
	while (!at_end(&set))
		if (expect_algorithm(&set))
			return -1;
	return 0;
}

/* encapContentInfo of a detached signature: the data type, no content */
static int check_detached_content(struct reader *r)
{
	static const unsigned char data_oid[] = {
		0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01
	};
	struct reader eci;
	struct tlv t;

	if (expect(r, TAG_SEQUENCE, &t))
		return -1;
	enter(&eci, &t);
	return expect_oid_value(&eci, data_oid, sizeof(data_oid)) || !at_end(&eci) ? -1 : 0;
}

int cms_check_signature(const unsigned char *data, size_t len, struct strbuf *err)
{
	static const unsigned char signed_data_oid[] = {
		0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02
	};
	struct reader r = { data, data + len }, signers;
	struct tlv t, signer;

	/* ContentInfo: the signed-data type and, explicitly tagged, the data */
	if (expect(&r, TAG_SEQUENCE, &t) || !at_end(&r))
		return fail(err, "content info");
	enter(&r, &t);
	if (expect_oid_value(&r, signed_data_oid, sizeof(signed_data_oid)))
		return fail(err, "not signed data");
	if (expect(&r, TAG_CTX0, &t) || !at_end(&r))
		return fail(err, "content info");
	enter(&r, &t);
	if (expect(&r, TAG_SEQUENCE, &t) || !at_end(&r))
		return fail(err, "signed data");
	enter(&r, &t);

	/* SignedData */
	if (expect_version_1(&r))
		return fail(err, "signed data version");
	if (check_digest_algorithms(&r))
		return fail(err, "digest algorithms");
	if (check_detached_content(&r))
		return fail(err, "not a detached signature");
	/* no certificates [0] or CRLs [1]: the verifier's keybox has them */
	if (expect(&r, TAG_SET, &t))
		return fail(err, "certificates or revocation lists are not allowed");
	if (!at_end(&r))
		return fail(err, "unexpected data after the signers");
	enter(&signers, &t);
	if (expect(&signers, TAG_SEQUENCE, &signer) || !at_end(&signers))
		return fail(err, "not exactly one signer");
	return check_signer_info(&signer, err);
}
