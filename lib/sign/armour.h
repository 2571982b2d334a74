#ifndef SIGN_ARMOUR_H
#define SIGN_ARMOUR_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * ASCII armour for the signatures appended to records, in exactly one
 * canonical form per signature.  gpg and gpgsm read armour leniently
 * (they ignore header lines, spare bits, even a damaged END line), so a
 * record could be edited in its signature block and still verify.  We
 * write the armour ourselves and accept only the bytes we would write,
 * so that every changed byte is caught.
 *
 * The canonical forms:
 *
 *   OpenPGP (RFC 4880, 6.2), as gpg writes it without a Version header:
 *     -----BEGIN PGP SIGNATURE-----
 *     <empty line>
 *     base64, 64 characters a line
 *     =<base64 of the CRC-24 of the data>
 *     -----END PGP SIGNATURE-----
 *
 *   X.509 (CMS), as gpgsm writes it:
 *     -----BEGIN SIGNED MESSAGE-----
 *     base64, 64 characters a line
 *     -----END SIGNED MESSAGE-----
 *
 *   SSH, as ssh-keygen -Y sign writes it:
 *     -----BEGIN SSH SIGNATURE-----
 *     base64, 70 characters a line
 *     -----END SSH SIGNATURE-----
 *
 * Every line ends with a line feed; base64 is padded with '=' and its
 * spare bits are zero.
 */

enum armour_type {
	ARMOUR_PGP,
	ARMOUR_X509,
	ARMOUR_SSH,
};

/* The type named by an armour's first line; -1 when it is none of ours. */
int armour_type_of(const char *text, size_t len);

/* Appends the canonical armour of `len` bytes of `data`. */
void armour_encode(struct strbuf *out, enum armour_type type, const void *data, size_t len);

/*
 * Decodes one armour block, which must be the whole of `text` and exactly
 * what armour_encode() writes for the data it holds.  Appends the data
 * to `out` and sets `type`.  Returns 0, or -1 with a message in `err`
 * (with `out` unchanged).
 */
int armour_decode(struct strbuf *out, enum armour_type *type, const char *text, size_t len,
		  struct strbuf *err);

/* The CRC-24 of RFC 4880, 6.1. */
unsigned long armour_crc24(const unsigned char *data, size_t len);

#endif
