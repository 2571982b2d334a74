/*
 * git results log: walk a revision range like `git log --oneline` and
 * print one line per commit that has results, with its roll-up.
 */
#include "builtin.h"
#include "../formats/json.h"
#include "../lib/commit-walk.h"
#include "../lib/parse-options.h"
#include "../lib/repo.h"
#include "../lib/store.h"
#include "../lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const log_usage[] = {
	"git results log [--json] [--ref <notes-ref>] [<revision range>...]",
	NULL
};

static void push_object(git_repository *repo, struct commit_walk *walk, git_object *obj,
			int hide, const char *arg)
{
	git_object *commit;

	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		error("'%s' does not name commits", arg);
		exit(1);
	}
	if (hide)
		commit_walk_hide(walk, git_object_id(commit));
	else
		commit_walk_push(walk, git_object_id(commit));
	git_object_free(commit);
}

static void push_revision(git_repository *repo, struct commit_walk *walk, const char *arg)
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
			push_object(repo, walk, spec.from, 1, arg);
		if (spec.to)
			push_object(repo, walk, spec.to, 0, arg);
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
		if (hide)
			commit_walk_hide(walk, &oid);
		else
			commit_walk_push(walk, &oid);
	}
}

/*
 * The subject of a raw commit, as git's %s gives it: the first paragraph
 * of the message with its lines joined by spaces.
 */
static void subject(struct strbuf *out, const char *buf, size_t len)
{
	const char *end = buf + len, *p = buf;
	int first = 1;

	/* The message starts after the first empty line. */
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			return;
		if (eol == p) {
			p++;
			break;
		}
		p = eol + 1;
	}
	while (p < end && *p == '\n')
		p++;
	while (p < end && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);

		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
			n--;
		if (!first)
			strbuf_addch(out, ' ');
		strbuf_add(out, p, n);
		first = 0;
		p = eol ? eol + 1 : end;
	}
}

/*
 * Reads an object's bytes straight from the object database: log reads
 * each note and commit once, so libgit2's object cache and parsing would
 * only cost time.
 */
static git_odb_object *read_object(git_odb *odb, const git_oid *oid, git_object_t type)
{
	git_odb_object *obj;

	if (git_odb_read(&obj, odb, oid) < 0)
		die("cannot read %s: %s", git_oid_tostr_s(oid), git_error_text());
	if (git_odb_object_type(obj) != type)
		die("%s is a %s, not a %s", git_oid_tostr_s(oid),
		    git_object_type2string(git_odb_object_type(obj)), git_object_type2string(type));
	return obj;
}

int cmd_log(int argc, const char **argv)
{
	int json = 0, i;
	const char *ref = NULL;
	struct option options[] = {
		OPT_BOOL(0, "json", &json, "print a JSON array of {commit, subject, status, counts, records}"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_END()
	};
	struct strbuf line = STRBUF_INIT;
	struct notes_store store;
	struct commit_walk *walk;
	json_t *array = NULL;
	git_repository *repo;
	git_odb *odb;
	char *ref_name;
	git_oid oid;

	argc = parse_options(argc, argv, options, log_usage);
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	walk = commit_walk_new(repo);
	check(git_repository_odb(&odb, repo), "cannot open object database");
	if (!argc)
		push_revision(repo, walk, "HEAD");
	for (i = 0; i < argc; i++)
		push_revision(repo, walk, argv[i]);
	if (json)
		array = json_array();

	while (!commit_walk_next(walk, &oid)) {
		const git_oid *blob_id = store_lookup(&store, &oid);
		size_t counts[STATUS__NR], records;
		enum result_status status;
		git_odb_object *note, *commit;
		char hex[GIT_OID_HEXSZ + 1];
		int bad;

		if (!blob_id)
			continue;
		note = read_object(odb, blob_id, GIT_OBJECT_BLOB);
		bad = record_list_summarize(git_odb_object_data(note), git_odb_object_size(note),
					    &status, counts, &records);
		git_odb_object_free(note);
		commit = read_object(odb, &oid, GIT_OBJECT_COMMIT);
		strbuf_reset(&line);
		if (json) {
			json_t *obj = json_object(), *c = json_object();

			git_oid_tostr(hex, sizeof(hex), &oid);
			json_object_set_new(obj, "commit", json_string(hex));
			subject(&line, git_odb_object_data(commit), git_odb_object_size(commit));
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
				strbuf_addf(&line, "%s ?     (not a results note) ", hex);
			} else {
				strbuf_addf(&line, "%s %-5s (", hex, status_name(status));
				record_describe_counts(&line, counts);
				if (records > 1)
					strbuf_addf(&line, "; %zu records", records);
				strbuf_addstr(&line, ") ");
			}
			subject(&line, git_odb_object_data(commit), git_odb_object_size(commit));
			strbuf_addch(&line, '\n');
			fwrite(line.buf, 1, line.len, stdout);
		}
		git_odb_object_free(commit);
	}
	if (json)
		json_print(array);
	commit_walk_free(walk);
	git_odb_free(odb);
	store_release(&store);
	strbuf_release(&line);
	free(ref_name);
	git_repository_free(repo);
	return 0;
}
