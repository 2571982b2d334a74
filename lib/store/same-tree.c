#include "lib/store/same-tree.h"
#include "lib/repo.h"

#include <stdio.h>
#include <string.h>

struct search {
	struct notes_store *store;
	const git_oid *commit;
	char tree_hex[GIT_OID_HEXSZ + 1];
	char needle[GIT_OID_HEXSZ + 8];	/* "\ntree <hex>\n" */
	size_t needle_len;
	struct record_list *out;
	git_oid *found;
};

static int look(const struct note_entry *note, void *data)
{
	struct search *se = data;
	const struct strbuf *text;
	const char *buf;
	size_t len;
	int hit;

	if (!git_oid_cmp(&note->object, se->commit))
		return 0;
	text = store_note_text(se->store, &note->blob);
	buf = text->buf;
	len = text->len;
	/* A cheap look first: the tree line is in the header of each record. */
	hit = memmem(buf, len, se->needle, se->needle_len) != NULL;
	if (hit) {
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		size_t i;

		hit = 0;
		if (!record_list_parse(&list, buf, len, &err)) {
			for (i = 0; i < list.nr; i++) {
				if (strcmp(list.items[i].tree, se->tree_hex))
					continue;
				record_list_take(se->out, &list.items[i]);
				hit = 1;
			}
		}
		record_list_release(&list);
		strbuf_release(&err);
	}
	if (hit)
		git_oid_cpy(se->found, &note->object);
	return hit;
}

int store_read_same_tree(struct notes_store *s, const git_oid *commit,
			 struct record_list *out, git_oid *source)
{
	struct search se;
	git_commit *c;

	se.store = s;
	se.commit = commit;
	se.found = source;
	se.out = out;
	check(git_commit_lookup(&c, s->repo, commit), "cannot read commit");
	git_oid_tostr(se.tree_hex, sizeof(se.tree_hex), git_commit_tree_id(c));
	git_commit_free(c);
	se.needle_len = (size_t)snprintf(se.needle, sizeof(se.needle), "\ntree %s\n", se.tree_hex);
	return store_for_each(s, look, &se) ? 0 : 1;
}
