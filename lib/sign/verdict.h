#ifndef SIGN_VERDICT_H
#define SIGN_VERDICT_H

#include "lib/record.h"
#include "lib/strbuf.h"

#include <git2.h>

/*
 * The one place where the release commands (am, summary) ask whether a
 * record is signed and by whom: the complete check `git results verify`
 * makes (record_verify() in sign/record.h), folded into the four answers
 * those commands act on.
 */

enum record_signature_state {
	RECORD_UNSIGNED,		/* no signature block */
	RECORD_SIGNED_UNVERIFIED,	/* intact, but not accepted here: no key, untrusted... */
	RECORD_SIGNATURE_GOOD,		/* checked, and it verifies */
	RECORD_SIGNATURE_BAD,		/* checked, and it does not verify */
};

struct record_signature_check {
	enum record_signature_state state;
	char *signer;	/* who signed, when verification told us; else NULL */
	char *detail;	/* one line for people: "unsigned", "good signature from ..." */
};
#define RECORD_SIGNATURE_CHECK_INIT { RECORD_UNSIGNED, NULL, NULL }

/*
 * Checks the signature of `r` (the armoured block over its canonical
 * payload, the commit it names, the trust policy of `repo`) and fills
 * `out`, which the caller releases.  One signature context serves every
 * check made for the same repository.  Returns 0, or -1 when the check
 * itself could not run (`out->detail` says why; the state is then
 * RECORD_SIGNED_UNVERIFIED).
 */
int record_signer_check(git_repository *repo, const struct record *r,
			struct record_signature_check *out);

/*
 * As record_signer_check(), for `r` as attached to `attached_to` (40
 * hex; NULL: whatever commit it names): a record copied onto another
 * commit is a bad signature there, as `verify` says.
 */
int record_signer_check_at(git_repository *repo, const struct record *r,
			   const char *attached_to, struct record_signature_check *out);

/*
 * Whether `r`, attached to `commit` (40 hex), may leave the repository
 * (KCIDB, mail, a push that requires valid records): not when it names
 * another commit, nor when it is signed and its signature is bad there.
 * An unsigned record, or one whose key is unknown here, may.  Returns
 * 0, or -1 with a message naming the record in `why`.
 */
int record_check_outgoing(git_repository *repo, const struct record *r, const char *commit,
			  struct strbuf *why);

/* Frees the strings of `c` and resets it; accepts an initialised check. */
void record_signature_check_release(struct record_signature_check *c);

/* A stable lower-case name for scripts: unsigned, unverified, good, bad. */
const char *record_signature_state_name(enum record_signature_state state);

#endif
