/*
 * git results conflicts: list the runs that have two or more different
 * records on a commit, which merges keep until someone chooses one.
 */
#include "git-results/builtin.h"
#include "formats/json.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/revision.h"
#include "lib/store.h"
#include "lib/store/conflicts.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const conflicts_usage[] = {
	"git results conflicts [--json] [--exit-code] [--ref <notes-ref>] [<revision range>...]",
	NULL
};

struct list_state {
	struct notes_store *store;
	json_t *array;
	size_t found;
};

static void print_run(struct list_state *st, const git_oid *commit,
		      const struct record *r, size_t nr)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct strbuf line = STRBUF_INIT;
	json_t *obj = NULL, *records = NULL;
	size_t i;
	int k;

	git_oid_tostr(hex, sizeof(hex), commit);
	st->found++;
	if (st->array) {
		obj = json_object();
		records = json_array();
		json_object_set_new(obj, "commit", json_string(hex));
		json_object_set_new(obj, "origin", json_string(r->origin));
		json_object_set_new(obj, "run", json_string(r->run));
	} else {
		printf("%s %s %s: %zu records\n", hex, r->origin, r->run, nr);
	}
	for (i = 0; i < nr; i++) {
		const struct record *one = &r[i];

		if (records) {
			json_t *o = json_object(), *c = json_object();

			json_object_set_new(o, "status", json_string(status_name(one->status)));
			for (k = 0; k < STATUS__NR; k++)
				json_object_set_new(c, status_name((enum result_status)k),
						    json_integer((json_int_t)one->counts[k]));
			json_object_set_new(o, "counts", c);
			json_object_set_new(o, "date", one->date ? json_string(one->date) : json_null());
			json_object_set_new(o, "signed", json_boolean(one->signature != NULL));
			json_array_append_new(records, o);
			continue;
		}
		strbuf_reset(&line);
		strbuf_addf(&line, "\t%-5s (", status_name(one->status));
		record_describe_counts(&line, one->counts);
		strbuf_addch(&line, ')');
		if (one->date)
			strbuf_addf(&line, " %s", one->date);
		if (one->signature)
			strbuf_addstr(&line, " signed");
		printf("%s\n", line.buf);
	}
	if (obj) {
		json_object_set_new(obj, "records", records);
		json_array_append_new(st->array, obj);
	}
	strbuf_release(&line);
}

/* Lists the conflicts of the note on `commit`, if it has one. */
static void list_commit(struct list_state *st, const git_oid *commit)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t i, j;

	if (store_read(st->store, commit, &list, &err) != STORE_NOTE_READ)
		goto out;
	/* A note is in canonical order: the records of one run are together. */
	for (i = 0; i < list.nr; i = j) {
		for (j = i + 1; j < list.nr; j++)
			if (!record_same_run(&list.items[i], &list.items[j]))
				break;
		if (j - i > 1)
			print_run(st, commit, &list.items[i], j - i);
	}
out:
	record_list_release(&list);
	strbuf_release(&err);
}

static int list_note(const struct note_entry *note, void *data)
{
	struct list_state *st = data;
	const struct strbuf *text = store_note_text(st->store, &note->blob);
	struct record_rollup roll;

	if (!record_list_summarize(text->buf, text->len, &roll) && roll.conflicts)
		list_commit(st, &note->object);
	return 0;
}

int cmd_conflicts(int argc, const char **argv)
{
	const char *ref = NULL;
	int json = 0, exit_code = 0;
	struct option options[] = {
		OPT_BOOL(0, "json", &json, "print a JSON array of {commit, origin, run, records}"),
		OPT_BOOL(0, "exit-code", &exit_code, "exit with 1 when there are conflicts"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_END()
	};
	struct list_state st = { NULL, NULL, 0 };
	struct oid_list commits = OID_LIST_INIT;
	struct notes_store store;
	git_repository *repo;
	char *ref_name;
	size_t i;

	argc = parse_options(argc, argv, options, conflicts_usage);
	repo = repo_open();
	if (argc && revision_collect(repo, argc, argv, &commits))
		exit(128);
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	st.store = &store;
	if (json)
		st.array = json_array();
	if (argc) {
		for (i = 0; i < commits.nr; i++)
			if (store_lookup(&store, &commits.oids[i]))
				list_commit(&st, &commits.oids[i]);
	} else {
		store_for_each(&store, list_note, &st);
	}
	if (json)
		print_json(st.array);
	store_release(&store);
	oid_list_release(&commits);
	free(ref_name);
	git_repository_free(repo);
	return exit_code && st.found ? 1 : 0;
}
