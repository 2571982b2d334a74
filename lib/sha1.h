#ifndef SHA1_H
#define SHA1_H

#include <stddef.h>
#include <stdint.h>

/*
 * SHA-1 (FIPS 180-4): the checksums a pack and its index end with, the
 * default run id of a record, KCIDB ids.  Object ids are computed by
 * libgit2.
 *
 * It is OpenSSL's SHA-1 through its plain SHA1_* calls, which run the
 * CPU's SHA instructions where there are some.  OpenSSL 3's EVP
 * interface does the same work but first loads its provider machinery,
 * about a million instructions per process: a third of what parsing a
 * log of 100,000 tests costs.
 */
struct sha1_ctx {
	/* OpenSSL's SHA_CTX, kept opaque so that callers need no OpenSSL headers */
	uint64_t opaque[16];
};

void sha1_init(struct sha1_ctx *ctx);
void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len);
void sha1_final(struct sha1_ctx *ctx, unsigned char out[20]);

#endif
