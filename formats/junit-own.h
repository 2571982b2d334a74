#ifndef FORMATS_JUNIT_OWN_H
#define FORMATS_JUNIT_OWN_H

#include "formats/format.h"

#include <expat.h>

/*
 * The JUnit reader's second half (formats/junit.c hands over to it):
 * documents that git results wrote (formats/junit-write.c), read back as
 * the records they were written from.  The root
 * <testsuites name="git results"> marks them; each <testsuite> is a run
 * whose <properties> give its header, each <testcase> a test whose
 * classname and name join into its path again.
 */

struct junit_own;

/* Whether the root element `name` with `atts` is the one junit-write.c writes. */
int junit_own_is_root(const char *name, const char **atts);

/*
 * Starts reading the document whose root (with attributes `root_atts`)
 * junit_own_is_root() claimed, handing runs and tests to `sink`.  What
 * stops the parse (a sink's non-zero return, or -1 with a message in
 * `err` for a document that is not as git results writes it) goes to
 * `*ret`, the first one only, and stops `xp`.  Free with junit_own_free().
 */
struct junit_own *junit_own_new(XML_Parser xp, struct result_sink *sink, struct strbuf *err,
				int *ret, const char **root_atts);

/*
 * expat's events after the root's start, passed on as they come: an
 * element's start and end, and character data.  The root's end is the
 * last end.
 */
void junit_own_start(struct junit_own *o, const char *name, const char **atts);
void junit_own_end(struct junit_own *o);
void junit_own_text(struct junit_own *o, const char *s, int len);

/* Frees `o`; NULL is allowed. */
void junit_own_free(struct junit_own *o);

#endif
