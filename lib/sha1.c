/* SHA1_Init() and friends are deprecated in OpenSSL 3, not going away. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "lib/sha1.h"

#include <openssl/sha.h>

_Static_assert(sizeof(SHA_CTX) <= sizeof(struct sha1_ctx), "struct sha1_ctx holds a SHA_CTX");

void sha1_init(struct sha1_ctx *ctx)
{
	SHA1_Init((SHA_CTX *)ctx);
}

void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len)
{
	SHA1_Update((SHA_CTX *)ctx, data, len);
}

void sha1_final(struct sha1_ctx *ctx, unsigned char out[20])
{
	SHA1_Final(out, (SHA_CTX *)ctx);
}
