#ifndef SIGN_GPGME_H
#define SIGN_GPGME_H

#include "lib/sign/result.h"
#include "lib/strbuf.h"

#include <git2.h>

/*
 * OpenPGP (gpg) and X.509 (gpgsm) signatures through gpgme: the backend
 * of lib/sign.h for gpg.format=openpgp and gpg.format=x509.  An engine
 * serves one of the two and keeps, for the life of its signature
 * context, the gpgme context, the signing key last found and the keys
 * seen in signatures, so that a batch looks each key up once.  gpgme
 * still runs one engine process per operation.  Signatures go in and
 * out bare: the front door armours them (armour.h).
 */

/*
 * The backend's state in a signature context (lib/sign.c): the engine
 * for `format` (SIGNATURE_OPENPGP or SIGNATURE_X509) of `repo`,
 * gpg.program or gpg.openpgp.program, or gpg.x509.program (default
 * gpgsm), looked up in $PATH as git does.  Never NULL: when the engine
 * cannot be started, every sign and verify made with it reports why.
 * Free with gpg_engine_free(), which accepts NULL.  The `engine` the
 * functions below take is what gpg_engine_new() returned.
 */
void *gpg_engine_new(git_repository *repo, enum signature_format format);
void gpg_engine_free(void *engine);

/*
 * Makes a detached signature over `len` bytes of `data` with the first
 * usable secret key that `key` names (a fingerprint, key id, e-mail
 * address or user id, as gpg -u takes it) and appends its bytes to
 * `sig`.  Returns 0, or -1 with a message in `err`.
 */
int gpg_engine_sign(struct strbuf *sig, void *engine, const char *key,
		    const void *data, size_t len, struct strbuf *err);

/*
 * Checks the detached signature `sig` (`sig_len` bytes, the armour
 * `armoured` taken off) over `len` bytes of `data`, and fills `res`
 * (already reset by the caller): the status, the key's fingerprint,
 * primary fingerprint and first user id, its validity in the keyring and
 * when the signature was made.  An X.509 signature must also have the
 * one shape of CMS that gpgsm writes for us (cms.h).  `when`, the date
 * of the data, is not used: gpg and gpgsm check a key as it is now.
 */
void gpg_engine_verify(struct signature_result *res, void *engine, const void *data, size_t len,
		       const char *armoured, size_t armoured_len, const void *sig, size_t sig_len,
		       long long when);

#endif
