#include "record-sign.h"
#include "repo.h"
#include "usage.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void signing_config_load(struct signing_config *cfg, git_repository *repo, const char *key)
{
	char *format = config_get_string(repo, "gpg.format");

	if (!format || !strcasecmp(format, "openpgp"))
		cfg->format = SIGNATURE_OPENPGP;
	else if (!strcasecmp(format, "x509"))
		cfg->format = SIGNATURE_X509;
	else if (!strcasecmp(format, "ssh"))
		die("gpg.format 'ssh' is not supported by git results; use openpgp or x509");
	else
		die("invalid value for 'gpg.format': '%s'", format);
	free(format);

	free(cfg->key);
	cfg->key = key ? xstrdup(key) : config_get_string(repo, "results.signingKey");
	if (!cfg->key)
		cfg->key = config_get_string(repo, "user.signingKey");
	if (!cfg->key) {
		/* git's default for tags: the committer identity */
		git_signature *committer = repo_committer(repo);
		struct strbuf ident = STRBUF_INIT;

		strbuf_addf(&ident, "%s <%s>", committer->name, committer->email);
		cfg->key = strbuf_detach(&ident, NULL);
		git_signature_free(committer);
	}
}

void signing_config_release(struct signing_config *cfg)
{
	free(cfg->key);
	cfg->key = NULL;
}

int record_sign(struct record *r, struct signature_context *sc,
		const struct signing_config *cfg, struct strbuf *err)
{
	struct strbuf payload = STRBUF_INIT, sig = STRBUF_INIT;
	int ret = -1;

	record_write_payload(&payload, r);
	if (signature_sign(sc, cfg->format, cfg->key, payload.buf, payload.len, &sig, err))
		goto out;
	free(r->signature);
	r->signature = strbuf_detach(&sig, NULL);
	ret = 0;
out:
	strbuf_release(&payload);
	strbuf_release(&sig);
	return ret;
}

/* Whether the signature was found to match the payload, whoever made it. */
static int signature_matched(enum signature_status status)
{
	return status == SIGNATURE_GOOD || status == SIGNATURE_EXPIRED_KEY ||
		status == SIGNATURE_REVOKED_KEY || status == SIGNATURE_EXPIRED_SIGNATURE;
}

void record_verify(struct signature_context *sc, const struct record *r,
		   const char *attached_to, struct signature_result *res)
{
	struct strbuf payload = STRBUF_INIT, why = STRBUF_INIT;

	signature_result_release(res);
	if (!r->signature)
		goto out;
	record_write_payload(&payload, r);
	signature_verify(sc, payload.buf, payload.len, r->signature, strlen(r->signature), res);
	if (!signature_matched(res->status))
		goto out;
	/*
	 * The signature holds for the record, but the record must also be
	 * on the commit it names: a record copied to another commit keeps
	 * a good signature, and would otherwise vouch for code never tested.
	 */
	if (attached_to && strcmp(r->commit, attached_to)) {
		if (*r->commit)
			signature_result_set(res, SIGNATURE_WRONG_COMMIT,
					     "the record was made for commit %s", r->commit);
		else
			signature_result_set(res, SIGNATURE_WRONG_COMMIT, "the record names no commit");
		goto out;
	}
	if (res->status == SIGNATURE_GOOD &&
	    !trust_policy_accepts(signature_context_policy(sc), r->origin,
				  res->fingerprint ? res->fingerprint : "", res->primary,
				  res->trust, &why))
		signature_result_set(res, SIGNATURE_UNTRUSTED, "%s", why.buf);
out:
	strbuf_release(&payload);
	strbuf_release(&why);
}
