/*
 * git results remove: drop records from commits, all of them or those of
 * some origins or one run.
 */
#include "git-results/builtin.h"
#include "lib/parse-options.h"
#include "lib/record-filter.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const remove_usage[] = {
	"git results remove [--origin <origin>...] [--run <id>] [--ref <notes-ref>] <commit>...",
	NULL
};

struct remove_state {
	struct record_filter filter;	/* --origin */
	const char *run;
	git_oid *commits;
	const char **names;
	size_t nr;
	size_t removed;
};

static int matches(const struct remove_state *st, const struct record *r)
{
	return record_filter_match(&st->filter, r) && (!st->run || !strcmp(st->run, r->run));
}

/* "no results recorded for 'HEAD' from origin 'a' or 'b', run 'r'"; returns -1. */
static int error_none(const struct remove_state *st, const char *name)
{
	struct strbuf which = STRBUF_INIT;
	size_t i;

	for (i = 0; i < st->filter.origins.nr; i++)
		strbuf_addf(&which, "%s'%s'", i ? " or " : " from origin ", st->filter.origins.items[i]);
	if (st->run)
		strbuf_addf(&which, "%s'%s'", which.len ? ", run " : " with run ", st->run);
	error("no results recorded for '%s'%s", name, which.buf);
	strbuf_release(&which);
	return -1;
}

static enum store_change apply_remove(struct notes_store *s, void *data)
{
	struct remove_state *st = data;
	size_t i, j, k;
	int ret = 0;

	st->removed = 0;
	for (i = 0; i < st->nr && !ret; i++) {
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		size_t before;
		enum store_note got = store_read(s, &st->commits[i], &list, &err);

		if (got == STORE_NOTE_NONE) {
			ret = error("no results recorded for '%s'", st->names[i]);
		} else if (got == STORE_NOTE_BAD && (record_filter_active(&st->filter) || st->run)) {
			ret = error("the note on '%s' is not a results record (%s);"
				    " remove it whole without --origin or --run", st->names[i], err.buf);
		} else if (got < 0) {
			/* Not records, but asked to remove everything: do as git notes remove. */
			store_remove(s, &st->commits[i]);
			st->removed++;
		} else {
			before = list.nr;
			for (j = k = 0; j < list.nr; j++) {
				if (matches(st, &list.items[j]))
					record_release(&list.items[j]);
				else
					list.items[k++] = list.items[j];
			}
			list.nr = k;
			if (k == before)
				ret = error_none(st, st->names[i]);
			else
				store_put_records(s, &st->commits[i], &list);
			st->removed += before - k;
		}
		record_list_release(&list);
		strbuf_release(&err);
	}
	return ret ? STORE_ABORT : STORE_COMMIT;
}

int cmd_remove(int argc, const char **argv)
{
	struct remove_state st = { RECORD_FILTER_INIT, NULL, NULL, NULL, 0, 0 };
	const char *ref = NULL;
	struct option options[] = {
		OPT_STRING_LIST(0, "origin", &st.filter.origins, "origin",
				"remove only this origin's records (repeatable: any of them)"),
		OPT_STRING(0, "run", &st.run, "id", "remove only the record of this run"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to change"),
		OPT_END()
	};
	struct notes_store store;
	git_repository *repo;
	char *ref_name;
	int i, ret = 0;

	argc = parse_options(argc, argv, options, remove_usage);
	if (!argc)
		usage_msg_opt(remove_usage, options, "name the commit(s) to remove results from");
	record_filter_read_or_usage(&st.filter, remove_usage, options);
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	st.commits = xcalloc(argc, sizeof(*st.commits));
	st.names = argv;
	st.nr = argc;
	for (i = 0; i < argc; i++)
		if (repo_resolve_commit(repo, argv[i], &st.commits[i]) < 0)
			ret = 1;
	if (!ret) {
		store_open(&store, repo, ref_name);
		ret = store_update(&store, apply_remove, &st, "Notes removed by 'git results remove'\n");
		if (!ret)
			fprintf(stderr, "removed %zu record%s\n", st.removed, st.removed == 1 ? "" : "s");
		ret = ret < 0 ? 1 : 0;
		store_release(&store);
	}
	free(st.commits);
	record_filter_release(&st.filter);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}
