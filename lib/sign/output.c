#include "lib/sign/output.h"

#include <string.h>

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

void signature_json_fill(json_t *obj, const struct signature_result *res, int is_signed)
{
	json_object_set_new(obj, "status", json_string(signature_status_name(res->status)));
	json_object_set_new(obj, "format", !is_signed ? json_null() :
			    json_string(signature_format_name(res->format)));
	json_object_set_new(obj, "fingerprint", string_or_null(res->fingerprint));
	json_object_set_new(obj, "primary_fingerprint", string_or_null(res->primary));
	json_object_set_new(obj, "signer", string_or_null(res->signer));
	json_object_set_new(obj, "trust", res->fingerprint ?
			    json_string(trust_level_name(res->trust)) : json_null());
	json_object_set_new(obj, "timestamp", res->timestamp ?
			    json_integer((json_int_t)res->timestamp) : json_null());
	json_object_set_new(obj, "reason", string_or_null(res->reason));
}

void signature_line(struct strbuf *out, const struct signature_result *res,
		    const char *separator)
{
	size_t start;

	strbuf_addstr(out, signature_status_name(res->status));
	start = out->len;
	strbuf_addstr(out, separator);
	signature_describe(out, res);
	if (out->len == start + strlen(separator))
		strbuf_setlen(out, start);
}
