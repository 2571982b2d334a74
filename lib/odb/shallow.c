#include "lib/odb/shallow.h"
#include "lib/repo.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shallow {
	git_oid *oids;		/* sorted, for bsearch */
	size_t nr, alloc;
};

static int oid_compare(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

struct shallow *shallow_read(git_repository *repo)
{
	struct strbuf path = STRBUF_INIT, line = STRBUF_INIT;
	struct shallow *s = NULL;
	FILE *f;
	int c;

	strbuf_addf(&path, "%sshallow", git_repository_commondir(repo));
	f = fopen(path.buf, "r");
	if (!f) {
		if (errno != ENOENT)
			die_errno("cannot open '%s'", path.buf);
		goto out;
	}
	s = xcalloc(1, sizeof(*s));
	/* One full hexadecimal id a line, as git writes it. */
	while ((c = getc(f)) != EOF) {
		git_oid oid;

		if (c != '\n') {
			strbuf_addch(&line, (char)c);
			continue;
		}
		if (line.len && git_oid_fromstrn(&oid, line.buf, line.len) == 0) {
			ALLOC_GROW(s->oids, s->nr + 1, s->alloc);
			git_oid_cpy(&s->oids[s->nr++], &oid);
		}
		strbuf_reset(&line);
	}
	fclose(f);
	qsort(s->oids, s->nr, sizeof(*s->oids), oid_compare);
out:
	strbuf_release(&line);
	strbuf_release(&path);
	return s;
}

void shallow_free(struct shallow *s)
{
	if (!s)
		return;
	free(s->oids);
	free(s);
}

int shallow_has(const struct shallow *s, const git_oid *oid)
{
	return s && bsearch(oid, s->oids, s->nr, sizeof(*s->oids), oid_compare);
}

unsigned shallow_parentcount(const struct shallow *s, const git_commit *commit)
{
	if (shallow_has(s, git_commit_id(commit)))
		return 0;
	return git_commit_parentcount(commit);
}
