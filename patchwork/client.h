#ifndef PATCHWORK_CLIENT_H
#define PATCHWORK_CLIENT_H

#include "kcidb/http.h"
#include "patchwork/check.h"
#include "lib/strbuf.h"

#include <git2.h>
#include <jansson.h>

/*
 * The parts of Patchwork's REST API that report checks
 * (https://patchwork.readthedocs.io/en/latest/api/rest/), over the
 * project's HTTP client (kcidb/http.h: retries on 5xx and timeouts with
 * backoff, https or loopback only).  Reads are anonymous; only creating a
 * check sends the token ("Authorization: Token <token>"), which no
 * message of this module contains.
 */

struct patchwork_client {
	struct http_client http;
	char *api;		/* https://host/api/1.2, no trailing slash */
	char *project;		/* linkname or id, or NULL: every project */
	int http_ready;
};
#define PATCHWORK_API_VERSION "1.2"

/*
 * Reads results.patchwork.url (the instance, or its /api/<version> URL;
 * `url` when not NULL takes its place), .token (needed when `need_token`),
 * .project, .timeout, .retries and .retryDelay.  Returns 0, or -1 with a
 * message in `err`.
 */
int patchwork_client_from_config(struct patchwork_client *c, git_repository *repo,
				 const char *url, int need_token, struct strbuf *err);
void patchwork_client_release(struct patchwork_client *c);

/* Appends the URL of the checks of patch `id`. */
void patchwork_checks_url(struct strbuf *out, const struct patchwork_client *c, long id);

/*
 * Finds the patch whose Message-ID is `msgid` (in the client's project
 * when it has one).  Returns 0 with `id` set, 1 when there is none, or -1
 * with a message in `err` (several patches, the server's error).
 */
int patchwork_find_patch(struct patchwork_client *c, const char *msgid, long *id,
			 struct strbuf *err);

/* Lists the checks of patch `id` (every page) into `out`, a new array. */
int patchwork_list_checks(struct patchwork_client *c, long id, json_t **out, struct strbuf *err);

/* Creates `check` on patch `id`.  Returns 0, or -1 with a message. */
int patchwork_post_check(struct patchwork_client *c, long id, const struct patchwork_check *check,
			 struct strbuf *err);

#endif
