/*
 * The signature check behind `am` and `summary`.  Verification is not
 * built into this branch: the sign branch provides it and is wired in
 * here at merge.  Until then a signed record is reported as exactly what
 * we know, "signed, not verified", and never as a good signature.
 */
#include "record-signer.h"
#include "usage.h"

#include <stdlib.h>

int record_signer_check(const struct record *r, struct record_signature_check *out)
{
	record_signature_check_release(out);
	if (!r->signature) {
		out->state = RECORD_UNSIGNED;
		out->detail = xstrdup("unsigned");
		return 0;
	}
	out->state = RECORD_SIGNED_UNVERIFIED;
	out->detail = xstrdup("signed, not verified (verification not built in)");
	return 0;
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
