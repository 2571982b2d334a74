#include "lib/sign.h"
#include "lib/sign/armour.h"
#include "lib/sign/gpgme.h"
#include "lib/sign/ssh.h"
#include "lib/usage.h"

#include <stdlib.h>

struct signature_context {
	git_repository *repo;
	struct gpg_engine *engines[2];	/* gpgme's: OpenPGP and X.509 */
	struct ssh_config ssh;
	int ssh_loaded;
	struct trust_policy policy;
	int policy_loaded;
};

struct signature_context *signature_context_new(git_repository *repo)
{
	struct signature_context *sc = xcalloc(1, sizeof(*sc));
	struct trust_policy blank = TRUST_POLICY_INIT;
	struct ssh_config no_ssh = SSH_CONFIG_INIT;

	sc->repo = repo;
	sc->policy = blank;
	sc->ssh = no_ssh;
	return sc;
}

void signature_context_free(struct signature_context *sc)
{
	size_t i;

	if (!sc)
		return;
	for (i = 0; i < ARRAY_SIZE(sc->engines); i++)
		gpg_engine_free(sc->engines[i]);
	trust_policy_release(&sc->policy);
	ssh_config_release(&sc->ssh);
	free(sc);
}

const struct trust_policy *signature_context_policy(struct signature_context *sc)
{
	if (!sc->policy_loaded) {
		trust_policy_load(&sc->policy, sc->repo);
		sc->policy_loaded = 1;
	}
	return &sc->policy;
}

/* The gpg.ssh.* settings, read on first use. */
static struct ssh_config *ssh_config(struct signature_context *sc)
{
	if (!sc->ssh_loaded) {
		ssh_config_load(&sc->ssh, sc->repo);
		sc->ssh_loaded = 1;
	}
	return &sc->ssh;
}

/* The gpgme engine of `format`, started on first use. */
static struct gpg_engine *engine(struct signature_context *sc, enum signature_format format)
{
	if (!sc->engines[format])
		sc->engines[format] = gpg_engine_new(sc->repo, format);
	return sc->engines[format];
}

int signature_sign(struct signature_context *sc, enum signature_format format, const char *key,
		   const void *data, size_t len, struct strbuf *armoured, struct strbuf *err)
{
	struct strbuf sig = STRBUF_INIT;
	int ret = -1;

	if (format == SIGNATURE_SSH ?
	    ssh_sign(ssh_config(sc), key, data, len, &sig, err) :
	    gpg_engine_sign(&sig, engine(sc, format), key, data, len, err))
		goto cleanup;
	armour_encode(armoured, format == SIGNATURE_SSH ? ARMOUR_SSH :
		      format == SIGNATURE_X509 ? ARMOUR_X509 : ARMOUR_PGP, sig.buf, sig.len);
	ret = 0;
cleanup:
	strbuf_release(&sig);
	return ret;
}

void signature_verify(struct signature_context *sc, const void *data, size_t len,
		      const char *armoured, size_t armoured_len, struct signature_result *res)
{
	signature_verify_at(sc, data, len, armoured, armoured_len, 0, res);
}

void signature_verify_at(struct signature_context *sc, const void *data, size_t len,
			 const char *armoured, size_t armoured_len, long long when,
			 struct signature_result *res)
{
	struct strbuf raw = STRBUF_INIT, err = STRBUF_INIT;
	enum armour_type type;

	signature_result_release(res);
	if (armour_decode(&raw, &type, armoured, armoured_len, &err)) {
		signature_result_set(res, SIGNATURE_BAD, "%s", err.buf);
		goto cleanup;
	}
	if (type == ARMOUR_SSH) {
		res->format = SIGNATURE_SSH;
		ssh_verify(ssh_config(sc), data, len, armoured, armoured_len, raw.buf, raw.len,
			   when, res);
		goto cleanup;
	}
	res->format = type == ARMOUR_X509 ? SIGNATURE_X509 : SIGNATURE_OPENPGP;
	gpg_engine_verify(res, engine(sc, res->format), data, len, raw.buf, raw.len);
cleanup:
	strbuf_release(&raw);
	strbuf_release(&err);
}
