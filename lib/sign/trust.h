#ifndef SIGN_TRUST_H
#define SIGN_TRUST_H

#include "lib/strbuf.h"

#include <git2.h>

#include <stddef.h>

/*
 * Which good signatures count: the trust policy.  Two rules, each
 * optional, both applied when both are configured:
 *
 *  - gpg.minTrustLevel, as in git: the signing key's validity in the
 *    keyring must be at least this level.  Unset, any level will do, as
 *    in git.
 *  - results.trustedKeys: a file listing the fingerprints of the keys
 *    allowed to sign, each for every origin or only for the origins
 *    named after it (like b4's list of maintainer keys).  When it is
 *    set, no other key is accepted, whatever its validity.
 *
 * The file holds one key per line, `#` comments and blank lines aside:
 *
 *   <fingerprint> [<origin>...]
 *
 * A fingerprint is 40 or 64 hexadecimal digits (upper or lower case),
 * the key's primary fingerprint or its signing subkey's; for X.509 it
 * is the certificate's SHA-1 fingerprint; for SSH it is "SHA256:" and
 * the base64 ssh-keygen -l prints (case matters).  Origins follow the
 * record rule ([a-z0-9_]+).
 */

enum trust_level {
	TRUST_UNDEFINED,
	TRUST_NEVER,
	TRUST_MARGINAL,
	TRUST_FULLY,
	TRUST_ULTIMATE,
};

/* Parses git's names (case-insensitive); 0, or -1 when unknown. */
int trust_level_parse(const char *name, enum trust_level *out);
/* The lower-case name: "undefined", "never", "marginal", "fully", "ultimate". */
const char *trust_level_name(enum trust_level level);

struct trusted_key {
	char *fingerprint;	/* upper case, but for SSH's base64 */
	char **origins;		/* NULL when the key may sign for any origin */
	size_t origins_nr;
};

struct trust_policy {
	enum trust_level min_level;
	char *keys_file;	/* NULL when results.trustedKeys is unset */
	struct trusted_key *keys;
	size_t keys_nr, keys_alloc;
};
#define TRUST_POLICY_INIT { TRUST_UNDEFINED, NULL, NULL, 0, 0 }

/*
 * Parses the text of a trusted keys file into `p` (appending).  Returns
 * 0, or -1 with "line N: ..." in `err`.
 */
int trust_policy_parse_keys(struct trust_policy *p, const char *buf, size_t len,
			    struct strbuf *err);

/*
 * Decides whether a good signature is accepted for a record of `origin`:
 * made by `fingerprint` (the signing key) whose primary key is
 * `primary` (may be NULL or equal), with validity `level`.  Returns 1
 * when accepted; 0 with the reason in `why` otherwise.
 */
int trust_policy_accepts(const struct trust_policy *p, const char *origin,
			 const char *fingerprint, const char *primary,
			 enum trust_level level, struct strbuf *why);

/*
 * Reads gpg.minTrustLevel and results.trustedKeys (and the file it
 * names) from the repository's configuration.  Dies, as git does on bad
 * configuration, when a value or the file is invalid or unreadable.
 */
void trust_policy_load(struct trust_policy *p, git_repository *repo);

void trust_policy_release(struct trust_policy *p);

#endif
