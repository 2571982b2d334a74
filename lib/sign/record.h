#ifndef SIGN_RECORD_H
#define SIGN_RECORD_H

#include "lib/record.h"
#include "lib/sign.h"

#include <git2.h>

/*
 * Signing and verifying records: the signature is a detached one over
 * the record's payload (its canonical bytes, which name the commit),
 * appended to the record in canonical armour.  These are the calls a
 * command needs; lib/sign.h has the backends underneath.
 */

struct signing_config {
	enum signature_format format;
	char *key;
};
#define SIGNING_CONFIG_INIT { SIGNATURE_OPENPGP, NULL }

/*
 * Reads how to sign, as git does for tags: gpg.format (openpgp, x509 or
 * ssh) and the key: `key` when not NULL (a command-line choice), else
 * results.signingKey, else user.signingKey, else the committer identity
 * "Name <email>" (for ssh: the key gpg.ssh.defaultKeyCommand prints; a
 * configured key file is taken from the top of the work tree).  Dies on
 * an unsupported gpg.format, or when no identity or key can be found.
 */
void signing_config_load(struct signing_config *cfg, git_repository *repo, const char *key);
void signing_config_release(struct signing_config *cfg);

/*
 * Signs the payload of `r` (which must be normalised), replacing any
 * signature it had.  Returns 0, or -1 with a message in `err` and `r`
 * unchanged.
 */
int record_sign(struct record *r, struct signature_context *sc,
		const struct signing_config *cfg, struct strbuf *err);

/*
 * The complete check of one record, as `verify` and `show
 * --show-signature` make it and as `am` should before it stores a
 * record: that it is signed, that the signature is good over its
 * payload, that it names `attached_to` (the 40-hex commit it is stored
 * on or will be; NULL to skip this check), and that the trust policy
 * (signature_context_policy()) accepts the key for the record's origin.
 * Fills `res`, which must be initialised; SIGNATURE_GOOD means accepted.
 */
void record_verify(struct signature_context *sc, const struct record *r,
		   const char *attached_to, struct signature_result *res);

#endif
