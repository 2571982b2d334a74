#ifndef RECORD_TEXT_H
#define RECORD_TEXT_H

#include "lib/strbuf.h"

/*
 * The text rules every field of a record follows, below the record model
 * so that the pieces of a test line (lib/metric.h) can use them too.
 */

/* Whether `s` is valid UTF-8 (no overlong forms, surrogates or > U+10FFFF). */
int record_is_utf8(const char *s);

/*
 * Appends `reason` as a record keeps it: control characters become spaces,
 * invalid UTF-8 bytes '?', C1 controls and bidirectional controls
 * (U+202E) their "<U+202E>" escape, white space at either end is dropped.  Returns
 * whether anything was appended (an empty reason is no reason).
 */
int record_clean_reason(struct strbuf *out, const char *reason);

/*
 * Whether `reason` (`len` bytes, no NUL) is a reason as
 * record_clean_reason() leaves it: cleaning it gives the same bytes.
 * Cheap for printable ASCII, nearly every reason.
 */
int record_reason_is_clean(const char *reason, size_t len);

#endif
