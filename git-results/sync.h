#ifndef SYNC_H
#define SYNC_H

#include "kcidb/http.h"
#include "kcidb/config.h"
#include "lib/strbuf.h"

#include <git2.h>

/*
 * git results sync: the pieces push and pull share (git-results/sync.c).
 */

struct commit_list {
	git_oid *oids;
	size_t nr, alloc;
};
#define COMMIT_LIST_INIT { NULL, 0, 0 }

/* Frees the list and leaves it empty. */
void commit_list_release(struct commit_list *list);

/*
 * Resolves the command line's commits: "a..b" ranges are walked (newest
 * first), anything else names one commit; no argument means HEAD.
 * Returns 0, or -1 after printing an error.
 */
int sync_collect_commits(git_repository *repo, int argc, const char **argv,
			 struct commit_list *out);

/* Sets up an HTTP client for `conn`; dies when libcurl cannot start. */
void sync_http_init(struct http_client *client, const struct kcidb_connection *conn);

/*
 * The message of a KCIDB or dashboard answer, for errors: its "message"
 * or "error" field, else its first bytes; never the token.
 */
void sync_answer_message(struct strbuf *out, const struct http_response *resp,
			 const char *token);

/*
 * What `sync pull` does with a signed record it recovered from a build's
 * misc: the seam where signature verification plugs in (sync-verify.c).
 */
enum pulled_signature {
	PULLED_SIGNATURE_GOOD,		/* verified: attach it */
	PULLED_SIGNATURE_BAD,		/* does not verify: refuse it */
	PULLED_SIGNATURE_UNCHECKED,	/* cannot be checked here: attach it as it is */
};

struct record;

/*
 * Checks the signature of `r`, whose exact text (payload and armour) is
 * `text`, as recovered from KCIDB.  Puts the reason for anything but
 * PULLED_SIGNATURE_GOOD in `why`.
 */
enum pulled_signature sync_verify_pulled(git_repository *repo, const struct record *r,
					 const char *text, size_t len, struct strbuf *why);

/* The subcommands, with their own argv (argv[0] is "push" or "pull"). */
int cmd_sync_push(int argc, const char **argv);
int cmd_sync_pull(int argc, const char **argv);

#endif
