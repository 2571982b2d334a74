/*
 * Talking to KCIDB and its dashboard: an HTTP client set up from the
 * connection's configuration, and what an answer says when it is an error.
 */
#include "kcidb/client.h"
#include "lib/usage.h"

#include <jansson.h>

void kcidb_http_init(struct http_client *client, const struct kcidb_connection *conn)
{
	struct http_options opts = HTTP_OPTIONS_INIT;
	struct strbuf err = STRBUF_INIT;

	opts.ca_info = conn->ca_info;
	opts.timeout = conn->timeout;
	opts.connect_timeout = conn->connect_timeout;
	opts.retries = conn->retries;
	opts.retry_delay = conn->retry_delay;
	opts.retry_max_delay = conn->retry_max_delay;
	opts.token = conn->token;
	if (conn->max_answer_size)
		opts.max_answer = conn->max_answer_size;
	if (http_client_init(client, &opts, &err))
		die("%s", err.buf);
	strbuf_release(&err);
}

void kcidb_answer_message(struct strbuf *out, const struct http_response *resp,
			 const char *token)
{
	struct strbuf msg = STRBUF_INIT;
	json_t *json = json_loadb(resp->body.buf, resp->body.len, 0, NULL);
	const char *text = json_string_value(json_object_get(json, "message"));
	size_t i;

	if (!text)
		text = json_string_value(json_object_get(json, "error"));
	if (text) {
		strbuf_addstr(&msg, text);
	} else {
		strbuf_add(&msg, resp->body.buf, resp->body.len > 200 ? 200 : resp->body.len);
		strbuf_trim(&msg);
	}
	/* one line of printable text, whatever the server sent */
	for (i = 0; i < msg.len; i++)
		if ((unsigned char)msg.buf[i] < 0x20)
			msg.buf[i] = ' ';
	http_redact(&msg, token);
	strbuf_addstr(out, msg.len ? msg.buf : "(an empty answer)");
	json_decref(json);
	strbuf_release(&msg);
}
