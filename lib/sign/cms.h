#ifndef SIGN_CMS_H
#define SIGN_CMS_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * A strict reader for the one shape of CMS (RFC 5652) signature that git
 * results writes through gpgsm: a detached SignedData with one
 * SignerInfo and neither certificates, CRLs nor unsigned attributes.
 *
 * It exists because gpgsm (libksba) reads BER leniently: a flipped bit
 * in a tag, a version or a length byte can leave a signature that still
 * verifies.  OpenPGP armour has a checksum that catches such changes;
 * X.509 armour has none, so the structure itself is checked here: every
 * tag where RFC 5652 puts it, versions 1, the data content type, only
 * algorithms gpgsm uses, lengths exact and in their shortest form, and
 * nothing left over.  What it leaves to gpgsm (names, serial numbers,
 * signed attributes, the signature value) gpgsm does check.
 */

/*
 * Checks `len` bytes of DER/BER.  Returns 0, or -1 with the reason in
 * `err`.
 */
int cms_check_signature(const unsigned char *data, size_t len, struct strbuf *err);

#endif
