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
#include "lib/sign/record.h"
#include "lib/repo.h"
#include "lib/store/same-tree.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const show_usage[] = {
	"git results show [--all] [--to <format> | --json | --raw] [--show-signature]\n"
	"                 [--color[=<when>]] [--ref <notes-ref>] [<commit>...]",
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
		    color_reset(), r->tests_nr, r->tests_nr == 1 ? "" : "s");
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

int cmd_show(int argc, const char **argv)
{
	int all = 0, json = 0, raw = 0, show_signature = 0, missing = 0, printed = 0, i;
	int color = GIT_COLOR_UNKNOWN;
	const char *ref = NULL, *to_name = NULL;
	const struct renderer *to = NULL;
	struct record_list rendered = RECORD_LIST_INIT;
	struct option options[] = {
		OPT_BOOL('a', "all", &all, "list every test, not only failures, errors and missing ones"),
		OPT_STRING(0, "to", &to_name, "format", "print the records in this format: record, json, ..."),
		OPT_BOOL(0, "json", &json, "print a JSON array with one object per record (--to json)"),
		OPT_BOOL(0, "raw", &raw, "print each note's bytes as stored"),
		OPT_BOOL(0, "show-signature", &show_signature, "check each record's signature and show its signer and validity"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT__COLOR(&color, "colour the output: always, never or auto"),
		OPT_END()
	};
	static const char *head[] = { "HEAD", NULL };
	struct signature_result sig = SIGNATURE_RESULT_INIT;
	struct signature_context *sc = NULL;
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
	if (raw && show_signature)
		usage_msg_opt(show_usage, options, "--raw and --show-signature cannot be used together");
	if (!argc) {
		argv = head;
		argc = 1;
	}
	repo = repo_open();
	if (!json && !raw && !to)
		color_setup(repo, color);
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	if (json)
		array = json_array();
	if (show_signature) {
		sc = signature_context_new(repo);
		signature_context_policy(sc);	/* bad configuration dies before any output */
	}

	for (i = 0; i < argc; i++) {
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;
		git_oid oid, source_oid;
		char hex[GIT_OID_HEXSZ + 1], source[GIT_OID_HEXSZ + 1];
		size_t j;
		int ret;

		if (repo_resolve_commit(repo, argv[i], &oid) < 0) {
			missing = 1;
			continue;
		}
		git_oid_tostr(hex, sizeof(hex), &oid);
		ret = store_read(&store, &oid, &list, &err);
		/* None of its own: those of the same code on another commit, marked. */
		if (ret == 1 && !raw && !store_read_same_tree(&store, &oid, &list, &source_oid)) {
			git_oid_tostr(source, sizeof(source), &source_oid);
			ret = 2;
		}
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
				json_object_set_new(obj, "attached_to", json_string(ret == 2 ? source : hex));
				json_object_set_new(obj, "same_tree", json_boolean(ret == 2));
				if (sc) {
					json_t *s = json_object();

					record_verify(sc, &list.items[j], ret == 2 ? source : hex, &sig);
					signature_json_fill(s, &sig, list.items[j].signature != NULL);
					json_object_set_new(obj, "signature", s);
				}
				json_array_append_new(array, obj);
			}
		} else if (to) {
			/* one document over every named commit */
			for (j = 0; j < list.nr; j++)
				record_list_take(&rendered, &list.items[j]);
			list.nr = 0;
		} else if (raw) {
			const struct strbuf *note = store_note_text(&store, store_lookup(&store, &oid));

			if (printed++)
				putchar('\n');
			fwrite(note->buf, 1, note->len, stdout);
		} else {
			for (j = 0; j < list.nr; j++) {
				if (sc)
					record_verify(sc, &list.items[j], ret == 2 ? source : hex, &sig);
				printf("%s%scommit %s%s\n", printed++ ? "\n" : "", color_get(COLOR_COMMIT),
				       hex, color_reset());
				if (ret == 2)
					printf("results of %s, which has the same tree\n", source);
				show_record(&list.items[j], ret == 2 ? source : hex, all, sc ? &sig : NULL);
			}
		}
		record_list_release(&list);
		strbuf_release(&err);
	}
	if (json)
		json_print(array);
	signature_result_release(&sig);
	signature_context_free(sc);
	if (to) {
		struct strbuf err = STRBUF_INIT;

		if (to->render(stdout, repo, &rendered, &err))
			missing = error("%s", err.buf);
		strbuf_release(&err);
	}
	record_list_release(&rendered);
	store_release(&store);
	free(ref_name);
	git_repository_free(repo);
	return missing ? 1 : 0;
}
