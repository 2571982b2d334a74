#ifndef SIGN_H
#define SIGN_H

#include "lib/strbuf.h"
#include "lib/sign/trust.h"

#include <git2.h>

/*
 * Detached signatures: OpenPGP (gpg) and X.509 (gpgsm) through gpgme,
 * SSH through ssh-keygen (ssh-signature.h).  One signature_context
 * serves any number of signs and verifies, so a batch pays for engine
 * start-up and key look-ups once; gpgme still runs one engine process
 * per operation.  Signatures are armoured here (see armour.h), never by
 * the engine, so that their text is canonical.
 */

enum signature_format {
	SIGNATURE_OPENPGP,
	SIGNATURE_X509,
	SIGNATURE_SSH,
};

/* "openpgp", "x509", "ssh": the names of gpg.format. */
const char *signature_format_name(enum signature_format format);

/*
 * What a check found, from the best outcome to the worst kind.  Only
 * SIGNATURE_GOOD is accepted; see signature_status_name() for the names
 * printed and Documentation/git-results-verify.md for their meaning.
 */
enum signature_status {
	SIGNATURE_GOOD,			/* good, and the trust policy accepts the key */
	SIGNATURE_UNTRUSTED,		/* good, but the trust policy refuses the key */
	SIGNATURE_EXPIRED_KEY,		/* good, made by a key that has expired */
	SIGNATURE_REVOKED_KEY,		/* good, made by a key that was revoked */
	SIGNATURE_EXPIRED_SIGNATURE,	/* good, but the signature itself has expired */
	SIGNATURE_NO_PUBLIC_KEY,	/* cannot be checked: the key is not in the keyring */
	SIGNATURE_WRONG_COMMIT,		/* the record names another commit than it is on */
	SIGNATURE_BAD,			/* the record or its signature was changed */
	SIGNATURE_UNSIGNED,		/* the record has no signature */
	SIGNATURE_ERROR,		/* cannot be checked: no engine, no allowed signers, ... */
	SIGNATURE__NR
};

/* "good", "untrusted", "expired-key", ...: the names `verify` prints. */
const char *signature_status_name(enum signature_status status);

struct signature_result {
	enum signature_status status;
	enum signature_format format;
	char *fingerprint;	/* the signing key (or subkey), NULL when unknown;
				   for SSH, "SHA256:<base64>" as ssh-keygen -l prints it */
	char *primary;		/* its primary key or certificate, NULL when unknown */
	char *signer;		/* the key's first user id (SSH: the principal), NULL when unknown */
	enum trust_level trust;	/* the key's validity in the keyring */
	long long timestamp;	/* when the signature was made, 0 when unknown */
	char *reason;		/* why the status is what it is, NULL for plain cases */
};
#define SIGNATURE_RESULT_INIT { SIGNATURE_UNSIGNED, SIGNATURE_OPENPGP, NULL, NULL, NULL, \
				TRUST_UNDEFINED, 0, NULL }

/* Frees the strings and resets `res` to SIGNATURE_RESULT_INIT. */
void signature_result_release(struct signature_result *res);

/* Sets the status and (replacing any) reason; `reason` may be NULL. */
__attribute__((format(printf, 3, 4)))
void signature_result_set(struct signature_result *res, enum signature_status status,
			  const char *reason, ...);

/*
 * Appends a one-line description of a result, without the status name:
 * `key <fingerprint> "<signer>"` and the reason in parentheses, or
 * whatever of it is known.
 */
void signature_describe(struct strbuf *out, const struct signature_result *res);

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
