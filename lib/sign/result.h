#ifndef SIGN_RESULT_H
#define SIGN_RESULT_H

#include "lib/sign/trust.h"
#include "lib/strbuf.h"

/*
 * What a signature check found: shared by the front door (lib/sign.h)
 * and every backend, and depending on none of them.
 */

/* The values of gpg.format: see signature_format_name() in lib/sign.h. */
enum signature_format {
	SIGNATURE_OPENPGP,
	SIGNATURE_X509,
	SIGNATURE_SSH,
};

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

#endif
