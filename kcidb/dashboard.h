#ifndef KCIDB_DASHBOARD_H
#define KCIDB_DASHBOARD_H

#include "kcidb/config.h"
#include "kcidb/http.h"
#include "lib/progress.h"
#include "lib/strbuf.h"

#include <git2.h>
#include <stddef.h>

/*
 * The dashboard import of `sync pull`: what KCIDB's dashboard API holds
 * for a commit and an origin, as records, read in one request
 * (<dashboardUrl>/api/tree/<commit>/full: the builds of the origin's
 * checkouts, and the boots and tests of every origin run on them).
 * A build that carries a record `sync push` published gives it back byte
 * for byte: a signed one once kcidb_verify_pulled() lets it through, an
 * unsigned one marked imported.  The listing does not say which build a
 * test ran on: each test is tied to the one build with its architecture,
 * config and compiler (the dashboard's "Unknown" and null being the same
 * absence), and tests that look like several builds are told apart by
 * those builds' own tests listings (<dashboardUrl>/api/build/<id>/tests).
 * The tests of a build that one origin ran on one platform in one lab
 * become a record of that origin, marked imported, its fields mapped as
 * kcidb/map.h says; the tests of a published build's own origin are its
 * record's.  Nothing is written: the records are handed to the caller.
 */

/*
 * Called with each record found for `commit`: its canonical text, and
 * for an unsigned record recovered as `sync push` published it, that
 * text before it was marked imported (NULL for any other), so that a
 * note that holds it already does not get it twice.
 */
typedef void (*kcidb_found_fn)(const git_oid *commit, const struct strbuf *text,
			       const char *original, void *data);

/*
 * A KCIDB issue the dashboard ties, by an incident, to a test of a
 * pulled commit: what a known-issues entry is made of.  Borrowed for the
 * call only.
 */
struct kcidb_issue_test {
	const char *issue_id;
	long long version;
	const char *link;	/* the issue's report_url, else its dashboard page */
	const char *comment;	/* one line, or NULL */
	const char *path;	/* the test's record path */
	const char *arch;	/* the record's env arch, or NULL */
	const char *device;	/* the record's env device, or NULL */
};

typedef void (*kcidb_issue_fn)(const git_oid *commit, const struct kcidb_issue_test *t,
			       void *data);

struct kcidb_dashboard {
	/* Set by the caller, and borrowed. */
	git_repository *repo;
	const struct kcidb_connection *conn;	/* the dashboard URL and token */
	const struct kcidb_target *target;	/* the checkouts' repository URL and branch */
	struct http_client *http;
	kcidb_found_fn found;
	void *found_data;
	struct progress **meter;	/* taken down before an error is printed; or NULL */
	/*
	 * When set, the issues the commit's answer lists for its tests and
	 * boots are read too (<dashboardUrl>/api/issue/<id>/tests?version=,
	 * one request per issue) and each test of the commit an incident
	 * ties to one is handed to it.
	 */
	kcidb_issue_fn issue_found;
	void *issue_data;

	/* What was found so far. */
	size_t recovered, refused, imported;
	size_t unchecked;		/* signed records attached without being accepted here */
	struct strbuf unchecked_why;	/* why the first of them was not */
};

#define KCIDB_DASHBOARD_INIT { .unchecked_why = STRBUF_INIT }

/*
 * Reads what the dashboard holds for `commit` from the checkouts of KCIDB
 * origin `origin` and hands each record to d->found.  Returns 0 (also
 * when the dashboard has nothing), or -1 after an error: an HTTP error or
 * an answer of another shape.  Dies when the dashboard cannot be reached.
 * A build whose record is refused or does not belong, and tests tied to
 * no listed build, are left out with a warning.
 */
int kcidb_dashboard_read(struct kcidb_dashboard *d, const git_oid *commit, const char *origin);

/* Frees what `d` holds; accepts a KCIDB_DASHBOARD_INIT one. */
void kcidb_dashboard_release(struct kcidb_dashboard *d);

#endif
