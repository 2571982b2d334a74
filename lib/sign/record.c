#include "lib/sign/record.h"
#include "lib/config-path.h"
#include "lib/date.h"
#include "lib/repo.h"
#include "lib/sign/ssh.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The SSH key from configuration: a key file named relative to the top
 * of the work tree, as git runs from there, or a literal public key.
 */
static char *ssh_configured_key(git_repository *repo, const char *name)
{
	char *value = config_get_string(repo, name), *path;

	/* an empty key is refused by ssh_sign() with the message git gives */
	if (!value || !*value || ssh_key_is_literal(value))
		return value;
	path = config_resolve_path(repo, value, name);
	free(value);
	return path;
}

void signing_config_load(struct signing_config *cfg, git_repository *repo, const char *key)
{
	char *format = config_get_string(repo, "gpg.format");

	/* unset, gpg.format is openpgp, as in git */
	cfg->format = SIGNATURE_OPENPGP;
	if (format && signature_format_parse(&cfg->format, format))
		die("invalid value for 'gpg.format': '%s'", format);
	free(format);

	free(cfg->key);
	if (cfg->format == SIGNATURE_SSH) {
		/* git's default for SSH is the agent's key, never an identity */
		cfg->key = key ? xstrdup(key) : ssh_configured_key(repo, "results.signingKey");
		if (!cfg->key)
			cfg->key = ssh_configured_key(repo, "user.signingKey");
		if (!cfg->key)
			cfg->key = ssh_default_signing_key(repo);
		return;
	}
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

/*
 * Whether the signature was found to match the payload, whoever made it
 * (an SSH signature by a key the allowed signers file refuses is
 * untrusted already, and still matches).
 */
static int signature_matched(enum signature_status status)
{
	return status == SIGNATURE_GOOD || status == SIGNATURE_UNTRUSTED ||
		status == SIGNATURE_EXPIRED_KEY || status == SIGNATURE_REVOKED_KEY ||
		status == SIGNATURE_EXPIRED_SIGNATURE;
}

/* The record's date in seconds since the epoch; 0 when it has none. */
static long long record_time(const struct record *r)
{
	long long t;

	if (!r->date || date_parse_utc(r->date, &t))
		return 0;
	return t;
}

void record_verify(struct signature_context *sc, const struct record *r,
		   const char *attached_to, struct signature_result *res)
{
	struct strbuf payload = STRBUF_INIT, why = STRBUF_INIT;

	signature_result_release(res);
	if (!r->signature)
		goto out;
	record_write_payload(&payload, r);
	/* the record's date is what the signer claims, as a commit's date is in git */
	signature_verify_at(sc, payload.buf, payload.len, r->signature, strlen(r->signature),
			    record_time(r), res);
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
