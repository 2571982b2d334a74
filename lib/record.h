#ifndef RECORD_H
#define RECORD_H

#include "lib/status.h"
#include "lib/record-text.h"
#include "lib/strbuf.h"

struct record_metric;	/* lib/metric.h: a measurement */

/*
 * One test run (one origin, one environment) on one commit.  The text
 * form is specified in Documentation/git-results-record.md; this is the
 * in-memory model and its canonical serialisation.  Nothing here knows
 * about git objects: ids are kept as hex strings.
 */

/*
 * Version 1 is every record without measurements, byte for byte as it
 * always was; version 2, a record with at least one.  record_normalize()
 * picks it.
 */
#define RECORD_VERSION 1
#define RECORD_VERSION_METRICS 2
#define RECORD_HEXSZ 40

struct record_env {
	char *key;
	char *value;
};

struct record_test {
	/*
	 * Both in the record's string pool, or in the note text it was
	 * parsed from: never freed or replaced one by one (add a test, or
	 * build another record).
	 */
	const char *path;
	const char *reason;	/* NULL when the format gave none */
	struct record_metric *metric;	/* NULL when the test measured nothing */
	enum result_status status;
};

/*
 * Note text whose bytes the records parsed from it keep their tests'
 * paths and reasons in (record_list_parse_text()): the parser ends each
 * with a NUL where its line had a space or newline.  Shared by those
 * records, freed with the last of them.
 */
struct record_text {
	size_t refs;
	char *buf;
	/*
	 * When the note is large: blocks that the records' arrays of tests
	 * are cut from, in huge pages (record_tests_from_text()).
	 */
	struct record_test **slabs;
	size_t slabs_nr, slabs_alloc;
	struct record_test *next;	/* the free end of the last slab */
	size_t left;		/* entries free there */
};

/*
 * Where a record keeps the strings of its tests: blocks that never move,
 * so that a record of 2,000 tests makes a handful of allocations, not
 * thousands, and the note text it borrows parsed strings from.  Freed
 * whole with the record.
 */
struct record_pool {
	char **blocks;
	size_t blocks_nr, blocks_alloc;
	char *next;		/* the free end of the last block */
	size_t left;		/* bytes free there */
	struct record_text *text;	/* a reference, or NULL */
};

struct record {
	unsigned version;
	char commit[RECORD_HEXSZ + 1];
	char tree[RECORD_HEXSZ + 1];
	char *origin;
	char *run;
	char *date;	/* RFC 3339, UTC: 2026-11-25T10:00:00Z */
	char *tester;	/* NULL when not given */

	struct record_env *env;
	size_t env_nr, env_alloc;
	char **links;
	size_t links_nr, links_alloc;
	/* Run ids of the same origin on the same commit this run replaces. */
	char **supersedes;
	size_t supersedes_nr, supersedes_alloc;

	struct record_test *tests;
	size_t tests_nr, tests_alloc;
	int tests_in_text;	/* `tests` is cut from pool.text's slabs, not allocated */
	struct record_pool pool;	/* the tests' paths and reasons */
	/*
	 * Tests read but not kept (a list with `failing_only`): counted in
	 * `counts`, missing from `tests`.  Such a record cannot be written.
	 */
	size_t tests_omitted;

	/* Derived from the tests by record_normalize(). */
	enum result_status status;
	size_t counts[STATUS__NR];

	/* The armoured signature that follows the payload, or NULL. */
	char *signature;
};

/*
 * The environment key a channel adds to a copy of a record it could not
 * carry whole (`sync pull` recovering an unsigned record from KCIDB).
 * The copy is the original plus this line: the attach policy takes the
 * original in its place wherever both meet.
 */
#define RECORD_ENV_IMPORTED "imported"

#define RECORD_INIT { .version = RECORD_VERSION, .status = STATUS_DONE }

void record_init(struct record *r);
void record_release(struct record *r);

/* Setters copy their arguments. */
void record_set_origin(struct record *r, const char *origin);
void record_set_run(struct record *r, const char *run);
void record_set_date(struct record *r, const char *date);
void record_set_tester(struct record *r, const char *tester);
/* Adds or replaces an environment pair. */
void record_set_env(struct record *r, const char *key, const char *value);
void record_add_link(struct record *r, const char *url);
/* Says that this run replaces run `run` of the same origin (a rerun). */
void record_add_supersedes(struct record *r, const char *run);
void record_add_test(struct record *r, const char *path, enum result_status status,
		     const char *reason);
/* The same, with the test's measurement (copied; NULL for none). */
void record_add_test_metric(struct record *r, const char *path, enum result_status status,
			    const char *reason, const struct record_metric *metric);
/*
 * Adds a test as the parser reads it: `path` (`path_len` bytes) valid,
 * `reason` (`reason_len` bytes, or NULL) as record_clean_reason() leaves
 * it, both copied as they are; `metric` copied (NULL for none).
 */
void record_add_test_clean(struct record *r, const char *path, size_t path_len,
			   enum result_status status, const char *reason, size_t reason_len,
			   const struct record_metric *metric);
/*
 * The same without copying: `path` and `reason` lie in `text`, and are
 * ended in place with a NUL (over the byte after each).  The record
 * takes a reference to `text`; all its borrowed tests come from one text.
 */
void record_add_test_borrowed(struct record *r, struct record_text *text, char *path,
			      size_t path_len, enum result_status status, char *reason,
			      size_t reason_len, const struct record_metric *metric);

/* Drops a reference to `text` (NULL is none), freeing it with the last. */
void record_text_unref(struct record_text *text);

/*
 * Gives `r`, which has no tests yet, room for `nr` tests cut from the
 * slabs of `text` (taking a reference to it), when `text` is large
 * enough to have them; returns 0 then, -1 when `r` is to allocate its
 * own.  The room grows into an array of its own like any other.
 */
int record_tests_from_text(struct record *r, struct record_text *text, size_t len, size_t nr);
/*
 * Appends what follows the path on the test line of `t`: its measurement
 * (" = 940.5 Mbit/s") and its reason (" # reason"), either or both.
 */
void record_test_write_tail(struct strbuf *out, const struct record_test *t);

/*
 * Validation of the individual fields, shared by the parser and the
 * command line: 0 when valid, -1 with a message in `err` otherwise.
 */
int record_check_origin(const char *origin, struct strbuf *err);
int record_check_run(const char *run, struct strbuf *err);
int record_check_env_key(const char *key, struct strbuf *err);
int record_check_value(const char *what, const char *value, struct strbuf *err);
int record_check_path(const char *path, struct strbuf *err);
/* The same for `len` bytes, which need not end in a NUL. */
int record_check_path_len(const char *path, size_t len, struct strbuf *err);

/*
 * Whether `c` may stand in a path component: [A-Za-z0-9_-], whatever the
 * locale.  A table, as every byte of every test name goes through it.
 */
extern const unsigned char record_path_chars[256];
static inline int is_path_char(char c)
{
	return record_path_chars[(unsigned char)c];
}
int record_check_date(const char *date, struct strbuf *err);

/*
 * Puts the record in canonical form: tests sorted by path (then status and
 * the rest of the line), environment sorted by key, links and superseded
 * runs sorted and de-duplicated, the roll-up, counts and version
 * recomputed.  Serialising a normalised record gives
 * the canonical bytes.
 */
void record_normalize(struct record *r);
/*
 * The same for a record whose tests are in order already (the parser
 * checks each line against the one before it), with the counts of its tests given, and whether any of them
 * has a measurement: those of every test read, kept or not.
 */
void record_normalize_counted(struct record *r, const size_t counts[STATUS__NR], int metrics);

/*
 * Appends the canonical payload (header, blank line, tests): the bytes a
 * signature covers.  The record must be normalised.
 */
void record_write_payload(struct strbuf *out, const struct record *r);
/* Appends the header of the payload only, with the blank line that ends it. */
void record_write_header(struct strbuf *out, const struct record *r);
/* Appends the payload followed by the signature, if any. */
void record_write(struct strbuf *out, const struct record *r);

/*
 * The order of a record's test lines: path, then status, then the rest of
 * the line as bytes (measurement and reason; a line with none first).
 */
int record_test_cmp(const struct record_test *a, const struct record_test *b);

/* Whether two records are of one run: the same origin and run id. */
int record_same_run(const struct record *a, const struct record *b);

/* Orders records the way a note holds them: by origin, run, then bytes. */
int record_cmp(const struct record *a, const struct record *b);

/*
 * A note's contents: zero or more records, in canonical order, separated
 * by one blank line.
 */
struct record_list {
	struct record *items;
	size_t nr, alloc;
	/*
	 * Set before parsing into the list: keep only the failing tests
	 * (FAIL, ERROR, MISS) of each record, for a reader that shows those
	 * and the counts (`git results show`).  The others are checked as
	 * strictly, and counted in tests_omitted.
	 */
	int failing_only;
};
#define RECORD_LIST_INIT { NULL, 0, 0, 0 }

void record_list_release(struct record_list *list);
/* Takes ownership of `r`'s contents; `r` is left initialised. */
void record_list_take(struct record_list *list, struct record *r);

/*
 * Parses note text into `list` (appending).  Returns 0, or -1 with a
 * message in `err` ("line 3: ...") when the text is not a sequence of
 * well-formed records; `list` is then left as it was.
 */
int record_list_parse(struct record_list *list, const char *buf, size_t len,
		      struct strbuf *err);
/*
 * The same, taking `text`'s buffer (left empty): the records keep their
 * tests' strings in it instead of copying them (see struct record_text).
 */
int record_list_parse_text(struct record_list *list, struct strbuf *text, struct strbuf *err);

/*
 * Sorts records and drops exact duplicates.  Two different records with
 * the same (origin, run) are both kept.
 */
void record_list_normalize(struct record_list *list);
/*
 * Drops the records that another record of the list replaces: one of the
 * same origin whose `supersedes` lines name their run (a rerun that
 * replaces an earlier run).  A record never replaces itself.  Returns
 * how many were dropped.  Every reader of results calls it, so that a
 * superseded run counts nowhere.
 */
size_t record_list_drop_superseded(struct record_list *list);
/* The first run `r` supersedes that `list` has no record of, or NULL. */
const char *record_list_missing_superseded(const struct record_list *list, const struct record *r);
/* Sorts into canonical order only (for lists known to hold no duplicates). */
void record_list_sort(struct record_list *list);
void record_list_write(struct strbuf *out, const struct record_list *list);

/* Appends "1 FAIL, 10 PASS" (non-zero counts only; "no tests" when none). */
void record_describe_counts(struct strbuf *out, const size_t counts[STATUS__NR]);

/*
 * The roll-up of a note: its runs, their worst status and summed counts.
 * Two different records of one (origin, run) are one run in conflict:
 * counted once, as the worse of them, never summed.
 */
struct record_rollup {
	enum result_status status;
	size_t counts[STATUS__NR];
	size_t runs;		/* distinct (origin, run) keys */
	size_t conflicts;	/* runs with more than one record */
	size_t foreign;		/* records left out: made for another commit */
};

/*
 * Reads only the roll-up of note text.  Much cheaper than parsing, for
 * listings over many commits.  Returns 0, or -1 when the text does not
 * look like records.
 */
int record_list_summarize(const char *buf, size_t len, struct record_rollup *out);

/*
 * As record_list_summarize(), for the note attached to `commit` (40
 * hex) whose tree is `tree` (or NULL): a record whose commit line names
 * another commit (copied from another commit's note) is left out of the
 * roll-up and counted in `foreign`, unless it names `tree`: then it was
 * made for the same code (git results copy), and counts.  A memcmp per
 * record, for log's speed.
 */
int record_list_summarize_attached(const char *buf, size_t len, const char *commit,
				   const char *tree, struct record_rollup *out);

struct record_filter;

/*
 * As record_list_summarize_attached(), rolling up only the records that
 * `filter` (lib/record-filter.h, read; or NULL: every record) keeps, by
 * their origin and env lines.  The others are checked as strictly, and
 * counted nowhere; foreign records are counted in `foreign` whether the
 * filter keeps them or not.
 */
int record_list_summarize_filtered(const char *buf, size_t len, const char *commit,
				   const char *tree, const struct record_filter *filter,
				   struct record_rollup *out);

/* The same roll-up of parsed records (normalised). */
void record_list_rollup(const struct record_list *list, struct record_rollup *out);

#endif
