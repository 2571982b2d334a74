/*
 * --to b4-check: what b4's review check commands print
 * (b4.review-perpatch-check-cmd, src/b4/review/checks.py): a JSON
 * object with tool, status (pass, warn or fail), summary, url and
 * details, here one per commit, each on a line of its own.  details is a
 * string, as b4 keeps it: a JSON array of one finding per run (status,
 * context, description, url), the shape of b4's own built-in checks.
 */
#include "formats/b4-check.h"
#include "lib/result-groups.h"
#include "lib/usage.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define B4_TOOL "git-results"

static const char *b4_status(enum result_status s)
{
	if (s == STATUS_FAIL || s == STATUS_ERROR)
		return "fail";
	if (s == STATUS_MISS || s == STATUS_SKIP)
		return "warn";
	return "pass";
}

static json_t *finding(const struct record *r)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *obj = json_object();
	size_t i, failing = 0;

	json_object_set_new(obj, "status", json_string(b4_status(r->status)));
	strbuf_addf(&sb, "%s/%s", r->origin, r->run);
	json_object_set_new(obj, "context", json_string(sb.buf));
	strbuf_reset(&sb);
	for (i = 0; i < r->env_nr; i++)
		strbuf_addf(&sb, "%s%s=%s", i ? " " : "", r->env[i].key, r->env[i].value);
	if (sb.len)
		strbuf_addstr(&sb, ": ");
	record_describe_counts(&sb, r->counts);
	for (i = 0; i < r->tests_nr && failing < 10; i++) {
		if (!status_is_failing(r->tests[i].status))
			continue;
		strbuf_addf(&sb, "%s %s %s", failing ? "," : "; failing:",
			    status_name(r->tests[i].status), r->tests[i].path);
		failing++;
	}
	json_object_set_new(obj, "description", json_string(sb.buf));
	if (r->links_nr)
		json_object_set_new(obj, "url", json_string(r->links[0]));
	strbuf_release(&sb);
	return obj;
}

/* Writes the object of the records [from, to) of `records`, which name one commit. */
static int write_commit(FILE *out, const struct record_list *records, size_t from, size_t to,
			struct strbuf *err)
{
	enum result_status worst = STATUS_SKIP;
	size_t counts[STATUS__NR] = { 0 };
	struct strbuf summary = STRBUF_INIT;
	json_t *obj = json_object(), *details = json_array();
	const char *url = NULL;
	char *text = NULL, *details_text;
	size_t i, s;
	int ret;

	for (i = from; i < to; i++) {
		const struct record *r = &records->items[i];

		worst = status_worse(worst, r->status);
		for (s = 0; s < STATUS__NR; s++)
			counts[s] += r->counts[s];
		if (!url && r->links_nr)
			url = r->links[0];
		json_array_append_new(details, finding(r));
	}
	record_describe_counts(&summary, counts);
	strbuf_addf(&summary, " in %lu run%s", (unsigned long)(to - from), to - from == 1 ? "" : "s");
	json_object_set_new(obj, "tool", json_string(B4_TOOL));
	json_object_set_new(obj, "status", json_string(b4_status(worst)));
	json_object_set_new(obj, "summary", json_string(summary.buf));
	json_object_set_new(obj, "url", json_string(url ? url : ""));
	details_text = json_dumps(details, JSON_COMPACT);
	json_object_set_new(obj, "details", json_string(details_text));
	json_object_set_new(obj, "commit", json_string(records->items[from].commit));
	text = json_dumps(obj, JSON_COMPACT);
	strbuf_reset(&summary);
	strbuf_addstr(&summary, text);
	strbuf_addch(&summary, '\n');
	ret = 0;
	if (fwrite(summary.buf, 1, summary.len, out) != summary.len) {
		strbuf_addstr(err, "cannot write the output");
		ret = -1;
	}
	free(text);
	free(details_text);
	json_decref(details);
	json_decref(obj);
	strbuf_release(&summary);
	return ret;
}

int render_b4_check(FILE *out, git_repository *repo, const struct record_list *records,
		    struct strbuf *err)
{
	size_t from = 0, i;

	for (i = 1; i <= records->nr; i++) {
		if (i < records->nr && !strcmp(records->items[i].commit, records->items[from].commit))
			continue;
		if (write_commit(out, records, from, i, err))
			return -1;
		from = i;
	}
	return 0;
}
