/*
 * git results trailer: the Test-link trailers of a commit, from the
 * links of its records or from a URL template; printed, or added to a
 * message file without duplicating the ones already there.
 */
#include "git-results/builtin.h"
#include "lib/commit-results.h"
#include "lib/record-filter.h"
#include "lib/release/link-template.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/release/tested-by.h"
#include "lib/release/trailer.h"
#include "lib/usage.h"
#include "lib/write-file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRAILER_KEY "Test-link"

static const char *const trailer_usage[] = {
	"git results trailer [--template <template> | --links | --origin <origin>...] [--tag <name>]\n"
	"                    [--in-place <file>] [<commit>]",
	"git results trailer --tested-by [--origin <origin>...] [--in-place <file>] [<commit>]",
	NULL
};

struct trailer_options {
	const char *template;
	const char *tag;
	const char *in_place;
	const char *ref;
	int links;
	int tested_by;
};

/* Collects the links of the records on `commit`, sorted and unique. */
static int record_links(git_repository *repo, const char *ref, const git_oid *commit,
			const char *name, const struct record_filter *filter,
			struct string_list *urls, struct strbuf *storage)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	struct notes_store store;
	char *ref_name = store_ref_name(repo, ref);
	size_t i, j;
	enum store_note got;
	int ret = -1;

	store_open(&store, repo, ref_name);
	got = store_read(&store, commit, &list, &err);
	if (got == STORE_NOTE_NONE) {
		error("no results recorded for '%s'", name);
		goto out;
	} else if (got == STORE_NOTE_BAD) {
		error("the note on '%s' in %s is not a results record: %s", name, ref_name, err.buf);
		goto out;
	}
	if (!commit_results_leave_out_foreign(&list, git_oid_tostr_s(commit), NULL) ||
	    !record_filter_apply(filter, &list)) {
		record_filter_error_none(filter, name);
		goto out;
	}
	/* One buffer of NUL-separated URLs: the list points into it. */
	for (i = 0; i < list.nr; i++)
		for (j = 0; j < list.items[i].links_nr; j++) {
			strbuf_addstr(storage, list.items[i].links[j]);
			strbuf_addch(storage, '\0');
		}
	for (i = 0; i < storage->len; i += strlen(storage->buf + i) + 1)
		string_list_append(urls, storage->buf + i);
	if (!urls->nr) {
		error("the results of '%s' have no links; add some with 'git results add --link'"
		      " or set results.linkTemplate", name);
		goto out;
	}
	ret = 0;
out:
	record_list_release(&list);
	store_release(&store);
	strbuf_release(&err);
	free(ref_name);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void sort_unique(struct string_list *urls)
{
	size_t i, k;

	if (urls->nr > 1)
		qsort(urls->items, urls->nr, sizeof(*urls->items), cmp_str);
	for (i = k = 0; i < urls->nr; i++)
		if (!k || strcmp(urls->items[k - 1], urls->items[i]))
			urls->items[k++] = urls->items[i];
	urls->nr = k;
}

/* core.commentChar, with git's "auto": the first of "#;@!$%^&|:" no line starts with. */
static char comment_char(git_repository *repo, const struct strbuf *msg)
{
	char *value = config_get_string(repo, "core.commentChar");
	const char *candidates = "#;@!$%^&|:", *c;
	char ret = '#';

	if (value && !strcmp(value, "auto")) {
		for (c = candidates; *c; c++) {
			const char *p = msg->buf;
			int used = 0;

			while (p && *p && !used) {
				used = *p == *c;
				p = strchr(p, '\n');
				if (p)
					p++;
			}
			if (!used)
				break;
		}
		ret = *c ? *c : '#';
	} else if (value && *value) {
		ret = *value;
	}
	free(value);
	return ret;
}

static int add_in_place(git_repository *repo, const char *path, const char *key,
			const struct string_list *urls)
{
	struct strbuf msg = STRBUF_INIT;
	int ret = -1;

	if (strbuf_read_file(&msg, path) < 0) {
		error_errno("cannot read '%s'", path);
		goto out;
	}
	if (!trailer_add(&msg, key, urls->items, urls->nr, comment_char(repo, &msg))) {
		ret = 0;	/* all there already: leave the file alone */
		goto out;
	}
	ret = write_file_atomic(path, msg.buf, msg.len);
out:
	strbuf_release(&msg);
	return ret;
}

/*
 * --tested-by: "Tested-by: <tester>" when the records of the wanted
 * origins on the commit all passed; otherwise why not, on stderr.
 */
static int tested_by(git_repository *repo, const struct trailer_options *o,
		     const struct record_filter *filter, const char *name)
{
	struct commit_results cr = COMMIT_RESULTS_INIT;
	struct notes_store store;
	struct strbuf why = STRBUF_INIT, who = STRBUF_INIT;
	struct string_list values = STRING_LIST_INIT;
	char *ref_name = store_ref_name(repo, o->ref);
	int ret = 1, got;

	store_open(&store, repo, ref_name);
	got = commit_results_load(&cr, repo, &store, name);
	if (got < 0)
		goto out;
	if (!tested_by_passed(&cr, &filter->origins, &why)) {
		strbuf_rtrim(&why);
		error("not adding Tested-by: to '%s': %s", name, why.buf);
		goto out;
	}
	tested_by_identity(&who, repo);
	if (o->in_place) {
		string_list_append(&values, who.buf);
		if (add_in_place(repo, o->in_place, "Tested-by", &values))
			goto out;
	} else {
		printf("Tested-by: %s\n", who.buf);
	}
	ret = 0;
out:
	commit_results_release(&cr);
	store_release(&store);
	string_list_clear(&values);
	strbuf_release(&why);
	strbuf_release(&who);
	free(ref_name);
	return ret;
}

int cmd_trailer(int argc, const char **argv)
{
	struct trailer_options o = { NULL, NULL, NULL, NULL, 0, 0 };
	struct record_filter filter = RECORD_FILTER_INIT;
	struct option options[] = {
		OPT_STRING(0, "template", &o.template, "template",
			   "URL template (%H %h %D %T %B %%; default: results.linkTemplate)"),
		OPT_BOOL(0, "links", &o.links, "use the links of the records even when a template is set"),
		OPT_STRING(0, "tag", &o.tag, "name", "the release tag for %T (default: a tag on the commit)"),
		OPT_STRING(0, "in-place", &o.in_place, "file", "add the trailers to this message file"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_STRING(0, "ref", &o.ref, "notes-ref", "notes ref to read"),
		OPT_BOOL(0, "tested-by", &o.tested_by, "add Tested-by: when every record of the origins passed"),
		OPT_END()
	};
	struct string_list urls = STRING_LIST_INIT;
	struct strbuf storage = STRBUF_INIT, err = STRBUF_INIT, out = STRBUF_INIT;
	struct link_values values = { NULL, { { 0 } }, NULL };
	const char *name;
	char *configured = NULL;
	size_t i;
	int ret = 1;

	argc = parse_options(argc, argv, options, trailer_usage);
	if (argc > 1)
		usage_msg_opt(trailer_usage, options, "too many arguments");
	if (o.links && o.template)
		usage_msg_opt(trailer_usage, options, "--links and --template cannot be used together");
	if (o.tested_by && (o.links || o.template || o.tag))
		usage_msg_opt(trailer_usage, options, "--tested-by cannot be used with --links, --template or --tag");
	/* only the records' links know their origin */
	if (record_filter_active(&filter) && o.template)
		usage_msg_opt(trailer_usage, options, "--origin and --template cannot be used together");
	record_filter_read_or_usage(&filter, trailer_usage, options);
	if (record_filter_active(&filter) && !o.tested_by)
		o.links = 1;
	name = argc ? argv[0] : "HEAD";
	values.repo = repo_open();
	if (o.tested_by) {
		ret = tested_by(values.repo, &o, &filter, name);
		goto out;
	}
	values.tag = o.tag;
	if (repo_resolve_commit(values.repo, name, &values.commit) < 0)
		goto out;

	if (!o.template && !o.links)
		o.template = configured = config_get_string(values.repo, "results.linkTemplate");
	if (o.template) {
		if (link_template_expand(&storage, o.template, link_values_lookup, &values, &err)) {
			error("cannot make a link for '%s': %s", name, err.buf);
			goto out;
		}
		string_list_append(&urls, storage.buf);
	} else if (record_links(values.repo, o.ref, &values.commit, name, &filter, &urls, &storage)) {
		goto out;
	}
	sort_unique(&urls);
	for (i = 0; i < urls.nr; i++) {
		if (record_check_value("link", urls.items[i], &err)) {
			error("%s", err.buf);
			goto out;
		}
	}

	if (o.in_place) {
		if (add_in_place(values.repo, o.in_place, TRAILER_KEY, &urls))
			goto out;
	} else {
		for (i = 0; i < urls.nr; i++)
			strbuf_addf(&out, "%s: %s\n", TRAILER_KEY, urls.items[i]);
		fwrite(out.buf, 1, out.len, stdout);
	}
	ret = 0;
out:
	string_list_clear(&urls);
	strbuf_release(&storage);
	strbuf_release(&err);
	strbuf_release(&out);
	free(configured);
	git_repository_free(values.repo);
	record_filter_release(&filter);
	return ret;
}
