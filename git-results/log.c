/*
 * git results log: walk a revision range like `git log --oneline` and
 * print one line per commit that has results, with its roll-up.
 */
#include "git-results/builtin.h"
#include "formats/json.h"
#include "lib/color.h"
#include "lib/log-limits.h"
#include "lib/odb/commit-walk.h"
#include "lib/note-summary.h"
#include "lib/parse-options.h"
#include "lib/pathspec.h"
#include "lib/progress.h"
#include "lib/revision.h"
#include "lib/remote.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/store/same-tree.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const log_usage[] = {
	"git results log [--json] [--color[=<when>]] [--[no-]progress] [--ref <notes-ref>]\n"
	"                       [-<n>] [--since=<date>] [--until=<date>] [--author=<pattern>]\n"
	"                       [--first-parent] [--all] [--origin=<origin>] [--env=<key>=<value>]\n"
	"                       [--status=<status>,...] [--untested] [--test <path-or-glob>]\n"
	"                       [<revision range>...] [[--] <path>...]",
	NULL
};

static void add_to_walk(void *data, const git_oid *commit, int hide)
{
	if (hide)
		commit_walk_hide(data, commit);
	else
		commit_walk_push(data, commit);
}

struct touches {
	struct pathspec *paths;
	git_repository *repo;
};

static int commit_touches(void *data, const git_oid *commit)
{
	struct touches *t = data;

	return !t->paths->paths.count || pathspec_commit_touches(t->paths, t->repo, commit);
}

/* Batches grow so that the first lines come quickly and later ones cheaply. */
#define FIRST_BATCH 64
#define MAX_BATCH 4096

/*
 * Appends the JSON object of a listed commit: its roll-up when `counted`,
 * else (a note that is not records, or a hole) a null status and zeros;
 * "attached_to" when `same_tree`.
 */
static void add_commit_json(json_t *array, const struct note_summary *s, int counted, int same_tree)
{
	json_t *obj = json_object(), *c = json_object();
	int i;

	json_object_set_new(obj, "commit", json_string(git_oid_tostr_s(&s->commit)));
	json_object_set_new(obj, "subject", json_string(s->subject.buf));
	json_object_set_new(obj, "status", counted ? json_string(status_name(s->roll.status)) : json_null());
	for (i = 0; i < STATUS__NR; i++)
		json_object_set_new(c, status_name((enum result_status)i),
				    json_integer(counted ? (json_int_t)s->roll.counts[i] : 0));
	json_object_set_new(obj, "counts", c);
	json_object_set_new(obj, "records", json_integer(counted ? (json_int_t)s->roll.runs : 0));
	json_object_set_new(obj, "conflicts", json_integer(counted ? (json_int_t)s->roll.conflicts : 0));
	json_object_set_new(obj, "same_tree", json_boolean(same_tree));
	if (same_tree)
		json_object_set_new(obj, "attached_to", json_string(git_oid_tostr_s(&s->source)));
	json_array_append_new(array, obj);
}

/* A commit of the range without results (--untested): a hole. */
static void print_untested(const struct note_summary *s, json_t *array, struct strbuf *line)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (array) {
		add_commit_json(array, s, 0, 0);
		return;
	}
	strbuf_reset(line);
	git_oid_tostr(hex, 8, &s->commit);
	strbuf_addf(line, "%s%s%s -     (no results) ", color_get(COLOR_COMMIT), hex, color_reset());
	strbuf_addbuf(line, &s->subject);
	strbuf_addch(line, '\n');
	fwrite(line->buf, 1, line->len, stdout);
}

/*
 * Whether a commit read into `s` is listed: by its author, and by its
 * results as the record filters left them (or their absence, with
 * --untested).  Warns about records made for another commit.
 */
static int wanted(const struct note_summary *s, const struct log_limits *limits, int untested)
{
	char hex[GIT_OID_HEXSZ + 1];
	int has_note = !git_oid_is_zero(&s->note);

	if (!log_limits_author_matches(limits, s->author.buf))
		return 0;
	if (untested)
		return !has_note || (!s->bad && !s->roll.runs);
	if (s->bad)
		/* no record in it can pass a filter on records */
		return !log_limits_filter_records(limits) && !limits->status_mask;
	if (s->roll.foreign) {
		git_oid_tostr(hex, sizeof(hex), &s->commit);
		warning("leaving out %zu record%s in the note on %s: made for another commit"
			" (see git results verify)", s->roll.foreign,
			s->roll.foreign == 1 ? "" : "s", hex);
	}
	/* nothing of its own, or nothing the filters kept: no commit with results */
	return s->roll.runs && log_limits_status_matches(limits, s->roll.status);
}

static void print_summary(const struct note_summary *s, json_t *array, struct strbuf *line)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (array) {
		add_commit_json(array, s, !s->bad, s->same_tree);
		return;
	}
	strbuf_reset(line);
	git_oid_tostr(hex, 8, &s->commit);
	if (s->bad) {
		strbuf_addf(line, "%s%s%s ?     (not a results note) ", color_get(COLOR_COMMIT),
			    hex, color_reset());
	} else {
		strbuf_addf(line, "%s%s%s %s%s%s%*s (", color_get(COLOR_COMMIT), hex,
			    color_reset(), color_status(s->roll.status), status_name(s->roll.status),
			    color_reset(), 5 - (int)strlen(status_name(s->roll.status)), "");
		record_describe_counts(line, s->roll.counts);
		if (s->roll.runs > 1)
			strbuf_addf(line, "; %zu records", s->roll.runs);
		if (s->roll.conflicts)
			strbuf_addf(line, "; %zu in conflict", s->roll.conflicts);
		if (s->same_tree)
			strbuf_addf(line, "; same tree as %.7s", git_oid_tostr_s(&s->source));
		strbuf_addstr(line, ") ");
	}
	strbuf_addbuf(line, &s->subject);
	strbuf_addch(line, '\n');
	fwrite(line->buf, 1, line->len, stdout);
}

int cmd_log(int argc, const char **argv)
{
	int json = 0, color = GIT_COLOR_UNKNOWN, progress = -1, i, revs_nr, dashdash;
	int untested = 0, shown = 0;
	const char *ref = NULL, *test = NULL;
	struct log_limits limits = LOG_LIMITS_INIT;
	struct option options[] = {
		OPT_BOOL(0, "json", &json, "print a JSON array of {commit, subject, status, counts, records}"),
		OPT_STRING(0, "test", &test, "path-or-glob", "the history of these tests"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT__COLOR(&color, "colour the output: always, never or auto"),
		OPT_BOOL(0, "progress", &progress, "report progress on standard error"),
		OPT_GROUP("Commit limiting"),
		OPT_LOG_LIMITS(&limits),
		OPT_BOOL(0, "untested", &untested, "list the commits without results instead"),
		OPT_END()
	};
	struct strbuf line = STRBUF_INIT;
	struct progress *meter;
	uint64_t walked = 0;
	struct notes_store store;
	struct pathspec paths;
	struct commit_walk *walk;
	json_t *array = NULL;
	git_repository *repo;
	struct note_summary_reader *reader;
	struct note_summary *batch;
	struct tree_index *trees;
	size_t nr, batch_size = FIRST_BATCH;
	char *ref_name;
	git_oid oid;

	argc = log_limits_take_count(argc, argv, &limits);
	argc = parse_options_dashdash(argc, argv, options, log_usage, &dashdash);
	log_limits_finish(&limits, log_usage, options);
	if (untested && limits.status_mask)
		usage_msg_opt(log_usage, options, "--untested and --status cannot be used together");
	/* the history of a test is walked whole */
	if (test && (untested || limits.status_mask || limits.author_nr || limits.max_count >= 0))
		usage_msg_opt(log_usage, options, "--test cannot be used with --untested, --status, "
			      "--author or -n yet");
	/* Lines streaming to a terminal already show progress. */
	if (progress < 0 && !json && isatty(1))
		progress = 0;
	progress_set_enabled(progress);
	repo = repo_open();
	if (!json)
		color_setup(repo, color);
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	trees = tree_index_open(&store);
	walk = commit_walk_new(repo);
	log_limits_apply(&limits, walk);
	reader = note_summary_reader_new(repo);
	note_summary_reader_filter(reader, &limits.filter);
	if (limits.author_nr)
		note_summary_reader_want_author(reader);
	revs_nr = pathspec_revisions_nr(repo, argv, argc, dashdash);
	pathspec_init(&paths, repo, argv + revs_nr, (size_t)(argc - revs_nr));
	paths.first_parent = limits.first_parent;
	/* a bad revision exits at once, with nothing printed */
	if (limits.all && log_limits_add_all(repo, add_to_walk, walk))
		exit(1);
	if (!revs_nr && !limits.all && revision_read(repo, "HEAD", add_to_walk, walk))
		exit(1);
	for (i = 0; i < revs_nr; i++)
		if (revision_read(repo, argv[i], add_to_walk, walk))
			exit(1);
	if (test) {
		struct touches touches = { &paths, repo };
		int ret = log_test(&store, walk, test, &limits.filter, json, commit_touches,
				   &touches);

		commit_walk_free(walk);
		tree_index_free(trees);
		note_summary_reader_free(reader);
		store_release(&store);
		pathspec_release(&paths);
		log_limits_release(&limits);
		free(ref_name);
		git_repository_free(repo);
		return ret;
	}
	if (json)
		array = json_array();

	meter = progress_start("Walking commits", 0);
	batch = xcalloc(MAX_BATCH, sizeof(*batch));
	for (i = 0; i < MAX_BATCH; i++) {
		strbuf_init(&batch[i].subject, 0);
		strbuf_init(&batch[i].author, 0);
	}
	while (limits.max_count) {
		int more = 1;

		nr = 0;
		while (nr < batch_size && (more = !commit_walk_next(walk, &oid))) {
			const git_oid *note = store_lookup(&store, &oid);
			git_oid tree, source;
			int same_tree = 0;

			progress_update(meter, ++walked);
			/* the one rule: results of an identical tree, marked */
			if (!note && trees && !commit_walk_tree(walk, &oid, &tree) &&
			    !tree_index_find(trees, &tree, &oid, &source)) {
				note = store_lookup(&store, &source);
				same_tree = 1;
			}
			if ((!note && !untested) ||
			    (paths.paths.count && !pathspec_commit_touches(&paths, repo, &oid)))
				continue;
			git_oid_cpy(&batch[nr].commit, &oid);
			if (note)
				git_oid_cpy(&batch[nr].note, note);
			else
				memset(&batch[nr].note, 0, sizeof(batch[nr].note));
			batch[nr].same_tree = same_tree;
			if (same_tree)
				git_oid_cpy(&batch[nr].source, &source);
			nr++;
		}
		note_summary_read(reader, batch, nr);
		for (i = 0; i < (int)nr && shown != limits.max_count; i++) {
			if (!wanted(&batch[i], &limits, untested))
				continue;
			if (untested)
				print_untested(&batch[i], array, &line);
			else
				print_summary(&batch[i], array, &line);
			shown++;
		}
		if (!more || shown == limits.max_count)
			break;
		if (batch_size < MAX_BATCH)
			batch_size *= 4;
	}
	progress_stop(&meter);
	if (!store.has_tip)
		remote_hint_fetch(repo, &store);
	if (json)
		print_json(array);
	commit_walk_free(walk);
	tree_index_free(trees);
	note_summary_reader_free(reader);
	for (i = 0; i < MAX_BATCH; i++) {
		strbuf_release(&batch[i].subject);
		strbuf_release(&batch[i].author);
	}
	free(batch);
	store_release(&store);
	pathspec_release(&paths);
	log_limits_release(&limits);
	strbuf_release(&line);
	free(ref_name);
	git_repository_free(repo);
	return 0;
}
