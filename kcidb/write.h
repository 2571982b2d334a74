#ifndef KCIDB_WRITE_H
#define KCIDB_WRITE_H

#include "kcidb/config.h"
#include "lib/record.h"
#include "lib/strbuf.h"

#include <stddef.h>

/*
 * Records as KCIDB v5.3 JSON (Documentation/git-results-sync.md, "KCIDB
 * MAPPING"): one checkout per commit (its https repository URL, the full
 * commit hash, the branch and patchset_hash ""), one build per record
 * (one origin and environment: one run), one test per test line.  Every
 * id is "<origin>:" and a deterministic rest without '/', computed from
 * the checkout and the record's bytes, so rendering the same records
 * twice gives the same objects and publishing them twice changes nothing.
 * The whole record text, signature block included, rides in the build's
 * misc.git_results.record, where `sync pull` finds it again.
 *
 * Documents are written as compact JSON; every document is checked with
 * kcidb_check_document() before it is handed on.
 */

#define KCIDB_SCHEMA_MAJOR 5
#define KCIDB_SCHEMA_MINOR 3

/*
 * The id of the checkout of `commit` (40 hex) in `t`, appended to `out`:
 * "<origin>:<commit>.<12 hex digits naming the URL and branch>".
 */
void kcidb_checkout_id(struct strbuf *out, const struct kcidb_target *t, const char *commit);

/*
 * The id of the build `r` (normalised, naming its commit) becomes in `t`,
 * appended to `out`: "<origin>:<record origin>.<run>.<16 hex digits>",
 * the digits naming the checkout and the record's bytes.
 */
void kcidb_build_id(struct strbuf *out, const struct kcidb_target *t, const struct record *r);

/*
 * Called with each finished, checked document: `records` and `tests`
 * count what it carries.  A non-zero return stops the writer, which
 * returns it.
 */
typedef int (*kcidb_document_fn)(const char *json, size_t len, size_t records, size_t tests,
				 void *data);

/*
 * Streams records into documents of at most `max_size` bytes (0: no
 * limit): memory holds one document, whatever the number of records.
 * A record's checkout and build always travel in the same document; its
 * tests follow in as many documents as they need (KCIDB accepts a test
 * whose build came in an earlier document).
 */
struct kcidb_writer {
	const struct kcidb_target *target;
	size_t max_size;
	kcidb_document_fn emit;
	void *emit_data;

	struct strbuf checkouts, builds, tests;
	size_t checkouts_nr, builds_nr, tests_nr;
	size_t doc_records;		/* records whose build is in this document */
	struct strbuf doc;		/* the document being handed on */
	struct strbuf scratch;
	struct strbuf doc_checkout;	/* id of the checkout this document holds last */

	size_t documents, records, total_tests;	/* totals so far */
};

/*
 * Starts a writer for `target` (borrowed: it must outlive the writer;
 * a target without an origin gives each record's objects the record's
 * own origin)
 * that hands each document to `emit` with `data`.
 */
void kcidb_writer_init(struct kcidb_writer *w, const struct kcidb_target *target,
		       size_t max_size, kcidb_document_fn emit, void *data);

/*
 * Adds one normalised record.  Returns 0, the callback's non-zero value,
 * or -1 with a message in `err` (a record that does not name its commit,
 * one too large for one document, a document that fails the schema
 * check).
 */
int kcidb_writer_add(struct kcidb_writer *w, const struct record *r, struct strbuf *err);

/* Hands on the last, partly filled document (if any); returns as above. */
int kcidb_writer_finish(struct kcidb_writer *w, struct strbuf *err);

/* Frees the writer's buffers; a partly filled document is dropped. */
void kcidb_writer_release(struct kcidb_writer *w);

/*
 * The renderer for `--to kcidb`: appends to `out` one KCIDB document
 * holding `records` (normalised; each must name its commit) with no size
 * limit, followed by a newline.  Returns 0, or -1 with a message in
 * `err`; `out` is then left as it was.  kcidb_target_from_config()
 * (kcidb/config.h) fills the target from git's configuration.
 */
int kcidb_render(struct strbuf *out, const struct record_list *records,
		 const struct kcidb_target *target, struct strbuf *err);

/* Appends `s` as a JSON string (quoted, escaped). */
void kcidb_json_string(struct strbuf *out, const char *s, size_t len);

#endif
