/*
 * Signature checks for `sync pull`.  Records that `sync push` published
 * signed come back from KCIDB byte for byte; they are checked here before
 * they are attached, with the same complete check as `git results
 * verify` (signature, commit named, trust policy).
 *
 * A record whose bytes do not match its signature, or that names another
 * commit, was changed on the way and is refused.  One whose signature is
 * intact but cannot be accepted here (no public key, a key the trust
 * policy refuses, an expired or revoked key) is attached as it is, with
 * a warning: its signature block is intact, and `git results verify`
 * reports it for what it is once the key is known or trusted.
 */
#include "kcidb/verify.h"
#include "lib/sign/record.h"
#include "lib/record.h"

#include <stdlib.h>

static struct signature_context *context;

static void free_context(void)
{
	signature_context_free(context);
	context = NULL;
}

enum pulled_signature kcidb_verify_pulled(git_repository *repo, const struct record *r,
					 const char *text, size_t len, struct strbuf *why)
{
	struct signature_result res = SIGNATURE_RESULT_INIT;
	enum pulled_signature ret;

	if (!context) {
		/* One context, hence one engine start-up, for the whole pull. */
		context = signature_context_new(repo);
		atexit(free_context);
	}
	record_verify(context, r, r->commit, &res);
	switch (res.status) {
	case SIGNATURE_GOOD:
		ret = PULLED_SIGNATURE_GOOD;
		break;
	case SIGNATURE_BAD:
	case SIGNATURE_WRONG_COMMIT:
	case SIGNATURE_UNSIGNED:
		ret = PULLED_SIGNATURE_BAD;
		break;
	default:
		ret = PULLED_SIGNATURE_UNCHECKED;
		break;
	}
	if (ret != PULLED_SIGNATURE_GOOD) {
		strbuf_addf(why, "%s signature", signature_status_name(res.status));
		if (res.fingerprint || res.signer || res.reason) {
			strbuf_addstr(why, ": ");
			signature_describe(why, &res);
		}
	}
	signature_result_release(&res);
	return ret;
}
