/*
 * git results verify: check the signature of every record on some
 * commits, a revision range, or the whole notes ref, against the trust
 * policy.  Silent and 0 when every record is good; otherwise one line per
 * record and 1.  Anything that stops the check (a bad revision, nothing
 * to check) is an error, 128, as git's are: 1 says only that a record
 * did not verify.
 */
#include "git-results/builtin.h"
#include "lib/sign/output.h"
#include "formats/json.h"
#include "lib/hex.h"
#include "lib/parse-options.h"
#include "lib/record-filter.h"
#include "lib/progress.h"
#include "lib/sign/record.h"
#include "lib/repo.h"
#include "lib/revision.h"
#include "lib/store.h"
#include "lib/store/same-tree.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const verify_usage[] = {
	"git results verify [-v | --json] [--origin <origin>...] [--ref <notes-ref>]\n"
	"                   [<commit>... | <revision range>...]",
	"git results verify [-v | --json] [--origin <origin>...] [--ref <notes-ref>] --all",
	NULL
};

/* One record to check, or a note that could not be read (`unreadable`). */
struct item {
	char commit[GIT_OID_HEXSZ + 1];	/* where the record is attached */
	char asked[GIT_OID_HEXSZ + 1];	/* the commit asked about, when another with its tree */
	struct record record;
	struct signature_result result;
	char *unreadable;
};

struct verify_state {
	struct notes_store *store;
	const struct record_filter *filter;	/* --origin: the records to verify */
	struct item *items;
	size_t nr, alloc;
};

static struct item *new_item(struct verify_state *st, const git_oid *commit)
{
	struct signature_result blank = SIGNATURE_RESULT_INIT;
	struct item *it;

	ALLOC_GROW(st->items, st->nr + 1, st->alloc);
	it = &st->items[st->nr++];
	git_oid_tostr(it->commit, sizeof(it->commit), commit);
	*it->asked = '\0';
	record_init(&it->record);
	it->result = blank;
	it->unreadable = NULL;
	return it;
}

/* Queues the records on `commit`; 1 when it has none. */
static int collect(struct verify_state *st, const git_oid *commit)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t i;
	int ret = store_read(st->store, commit, &list, &err);

	if (ret == STORE_NOTE_BAD) {
		struct item *it = new_item(st, commit);
		struct strbuf msg = STRBUF_INIT;

		strbuf_addf(&msg, "the note is not a results record: %s", err.buf);
		it->unreadable = strbuf_detach(&msg, NULL);
	}
	if (ret == STORE_NOTE_READ && !record_filter_apply(st->filter, &list))
		ret = STORE_NOTE_NONE;
	for (i = 0; ret == STORE_NOTE_READ && i < list.nr; i++) {
		struct item *it = new_item(st, commit);

		it->record = list.items[i];
		record_init(&list.items[i]);
	}
	record_list_release(&list);
	strbuf_release(&err);
	return ret == STORE_NOTE_NONE;
}

/*
 * Queues the records a commit without a note of its own has by the one
 * same-tree rule, each checked on the commit it is attached to; 1 when
 * there are none.
 */
static int collect_same_tree(struct verify_state *st, const git_oid *commit)
{
	struct record_list list = RECORD_LIST_INIT;
	git_oid source;
	size_t i;

	if (store_read_same_tree(st->store, commit, &list, &source))
		return 1;
	if (!record_filter_apply(st->filter, &list)) {
		record_list_release(&list);
		return 1;
	}
	for (i = 0; i < list.nr; i++) {
		struct item *it = new_item(st, &source);

		git_oid_tostr(it->asked, sizeof(it->asked), commit);
		it->record = list.items[i];
		record_init(&list.items[i]);
	}
	record_list_release(&list);
	return 0;
}

/*
 * Whether the record names a commit that has the tree the record names:
 * then its signature vouches for that tree, which a commit reached
 * through the same-tree rule has too.
 */
static int names_its_tree(git_repository *repo, const struct record *r)
{
	git_commit *c;
	git_oid oid;
	int same;

	if (hex_parse_oid(&oid, r->commit) < 0 || git_commit_lookup(&c, repo, &oid) < 0)
		return 0;
	same = !strcmp(git_oid_tostr_s(git_commit_tree_id(c)), r->tree);
	git_commit_free(c);
	return same;
}

static int collect_note(const struct note_entry *note, void *data)
{
	collect(data, &note->object);
	return 0;
}

static int collect_walk(struct verify_state *st, git_repository *repo, int argc, const char **argv)
{
	git_revwalk *walk;
	git_oid oid;
	int i, ret = -1;

	check(git_revwalk_new(&walk, repo), "cannot walk");
	git_revwalk_sorting(walk, GIT_SORT_NONE);
	for (i = 0; i < argc; i++)
		if (revision_push(repo, walk, argv[i]))
			goto out;
	while (!(ret = git_revwalk_next(&oid, walk)))
		if (store_lookup(st->store, &oid))
			collect(st, &oid);
	if (ret != GIT_ITEROVER)
		check(ret, "cannot walk history");
	ret = 0;
out:
	git_revwalk_free(walk);
	return ret;
}

static int collect_commits(struct verify_state *st, git_repository *repo, int argc, const char **argv)
{
	int i, ret = 0;

	for (i = 0; i < argc; i++) {
		git_oid oid;

		if (repo_resolve_commit(repo, argv[i], &oid) < 0)
			ret = -1;
		else if (collect(st, &oid) && collect_same_tree(st, &oid))
			ret = record_filter_error_none(st->filter, argv[i]);
	}
	return ret;
}

static void print_line(const struct item *it)
{
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	const char *sp;

	/* "<status> <commit> <origin> <run>[ <description>]" */
	signature_line(&line, &it->result, " ");
	sp = strchr(line.buf, ' ');
	strbuf_add(&sb, line.buf, sp ? (size_t)(sp - line.buf) : line.len);
	strbuf_addf(&sb, " %s %s %s%s", *it->asked ? it->asked : it->commit, it->record.origin,
		    it->record.run, sp ? sp : "");
	if (*it->asked)
		strbuf_addf(&sb, " (results of %s, which has the same tree)", it->commit);
	strbuf_addch(&sb, '\n');
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
	strbuf_release(&line);
}

static json_t *item_to_json(const struct item *it)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "commit", json_string(*it->asked ? it->asked : it->commit));
	json_object_set_new(obj, "origin", it->record.origin ? json_string(it->record.origin) : json_null());
	json_object_set_new(obj, "run", it->record.run ? json_string(it->record.run) : json_null());
	if (it->unreadable) {
		struct signature_result bad = SIGNATURE_RESULT_INIT;

		signature_result_set(&bad, SIGNATURE_BAD, "%s", it->unreadable);
		signature_json_fill(obj, &bad, 0);
		signature_result_release(&bad);
	} else {
		signature_json_fill(obj, &it->result, it->record.signature != NULL);
	}
	if (*it->asked) {	/* the same-tree rule: both keys, only then */
		json_object_set_new(obj, "same_tree", json_true());
		json_object_set_new(obj, "attached_to", json_string(it->commit));
	}
	return obj;
}

int cmd_verify(int argc, const char **argv)
{
	int all = 0, json = 0, verbose = 0, progress_opt = -1, failed = 0, i;
	const char *ref = NULL;
	struct record_filter filter = RECORD_FILTER_INIT;
	struct option options[] = {
		OPT_BOOL('v', "verbose", &verbose, "print a line for every record, even when all are good"),
		OPT_BOOL(0, "json", &json, "print a JSON array with one object per record"),
		OPT_BOOL(0, "all", &all, "verify every record in the notes ref"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_BOOL(0, "progress", &progress_opt, "show progress (default: when standard error is a terminal)"),
		OPT_END()
	};
	static const char *head[] = { "HEAD", NULL };
	struct verify_state st = { NULL, &filter, NULL, 0, 0 };
	struct signature_context *sc = NULL;
	struct progress *progress;
	struct notes_store store;
	git_repository *repo;
	size_t k, bad = 0;
	int walk = 0;
	char *ref_name;

	argc = parse_options(argc, argv, options, verify_usage);
	if (all && argc)
		usage_msg_opt(verify_usage, options, "--all takes no revisions");
	if (json && verbose)
		usage_msg_opt(verify_usage, options, "--json and --verbose cannot be used together");
	record_filter_read_or_usage(&filter, verify_usage, options);
	if (!argc && !all) {
		argv = head;
		argc = 1;
	}
	for (i = 0; i < argc; i++)
		walk |= revision_is_range(argv[i]);
	progress_set_enabled(progress_opt);
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	st.store = &store;

	if (all)
		store_for_each(&store, collect_note, &st);
	else if (walk)
		failed = collect_walk(&st, repo, argc, argv) < 0;
	else
		failed = collect_commits(&st, repo, argc, argv) < 0;
	if (!st.nr && !failed) {
		if (all)
			error("no results recorded in %s", ref_name);
		else
			error("no results recorded in the given revisions");
		failed = 1;
	}
	if (!st.nr)
		goto out;

	sc = signature_context_new(repo);
	signature_context_policy(sc);	/* bad configuration dies before any output */
	progress = progress_start("Verifying signatures", st.nr);
	for (k = 0; k < st.nr; k++) {
		struct item *it = &st.items[k];

		if (it->unreadable)
			error("%s: %s", it->commit, it->unreadable);
		else
			record_verify(sc, &it->record, *it->asked && names_its_tree(repo, &it->record) ?
				      it->record.commit : it->commit, &it->result);
		if (it->unreadable || it->result.status != SIGNATURE_GOOD)
			bad++;
		progress_update(progress, k + 1);
	}
	progress_stop(&progress);

	if (json) {
		json_t *array = json_array();

		for (k = 0; k < st.nr; k++)
			json_array_append_new(array, item_to_json(&st.items[k]));
		print_json(array);
	} else if (bad || verbose) {
		for (k = 0; k < st.nr; k++)
			if (!st.items[k].unreadable)
				print_line(&st.items[k]);
	}
	if (bad)
		error("%zu of %zu record%s did not verify", bad, st.nr, st.nr == 1 ? "" : "s");
out:
	for (k = 0; k < st.nr; k++) {
		record_release(&st.items[k].record);
		signature_result_release(&st.items[k].result);
		free(st.items[k].unreadable);
	}
	free(st.items);
	signature_context_free(sc);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	record_filter_release(&filter);
	return failed ? 128 : bad ? 1 : 0;
}
