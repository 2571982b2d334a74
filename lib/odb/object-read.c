#include "lib/odb/object-read.h"
#include "lib/odb/promisor.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

/*
 * The pack view is only for the repository's own object directory: one
 * named by the environment is libgit2's to find (see repo_open()).
 */
static struct packed_objects *open_packs(git_repository *repo)
{
	struct strbuf dir = STRBUF_INIT;
	struct packed_objects *packs;

	if (getenv("GIT_OBJECT_DIRECTORY"))
		return NULL;
	strbuf_addstr(&dir, git_repository_commondir(repo));
	while (dir.len > 1 && dir.buf[dir.len - 1] == '/')
		strbuf_setlen(&dir, dir.len - 1);
	strbuf_addstr(&dir, "/objects");
	packs = packed_objects_open(dir.buf);
	strbuf_release(&dir);
	return packs;
}

void object_reader_open(struct object_reader *r, git_repository *repo)
{
	memset(r, 0, sizeof(*r));
	check(git_repository_odb(&r->odb, repo), "cannot open object database");
	r->packs = open_packs(repo);
	r->own_packs = 1;
	pack_cursor_init(&r->cursor);
	strbuf_init(&r->data, 0);
	r->promisor = promisor_remote(repo);
}

int object_reader_share(struct object_reader *r, git_repository *repo,
			const struct object_reader *from)
{
	memset(r, 0, sizeof(*r));
	if (git_repository_odb(&r->odb, repo) < 0)
		return -1;
	r->packs = from->packs;
	pack_cursor_init(&r->cursor);
	strbuf_init(&r->data, 0);
	r->promisor = from->promisor ? xstrdup(from->promisor) : NULL;
	return 0;
}

void object_reader_release(struct object_reader *r)
{
	git_odb_free(r->odb);
	if (r->own_packs)
		packed_objects_free(r->packs);
	pack_cursor_release(&r->cursor);
	strbuf_release(&r->data);
	free(r->promisor);
	memset(r, 0, sizeof(*r));
}

void object_reader_prefetch(struct object_reader *r, const git_oid *oids, size_t nr)
{
	git_oid *missing = NULL;
	size_t missing_nr = 0, alloc = 0, i;

	if (!r->promisor)
		return;
	for (i = 0; i < nr; i++) {
		if (git_odb_exists(r->odb, &oids[i]))
			continue;
		ALLOC_GROW(missing, missing_nr + 1, alloc);
		git_oid_cpy(&missing[missing_nr++], &oids[i]);
	}
	/* A failure shows again, as libgit2's error, when the object is read. */
	if (missing_nr)
		promisor_fetch(r->promisor, missing, missing_nr);
	free(missing);
}

static int read_from_odb(struct object_reader *r, const git_oid *oid, git_object_t *type,
			 char **error)
{
	git_odb_object *obj;
	int ret = git_odb_read(&obj, r->odb, oid);

	/* git's lazy fetch; libgit2 looks at the packs afresh after a miss. */
	if (ret == GIT_ENOTFOUND && r->promisor && !promisor_fetch(r->promisor, oid, 1))
		ret = git_odb_read(&obj, r->odb, oid);
	if (ret < 0) {
		struct strbuf msg = STRBUF_INIT;

		strbuf_addf(&msg, "cannot read %s: %s", git_oid_tostr_s(oid), repo_error_text());
		*error = strbuf_detach(&msg, NULL);
		return -1;
	}
	*type = git_odb_object_type(obj);
	strbuf_reset(&r->data);
	strbuf_add(&r->data, git_odb_object_data(obj), git_odb_object_size(obj));
	git_odb_object_free(obj);
	return 0;
}

int object_read(struct object_reader *r, const git_oid *oid, git_object_t want, char **error)
{
	git_object_t type;

	if ((!r->packs || packed_object_read(r->packs, &r->cursor, oid, &type, &r->data)) &&
	    read_from_odb(r, oid, &type, error))
		return -1;
	if (want != GIT_OBJECT_ANY && type != want) {
		struct strbuf msg = STRBUF_INIT;

		strbuf_addf(&msg, "%s is a %s, not a %s", git_oid_tostr_s(oid),
			    git_object_type2string(type), git_object_type2string(want));
		*error = strbuf_detach(&msg, NULL);
		return -1;
	}
	return 0;
}

int tree_entry_next(const struct strbuf *tree, size_t *pos, struct raw_tree_entry *e)
{
	const char *p = tree->buf + *pos, *end = tree->buf + tree->len, *nul;
	unsigned mode = 0;

	if (p == end)
		return 0;
	/* "<octal mode> <name>\0<raw id>" */
	while (p < end && *p >= '0' && *p <= '7' && mode < 01000000)
		mode = mode * 8 + (unsigned)(*p++ - '0');
	if (p == tree->buf + *pos || p == end || *p++ != ' ')
		return -1;
	nul = memchr(p, '\0', (size_t)(end - p));
	if (!nul || nul == p || (size_t)(end - nul - 1) < GIT_OID_RAWSZ)
		return -1;
	e->mode = mode;
	e->name = p;
	e->name_len = (size_t)(nul - p);
	git_oid_fromraw(&e->oid, (const unsigned char *)nul + 1);
	*pos = (size_t)(nul + 1 + GIT_OID_RAWSZ - tree->buf);
	return 1;
}

git_object_t tree_entry_type(unsigned mode)
{
	if ((mode & 0170000) == 0040000)
		return GIT_OBJECT_TREE;
	if ((mode & 0170000) == 0160000)
		return GIT_OBJECT_COMMIT;
	return GIT_OBJECT_BLOB;
}
