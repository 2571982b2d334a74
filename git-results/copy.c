/*
 * git results copy: carry results over to rewritten commits (the
 * post-rewrite hook runs `git results copy --stdin`), but only where the
 * tree did not change: results are about code, and other code is
 * untested, whatever its commit message says.
 */
#include "git-results/builtin.h"
#include "lib/store/attach.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const copy_usage[] = {
	"git results copy [--ref <notes-ref>] [-q] <from> <to>",
	"git results copy [--ref <notes-ref>] [-q] --stdin",
	NULL
};

struct rewrite {
	git_oid from, to;
	int same_tree;
};

struct copy_state {
	struct rewrite *items;
	size_t nr, alloc;
	size_t copied, other_tree, not_records;
	size_t onto_itself;	/* pairs of one commit with results: nothing to do */
};

static int tree_of(git_repository *repo, const git_oid *commit_id, git_oid *tree)
{
	git_commit *commit;

	if (git_commit_lookup(&commit, repo, commit_id) < 0)
		return -1;
	git_oid_cpy(tree, git_commit_tree_id(commit));
	git_commit_free(commit);
	return 0;
}

static int add_rewrite(struct copy_state *st, git_repository *repo, const char *from,
		       const char *to)
{
	struct rewrite *rw;
	git_oid from_tree, to_tree;

	ALLOC_GROW(st->items, st->nr + 1, st->alloc);
	rw = &st->items[st->nr];
	if (repo_resolve_commit(repo, from, &rw->from) || repo_resolve_commit(repo, to, &rw->to))
		return -1;
	check(tree_of(repo, &rw->from, &from_tree), "cannot read commit");
	check(tree_of(repo, &rw->to, &to_tree), "cannot read commit");
	rw->same_tree = !git_oid_cmp(&from_tree, &to_tree);
	st->nr++;
	return 0;
}

/* Reads git's post-rewrite input: "<old> <new> [<extra>]" per line. */
static int read_rewrites(struct copy_state *st, git_repository *repo)
{
	struct strbuf line = STRBUF_INIT;
	char *buf = NULL, *from, *to, *save = NULL;
	size_t alloc = 0;
	unsigned long lineno = 0;
	int ret = 0;

	while (getline(&buf, &alloc, stdin) >= 0) {
		lineno++;
		strbuf_reset(&line);
		strbuf_addstr(&line, buf);
		strbuf_trim(&line);
		if (!line.len)
			continue;
		from = strtok_r(line.buf, " ", &save);
		to = strtok_r(NULL, " ", &save);
		if (!to) {
			ret = error("line %lu: expected '<old> <new>'", lineno);
			break;
		}
		if (add_rewrite(st, repo, from, to)) {
			ret = error("line %lu: nothing copied", lineno);
			break;
		}
	}
	free(buf);
	strbuf_release(&line);
	return ret;
}

/*
 * Attaches the records of `from` to the note of `to` by the one attach
 * policy; both records of a conflict are kept, and flagged by every
 * reader.  Returns -1 when the note on `to` is not made of records.
 */
static int copy_records(struct notes_store *s, const struct record_list *from,
			const git_oid *to)
{
	struct note_attach note = NOTE_ATTACH_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (note_attach_read(&note, s, to, &err) < 0)
		goto out;
	for (i = 0; i < from->nr; i++)
		store_attach(&note, &from->items[i], ATTACH_KEEP_BOTH);
	note_attach_write(&note, s, to);
	ret = 0;
out:
	note_attach_release(&note);
	strbuf_release(&err);
	return ret;
}

static enum store_change apply_copy(struct notes_store *s, void *data)
{
	struct copy_state *st = data;
	struct strbuf err = STRBUF_INIT;
	size_t i;

	st->copied = st->other_tree = st->not_records = st->onto_itself = 0;
	for (i = 0; i < st->nr; i++) {
		const struct rewrite *rw = &st->items[i];
		struct record_list from = RECORD_LIST_INIT;

		if (!store_lookup(s, &rw->from))
			continue;
		if (!rw->same_tree) {
			st->other_tree++;
			continue;
		}
		if (store_read(s, &rw->from, &from, &err) == STORE_NOTE_BAD ||
		    (git_oid_cmp(&rw->from, &rw->to) && copy_records(s, &from, &rw->to) < 0)) {
			/* Text from git notes: git's notes.rewriteRef is for those. */
			st->not_records++;
		} else if (!git_oid_cmp(&rw->from, &rw->to)) {
			st->onto_itself++;
		} else {
			st->copied++;
		}
		strbuf_reset(&err);
		record_list_release(&from);
	}
	strbuf_release(&err);
	return STORE_COMMIT;
}

int cmd_copy(int argc, const char **argv)
{
	struct copy_state st = { NULL, 0, 0, 0, 0, 0, 0 };
	const char *ref = NULL;
	int use_stdin = 0, quiet = 0, ret;
	struct option options[] = {
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to use (default: results.notesRef or refs/notes/results)"),
		OPT_BOOL(0, "stdin", &use_stdin, "read '<old> <new>' lines, as the post-rewrite hook gets them"),
		OPT_BOOL('q', "quiet", &quiet, "do not report what was copied"),
		OPT_END()
	};
	struct notes_store store;
	git_repository *repo;
	char *ref_name;

	argc = parse_options(argc, argv, options, copy_usage);
	if (use_stdin ? argc != 0 : argc != 2)
		usage_msg_opt(copy_usage, options, use_stdin ? "--stdin takes no arguments" :
			      "name the commit to copy from and the one to copy to");
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	ret = use_stdin ? read_rewrites(&st, repo) : add_rewrite(&st, repo, argv[0], argv[1]);
	if (ret)
		goto out;
	store_open(&store, repo, ref_name);
	ret = store_update(&store, apply_copy, &st, "Notes copied by 'git results copy'\n");
	store_release(&store);
	ret = ret < 0 ? 1 : 0;
	if (!use_stdin && !ret && !st.copied) {
		if (st.other_tree)
			ret = error("'%s' and '%s' have different trees: results not copied",
				    argv[0], argv[1]);
		else if (st.not_records)
			ret = error("the note on '%s' is not made of results records", argv[0]);
		else if (!st.onto_itself)
			ret = error("no results recorded for '%s'", argv[0]);
		goto out;
	}
	if (!quiet && st.copied)
		fprintf(stderr, "results copied to %zu rewritten commit%s\n", st.copied,
			st.copied == 1 ? "" : "s");
	if (!quiet && st.other_tree)
		fprintf(stderr, "%zu rewritten commit%s with results changed the tree:"
			" results not copied\n", st.other_tree, st.other_tree == 1 ? "" : "s");
	if (st.not_records)
		warning("%zu note%s not made of results records: not copied", st.not_records,
			st.not_records == 1 ? "" : "s");
out:
	free(st.items);
	free(ref_name);
	git_repository_free(repo);
	return ret ? 1 : 0;
}
