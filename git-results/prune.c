/*
 * git results prune: drop the notes of commits that no longer exist, as
 * `git notes prune` does for any notes ref.
 */
#include "git-results/builtin.h"
#include "lib/odb/promisor.h"
#include "lib/odb/shallow.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const prune_usage[] = {
	"git results prune [-n] [-v] [--ref <notes-ref>]",
	NULL
};

struct prune_state {
	git_odb *odb;
	char *promisor;
	git_oid *gone;
	size_t nr, alloc;
};

static int find_gone(const struct note_entry *note, void *data)
{
	struct prune_state *st = data;

	if (!git_odb_exists(st->odb, &note->object)) {
		ALLOC_GROW(st->gone, st->nr + 1, st->alloc);
		git_oid_cpy(&st->gone[st->nr++], &note->object);
	}
	return 0;
}

/* A partial clone may only have left them out: ask its promisor remote, as git would. */
static void keep_promised(struct prune_state *st)
{
	size_t i, kept = 0;

	if (!st->promisor || !st->nr || promisor_fetch(st->promisor, st->gone, st->nr))
		return;
	for (i = 0; i < st->nr; i++)
		if (!git_odb_exists(st->odb, &st->gone[i]))
			st->gone[kept++] = st->gone[i];
	st->nr = kept;
}

static enum store_change apply_prune(struct notes_store *s, void *data)
{
	struct prune_state *st = data;
	size_t i;

	/* Re-read after a concurrent writer: only what is still noted and gone. */
	st->nr = 0;
	store_for_each(s, find_gone, st);
	keep_promised(st);
	for (i = 0; i < st->nr; i++)
		store_remove(s, &st->gone[i]);
	return st->nr ? STORE_COMMIT : STORE_UNCHANGED;
}

int cmd_prune(int argc, const char **argv)
{
	int dry_run = 0, verbose = 0, ret = 1;
	const char *ref = NULL;
	struct option options[] = {
		OPT_BOOL('n', "dry-run", &dry_run, "do not remove anything; list what would go"),
		OPT_BOOL('v', "verbose", &verbose, "list the commits whose notes are removed"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to prune"),
		OPT_END()
	};
	struct prune_state st = { NULL, NULL, NULL, 0, 0 };
	struct notes_store store;
	struct shallow *shallow;
	git_repository *repo;
	char *ref_name;
	size_t i;

	argc = parse_options(argc, argv, options, prune_usage);
	if (argc)
		usage_msg_opt(prune_usage, options, "too many arguments");
	repo = repo_open();
	shallow = shallow_read(repo);
	if (shallow) {
		/* Its missing history is not gone: a push would spread the loss. */
		shallow_free(shallow);
		git_repository_free(repo);
		die("cannot prune in a shallow clone: the commits it lacks still exist elsewhere");
	}
	ref_name = store_ref_name(repo, ref);
	check(git_repository_odb(&st.odb, repo), "cannot open object database");
	st.promisor = promisor_remote(repo);
	store_open(&store, repo, ref_name);
	if (dry_run) {
		store_for_each(&store, find_gone, &st);
		keep_promised(&st);
	} else if (store_update(&store, apply_prune, &st,
				"Notes removed by 'git results prune'\n") < 0) {
		goto out;
	}
	for (i = 0; i < st.nr && (verbose || dry_run); i++) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof(hex), &st.gone[i]);
		printf("%s\n", hex);
	}
	ret = 0;
out:
	store_release(&store);
	free(st.gone);
	free(st.promisor);
	git_odb_free(st.odb);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}
