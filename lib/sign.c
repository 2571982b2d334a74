#include "lib/sign.h"
#include "lib/sign/armour.h"
#include "lib/sign/gpgme.h"
#include "lib/sign/ssh.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <strings.h>

/*
 * The backends, a row for each value of gpg.format, as git's
 * gpg-interface.c has them.  A backend signs and checks bare signatures:
 * the front door puts the armour of its row on and takes it off, and
 * the armour of a signature chooses the backend that checks it.  Each
 * has its state in a context (its settings, its engine), made when the
 * context first uses the format and freed with the context.
 */
static const struct signature_backend {
	enum signature_format format;
	const char *name;		/* the value of gpg.format */
	enum armour_type armour;
	void *(*state_new)(git_repository *repo, enum signature_format format);
	void (*state_free)(void *state);
	int (*sign)(struct strbuf *sig, void *state, const char *key,
		    const void *data, size_t len, struct strbuf *err);
	void (*verify)(struct signature_result *res, void *state, const void *data, size_t len,
		       const char *armoured, size_t armoured_len, const void *sig, size_t sig_len,
		       long long when);
} backends[] = {
	{ SIGNATURE_OPENPGP, "openpgp", ARMOUR_PGP,
	  gpg_engine_new, gpg_engine_free, gpg_engine_sign, gpg_engine_verify },
	{ SIGNATURE_X509, "x509", ARMOUR_X509,
	  gpg_engine_new, gpg_engine_free, gpg_engine_sign, gpg_engine_verify },
	{ SIGNATURE_SSH, "ssh", ARMOUR_SSH,
	  ssh_config_new, ssh_config_free, ssh_sign, ssh_verify },
};

struct signature_context {
	git_repository *repo;
	void *state[ARRAY_SIZE(backends)];	/* a backend's, NULL until used */
	struct trust_policy policy;
	int policy_loaded;
};

static const struct signature_backend *backend_for_format(enum signature_format format)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i].format == format)
			return &backends[i];
	BUG("no backend for signature format %d", (int)format);
}

static const struct signature_backend *backend_for_armour(enum armour_type type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i].armour == type)
			return &backends[i];
	BUG("no backend for armour type %d", (int)type);
}

const char *signature_format_name(enum signature_format format)
{
	return backend_for_format(format)->name;
}

int signature_format_parse(enum signature_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		if (!strcasecmp(backends[i].name, name)) {
			*out = backends[i].format;
			return 0;
		}
	}
	return -1;
}

/* The state of backend `b` in `sc`, made on first use. */
static void *backend_state(struct signature_context *sc, const struct signature_backend *b)
{
	void **state = &sc->state[b - backends];

	if (!*state)
		*state = b->state_new(sc->repo, b->format);
	return *state;
}

struct signature_context *signature_context_new(git_repository *repo)
{
	struct signature_context *sc = xcalloc(1, sizeof(*sc));
	struct trust_policy blank = TRUST_POLICY_INIT;

	sc->repo = repo;
	sc->policy = blank;
	return sc;
}

void signature_context_free(struct signature_context *sc)
{
	size_t i;

	if (!sc)
		return;
	for (i = 0; i < ARRAY_SIZE(backends); i++)
		backends[i].state_free(sc->state[i]);
	trust_policy_release(&sc->policy);
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

int signature_sign(struct signature_context *sc, enum signature_format format, const char *key,
		   const void *data, size_t len, struct strbuf *armoured, struct strbuf *err)
{
	const struct signature_backend *b = backend_for_format(format);
	struct strbuf sig = STRBUF_INIT;
	int ret = -1;

	if (b->sign(&sig, backend_state(sc, b), key, data, len, err))
		goto cleanup;
	armour_encode(armoured, b->armour, sig.buf, sig.len);
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
	struct strbuf sig = STRBUF_INIT, err = STRBUF_INIT;
	const struct signature_backend *b;
	enum armour_type type;

	signature_result_release(res);
	if (armour_decode(&sig, &type, armoured, armoured_len, &err)) {
		signature_result_set(res, SIGNATURE_BAD, "%s", err.buf);
		goto cleanup;
	}
	b = backend_for_armour(type);
	res->format = b->format;
	b->verify(res, backend_state(sc, b), data, len, armoured, armoured_len, sig.buf, sig.len,
		  when);
cleanup:
	strbuf_release(&sig);
	strbuf_release(&err);
}
