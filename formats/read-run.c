#include "formats/read-run.h"
#include "lib/metric.h"
#include "formats/format.h"
#include "lib/date.h"
#include "lib/repo.h"
#include "lib/hex.h"
#include "lib/sha1.h"
#include "lib/usage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * A date as --date or the input gives it, in the canonical UTC form;
 * -1 when it is not one (lib/date.h says what is read).
 */
static int parse_date(const char *in, struct strbuf *out)
{
	long long t;

	if (date_parse_user(in, &t))
		return -1;
	return date_format_utc(out, t);
}

/* Sets what neither the options nor the input gave the run. */
static int apply_defaults(struct record *r, git_repository *repo, struct strbuf *err)
{
	struct strbuf date = STRBUF_INIT;
	char *configured = NULL;
	int ret = -1;

	if (!r->origin) {
		/* Without a repository (parse), no repository's origin applies. */
		const char *origin = repo ? (configured = config_get_string(repo, "results.origin")) : NULL;

		if (!origin)
			origin = "local";
		if (record_check_origin(origin, err))
			goto out;
		record_set_origin(r, origin);
	}
	if (!r->date) {
		const char *epoch = getenv("SOURCE_DATE_EPOCH");

		if (epoch) {
			char *end;
			long long t = strtoll(epoch, &end, 10);

			if (!*epoch || *end) {
				strbuf_addf(err, "SOURCE_DATE_EPOCH is not a number of seconds: '%s'", epoch);
				goto out;
			}
			if (date_format_utc(&date, t)) {
				strbuf_addf(err, "SOURCE_DATE_EPOCH is out of range: '%s'", epoch);
				goto out;
			}
		} else {
			date_format_utc(&date, (long long)time(NULL));
		}
		record_set_date(r, date.buf);
	}
	ret = 0;
out:
	free(configured);
	strbuf_release(&date);
	return ret;
}

/*
 * What the input says is used when valid; when not, the defaults take its
 * place, with a warning.
 */
static int input_ok(int check, struct strbuf *err)
{
	if (check)
		warning("ignoring what the input says: %s", err->buf);
	strbuf_reset(err);
	return !check;
}

/*
 * Fills the header of a run: the options first, then what the input
 * says (`input` may be NULL), then the defaults.
 */
static int apply_options(struct record *r, const struct record_options *opts,
			 const struct record *input, git_repository *repo, struct strbuf *err)
{
	struct strbuf date = STRBUF_INIT;
	size_t i;
	int ret = -1;

	if (opts->origin) {
		if (record_check_origin(opts->origin, err))
			goto out;
		record_set_origin(r, opts->origin);
	} else if (input && input->origin && input_ok(record_check_origin(input->origin, err), err)) {
		record_set_origin(r, input->origin);
	}
	if (opts->run) {
		if (record_check_run(opts->run, err))
			goto out;
		record_set_run(r, opts->run);
	} else if (input && input->run && input_ok(record_check_run(input->run, err), err)) {
		record_set_run(r, input->run);
	}

	if (opts->date) {
		if (parse_date(opts->date, &date)) {
			strbuf_addf(err, "invalid date '%s' (use RFC 3339 or @<unix time>)", opts->date);
			goto out;
		}
		record_set_date(r, date.buf);
	} else if (input && input->date) {
		if (parse_date(input->date, &date))
			warning("ignoring the input's date '%s': not RFC 3339", input->date);
		else
			record_set_date(r, date.buf);
	}

	if (opts->tester) {
		if (record_check_value("tester", opts->tester, err))
			goto out;
		record_set_tester(r, opts->tester);
	} else if (input && input->tester &&
		   input_ok(record_check_value("tester", input->tester, err), err)) {
		record_set_tester(r, input->tester);
	}

	for (i = 0; input && i < input->env_nr; i++)
		if (input_ok(record_check_env_key(input->env[i].key, err) ||
			     record_check_value("environment value", input->env[i].value, err), err))
			record_set_env(r, input->env[i].key, input->env[i].value);
	for (i = 0; i < opts->env.nr; i++) {
		const char *kv = opts->env.items[i], *eq = strchr(kv, '=');
		char *key;

		if (!eq) {
			strbuf_addf(err, "--env expects key=value, not '%s'", kv);
			goto out;
		}
		key = xstrndup(kv, eq - kv);
		if (record_check_env_key(key, err) ||
		    record_check_value("environment value", eq + 1, err)) {
			free(key);
			goto out;
		}
		record_set_env(r, key, eq + 1);
		free(key);
	}
	for (i = 0; input && i < input->links_nr; i++)
		if (input_ok(record_check_value("link", input->links[i], err), err))
			record_add_link(r, input->links[i]);
	for (i = 0; i < opts->links.nr; i++) {
		if (record_check_value("link", opts->links.items[i], err))
			goto out;
		record_add_link(r, opts->links.items[i]);
	}
	for (i = 0; i < opts->supersedes.nr; i++) {
		if (record_check_run(opts->supersedes.items[i], err))
			goto out;
		record_add_supersedes(r, opts->supersedes.items[i]);
	}
	if (input && *input->commit)
		memcpy(r->commit, input->commit, sizeof(r->commit));
	ret = apply_defaults(r, repo, err);
out:
	strbuf_release(&date);
	return ret;
}

/* Sets the header's roll-up and counts from its spooled tests. */
static void header_counts(struct record *r, const struct result_spool *tests)
{
	int i;

	r->status = tests->nr ? STATUS_SKIP : STATUS_DONE;
	r->version = tests->metrics ? RECORD_VERSION_METRICS : RECORD_VERSION;
	for (i = 0; i < STATUS__NR; i++) {
		r->counts[i] = tests->counts[i];
		if (tests->counts[i])
			r->status = status_worse(r->status, (enum result_status)i);
	}
}

/*
 * Without --run, the run id is a hash of what was tested and how: the
 * record written with run "0" and without its date, which defaults to
 * the wall clock.  Adding the same results twice gives the same run,
 * which the attach policy finds already recorded, while different
 * results get different ids.  It is hashed as the payload streams by,
 * like a git blob id, so that a record of millions of tests is never
 * held whole.
 */
void parsed_run_finish(struct parsed_run *run)
{
	struct strbuf header = STRBUF_INIT;
	struct sha1_ctx ctx;
	unsigned char sha1[20];
	char prefix[64], hex[13];
	const char *block;
	char *date;
	size_t len;
	int n;

	if (run->header.run)
		goto out;
	record_set_run(&run->header, "0");
	record_normalize(&run->header);
	header_counts(&run->header, &run->tests);
	date = run->header.date;
	run->header.date = NULL;
	record_write_payload(&header, &run->header);
	run->header.date = date;
	sha1_init(&ctx);
	n = snprintf(prefix, sizeof(prefix), "blob %" PRIu64,
		     (uint64_t)header.len + run->tests.bytes);
	sha1_update(&ctx, prefix, (size_t)n + 1);	/* with its NUL */
	sha1_update(&ctx, header.buf, header.len);
	result_spool_rewind(&run->tests);
	while ((block = result_spool_read(&run->tests, &len)))
		sha1_update(&ctx, block, len);
	sha1_final(&ctx, sha1);
	hex_encode(hex, sha1, 6);
	record_set_run(&run->header, hex);
	run->derived_run = 1;
out:
	strbuf_release(&header);
}

void parsed_run_to_record(struct parsed_run *run, struct record *out)
{
	struct strbuf path = STRBUF_INIT, reason = STRBUF_INIT;
	struct record_metric metric;
	const char *block;
	size_t len;

	*out = run->header;
	record_init(&run->header);
	result_spool_rewind(&run->tests);
	while ((block = result_spool_read(&run->tests, &len))) {
		const char *end = block + len;

		while (block < end) {
			const char *nl = memchr(block, '\n', (size_t)(end - block));
			struct spool_test t;

			spool_test_parse(&t, block, (size_t)(nl - block));
			strbuf_reset(&path);
			strbuf_add(&path, t.path, t.path_len);
			strbuf_reset(&reason);
			if (t.reason)
				strbuf_add(&reason, t.reason, t.reason_len);
			if (t.metric && !metric_parse(&metric, t.metric, t.metric_len)) {
				record_add_test_metric(out, path.buf, t.status,
						       t.reason ? reason.buf : NULL, &metric);
				record_metric_release(&metric);
			} else {
				record_add_test(out, path.buf, t.status, t.reason ? reason.buf : NULL);
			}
			block = nl + 1;
		}
	}
	record_normalize(out);
	strbuf_release(&path);
	strbuf_release(&reason);
}

struct read_state {
	const struct record_options *opts;
	git_repository *repo;
	const char *input;
	parsed_run_fn fn;
	void *data;
	struct parsed_run run;
	int open;
	size_t runs;
};

/* Whether another run may start: --run names only one. */
static int check_more_runs(struct read_state *st)
{
	if (st->runs && st->opts->run)
		return error("--run names one run, but '%s' holds several; leave --run out",
			     st->input);
	return 0;
}

static int open_run(struct read_state *st, const struct record *input)
{
	struct strbuf err = STRBUF_INIT;
	int ret = 0;

	st->runs++;
	record_init(&st->run.header);
	result_spool_init(&st->run.tests);
	st->run.derived_run = 0;
	st->open = 1;
	if (apply_options(&st->run.header, st->opts, input, st->repo, &err))
		ret = error("%s", err.buf);
	strbuf_release(&err);
	return ret ? 1 : 0;
}

static int close_run(struct read_state *st)
{
	int ret;

	if (!st->open)
		return 0;
	st->open = 0;
	record_normalize(&st->run.header);
	header_counts(&st->run.header, &st->run.tests);
	ret = st->fn(&st->run, st->data);
	record_release(&st->run.header);
	result_spool_release(&st->run.tests);
	return ret ? 1 : 0;
}

static int sink_test(struct result_sink *sink, const char *path,
		     enum result_status status, const char *reason)
{
	struct read_state *st = sink->data;

	if (!st->open && open_run(st, NULL))
		return 1;
	result_spool_add(&st->run.tests, path, status, reason);
	return 0;
}

static int sink_test_metric(struct result_sink *sink, const char *path,
			    enum result_status status, const char *reason,
			    const struct record_metric *metric)
{
	struct read_state *st = sink->data;

	if (!st->open && open_run(st, NULL))
		return 1;
	result_spool_add_metric(&st->run.tests, path, status, reason, metric);
	return 0;
}

static int sink_run(struct result_sink *sink, const struct record *header)
{
	struct read_state *st = sink->data;

	/* before the previous run is handed on: nothing printed, nothing added */
	if (check_more_runs(st) || close_run(st))
		return 1;
	return open_run(st, header);
}

int record_options_read(const struct record_options *opts, git_repository *repo,
			const char *input, parsed_run_fn fn, void *data)
{
	struct read_state st = { opts, repo, input, fn, data };
	struct result_sink sink = { sink_test, sink_run, &st, sink_test_metric };
	struct strbuf err = STRBUF_INIT;
	int ret;

	ret = format_parse_file(input, opts->format, &sink, &err);
	if (ret < 0)
		error("%s", err.buf);
	/* An input with no tests at all still makes one (empty) run. */
	if (!ret && !st.runs)
		ret = open_run(&st, NULL);
	if (!ret)
		ret = close_run(&st);
	if (st.open) {
		record_release(&st.run.header);
		result_spool_release(&st.run.tests);
	}
	strbuf_release(&err);
	return ret ? -1 : 0;
}

void record_options_release(struct record_options *opts)
{
	string_list_clear(&opts->env);
	string_list_clear(&opts->links);
	string_list_clear(&opts->supersedes);
}
