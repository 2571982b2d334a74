#include "lib/sign/result.h"
#include "lib/usage.h"

#include <stdarg.h>
#include <stdlib.h>

static const char *const status_names[] = {
	[SIGNATURE_GOOD] = "good",
	[SIGNATURE_UNTRUSTED] = "untrusted",
	[SIGNATURE_EXPIRED_KEY] = "expired-key",
	[SIGNATURE_REVOKED_KEY] = "revoked-key",
	[SIGNATURE_EXPIRED_SIGNATURE] = "expired-signature",
	[SIGNATURE_NO_PUBLIC_KEY] = "no-public-key",
	[SIGNATURE_WRONG_COMMIT] = "wrong-commit",
	[SIGNATURE_BAD] = "bad",
	[SIGNATURE_UNSIGNED] = "unsigned",
	[SIGNATURE_ERROR] = "error",
};

const char *signature_status_name(enum signature_status status)
{
	return status_names[status];
}

void signature_result_release(struct signature_result *res)
{
	struct signature_result blank = SIGNATURE_RESULT_INIT;

	free(res->fingerprint);
	free(res->primary);
	free(res->signer);
	free(res->reason);
	*res = blank;
}

void signature_result_set(struct signature_result *res, enum signature_status status,
			  const char *reason, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	res->status = status;
	free(res->reason);
	res->reason = NULL;
	if (!reason)
		return;
	va_start(ap, reason);
	strbuf_vaddf(&sb, reason, ap);
	va_end(ap);
	res->reason = strbuf_detach(&sb, NULL);
}

void signature_describe(struct strbuf *out, const struct signature_result *res)
{
	size_t start = out->len;

	if (res->fingerprint)
		strbuf_addf(out, "key %s", res->primary ? res->primary : res->fingerprint);
	if (res->signer)
		strbuf_addf(out, "%s\"%s\"", out->len > start ? " " : "", res->signer);
	if (res->reason)
		strbuf_addf(out, out->len > start ? " (%s)" : "%s", res->reason);
}
