/*
 * git results sync push: publish records to KCIDB as v5.3 JSON, in
 * documents of bounded size, then wait until KCIDB has ingested them.
 */
#include "git-results/builtin.h"
#include "kcidb/client.h"
#include "kcidb/map.h"
#include "kcidb/published.h"
#include "kcidb/verify.h"
#include "kcidb/write.h"
#include "lib/revision.h"
#include "lib/parse-options.h"
#include "lib/progress.h"
#include "lib/repo.h"
#include "lib/sign/verdict.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const push_usage[] = {
	"git results sync push [<options>] [<commit>... | <range>]",
	NULL
};

struct submission {
	char *id;
	size_t records, tests;
	int done, failed;
	char *error;	/* why its state could not be told, once done */
};

/* A build sent, and the documents that carry it and its tests. */
struct sent_build {
	char *id;
	char commit[GIT_OID_HEXSZ + 1];
	size_t first_doc, last_doc;
};

struct push_state {
	git_repository *repo;
	struct notes_store store;
	struct oid_list commits;
	struct string_list origins;	/* record origins to publish */
	struct kcidb_target target;
	struct kcidb_connection conn;
	struct http_client http;
	struct strbuf shown_url;	/* the submit URL, for messages */

	struct submission *subs;
	size_t subs_nr, subs_alloc;
	size_t other_origins, imported;	/* records left out, and why */
	size_t already;			/* ... and those KCIDB has taken before */
	size_t documents;		/* counted by the checking pass */
	int quiet, all;

	/* What KCIDB took before; consulted when use_published is set. */
	struct kcidb_published published;
	int use_published;
	struct sent_build *sent;
	size_t sent_nr, sent_alloc;

	/*
	 * The meter of the pass under way, taken down before any message
	 * that ends the pass, so that no message lands on a half-drawn
	 * meter.  It counts commits read, or, while sending, the records in
	 * the documents KCIDB took (sent_records).
	 */
	struct progress *meter;
	int sending;
	size_t sent_records;
};

static int wanted_origin(const struct push_state *st, const char *origin)
{
	size_t i;

	for (i = 0; i < st->origins.nr; i++)
		if (!strcmp(st->origins.items[i], origin))
			return 1;
	return 0;
}

/*
 * Notes that the build `id` goes in the document of index `doc` (the
 * one being filled) and, its tests, perhaps the next ones.
 */
static void remember_sent(struct push_state *st, const char *id, const char *commit, size_t doc)
{
	ALLOC_GROW(st->sent, st->sent_nr + 1, st->sent_alloc);
	st->sent[st->sent_nr].id = xstrdup(id);
	memcpy(st->sent[st->sent_nr].commit, commit, sizeof(st->sent[st->sent_nr].commit));
	st->sent[st->sent_nr].first_doc = st->sent[st->sent_nr].last_doc = doc;
	st->sent_nr++;
}

/*
 * Adds to the published builds those KCIDB ingested: every document
 * that carries the build or a test of it was processed.
 */
static void remember_published(struct push_state *st)
{
	struct kcidb_published_build *taken_builds = xcalloc(st->sent_nr + 1, sizeof(*taken_builds));
	struct strbuf err = STRBUF_INIT;
	size_t i, d, nr = 0;

	for (i = 0; i < st->sent_nr; i++) {
		const struct sent_build *b = &st->sent[i];
		int taken = b->last_doc < st->subs_nr;

		for (d = b->first_doc; taken && d <= b->last_doc; d++)
			taken = st->subs[d].done && !st->subs[d].failed && !st->subs[d].error;
		if (taken) {
			taken_builds[nr].id = b->id;
			taken_builds[nr++].commit = b->commit;
		}
	}
	if (kcidb_published_add(&st->published, taken_builds, nr, st->conn.lock_timeout, &err))
		warning("%s; the next push sends these results again", err.buf);
	free(taken_builds);
	strbuf_release(&err);
}

/*
 * Feeds the records to publish, commit by commit, to `w`: only one
 * note's records are in memory at a time.  Ends st->meter: done on
 * success, taken down on failure before the caller reports it.
 */
static int generate(struct push_state *st, struct kcidb_writer *w, struct strbuf *err)
{
	struct strbuf build_id = STRBUF_INIT;
	size_t c, i;
	int ret = 0;

	st->other_origins = st->imported = st->already = 0;
	for (c = 0; c < st->commits.nr && !ret; c++) {
		struct record_list list = RECORD_LIST_INIT;
		char hex[GIT_OID_HEXSZ + 1];
		enum store_note got;

		git_oid_tostr(hex, sizeof(hex), &st->commits.oids[c]);
		got = store_read(&st->store, &st->commits.oids[c], &list, err);
		if (got == STORE_NOTE_BAD) {
			struct strbuf why = STRBUF_INIT;

			strbuf_addbuf(&why, err);
			strbuf_reset(err);
			strbuf_addf(err, "the note on %s in %s is not a results record: %s", hex,
				    st->store.ref, why.buf);
			strbuf_release(&why);
			ret = -1;
		}
		for (i = 0; i < list.nr && !ret; i++) {
			struct record *r = &list.items[i];

			if (!wanted_origin(st, r->origin)) {
				st->other_origins++;
				continue;
			}
			if (kcidb_record_is_imported(r)) {
				st->imported++;	/* it came from KCIDB: it is there already */
				continue;
			}
			if (*r->commit && strcmp(r->commit, hex)) {
				if (!st->sending)	/* the checking pass said so */
					warning("not publishing the record of origin '%s', run '%s'"
						" attached to %s: it was made for commit %s",
						r->origin, r->run, hex, r->commit);
				continue;
			}
			memcpy(r->commit, hex, sizeof(r->commit));
			strbuf_reset(&build_id);
			if (st->use_published || st->sending)
				kcidb_build_id(&build_id, &st->target, r);
			if (st->use_published && kcidb_published_has(&st->published, build_id.buf)) {
				st->already++;
				continue;
			}
			/* Checked once, in the checking pass: nothing is sent after a bad one. */
			if (!st->sending && record_check_outgoing(st->repo, r, hex, err)) {
				ret = -1;
				break;
			}
			if (st->sending)
				remember_sent(st, build_id.buf, hex, w->documents);
			ret = kcidb_writer_add(w, r, err);
			if (st->sending)
				st->sent[st->sent_nr - 1].last_doc = w->documents;
		}
		record_list_release(&list);
		progress_update(st->meter, st->sending ? st->sent_records : c + 1);
	}
	if (!ret && w->records)
		ret = kcidb_writer_finish(w, err);
	if (ret)
		progress_free(&st->meter);
	else
		progress_stop(&st->meter);
	strbuf_release(&build_id);
	return ret;
}

static int count_document(const char *json, size_t len, size_t records, size_t tests, void *data)
{
	struct push_state *st = data;

	st->documents++;
	return 0;
}

static int print_document(const char *json, size_t len, size_t records, size_t tests, void *data)
{
	fwrite(json, 1, len, stdout);
	putchar('\n');
	return 0;
}

static void report_sent(struct push_state *st)
{
	if (st->subs_nr)
		fprintf(stderr, "%zu of %zu documents had been sent; pushing again is safe:"
			" KCIDB keeps one copy of each object\n", st->subs_nr, st->documents);
}

static int submit_document(const char *json, size_t len, size_t records, size_t tests,
			   void *data)
{
	struct push_state *st = data;
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct strbuf url = STRBUF_INIT, err = STRBUF_INIT, msg = STRBUF_INIT;
	json_t *answer = NULL;
	const char *id;
	int ret = 1;

	strbuf_addf(&url, "%s/submit", st->conn.submit_url);
	if (http_request(&st->http, "POST", url.buf, HTTP_BEARER, "application/json", json, len,
			 &resp, &err)) {
		progress_free(&st->meter);
		report_sent(st);
		die("%s", err.buf);
	}
	kcidb_answer_message(&msg, &resp, st->conn.token);
	if (resp.status == 401 || resp.status == 403) {
		progress_free(&st->meter);
		report_sent(st);
		die("KCIDB at '%s' refused the token (HTTP %ld: %s)", st->shown_url.buf,
		    resp.status, msg.buf);
	}
	if (resp.status != 200)
		progress_free(&st->meter);
	if (resp.status == 413) {
		error("KCIDB refused a document of %zu bytes as too large (HTTP 413); lower"
		      " results.kcidb.maxDocumentSize", len);
		goto out;
	}
	if (resp.status != 200) {
		error("KCIDB did not take a document (HTTP %ld: %s)", resp.status, msg.buf);
		goto out;
	}
	answer = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	id = json_string_value(json_object_get(answer, "id"));
	if (!id || !*id || strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "0123456789") != strlen(id)) {
		progress_free(&st->meter);
		error("KCIDB answered without a submission id: %s", msg.buf);
		goto out;
	}
	ALLOC_GROW(st->subs, st->subs_nr + 1, st->subs_alloc);
	memset(&st->subs[st->subs_nr], 0, sizeof(*st->subs));
	st->subs[st->subs_nr].id = xstrdup(id);
	st->subs[st->subs_nr].records = records;
	st->subs[st->subs_nr].tests = tests;
	st->subs_nr++;
	st->sent_records += records;
	progress_update(st->meter, st->sent_records);
	ret = 0;
out:
	if (ret)
		report_sent(st);
	json_decref(answer);
	http_response_release(&resp);
	strbuf_release(&url);
	strbuf_release(&err);
	strbuf_release(&msg);
	return ret;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_for(double seconds)
{
	struct timespec ts;

	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	/* The meter's timer interrupts the sleep every second. */
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * Asks /status about one submission: 1 when it is settled (processed or
 * failed, sub->failed says which), 0 while it waits, -1 when its state
 * cannot be told (why in sub->error).  Dies when KCIDB cannot be reached
 * or refuses the token.
 */
static int poll_one(struct push_state *st, struct submission *sub)
{
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct strbuf url = STRBUF_INIT, err = STRBUF_INIT, msg = STRBUF_INIT;
	struct strbuf why = STRBUF_INIT;
	json_t *answer = NULL;
	const char *status;
	int ret = -1;

	strbuf_addf(&url, "%s/status?id=", st->conn.submit_url);
	http_escape(&url, sub->id);
	if (http_request(&st->http, "GET", url.buf, HTTP_BEARER, NULL, NULL, 0, &resp, &err)) {
		progress_free(&st->meter);
		die("%s", err.buf);
	}
	kcidb_answer_message(&msg, &resp, st->conn.token);
	if (resp.status == 401 || resp.status == 403) {
		progress_free(&st->meter);
		die("KCIDB at '%s' refused the token (HTTP %ld: %s)", st->shown_url.buf,
		    resp.status, msg.buf);
	}
	if (resp.status == 404) {
		strbuf_addf(&why, "KCIDB does not know submission %s", sub->id);
		goto out;
	}
	answer = json_loadb(resp.body.buf, resp.body.len, 0, NULL);
	status = json_string_value(json_object_get(answer, "status"));
	if (resp.status != 200 || !status) {
		strbuf_addf(&why, "cannot tell the state of submission %s (HTTP %ld: %s)", sub->id,
			    resp.status, msg.buf);
		goto out;
	}
	if (!strcmp(status, "processed") || !strcmp(status, "failed")) {
		sub->failed = !strcmp(status, "failed");
		ret = 1;
	} else if (!strcmp(status, "inprogress") || !strcmp(status, "ready") ||
		   !strcmp(status, "ok")) {
		ret = 0;
	} else {
		strbuf_addf(&why, "submission %s is in an unknown state '%s'", sub->id, status);
	}
out:
	if (ret < 0)
		sub->error = strbuf_detach(&why, NULL);
	strbuf_release(&why);
	json_decref(answer);
	http_response_release(&resp);
	strbuf_release(&url);
	strbuf_release(&err);
	strbuf_release(&msg);
	return ret;
}

/*
 * Says how each submission ended, in the order they were sent, once the
 * meter is down: reports printed as they come would break into it.
 */
static void report_submissions(const struct push_state *st)
{
	size_t i, processed = 0, records = 0, tests = 0;

	for (i = 0; i < st->subs_nr; i++) {
		const struct submission *sub = &st->subs[i];

		if (!sub->done)
			error("submission %s is still waiting to be ingested after %.0f s"
			      " (results.kcidb.pollTimeout)", sub->id, st->conn.poll_timeout);
		else if (sub->error)
			error("%s", sub->error);
		else if (sub->failed)
			error("submission %s failed: KCIDB could not ingest it", sub->id);
		else {
			processed++;
			records += sub->records;
			tests += sub->tests;
		}
	}
	if (!st->quiet)
		fprintf(stderr, "KCIDB processed %zu of %zu document%s (%zu record%s, %zu test%s)\n",
			processed, st->subs_nr, st->subs_nr == 1 ? "" : "s", records,
			records == 1 ? "" : "s", tests, tests == 1 ? "" : "s");
}

/* Waits until KCIDB has ingested or refused every submission. */
static int wait_for_ingestion(struct push_state *st)
{
	double deadline = now() + st->conn.poll_timeout;
	size_t i, pending = st->subs_nr;
	int errors = 0;

	st->meter = progress_start("Waiting for KCIDB", st->subs_nr);
	while (pending) {
		for (i = 0; i < st->subs_nr; i++) {
			struct submission *sub = &st->subs[i];

			if (sub->done || !poll_one(st, sub))
				continue;
			sub->done = 1;
			pending--;
			errors += sub->error || sub->failed;
			progress_update(st->meter, st->subs_nr - pending);
		}
		if (!pending || now() >= deadline)
			break;
		/* Drawn on its timer while KCIDB takes its time. */
		progress_update(st->meter, st->subs_nr - pending);
		pause_for(st->conn.poll_interval);
	}
	if (errors || pending)
		progress_free(&st->meter);
	else
		progress_stop(&st->meter);
	report_submissions(st);
	return errors || pending ? -1 : 0;
}

static void default_origins(struct push_state *st, char **configured)
{
	*configured = config_get_string(st->repo, "results.origin");
	if (st->target.origin)
		string_list_append(&st->origins, st->target.origin);
	string_list_append(&st->origins, *configured ? *configured : "local");
}

static void say_left_out(const struct push_state *st)
{
	if (st->quiet)
		return;
	if (st->other_origins)
		fprintf(stderr, "left out %zu record%s of other origins (name them with --origin)\n",
			st->other_origins, st->other_origins == 1 ? "" : "s");
	if (st->imported)
		fprintf(stderr, "left out %zu record%s imported from KCIDB\n", st->imported,
			st->imported == 1 ? "" : "s");
	if (st->already)
		fprintf(stderr, "left out %zu record%s KCIDB took before (--all sends them again)\n",
			st->already, st->already == 1 ? "" : "s");
}

/* --dry-run: the documents go to standard output. */
static int write_documents(struct push_state *st)
{
	struct strbuf err = STRBUF_INIT;
	struct kcidb_writer writer;
	int ret = 1;

	kcidb_writer_init(&writer, &st->target, st->conn.max_document_size, print_document, st);
	st->meter = progress_start("Writing KCIDB JSON", st->commits.nr);
	if (generate(st, &writer, &err)) {
		error("%s", err.buf);
		goto out;
	}
	say_left_out(st);
	if (!st->quiet)
		fprintf(stderr, "would publish %zu record%s (%zu test%s) in %zu document%s\n",
			writer.records, writer.records == 1 ? "" : "s", writer.total_tests,
			writer.total_tests == 1 ? "" : "s", writer.documents,
			writer.documents == 1 ? "" : "s");
	ret = 0;
out:
	kcidb_writer_release(&writer);
	strbuf_release(&err);
	return ret;
}

/*
 * Everything is checked before anything is sent: a first pass builds and
 * checks every document and throws it away, the second builds the same
 * documents again and sends them.  Memory stays one document.
 */
static int publish(struct push_state *st, int no_wait)
{
	struct strbuf err = STRBUF_INIT;
	struct kcidb_writer check, send;
	size_t i;
	int ret = 1;

	kcidb_writer_init(&check, &st->target, st->conn.max_document_size, count_document, st);
	kcidb_writer_init(&send, &st->target, st->conn.max_document_size, submit_document, st);
	st->meter = progress_start("Checking results", st->commits.nr);
	if (generate(st, &check, &err)) {
		error("%s; nothing was sent", err.buf);
		goto out;
	}
	say_left_out(st);
	if (!check.records) {
		if (!st->quiet)
			fprintf(stderr, "nothing to publish\n");
		ret = 0;
		goto out;
	}
	kcidb_http_init(&st->http, &st->conn);
	/* Sending counts records, those of the documents KCIDB took. */
	st->sending = 1;
	st->meter = progress_start("Publishing results", check.records);
	if (generate(st, &send, &err)) {
		if (err.len)
			error("%s", err.buf);
		goto out;
	}
	if (!st->quiet)
		fprintf(stderr, "sent %zu record%s (%zu test%s) in %zu document%s to %s\n",
			send.records, send.records == 1 ? "" : "s", send.total_tests,
			send.total_tests == 1 ? "" : "s", send.documents,
			send.documents == 1 ? "" : "s", st->shown_url.buf);
	if (no_wait) {
		for (i = 0; i < st->subs_nr && !st->quiet; i++)
			fprintf(stderr, "submission %s: queued\n", st->subs[i].id);
		ret = 0;
	} else {
		ret = wait_for_ingestion(st) ? 1 : 0;
		if (st->published.path)
			remember_published(st);
	}
out:
	kcidb_writer_release(&check);
	kcidb_writer_release(&send);
	strbuf_release(&err);
	return ret;
}

int cmd_sync_push(int argc, const char **argv)
{
	struct push_state st;
	int dry_run = 0, no_wait = 0, progress = -1, ret = 1;
	const char *ref = NULL, *url = NULL;
	char *ref_name = NULL, *configured_origin = NULL;
	struct option options[] = {
		OPT_BOOL('n', "dry-run", &dry_run, "write the KCIDB JSON to standard output instead of sending it"),
		OPT_STRING_LIST(0, "origin", &st.origins, "origin", "publish the records of this origin (default: results.kcidb.origin and results.origin)"),
		OPT_STRING(0, "url", &url, "url", "KCIDB submission URL (default: KCIDB_REST or results.kcidb.url)"),
		OPT_STRING(0, "kcidb-origin", &st.target.origin, "origin", "KCIDB origin to submit as (default: results.kcidb.origin or the token's)"),
		OPT_STRING(0, "git-url", &st.target.git_url, "url", "https URL of the repository (default: results.kcidb.gitUrl or the remote's)"),
		OPT_STRING(0, "branch", &st.target.branch, "name", "branch the commits come from (default: results.kcidb.branch or the upstream)"),
		OPT_BOOL(0, "all", &st.all, "send the records KCIDB took before again, too"),
		OPT_BOOL(0, "no-wait", &no_wait, "do not wait until KCIDB has ingested the results"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_BOOL(0, "progress", &progress, "show progress (default: when standard error is a terminal)"),
		OPT_BOOL('q', "quiet", &st.quiet, "report only errors"),
		OPT_END()
	};
	struct strbuf err = STRBUF_INIT;
	size_t i;

	memset(&st, 0, sizeof(st));
	strbuf_init(&st.shown_url, 0);
	argc = parse_options(argc, argv, options, push_usage);
	/* Options that set strings borrow argv: own them, as the config does. */
	st.target.origin = st.target.origin ? xstrdup(st.target.origin) : NULL;
	st.target.git_url = st.target.git_url ? xstrdup(st.target.git_url) : NULL;
	st.target.branch = st.target.branch ? xstrdup(st.target.branch) : NULL;
	/* As in add: -q means no meter, unless --progress asks for one. */
	progress_set_enabled(st.quiet && progress < 0 ? 0 : progress);

	st.repo = repo_open();
	ref_name = store_ref_name(st.repo, ref);
	if (revision_collect(st.repo, argc, argv, &st.commits))
		goto out;
	if (kcidb_connection_from_config(&st.conn, st.repo, url,
					 dry_run ? 0 : KCIDB_NEED_SUBMIT, &err) ||
	    kcidb_target_fill(&st.target, st.repo, st.conn.token,
			      dry_run ? KCIDB_ORIGIN_OPTIONAL : 0, &err) ||
	    kcidb_target_check(&st.target, &err))
		die("%s", err.buf);
	http_scrub_url(&st.shown_url, st.conn.submit_url ? st.conn.submit_url : "");
	if (!st.origins.nr)
		default_origins(&st, &configured_origin);
	if (st.conn.submit_url) {
		if (kcidb_published_read(&st.published, st.repo, st.shown_url.buf, &err))
			die("%s", err.buf);
		st.use_published = !st.all;
	}
	store_open(&st.store, st.repo, ref_name);

	ret = dry_run ? write_documents(&st) : publish(&st, no_wait);
out:
	store_release(&st.store);
	for (i = 0; i < st.subs_nr; i++) {
		free(st.subs[i].id);
		free(st.subs[i].error);
	}
	free(st.subs);
	for (i = 0; i < st.sent_nr; i++)
		free(st.sent[i].id);
	free(st.sent);
	kcidb_published_release(&st.published);
	http_client_release(&st.http);
	kcidb_connection_release(&st.conn);
	kcidb_target_release(&st.target);
	oid_list_release(&st.commits);
	string_list_clear(&st.origins);
	strbuf_release(&st.shown_url);
	strbuf_release(&err);
	free(ref_name);
	free(configured_origin);
	git_repository_free(st.repo);
	return ret;
}
