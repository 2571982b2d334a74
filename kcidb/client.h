#ifndef KCIDB_CLIENT_H
#define KCIDB_CLIENT_H

#include "kcidb/config.h"
#include "kcidb/http.h"
#include "lib/strbuf.h"

/* Sets up an HTTP client for `conn`; dies when libcurl cannot start. */
void kcidb_http_init(struct http_client *client, const struct kcidb_connection *conn);

/*
 * The message of a KCIDB or dashboard answer, for errors: its "message"
 * or "error" field, else its first bytes; never the token.
 */
void kcidb_answer_message(struct strbuf *out, const struct http_response *resp,
			  const char *token);

#endif
