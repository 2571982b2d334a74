#ifndef KCIDB_CONFIG_H
#define KCIDB_CONFIG_H

#include <git2.h>

#include "lib/strbuf.h"

/*
 * Where KCIDB is and who we are to it, from git's configuration
 * (results.kcidb.*), the conventional KCIDB_REST variable and the
 * repository's remotes.  Documentation/git-results-sync.md lists the keys.
 */

/* Where the records were tested, and who submits them. */
struct kcidb_target {
	char *origin;	/* the KCIDB origin of every object ([a-z0-9_]+) */
	char *git_url;	/* the repository's https URL */
	char *branch;	/* the branch the commits were taken from */
};
#define KCIDB_TARGET_INIT { NULL, NULL, NULL }

/* Frees the strings of `t` (which it owns) and leaves it empty. */
void kcidb_target_release(struct kcidb_target *t);

/*
 * Fills the fields of `t` that are still NULL:
 *  - origin: results.kcidb.origin, else the `origin` claim of `token` (a
 *    KCIDB JWT; may be NULL);
 *  - git_url: results.kcidb.gitUrl, else the URL of the current branch's
 *    remote (or "origin") turned into its https form;
 *  - branch: results.kcidb.branch, else the current branch's upstream
 *    branch, else the current branch.
 * Returns 0, or -1 with a message in `err` naming what to configure.
 */
int kcidb_target_from_config(struct kcidb_target *t, git_repository *repo, const char *token,
			     struct strbuf *err);

/*
 * kcidb_target_from_config(), but with KCIDB_ORIGIN_OPTIONAL in `flags`
 * the origin stays NULL when neither the configuration nor the token
 * names one: the writer then gives each record its own (kcidb/write.h),
 * enough for a document nobody sends under a token.
 */
#define KCIDB_ORIGIN_OPTIONAL 1u
int kcidb_target_fill(struct kcidb_target *t, git_repository *repo, const char *token,
		      unsigned flags, struct strbuf *err);

/* Whether `s` is a KCIDB origin: [a-z0-9_]+. */
int kcidb_is_origin(const char *s);

/*
 * Checks the values of a target: an origin KCIDB accepts (or none), an
 * https URL, a branch.  Returns 0, or -1 with a message in `err`.
 */
int kcidb_target_check(const struct kcidb_target *t, struct strbuf *err);

/*
 * Turns a git remote URL (https, http, git, ssh or scp-like
 * "user@host:path") into "https://host/path", without credentials.
 * Returns 0, or -1 when the URL has no https form (a local path).
 */
int kcidb_https_url(struct strbuf *out, const char *url);

/*
 * The `origin` claim of a KCIDB token (a JWT), appended to `out`; the
 * signature is not checked (the server does that).  Returns 0, or -1
 * when the token is not a JWT with a string origin claim.
 */
int kcidb_token_origin(struct strbuf *out, const char *token);

/* How to reach KCIDB. */
struct kcidb_connection {
	char *submit_url;	/* the submission service, no credentials, no trailing '/' */
	char *dashboard_url;	/* the dashboard read API's host, no trailing '/' */
	char *token;		/* the Bearer token; never printed */
	char *ca_info;		/* CA bundle, or NULL for the system's */
	double timeout, connect_timeout;	/* seconds */
	int retries;
	double retry_delay, retry_max_delay;	/* seconds */
	double poll_interval, poll_timeout;	/* seconds */
	double lock_timeout;			/* seconds to wait for the published list's lock */
	size_t max_document_size;		/* bytes */
	size_t max_answer_size;			/* bytes of one HTTP answer */
};
#define KCIDB_CONNECTION_INIT { NULL }

#define KCIDB_DEFAULT_DASHBOARD "https://dashboard.kernelci.org"

/* What the connection needs: the submit service and a token, or the dashboard. */
enum kcidb_need {
	KCIDB_NEED_SUBMIT = 1,
	KCIDB_NEED_DASHBOARD = 2,
};

/*
 * Reads the connection settings, and the token whenever one is
 * configured (it names our origin).  `url` (from --url; may be NULL)
 * overrides KCIDB_REST, which overrides results.kcidb.url.  Any of them
 * may carry the token as "https://<token>@host/"; it is taken out of the
 * URL.  The token is the submit URL's own, else KCIDB_REST's when that
 * names the same scheme, host and port, else the content of the file
 * named by results.kcidb.tokenFile.
 * Returns 0, or -1 with a message in `err` (which never holds the token).
 */
int kcidb_connection_from_config(struct kcidb_connection *c, git_repository *repo,
				 const char *url, unsigned need, struct strbuf *err);

/* Frees `c`, wiping the token from memory first. */
void kcidb_connection_release(struct kcidb_connection *c);

#endif
