#include "lib/sign/gpgme.h"
#include "lib/repo.h"
#include "lib/sign/cms.h"
#include "lib/usage.h"

#include <gpgme.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A key seen in a signature, looked up once per engine. */
struct key_info {
	char *fingerprint;	/* as the signature named it */
	char *primary;
	char *signer;
	int ultimate;		/* a user id of the key is ultimately valid */
};

struct gpg_engine {
	enum signature_format format;
	gpgme_ctx_t ctx;
	char *error;		/* why the engine cannot be used */
	char *signing_pattern;	/* the key named for signing, and the key found */
	gpgme_key_t signing_key;
	struct key_info *keys;
	size_t keys_nr, keys_alloc;
};

/*
 * gpgme runs its engine by path; git looks a bare program name up in
 * $PATH, so do the same.  NULL when there is no such program.
 */
static char *find_program(const char *name)
{
	struct strbuf path = STRBUF_INIT;
	const char *dirs = getenv("PATH"), *p;

	if (strchr(name, '/'))
		return access(name, X_OK) ? NULL : xstrdup(name);
	for (p = dirs; p && *p; ) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		strbuf_reset(&path);
		if (n)
			strbuf_add(&path, p, n);
		else
			strbuf_addch(&path, '.');
		strbuf_addf(&path, "/%s", name);
		if (!access(path.buf, X_OK))
			return strbuf_detach(&path, NULL);
		p = colon ? colon + 1 : NULL;
	}
	strbuf_release(&path);
	return NULL;
}

static void gpgme_init_once(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	if (!gpgme_check_version(GPGME_VERSION))
		die("gpgme is older than %s, the version git results was built with", GPGME_VERSION);
	/* pinentry needs the terminal's character set and language */
	gpgme_set_locale(NULL, LC_CTYPE, setlocale(LC_CTYPE, NULL));
#ifdef LC_MESSAGES
	gpgme_set_locale(NULL, LC_MESSAGES, setlocale(LC_MESSAGES, NULL));
#endif
}

void *gpg_engine_new(git_repository *repo, enum signature_format format)
{
	struct gpg_engine *e = xcalloc(1, sizeof(*e));
	gpgme_protocol_t proto = format == SIGNATURE_X509 ? GPGME_PROTOCOL_CMS : GPGME_PROTOCOL_OpenPGP;
	const char *key = format == SIGNATURE_X509 ? "gpg.x509.program" : "gpg.openpgp.program";
	char *program = NULL, *path = NULL;
	gpgme_error_t ret;

	if (format != SIGNATURE_OPENPGP && format != SIGNATURE_X509)
		BUG("gpgme has no engine for signature format %d", (int)format);
	e->format = format;
	gpgme_init_once();
	program = config_get_string(repo, key);
	if (!program && format == SIGNATURE_OPENPGP)
		program = config_get_string(repo, key = "gpg.program");
	if (program && !(path = find_program(program))) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "cannot run %s '%s': not found", key, program);
		e->error = strbuf_detach(&sb, NULL);
		goto out;
	}
	if ((ret = gpgme_new(&e->ctx)) ||
	    (ret = gpgme_set_protocol(e->ctx, proto)) ||
	    (ret = gpgme_ctx_set_engine_info(e->ctx, proto, path, NULL))) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "cannot start %s: %s", gpgme_get_protocol_name(proto),
			    gpgme_strerror(ret));
		e->error = strbuf_detach(&sb, NULL);
		if (e->ctx)
			gpgme_release(e->ctx);
		e->ctx = NULL;
		goto out;
	}
	/* Binary in and out: the front door armours signatures (armour.h). */
	gpgme_set_armor(e->ctx, 0);
	gpgme_set_textmode(e->ctx, 0);
	/* Certificates travel in keyboxes, not in records (cms.h). */
	if (format == SIGNATURE_X509)
		gpgme_set_include_certs(e->ctx, 0);
out:
	free(program);
	free(path);
	return e;
}

void gpg_engine_free(void *engine)
{
	struct gpg_engine *e = engine;
	size_t i;

	if (!e)
		return;
	if (e->signing_key)
		gpgme_key_unref(e->signing_key);
	if (e->ctx)
		gpgme_release(e->ctx);
	free(e->error);
	free(e->signing_pattern);
	for (i = 0; i < e->keys_nr; i++) {
		free(e->keys[i].fingerprint);
		free(e->keys[i].primary);
		free(e->keys[i].signer);
	}
	free(e->keys);
	free(e);
}

static int usable_for_signing(gpgme_key_t k)
{
	return k->can_sign && k->secret && !k->revoked && !k->expired && !k->disabled && !k->invalid;
}

/* The first usable secret key that `pattern` names, cached per engine. */
static gpgme_key_t signing_key(struct gpg_engine *e, const char *pattern, struct strbuf *err)
{
	gpgme_key_t k = NULL;
	gpgme_error_t ret;

	if (e->signing_key && !strcmp(e->signing_pattern, pattern))
		return e->signing_key;
	if ((ret = gpgme_op_keylist_start(e->ctx, pattern, 1))) {
		strbuf_addf(err, "cannot list secret keys: %s", gpgme_strerror(ret));
		return NULL;
	}
	while (!(ret = gpgme_op_keylist_next(e->ctx, &k))) {
		if (usable_for_signing(k))
			break;
		gpgme_key_unref(k);
		k = NULL;
	}
	gpgme_op_keylist_end(e->ctx);
	if (!k) {
		strbuf_addf(err, "no usable secret key for '%s'", pattern);
		return NULL;
	}
	if (e->signing_key)
		gpgme_key_unref(e->signing_key);
	free(e->signing_pattern);
	e->signing_key = k;
	e->signing_pattern = xstrdup(pattern);
	return k;
}

int gpg_engine_sign(struct strbuf *sig, void *engine, const char *key,
		    const void *data, size_t len, struct strbuf *err)
{
	struct gpg_engine *e = engine;
	gpgme_data_t in = NULL, out = NULL;
	gpgme_sign_result_t result;
	gpgme_key_t k;
	gpgme_error_t ret;
	char *bytes = NULL;
	size_t bytes_len = 0;
	int status = -1;

	if (e->error) {
		strbuf_addstr(err, e->error);
		return -1;
	}
	if (!(k = signing_key(e, key, err)))
		return -1;
	gpgme_signers_clear(e->ctx);
	if ((ret = gpgme_signers_add(e->ctx, k)) ||
	    (ret = gpgme_data_new_from_mem(&in, data, len, 0)) ||
	    (ret = gpgme_data_new(&out)) ||
	    (ret = gpgme_op_sign(e->ctx, in, out, GPGME_SIG_MODE_DETACH))) {
		strbuf_addf(err, "%s failed to sign the record: %s",
			    e->format == SIGNATURE_X509 ? "gpgsm" : "gpg", gpgme_strerror(ret));
		goto cleanup;
	}
	result = gpgme_op_sign_result(e->ctx);
	if (!result || !result->signatures || result->invalid_signers) {
		strbuf_addf(err, "no signature made with the key '%s'", key);
		goto cleanup;
	}
	bytes = gpgme_data_release_and_get_mem(out, &bytes_len);
	out = NULL;
	if (!bytes || !bytes_len) {
		strbuf_addstr(err, "the engine returned an empty signature");
		goto cleanup;
	}
	strbuf_add(sig, bytes, bytes_len);
	status = 0;
cleanup:
	gpgme_signers_clear(e->ctx);
	gpgme_data_release(in);
	gpgme_data_release(out);
	gpgme_free(bytes);
	return status;
}

static enum trust_level trust_from_validity(gpgme_validity_t v)
{
	switch (v) {
	case GPGME_VALIDITY_NEVER:
		return TRUST_NEVER;
	case GPGME_VALIDITY_MARGINAL:
		return TRUST_MARGINAL;
	case GPGME_VALIDITY_FULL:
		return TRUST_FULLY;
	case GPGME_VALIDITY_ULTIMATE:
		return TRUST_ULTIMATE;
	default:
		return TRUST_UNDEFINED;
	}
}

/* The first user id that is still valid, else the first one. */
static const char *first_uid(gpgme_key_t k)
{
	gpgme_user_id_t uid;

	for (uid = k->uids; uid; uid = uid->next)
		if (!uid->revoked && !uid->invalid && uid->uid)
			return uid->uid;
	return k->uids ? k->uids->uid : NULL;
}

/* Fills the signer and primary fingerprint of `res` from the keyring. */
static void describe_key(struct signature_result *res, struct gpg_engine *e)
{
	struct key_info *info = NULL;
	gpgme_key_t k = NULL;
	size_t i;

	for (i = 0; i < e->keys_nr; i++)
		if (!strcmp(e->keys[i].fingerprint, res->fingerprint))
			info = &e->keys[i];
	if (!info) {
		ALLOC_GROW(e->keys, e->keys_nr + 1, e->keys_alloc);
		info = &e->keys[e->keys_nr++];
		memset(info, 0, sizeof(*info));
		info->fingerprint = xstrdup(res->fingerprint);
		if (!gpgme_get_key(e->ctx, res->fingerprint, &k, 0) && k) {
			const char *uid = first_uid(k);
			gpgme_user_id_t u;

			info->primary = k->fpr ? xstrdup(k->fpr) : NULL;
			info->signer = uid ? xstrdup(uid) : NULL;
			for (u = k->uids; u; u = u->next)
				if (!u->revoked && !u->invalid && u->validity == GPGME_VALIDITY_ULTIMATE)
					info->ultimate = 1;
			gpgme_key_unref(k);
		}
	}
	res->primary = info->primary ? xstrdup(info->primary) : NULL;
	res->signer = info->signer ? xstrdup(info->signer) : NULL;
	/*
	 * gpgme reports gpg's TRUST_ULTIMATE as full validity; the key
	 * listing still tells them apart, and gpg.minTrustLevel needs it.
	 */
	if (res->trust == TRUST_FULLY && info->ultimate)
		res->trust = TRUST_ULTIMATE;
}

/* Errors of the engine itself, as opposed to errors in what it was given. */
static int is_engine_error(gpgme_error_t err)
{
	switch (gpgme_err_code(err)) {
	case GPG_ERR_INV_ENGINE:
	case GPG_ERR_ENGINE_TOO_OLD:
	case GPG_ERR_UNSUPPORTED_PROTOCOL:
	case GPG_ERR_ENOENT:
	case GPG_ERR_EACCES:
	case GPG_ERR_ENOEXEC:
	case GPG_ERR_ENOMEM:
	case GPG_ERR_EPIPE:
	case GPG_ERR_CANCELED:
		return 1;
	default:
		return 0;
	}
}

static void set_status_from_signature(struct signature_result *res, gpgme_signature_t sig)
{
	switch (gpgme_err_code(sig->status)) {
	case GPG_ERR_NO_ERROR:
		/* a good signature always names its key; anything else is no verdict */
		if (sig->fpr)
			signature_result_set(res, SIGNATURE_GOOD, NULL);
		else
			signature_result_set(res, SIGNATURE_ERROR, "the engine gave no verdict");
		break;
	case GPG_ERR_BAD_SIGNATURE:
		signature_result_set(res, SIGNATURE_BAD, "the signature does not match the record");
		break;
	case GPG_ERR_NO_PUBKEY:
		signature_result_set(res, SIGNATURE_NO_PUBLIC_KEY, "no public key");
		break;
	case GPG_ERR_KEY_EXPIRED:
		signature_result_set(res, SIGNATURE_EXPIRED_KEY, "the key has expired");
		break;
	case GPG_ERR_CERT_REVOKED:
		signature_result_set(res, SIGNATURE_REVOKED_KEY, "the key was revoked");
		break;
	case GPG_ERR_SIG_EXPIRED:
		signature_result_set(res, SIGNATURE_EXPIRED_SIGNATURE, "the signature has expired");
		break;
	default:
		signature_result_set(res, SIGNATURE_ERROR, "cannot check the signature: %s",
				     gpgme_strerror(sig->status));
		break;
	}
	/* gpgsm reports some of these through the summary only */
	if (res->status == SIGNATURE_GOOD && (sig->summary & GPGME_SIGSUM_KEY_REVOKED))
		signature_result_set(res, SIGNATURE_REVOKED_KEY, "the key was revoked");
	else if (res->status == SIGNATURE_GOOD && (sig->summary & GPGME_SIGSUM_KEY_EXPIRED))
		signature_result_set(res, SIGNATURE_EXPIRED_KEY, "the key has expired");
	else if (res->status == SIGNATURE_GOOD && (sig->summary & GPGME_SIGSUM_RED))
		signature_result_set(res, SIGNATURE_BAD, "the engine reports the signature as bad");
}

void gpg_engine_verify(struct signature_result *res, void *engine, const void *data, size_t len,
		       const char *armoured, size_t armoured_len, const void *sig, size_t sig_len,
		       long long when)
{
	struct gpg_engine *e = engine;
	struct strbuf err = STRBUF_INIT;
	gpgme_data_t sig_data = NULL, signed_data = NULL;
	gpgme_verify_result_t result;
	gpgme_signature_t s;
	gpgme_error_t ret;

	if (e->format == SIGNATURE_X509 && cms_check_signature(sig, sig_len, &err)) {
		signature_result_set(res, SIGNATURE_BAD, "%s", err.buf);
		goto cleanup;
	}
	if (e->error) {
		signature_result_set(res, SIGNATURE_ERROR, "%s", e->error);
		goto cleanup;
	}
	if ((ret = gpgme_data_new_from_mem(&sig_data, sig, sig_len, 0)) ||
	    (ret = gpgme_data_new_from_mem(&signed_data, data, len, 0)) ||
	    (ret = gpgme_op_verify(e->ctx, sig_data, signed_data, NULL))) {
		if (is_engine_error(ret))
			signature_result_set(res, SIGNATURE_ERROR, "cannot check the signature: %s",
					     gpgme_strerror(ret));
		else
			signature_result_set(res, SIGNATURE_BAD, "the signature cannot be read: %s",
					     gpgme_strerror(ret));
		goto cleanup;
	}
	result = gpgme_op_verify_result(e->ctx);
	s = result ? result->signatures : NULL;
	if (!s || s->next) {
		signature_result_set(res, SIGNATURE_BAD, s ? "more than one signature" : "no signature found");
		goto cleanup;
	}
	res->fingerprint = s->fpr ? xstrdup(s->fpr) : NULL;
	res->timestamp = (long long)s->timestamp;
	res->trust = trust_from_validity(s->validity);
	set_status_from_signature(res, s);
	/* describe_key() starts another operation, which ends this result */
	if (res->fingerprint && res->status != SIGNATURE_NO_PUBLIC_KEY)
		describe_key(res, e);
cleanup:
	gpgme_data_release(sig_data);
	gpgme_data_release(signed_data);
	strbuf_release(&err);
}
