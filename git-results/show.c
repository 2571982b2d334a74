/*
 * git results show: the records on one or more commits, for people
 * (failures first, passes summarised) or as JSON.
 */
#include "builtin.h"
#include "../formats/json.h"
#include "../formats/render.h"
#include "../lib/parse-options.h"
#include "../lib/repo.h"
#include "../lib/store.h"
#include "../lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const show_usage[] = {
	"git results show [--all] [--to <format> | --json | --raw] [--ref <notes-ref>] [<commit>...]",
	NULL
};

static void show_record(const struct record *r, const char *attached_to, int all)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, shown = 0;

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
	strbuf_addf(&sb, "status %s: %zu test%s, ", status_name(r->status), r->tests_nr,
		    r->tests_nr == 1 ? "" : "s");
	record_describe_counts(&sb, r->counts);
	strbuf_addch(&sb, '\n');

	/* Failures lead; passes and skips only with --all. */
	for (i = 0; i < r->tests_nr; i++) {
		const struct record_test *t = &r->tests[i];

		if (!all && t->status >= STATUS_PASS)
			continue;
		if (!shown++)
			strbuf_addch(&sb, '\n');
		strbuf_addf(&sb, "    %-5s %s", status_name(t->status), t->path);
		if (t->reason)
			strbuf_addf(&sb, "  # %s", t->reason);
		strbuf_addch(&sb, '\n');
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	strbuf_release(&sb);
}

int cmd_show(int argc, const char **argv)
{
	int all = 0, json = 0, raw = 0, missing = 0, printed = 0, i;
	const char *ref = NULL, *to_name = NULL;
	const struct renderer *to = NULL;
	struct record_list rendered = RECORD_LIST_INIT;
	struct option options[] = {
		OPT_BOOL('a', "all", &all, "list every test, not only failures, errors and missing ones"),
		OPT_STRING(0, "to", &to_name, "format", "print the records in this format: record, json, ..."),
		OPT_BOOL(0, "json", &json, "print a JSON array with one object per record (--to json)"),
		OPT_BOOL(0, "raw", &raw, "print each note's bytes as stored"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_END()
	};
	static const char *head[] = { "HEAD", NULL };
	struct notes_store store;
	json_t *array = NULL;
	git_repository *repo;
	char *ref_name;

	argc = parse_options(argc, argv, options, show_usage);
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
	if (!argc) {
		argv = head;
		argc = 1;
	}
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	if (json)
		array = json_array();

	for (i = 0; i < argc; i++) {
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		git_oid oid;
		char hex[GIT_OID_HEXSZ + 1];
		size_t j;
		int ret;

		if (repo_resolve_commit(repo, argv[i], &oid) < 0) {
			missing = 1;
			continue;
		}
		git_oid_tostr(hex, sizeof(hex), &oid);
		ret = store_read(&store, &oid, &list, &err);
		if (ret == 1) {
			error("no results recorded for '%s'", argv[i]);
			missing = 1;
		} else if (ret < 0) {
			error("the note on %s in %s is not a results record: %s", hex, ref_name, err.buf);
			missing = 1;
		} else if (json) {
			for (j = 0; j < list.nr; j++) {
				json_t *obj = record_to_json(&list.items[j]);

				/*
				 * "commit" is the commit the record names; "attached_to"
				 * where it was found.  They differ for a copied record.
				 */
				if (!*list.items[j].commit)
					json_object_set_new(obj, "commit", json_string(hex));
				json_object_set_new(obj, "attached_to", json_string(hex));
				json_array_append_new(array, obj);
			}
		} else if (to) {
			/* one document over every named commit */
			for (j = 0; j < list.nr; j++)
				record_list_take(&rendered, &list.items[j]);
			list.nr = 0;
		} else if (raw) {
			git_blob *blob;

			check(git_blob_lookup(&blob, repo, store_lookup(&store, &oid)), "cannot read note");
			if (printed++)
				putchar('\n');
			fwrite(git_blob_rawcontent(blob), 1, (size_t)git_blob_rawsize(blob), stdout);
			git_blob_free(blob);
		} else {
			for (j = 0; j < list.nr; j++) {
				printf("%scommit %s\n", printed++ ? "\n" : "", hex);
				show_record(&list.items[j], hex, all);
			}
		}
		record_list_release(&list);
		strbuf_release(&err);
	}
	if (json)
		json_print(array);
	if (to) {
		struct strbuf err = STRBUF_INIT;

		if (to->render(stdout, &rendered, &err))
			missing = error("%s", err.buf);
		strbuf_release(&err);
	}
	record_list_release(&rendered);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	return missing ? 1 : 0;
}
