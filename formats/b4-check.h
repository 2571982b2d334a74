#ifndef FORMATS_B4_CHECK_H
#define FORMATS_B4_CHECK_H

#include "lib/record.h"

#include <git2.h>
#include <stdio.h>

/*
 * `show --to b4-check`: one line of JSON per commit (the records name
 * it; consecutive records of one commit make one object), in the shape
 * b4's review check commands print: tool, status (pass, warn or fail),
 * summary, url and details (a JSON array, as a string, of one finding
 * per run), and the commit.  Returns 0, or -1 with a message in `err`.
 */
int render_b4_check(FILE *out, git_repository *repo, const struct record_list *records,
		    struct strbuf *err);

#endif
