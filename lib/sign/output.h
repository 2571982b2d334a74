#ifndef SIGN_OUTPUT_H
#define SIGN_OUTPUT_H

#include "lib/sign.h"

#include <jansson.h>

/*
 * How `verify` and `show --show-signature` print a signature check, so
 * that both say the same thing the same way.
 */

/*
 * Sets the signature keys of a JSON object: status, format, fingerprint,
 * primary_fingerprint, signer, trust, timestamp and reason (null when
 * unknown), in that order.  `is_signed` is 0 for an unsigned record.
 */
void signature_json_fill(json_t *obj, const struct signature_result *res, int is_signed);

/*
 * Appends "<status>" and, when there is more to say, `separator` and
 * the description (signature_describe()).
 */
void signature_line(struct strbuf *out, const struct signature_result *res,
		    const char *separator);

#endif
