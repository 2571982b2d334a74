/*
 * git results log: walk a revision range like `git log --oneline` and
 * print one line per commit that has results, with its roll-up.
 */
#include "builtin.h"
#include "../formats/json.h"
#include "../lib/color.h"
#include "../lib/parse-options.h"
#include "../lib/progress.h"
#include "../lib/repo.h"
#include "../lib/store.h"
#include "../lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const log_usage[] = {
	"git results log [--json] [--color[=<when>]] [--[no-]progress] [--ref <notes-ref>]\n"
	"                       [<revision range>...]",
	NULL
};

static void push_revision(git_repository *repo, git_revwalk *walk, const char *arg)
{
	git_revspec spec;
	int hide = 0;

	if (strstr(arg, "...")) {
		error("symmetric ranges ('%s') are not supported; use 'a..b'", arg);
		exit(1);
	} else if (strstr(arg, "..")) {
		if (git_revparse(&spec, repo, arg) < 0) {
			error("bad revision range '%s'", arg);
			exit(1);
		}
		if (spec.from)
			check(git_revwalk_hide(walk, git_object_id(spec.from)), "cannot walk");
		if (spec.to)
			check(git_revwalk_push(walk, git_object_id(spec.to)), "cannot walk");
		git_object_free(spec.from);
		git_object_free(spec.to);
		return;
	}
	if (*arg == '^') {
		hide = 1;
		arg++;
	}
	{
		git_oid oid;

		if (repo_resolve_commit(repo, arg, &oid) < 0)
			exit(1);
		check(hide ? git_revwalk_hide(walk, &oid) : git_revwalk_push(walk, &oid), "cannot walk");
	}
}

static void subject(struct strbuf *out, git_commit *commit)
{
	const char *s = git_commit_summary(commit);

	strbuf_addstr(out, s ? s : "");
}

int cmd_log(int argc, const char **argv)
{
	int json = 0, color = GIT_COLOR_UNKNOWN, progress = -1, i;
	const char *ref = NULL;
	struct option options[] = {
		OPT_BOOL(0, "json", &json, "print a JSON array of {commit, subject, status, counts, records}"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT__COLOR(&color, "colour the output: always, never or auto"),
		OPT_BOOL(0, "progress", &progress, "report progress on standard error"),
		OPT_END()
	};
	struct strbuf line = STRBUF_INIT;
	struct progress *meter;
	uint64_t walked = 0;
	struct notes_store store;
	git_revwalk *walk;
	json_t *array = NULL;
	git_repository *repo;
	char *ref_name;
	git_oid oid;
	int ret;

	argc = parse_options(argc, argv, options, log_usage);
	/* Lines streaming to a terminal already show progress. */
	if (progress < 0 && !json && isatty(1))
		progress = 0;
	progress_set_enabled(progress);
	repo = repo_open();
	if (!json)
		color_setup(repo, color);
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	check(git_revwalk_new(&walk, repo), "cannot walk");
	git_revwalk_sorting(walk, GIT_SORT_NONE);
	if (!argc)
		push_revision(repo, walk, "HEAD");
	for (i = 0; i < argc; i++)
		push_revision(repo, walk, argv[i]);
	if (json)
		array = json_array();

	meter = progress_start("Walking commits", 0);
	while (!(ret = git_revwalk_next(&oid, walk))) {
		const git_oid *blob_id = store_lookup(&store, &oid);
		size_t counts[STATUS__NR], records;
		enum result_status status;
		git_commit *commit;
		git_blob *blob;
		char hex[GIT_OID_HEXSZ + 1];
		int bad;

		progress_update(meter, ++walked);
		if (!blob_id)
			continue;
		check(git_blob_lookup(&blob, repo, blob_id), "cannot read note");
		bad = record_list_summarize(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
					    &status, counts, &records);
		git_blob_free(blob);
		check(git_commit_lookup(&commit, repo, &oid), "cannot read commit");
		strbuf_reset(&line);
		if (json) {
			json_t *obj = json_object(), *c = json_object();

			git_oid_tostr(hex, sizeof(hex), &oid);
			json_object_set_new(obj, "commit", json_string(hex));
			subject(&line, commit);
			json_object_set_new(obj, "subject", json_string(line.buf));
			json_object_set_new(obj, "status", bad ? json_null() : json_string(status_name(status)));
			for (i = 0; i < STATUS__NR; i++)
				json_object_set_new(c, status_name((enum result_status)i),
						    json_integer(bad ? 0 : (json_int_t)counts[i]));
			json_object_set_new(obj, "counts", c);
			json_object_set_new(obj, "records", json_integer(bad ? 0 : (json_int_t)records));
			json_array_append_new(array, obj);
		} else {
			git_oid_tostr(hex, 8, &oid);
			if (bad) {
				strbuf_addf(&line, "%s%s%s ?     (not a results note) ", color_get(COLOR_COMMIT),
					    hex, color_reset());
			} else {
				strbuf_addf(&line, "%s%s%s %s%s%s%*s (", color_get(COLOR_COMMIT), hex,
					    color_reset(), color_status(status), status_name(status),
					    color_reset(), 5 - (int)strlen(status_name(status)), "");
				record_describe_counts(&line, counts);
				if (records > 1)
					strbuf_addf(&line, "; %zu records", records);
				strbuf_addstr(&line, ") ");
			}
			subject(&line, commit);
			strbuf_addch(&line, '\n');
			fwrite(line.buf, 1, line.len, stdout);
		}
		git_commit_free(commit);
	}
	if (ret != GIT_ITEROVER)
		check(ret, "cannot walk history");
	progress_stop(&meter);
	if (json)
		json_print(array);
	git_revwalk_free(walk);
	store_release(&store);
	strbuf_release(&line);
	free(ref_name);
	git_repository_free(repo);
	return 0;
}
