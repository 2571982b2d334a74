#ifndef SIGN_SSHSIG_H
#define SIGN_SSHSIG_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * The SSH signature format (OpenSSH's PROTOCOL.sshsig), the binary
 * inside `-----BEGIN SSH SIGNATURE-----` armour:
 *
 *   byte[6]  "SSHSIG"
 *   uint32   version (1)
 *   string   public key (its own type string first)
 *   string   namespace
 *   string   reserved
 *   string   hash algorithm ("sha256" or "sha512")
 *   string   signature
 *
 * where a string is a big-endian uint32 length and that many bytes.
 * ssh-keygen makes and checks the signature; this only reads what it
 * claims, for messages (which key, which namespace) and for the key's
 * fingerprint, which a bad signature does not get from ssh-keygen.
 */

struct sshsig {
	/* pointers into the blob that was parsed, which must outlive them */
	const unsigned char *key;
	size_t key_len;
	const char *key_type;	/* "ssh-ed25519", ...: not NUL-terminated */
	size_t key_type_len;
	const char *namespace;	/* not NUL-terminated */
	size_t namespace_len;
	const char *hash;	/* not NUL-terminated */
	size_t hash_len;
};

/*
 * Reads the signature blob `data` (the armour decoded) into `sig`.
 * Returns 0, or -1 with a message in `err` when it is not a version 1
 * SSH signature, or has bytes after its last field.
 */
int sshsig_parse(struct sshsig *sig, const void *data, size_t len, struct strbuf *err);

/* Appends the key's fingerprint as ssh-keygen prints it: "SHA256:<base64>". */
void sshsig_fingerprint(struct strbuf *out, const struct sshsig *sig);

/* Whether the signature was made for `namespace`. */
int sshsig_has_namespace(const struct sshsig *sig, const char *namespace);

#endif
