/*
 * SHA256_Init() and friends are deprecated in OpenSSL 3, not going away;
 * its one-shot SHA256() would first load the provider machinery and
 * configuration (see sha1.h), 0.3 to 1 ms of a `verify` here.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "lib/sign/sshsig.h"
#include "lib/byteorder.h"

#include <openssl/sha.h>
#include <string.h>

struct reader {
	const unsigned char *p, *end;
};

/* Reads one string field; -1 when the blob ends inside it. */
static int read_string(struct reader *r, const unsigned char **s, size_t *len)
{
	uint32_t n;

	if (r->end - r->p < 4)
		return -1;
	n = get_be32(r->p);
	r->p += 4;
	if ((size_t)(r->end - r->p) < n)
		return -1;
	*s = r->p;
	*len = n;
	r->p += n;
	return 0;
}

int sshsig_parse(struct sshsig *sig, const void *data, size_t len, struct strbuf *err)
{
	struct reader r = { data, (const unsigned char *)data + len }, key;
	const unsigned char *ns, *reserved, *hash, *signature, *type;
	size_t reserved_len, signature_len;

	memset(sig, 0, sizeof(*sig));
	if (len < 10 || memcmp(data, "SSHSIG", 6)) {
		strbuf_addstr(err, "not an SSH signature");
		return -1;
	}
	r.p += 6;
	if (get_be32(r.p) != 1) {
		strbuf_addf(err, "SSH signature version %lu is not supported",
			    (unsigned long)get_be32(r.p));
		return -1;
	}
	r.p += 4;
	if (read_string(&r, &sig->key, &sig->key_len) ||
	    read_string(&r, &ns, &sig->namespace_len) ||
	    read_string(&r, &reserved, &reserved_len) ||
	    read_string(&r, &hash, &sig->hash_len) ||
	    read_string(&r, &signature, &signature_len)) {
		strbuf_addstr(err, "the SSH signature is truncated");
		return -1;
	}
	if (r.p != r.end) {
		strbuf_addstr(err, "the SSH signature has bytes after its end");
		return -1;
	}
	key.p = sig->key;
	key.end = sig->key + sig->key_len;
	if (read_string(&key, &type, &sig->key_type_len) || !sig->key_type_len) {
		strbuf_addstr(err, "the SSH signature's public key has no type");
		return -1;
	}
	sig->key_type = (const char *)type;
	sig->namespace = (const char *)ns;
	sig->hash = (const char *)hash;
	return 0;
}

void sshsig_fingerprint(struct strbuf *out, const struct sshsig *sig)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256_CTX ctx;
	size_t i;

	SHA256_Init(&ctx);
	SHA256_Update(&ctx, sig->key, sig->key_len);
	SHA256_Final(md, &ctx);
	strbuf_addstr(out, "SHA256:");
	/* base64 without padding, as ssh-keygen prints fingerprints */
	for (i = 0; i < sizeof(md); i += 3) {
		unsigned long v = (unsigned long)md[i] << 16;
		size_t left = sizeof(md) - i;

		if (left > 1)
			v |= (unsigned long)md[i + 1] << 8;
		if (left > 2)
			v |= md[i + 2];
		strbuf_addch(out, b64[v >> 18 & 63]);
		strbuf_addch(out, b64[v >> 12 & 63]);
		if (left > 1)
			strbuf_addch(out, b64[v >> 6 & 63]);
		if (left > 2)
			strbuf_addch(out, b64[v & 63]);
	}
}

int sshsig_has_namespace(const struct sshsig *sig, const char *namespace)
{
	return strlen(namespace) == sig->namespace_len &&
		!memcmp(sig->namespace, namespace, sig->namespace_len);
}
