#ifndef KCIDB_RENDER_H
#define KCIDB_RENDER_H

#include "lib/record.h"
#include "lib/strbuf.h"

#include <git2.h>
#include <stdio.h>

/*
 * `--to kcidb`: the same document `sync push --dry-run` writes for
 * `records`, with the origin, repository URL and branch from `repo`'s
 * configuration.  formats/render.c lists it by name, as its registry
 * lists the KCIDB reader.  Returns 0, or -1 with a message in `err`.
 */
int render_kcidb(FILE *out, git_repository *repo, const struct record_list *records,
		 struct strbuf *err);

#endif
