#ifndef RELEASE_TRAILER_H
#define RELEASE_TRAILER_H

#include "lib/strbuf.h"

#include <stddef.h>

/*
 * Adding trailers ("Test-link: <url>") to a commit or tag message by
 * git's own rules (git-interpret-trailers(1)), so that git finds them
 * again: the trailer block is the last paragraph of the message, not
 * counting a patch after a "---" line, comments, the part below a
 * scissors line, or trailing blank lines; it is a trailer block when all
 * its lines are trailers, or when a quarter of them are and one is
 * git-generated (Signed-off-by:, "(cherry picked from commit ...").
 */

/*
 * Adds a `key: value` trailer for each of `values` to `msg`, as
 * `git interpret-trailers --if-exists addIfDifferent` does: a trailer
 * whose key (compared case-insensitively) and value are already in the
 * message's trailer block is not added again.  New trailers go after the
 * existing block, or in a new paragraph.  `comment` is the comment
 * character (core.commentChar, usually '#').  Returns how many were added.
 */
size_t trailer_add(struct strbuf *msg, const char *key, const char *const *values, size_t nr,
		   char comment);

#endif
