/*
 * The signature check behind `am` and `summary`: record_verify(), the
 * check `git results verify` makes, through one gpgme context per
 * repository for the life of the command.
 */
#include "lib/sign/verdict.h"
#include "lib/sign/record.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static struct {
	git_repository *repo;
	struct signature_context *sc;
} cached;

static void free_cached(void)
{
	signature_context_free(cached.sc);
	cached.sc = NULL;
	cached.repo = NULL;
}

static struct signature_context *context_for(git_repository *repo)
{
	if (cached.repo != repo) {
		if (!cached.sc)
			atexit(free_cached);
		signature_context_free(cached.sc);
		cached.sc = signature_context_new(repo);
		cached.repo = repo;
	}
	return cached.sc;
}

int record_signer_check(git_repository *repo, const struct record *r,
			struct record_signature_check *out)
{
	return record_signer_check_at(repo, r, *r->commit ? r->commit : NULL, out);
}

int record_signer_check_at(git_repository *repo, const struct record *r,
			   const char *attached_to, struct record_signature_check *out)
{
	struct signature_result res = SIGNATURE_RESULT_INIT;
	struct strbuf detail = STRBUF_INIT;
	int ret = 0;

	record_signature_check_release(out);
	if (!r->signature) {
		out->state = RECORD_UNSIGNED;
		out->detail = xstrdup("unsigned");
		return 0;
	}
	record_verify(context_for(repo), r, attached_to, &res);
	switch (res.status) {
	case SIGNATURE_GOOD:
		out->state = RECORD_SIGNATURE_GOOD;
		break;
	case SIGNATURE_BAD:
	case SIGNATURE_WRONG_COMMIT:
		out->state = RECORD_SIGNATURE_BAD;
		break;
	case SIGNATURE_UNSIGNED:
		out->state = RECORD_UNSIGNED;
		break;
	case SIGNATURE_ERROR:
		ret = -1;
		/* fall through */
	default:
		out->state = RECORD_SIGNED_UNVERIFIED;
		break;
	}
	strbuf_addf(&detail, "%s signature", signature_status_name(res.status));
	if (res.fingerprint || res.signer || res.reason) {
		strbuf_addstr(&detail, ": ");
		signature_describe(&detail, &res);
	}
	out->detail = strbuf_detach(&detail, NULL);
	if (res.signer)
		out->signer = xstrdup(res.signer);
	else if (res.fingerprint)
		out->signer = xstrdup(res.fingerprint);
	signature_result_release(&res);
	return ret;
}

int record_check_outgoing(git_repository *repo, const struct record *r, const char *commit,
			  struct strbuf *why)
{
	struct record_signature_check sig = RECORD_SIGNATURE_CHECK_INIT;
	int ret = 0;

	if (*r->commit && strcmp(r->commit, commit)) {
		strbuf_addf(why, "the record of origin '%s', run '%s' on %s was made for commit %s",
			    r->origin, r->run, commit, r->commit);
		return -1;
	}
	if (!r->signature)
		return 0;
	record_signer_check_at(repo, r, commit, &sig);
	if (sig.state == RECORD_SIGNATURE_BAD) {
		strbuf_addf(why, "the record of origin '%s', run '%s' on %s does not verify (%s)",
			    r->origin, r->run, commit, sig.detail);
		ret = -1;
	}
	record_signature_check_release(&sig);
	return ret;
}

void record_signature_check_release(struct record_signature_check *c)
{
	free(c->signer);
	free(c->detail);
	c->state = RECORD_UNSIGNED;
	c->signer = NULL;
	c->detail = NULL;
}

const char *record_signature_state_name(enum record_signature_state state)
{
	switch (state) {
	case RECORD_UNSIGNED:
		return "unsigned";
	case RECORD_SIGNED_UNVERIFIED:
		return "unverified";
	case RECORD_SIGNATURE_GOOD:
		return "good";
	case RECORD_SIGNATURE_BAD:
		return "bad";
	}
	BUG("unknown signature state %d", (int)state);
}
