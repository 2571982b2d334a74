#ifndef KNOWN_ISSUES_FILE_H
#define KNOWN_ISSUES_FILE_H

#include "lib/known-issues.h"

#include <stdio.h>

/*
 * Adding entries to a known-issues file in the work tree (the format is
 * in Documentation/git-results-known-issues.md), for the commands that
 * learn of issues from elsewhere, such as `sync pull --known-issues`.
 */

/*
 * Whether entry `have` covers entry `k`, whose test pattern and filter
 * values are taken as they are written: `have`'s pattern matches `k`'s,
 * and each of `have`'s filters matches the value `k` gives its key.  A
 * failure `k` would mark known is then known already, whatever the link.
 */
int known_issue_covers(const struct known_issue *have, const struct known_issue *k);

/*
 * Appends to the file at `path` the entries of `add` that neither an
 * entry of it nor an earlier entry of `add` covers (known_issue_covers()), one line
 * each, in the order of their text, after the lines that are there,
 * which are kept byte for byte.  A file that does not exist is made,
 * with its directories and a comment line naming the format.  With
 * `dry_run`, nothing is written.  Each line added is also written to
 * `show` when it is not NULL.  Returns how many lines were (or would
 * be) added, or -1 after an error, the file left as it was.
 */
int known_issues_file_append(const char *path, const struct known_issues *add, int dry_run,
			     FILE *show);

/* Appends "<pattern> [key=value...] <link> [<reason>]", the line of an entry, without newline. */
void known_issue_format(struct strbuf *out, const struct known_issue *k);

#endif
