/*
 * git results show: the records on one or more commits, for people
 * (failures first, passes summarised) or as JSON.
 */
#include "git-results/builtin.h"
#include "lib/sign/output.h"
#include "formats/json.h"
#include "lib/color.h"
#include "formats/render.h"
#include "lib/parse-options.h"
#include "lib/pathspec.h"
#include "lib/record-filter.h"
#include "lib/revision.h"
#include "lib/sign/record.h"
#include "lib/remote.h"
#include "lib/repo.h"
#include "lib/store/same-tree.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const show_usage[] = {
	"git results show [--all] [--to <format> | --json | --raw] [--show-signature]\n"
	"                 [--origin <origin>...] [--color[=<when>]] [--ref <notes-ref>]\n"
	"                 [<commit> | <from>..<to>]... [[--] <path>...]",
	NULL
};

static void show_record(const struct record *r, const char *attached_to, int all,
			const struct signature_result *sig)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, shown = 0;

	if (sig) {
		strbuf_addstr(&sb, "signature ");
		signature_line(&sb, sig, ": ");
		strbuf_addch(&sb, '\n');
	}
	if (*r->commit && strcmp(r->commit, attached_to))
		strbuf_addf(&sb, "warning: this record was made for commit %s\n", r->commit);
	strbuf_addf(&sb, "origin %s  run %s", r->origin, r->run);
	if (r->date)
		strbuf_addf(&sb, "  %s", r->date);
	strbuf_addch(&sb, '\n');
	if (r->env_nr) {
		strbuf_addstr(&sb, "env   ");
		for (i = 0; i < r->env_nr; i++)
			strbuf_addf(&sb, " %s=%s", r->env[i].key, r->env[i].value);
		strbuf_addch(&sb, '\n');
	}
	if (r->tester)
		strbuf_addf(&sb, "tester %s\n", r->tester);
	for (i = 0; i < r->links_nr; i++)
		strbuf_addf(&sb, "link   %s\n", r->links[i]);
	strbuf_addf(&sb, "status %s%s%s: %zu test%s, ", color_status(r->status), status_name(r->status),
		    color_reset(), r->tests_nr + r->tests_omitted,
		    r->tests_nr + r->tests_omitted == 1 ? "" : "s");
	record_describe_counts(&sb, r->counts);
	strbuf_addch(&sb, '\n');

	/* Failures lead; passes and skips only with --all. */
	for (i = 0; i < r->tests_nr; i++) {
		const struct record_test *t = &r->tests[i];

		if (!all && t->status >= STATUS_PASS)
			continue;
		if (!shown++)
			strbuf_addch(&sb, '\n');
		strbuf_addf(&sb, "    %s%s%s%*s %s", color_status(t->status), status_name(t->status),
			    color_reset(), 5 - (int)strlen(status_name(t->status)), "", t->path);
		if (t->reason)
			strbuf_addf(&sb, "  # %s", t->reason);
		strbuf_addch(&sb, '\n');
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

/* One commit named on the command line, resolved: its records and where they are. */
struct shown {
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];		/* the commit named */
	char attached_to[GIT_OID_HEXSZ + 1];	/* the commit whose note holds the records */
	int same_tree;				/* that is another commit, with the same tree */
	struct record_list records;
};

struct shown_list {
	struct shown *items;
	size_t nr, alloc;
};

/* What of the records the output needs. */
struct show_mode {
	int same_tree;		/* the results of the same code when a commit has none */
	int failing_only;	/* only the failing tests (and the counts) */
};

/*
 * Reads the records of `oid` (with mode->same_tree, those of the same
 * code on another commit when it has none of its own), those that pass
 * `filter`, into a new entry of `list`.  Returns 0, 1 when there are
 * none (after printing so, unless `quiet`), or -1 after printing an
 * error.
 */
static int read_shown(struct shown_list *list, git_repository *repo, struct notes_store *store,
		      const git_oid *oid, const char *name, const struct show_mode *mode,
		      const struct record_filter *filter, int quiet)
{
	struct strbuf err = STRBUF_INIT;
	struct shown *sh;
	enum store_note got;
	git_oid source;

	ALLOC_GROW(list->items, list->nr + 1, list->alloc);
	sh = &list->items[list->nr];
	memset(sh, 0, sizeof(*sh));
	git_oid_cpy(&sh->oid, oid);
	git_oid_tostr(sh->hex, sizeof(sh->hex), &sh->oid);
	memcpy(sh->attached_to, sh->hex, sizeof(sh->hex));
	sh->records.failing_only = mode->failing_only;
	got = store_read(store, &sh->oid, &sh->records, &err);
	/* None of its own: those of the same code on another commit, marked. */
	if (got == STORE_NOTE_NONE && mode->same_tree &&
	    !store_read_same_tree(store, &sh->oid, &sh->records, &source)) {
		git_oid_tostr(sh->attached_to, sizeof(sh->attached_to), &source);
		sh->same_tree = 1;
		got = STORE_NOTE_READ;
	}
	if (got == STORE_NOTE_READ && !record_filter_apply(filter, &sh->records))
		got = STORE_NOTE_NONE;
	if (got == STORE_NOTE_NONE && !quiet) {
		record_filter_error_none(filter, name);
		if (!record_filter_active(filter))
			remote_hint_fetch(repo, store);
	}
	else if (got == STORE_NOTE_BAD)
		error("the note on %s in %s is not a results record: %s", sh->hex, store->ref,
		      err.buf);
	strbuf_release(&err);
	if (got != STORE_NOTE_READ) {
		record_list_release(&sh->records);
		return got == STORE_NOTE_NONE ? 1 : -1;
	}
	list->nr++;
	return 0;
}

/* Whether the paths given (none: every commit) leave the commit in, as log's do. */
static int touches(const struct pathspec *paths, git_repository *repo, const git_oid *oid)
{
	return !paths->paths.count || pathspec_commit_touches(paths, repo, oid);
}

/*
 * Reads what one argument names: a commit, or each commit of a range
 * "a..b" that has results, newest first, as `git show a..b` shows each
 * commit of it; with paths, only the commits that change them, as `git
 * results log a..b -- <path>` lists them (a named commit that does not
 * is not shown, as git show does not show it).  Returns 0, or -1 after
 * printing why there is nothing (a range without results is not an
 * error: `git log` shows nothing).
 */
static int resolve(struct shown_list *list, git_repository *repo, struct notes_store *store,
		   const char *name, const struct show_mode *mode, const struct record_filter *filter,
		   const struct pathspec *paths)
{
	struct oid_list commits = OID_LIST_INIT;
	git_oid oid;
	size_t i;
	int ret = 0;

	if (!revision_is_dotted(name)) {
		if (repo_resolve_commit(repo, name, &oid) < 0)
			return -1;
		if (!touches(paths, repo, &oid))
			return 0;
		return read_shown(list, repo, store, &oid, name, mode, filter, 0) ? -1 : 0;
	}
	if (revision_collect(repo, 1, &name, &commits))
		return -1;
	for (i = 0; i < commits.nr && ret >= 0; i++)
		if (touches(paths, repo, &commits.oids[i]))
			ret = read_shown(list, repo, store, &commits.oids[i], name, mode, filter, 1);
	oid_list_release(&commits);
	return ret < 0 ? -1 : 0;
}

static void shown_list_release(struct shown_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		record_list_release(&list->items[i].records);
	free(list->items);
}

/* --json: one array, with where each record was found (and its signature check). */
static void print_array(const struct shown_list *list, struct signature_context *sc)
{
	struct signature_result sig = SIGNATURE_RESULT_INIT;
	struct json_records array = JSON_RECORDS_INIT(stdout);
	size_t i, j;

	for (i = 0; i < list->nr; i++) {
		const struct shown *sh = &list->items[i];

		for (j = 0; j < sh->records.nr; j++) {
			const struct record *r = &sh->records.items[j];
			json_t *obj = record_header_to_json(r);

			/*
			 * "commit" is the commit the record names; "attached_to"
			 * where it was found.  They differ for a copied record.
			 */
			if (!*r->commit)
				json_object_set_new(obj, "commit", json_string(sh->hex));
			json_object_set_new(obj, "attached_to", json_string(sh->attached_to));
			json_object_set_new(obj, "same_tree", json_boolean(sh->same_tree));
			if (sc) {
				json_t *s = json_object();

				record_verify(sc, r, sh->attached_to, &sig);
				signature_json_fill(s, &sig, r->signature != NULL);
				json_object_set_new(obj, "signature", s);
			}
			json_records_add(&array, obj, r);
		}
	}
	json_records_end(&array);
	signature_result_release(&sig);
}

/* --raw: each note's bytes as stored. */
static void print_raw(const struct shown_list *list, struct notes_store *store)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		const struct strbuf *note = store_note_text(store, store_lookup(store, &list->items[i].oid));

		if (i)
			putchar('\n');
		fwrite(note->buf, 1, note->len, stdout);
	}
}

/* For people: each record, failures first, passes summarised unless `all`. */
static void print_text(const struct shown_list *list, int all, struct signature_context *sc)
{
	struct signature_result sig = SIGNATURE_RESULT_INIT;
	size_t i, j, printed = 0;

	for (i = 0; i < list->nr; i++) {
		const struct shown *sh = &list->items[i];

		for (j = 0; j < sh->records.nr; j++) {
			if (sc)
				record_verify(sc, &sh->records.items[j], sh->attached_to, &sig);
			printf("%s%scommit %s%s\n", printed++ ? "\n" : "", color_get(COLOR_COMMIT),
			       sh->hex, color_reset());
			if (sh->same_tree)
				printf("results of %s, which has the same tree\n", sh->attached_to);
			show_record(&sh->records.items[j], sh->attached_to, all, sc ? &sig : NULL);
		}
	}
	signature_result_release(&sig);
}

/* --to: one document over the records of every named commit.  Returns 0 or -1. */
static int print_to(struct shown_list *list, const struct renderer *to, git_repository *repo)
{
	struct record_list all = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t i, j;
	int ret = 0;

	for (i = 0; i < list->nr; i++) {
		struct record_list *records = &list->items[i].records;

		for (j = 0; j < records->nr; j++)
			record_list_take(&all, &records->items[j]);
		records->nr = 0;
	}
	if (to->render(stdout, repo, &all, &err))
		ret = error("%s", err.buf);
	record_list_release(&all);
	strbuf_release(&err);
	return ret;
}

int cmd_show(int argc, const char **argv)
{
	int all = 0, json = 0, raw = 0, show_signature = 0, missing = 0, i, dashdash, revs_nr;
	int color = GIT_COLOR_UNKNOWN;
	const char *ref = NULL, *to_name = NULL;
	const struct renderer *to = NULL;
	struct shown_list shown = { NULL, 0, 0 };
	struct record_filter filter = RECORD_FILTER_INIT;
	struct option options[] = {
		OPT_BOOL('a', "all", &all, "list every test, not only failures, errors and missing ones"),
		OPT_STRING(0, "to", &to_name, "format", "print the records in this format: record, json, ..."),
		OPT_BOOL(0, "json", &json, "print a JSON array with one object per record (--to json)"),
		OPT_BOOL(0, "raw", &raw, "print each note's bytes as stored"),
		OPT_BOOL(0, "show-signature", &show_signature, "check each record's signature and show its signer and validity"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT__COLOR(&color, "colour the output: always, never or auto"),
		OPT_END()
	};
	static const char *head[] = { "HEAD", NULL };
	struct signature_context *sc = NULL;
	struct show_mode mode = { 0, 0 };
	struct notes_store store;
	struct pathspec paths;
	git_repository *repo;
	char *ref_name;

	argc = parse_options_dashdash(argc, argv, options, show_usage, &dashdash);
	if (to_name) {
		to = renderer_find(to_name);
		if (!to) {
			struct strbuf names = STRBUF_INIT;

			renderer_list_names(&names);
			error("unknown output format '%s' (known: %s)", to_name, names.buf);
			strbuf_release(&names);
			return 1;
		}
		if (json && strcmp(to->name, "json"))
			usage_msg_opt(show_usage, options, "--json and --to %s cannot be used together", to_name);
		/* show's JSON is its own: an array, with where each record was found */
		if (!strcmp(to->name, "json")) {
			json = 1;
			to = NULL;
		}
	}
	if ((json || to) && raw)
		usage_msg_opt(show_usage, options, "--raw cannot be used with --json or --to");
	if (raw && show_signature)
		usage_msg_opt(show_usage, options, "--raw and --show-signature cannot be used together");
	if (raw && record_filter_active(&filter))
		usage_msg_opt(show_usage, options, "--raw and --origin cannot be used together");
	record_filter_read_or_usage(&filter, show_usage, options);
	repo = repo_open();
	revs_nr = pathspec_revisions_nr(repo, argv, argc, dashdash);
	pathspec_init(&paths, repo, argv + revs_nr, (size_t)(argc - revs_nr));
	argc = revs_nr;
	if (!argc) {
		argv = head;
		argc = 1;
	}
	if (!json && !raw && !to)
		color_setup(repo, color);
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	if (show_signature) {
		sc = signature_context_new(repo);
		signature_context_policy(sc);	/* bad configuration dies before any output */
	}

	mode.same_tree = !raw;
	/* text without --all shows the failing tests and the counts; a signature covers every test */
	mode.failing_only = !all && !json && !raw && !to && !sc;
	for (i = 0; i < argc; i++)
		if (resolve(&shown, repo, &store, argv[i], &mode, &filter, &paths))
			missing = 1;
	if (json)
		print_array(&shown, sc);
	else if (raw)
		print_raw(&shown, &store);
	else if (to)
		missing |= !!print_to(&shown, to, repo);
	else
		print_text(&shown, all, sc);
	signature_context_free(sc);
	shown_list_release(&shown);
	pathspec_release(&paths);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	record_filter_release(&filter);
	return missing ? 1 : 0;
}
