#ifndef KCIDB_CHECK_H
#define KCIDB_CHECK_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * Checks a KCIDB document before it leaves the machine, in one streaming
 * pass over its bytes (no tree is built, so memory does not grow with
 * the document).  What is checked, from schema-v5.3.json:
 *
 *  - the text is JSON (RFC 8259) in valid UTF-8, with no duplicate keys;
 *  - the top level and every checkout, build, test, issue, incident,
 *    resource, test environment, test number, issue culprit and the
 *    version object have only the properties the schema lists
 *    (additionalProperties: false) and all the ones it requires;
 *  - every property has its type (string, number, integer, boolean,
 *    object, array); null is refused everywhere outside misc;
 *  - version.major is 5 and version.minor is 0 to 3;
 *  - origin matches ^[a-z0-9_]+$ and every id and *_id matches
 *    ^[a-z0-9_]+:[^\0]*$; architecture ^[a-z0-9_]*$; git_commit_hash 40
 *    lower-case hex digits; patchset_hash empty or 64; test paths and
 *    issue categories the dot-separated path rule; resource names have
 *    no '/'; git_repository_url starts with https://;
 *  - status is FAIL, ERROR, MISS, PASS, DONE or SKIP; number.prefix is
 *    metric or binary; integers have their minimum;
 *  - date-times are RFC 3339 (valid calendar dates), URIs are absolute
 *    RFC 3986 URIs, message_id holds an '@', log_excerpt has at most
 *    16384 characters, and no string outside misc holds a NUL.
 *
 * One rule is ours, not the schema's: an object's id must start with its
 * own origin and ':', since KCIDB does not check that the two agree.
 * misc objects may hold any JSON.
 */

/* Returns 0, or -1 with a message naming the place ("tests[3].status: ..."). */
int kcidb_check_document(const char *json, size_t len, struct strbuf *err);

#endif
