#ifndef SIGN_H
#define SIGN_H

#include "lib/sign/result.h"
#include "lib/sign/trust.h"
#include "lib/strbuf.h"

#include <git2.h>

/*
 * Detached signatures, made and checked by the backend of their format
 * (gpg.format): OpenPGP (gpg) and X.509 (gpgsm) through gpgme
 * (sign/gpgme.h), SSH through ssh-keygen (sign/ssh.h), each a row of the
 * table in lib/sign.c.  One signature_context serves any number of signs
 * and verifies, so a batch pays for engine start-up and key look-ups
 * once; gpgme still runs one engine process per operation.  Signatures
 * are armoured here (see sign/armour.h), never by a backend, so that
 * their text is canonical.
 */

/* "openpgp", "x509", "ssh": the values of gpg.format. */
const char *signature_format_name(enum signature_format format);

/*
 * Parses a value of gpg.format (in any case) into `out`.  Returns 0, or
 * -1 when no backend has that name.
 */
int signature_format_parse(enum signature_format *out, const char *name);

struct signature_context;

/*
 * A context for `repo`: the engines are gpg.program (or
 * gpg.openpgp.program), gpg.x509.program (default gpgsm) and
 * gpg.ssh.program (default ssh-keygen), as in git, each set up the first
 * time it is needed.  Never NULL; free with signature_context_free().
 */
struct signature_context *signature_context_new(git_repository *repo);
void signature_context_free(struct signature_context *sc);

/*
 * The trust policy of the context's repository, read on first use (see
 * trust_policy_load(), which dies on bad configuration).
 */
const struct trust_policy *signature_context_policy(struct signature_context *sc);

/*
 * Makes a detached signature over `len` bytes of `data` with the first
 * usable secret key that `key` names (a fingerprint, key id, e-mail
 * address or user id, as gpg -u takes it; for SSH, a key file or a
 * literal public key, see ssh_sign()), and appends its canonical armour
 * to `armoured`.  Returns 0, or -1 with a message in `err`.
 */
int signature_sign(struct signature_context *sc, enum signature_format format, const char *key,
		   const void *data, size_t len, struct strbuf *armoured, struct strbuf *err);

/*
 * Checks the armoured signature `armoured` (the whole block, nothing
 * else) over `len` bytes of `data`, and fills `res` (which must be
 * initialised).  This is the cryptographic check only: a good result
 * here is SIGNATURE_GOOD whatever the trust policy says.
 */
void signature_verify(struct signature_context *sc, const void *data, size_t len,
		      const char *armoured, size_t armoured_len, struct signature_result *res);

/*
 * signature_verify() for data dated `when` (seconds since the epoch; 0
 * when unknown): an SSH signature is checked against the validity its
 * allowed signers file gives the key at that time, as git checks a
 * commit's at its committer date.  OpenPGP and X.509 ignore it.
 */
void signature_verify_at(struct signature_context *sc, const void *data, size_t len,
			 const char *armoured, size_t armoured_len, long long when,
			 struct signature_result *res);

#endif
