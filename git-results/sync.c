/*
 * git results sync: publish records to KCIDB and pull them back.  This
 * file dispatches to push (sync-push.c) and pull (sync-pull.c) and holds
 * what both need.
 */
#include "git-results/builtin.h"
#include "git-results/sync.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sync_usage[] = {
	"git results sync push [<options>] [<commit>... | <range>]",
	"git results sync pull [<options>] [<commit>... | <range>]",
	NULL
};

void commit_list_release(struct commit_list *list)
{
	free(list->oids);
	list->oids = NULL;
	list->nr = list->alloc = 0;
}

static void append_commit(struct commit_list *list, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		if (!git_oid_cmp(&list->oids[i], oid))
			return;
	ALLOC_GROW(list->oids, list->nr + 1, list->alloc);
	git_oid_cpy(&list->oids[list->nr++], oid);
}

static int walk_range(git_repository *repo, const char *arg, struct commit_list *out)
{
	git_revwalk *walk = NULL;
	git_revspec spec;
	git_oid oid;
	int ret = -1, got;

	if (strstr(arg, "..."))
		return error("symmetric ranges ('%s') are not supported; use 'a..b'", arg);
	if (git_revparse(&spec, repo, arg) < 0)
		return error("bad revision range '%s'", arg);
	check(git_revwalk_new(&walk, repo), "cannot walk");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL);
	if (spec.from && git_revwalk_hide(walk, git_object_id(spec.from)) < 0)
		goto out;
	if (spec.to && git_revwalk_push(walk, git_object_id(spec.to)) < 0)
		goto out;
	while (!(got = git_revwalk_next(&oid, walk)))
		append_commit(out, &oid);
	if (got != GIT_ITEROVER)
		check(got, "cannot walk history");
	ret = 0;
out:
	if (ret)
		error("bad revision range '%s': %s", arg, git_error_text());
	git_object_free(spec.from);
	git_object_free(spec.to);
	git_revwalk_free(walk);
	return ret;
}

int sync_collect_commits(git_repository *repo, int argc, const char **argv,
			 struct commit_list *out)
{
	int i;

	if (!argc) {
		git_oid oid;

		if (repo_resolve_commit(repo, "HEAD", &oid) < 0)
			return -1;
		append_commit(out, &oid);
		return 0;
	}
	for (i = 0; i < argc; i++) {
		git_oid oid;

		if (strstr(argv[i], "..")) {
			if (walk_range(repo, argv[i], out) < 0)
				return -1;
		} else if (repo_resolve_commit(repo, argv[i], &oid) < 0) {
			return -1;
		} else {
			append_commit(out, &oid);
		}
	}
	return 0;
}

void sync_http_init(struct http_client *client, const struct kcidb_connection *conn)
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
	if (http_client_init(client, &opts, &err))
		die("%s", err.buf);
	strbuf_release(&err);
}

void sync_answer_message(struct strbuf *out, const struct http_response *resp,
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

int cmd_sync(int argc, const char **argv)
{
	static const char *const subcommands[] = { "push", "pull", NULL };
	struct option options[] = { OPT_END() };

	if (argc == 2 && !strcmp(argv[1], "--git-completion-helper")) {
		parse_options_complete(subcommands, options);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "push"))
		return cmd_sync_push(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "pull"))
		return cmd_sync_pull(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "-h"))
		usage_with_options(sync_usage, options, 0);
	if (argc < 2)
		usage_msg_opt(sync_usage, options, "name a subcommand: push or pull");
	if (argv[1][0] == '-' && argv[1][1] == '-')
		usage_msg_opt(sync_usage, options, "unknown option '%s'", argv[1] + 2);
	if (argv[1][0] == '-')
		usage_msg_opt(sync_usage, options, "unknown switch '%s'", argv[1] + 1);
	usage_msg_opt(sync_usage, options, "unknown subcommand: '%s'", argv[1]);
}
