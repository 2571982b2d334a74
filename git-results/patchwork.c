/*
 * git results patchwork: publish the results of commits as checks on the
 * patches they came from, in a Patchwork instance.  Runs in a program of
 * its own, git-results-patchwork, as it links libcurl (see main.c).
 */
#include "git-results/builtin.h"
#include "patchwork/check.h"
#include "patchwork/client.h"
#include "lib/commit-results.h"
#include "lib/parse-options.h"
#include "lib/record-filter.h"
#include "lib/repo.h"
#include "lib/revision.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const patchwork_usage[] = {
	"git results patchwork push [<options>] [<commit>... | <range>]",
	NULL
};

/* One check to publish, and where. */
struct planned_check {
	char hex[GIT_OID_HEXSZ + 1];
	long patch;
	struct patchwork_check check;
	int already;	/* Patchwork has an identical check */
};

struct push_state {
	git_repository *repo;
	struct notes_store store;
	struct patchwork_client client;
	struct record_filter filter;	/* --origin */
	struct planned_check *plan;
	size_t plan_nr, plan_alloc;
	size_t no_patch, not_found;	/* commits with results left out, and why */
	int quiet;
};

/* Which patch `commit` came from: 0 with `patch` set, 1 when none, -1 on error. */
static int find_patch(struct push_state *st, const git_oid *oid, const char *hex, long *patch)
{
	struct strbuf msgid = STRBUF_INIT, err = STRBUF_INIT;
	git_commit *commit = NULL;
	int ret = -1;

	if (check(git_commit_lookup(&commit, st->repo, oid), "cannot read commit"))
		goto out;
	ret = patchwork_patch_ref(git_commit_message(commit), patch, &msgid, &err);
	if (ret < 0) {
		error("commit %.12s: %s", hex, err.buf);
		goto out;
	}
	if (ret > 0) {
		warning("commit %.12s has results but no X-Patchwork-Id: trailer nor a Link:"
			" trailer with a Message-ID: left out", hex);
		st->no_patch++;
		goto out;
	}
	if (*patch)
		goto out;
	ret = patchwork_find_patch(&st->client, msgid.buf, patch, &err);
	if (ret < 0) {
		error("commit %.12s: %s", hex, err.buf);
	} else if (ret > 0) {
		warning("commit %.12s: Patchwork has no patch with the Message-ID <%s>%s%s: left out",
			hex, msgid.buf, st->client.project ? " in project " : "",
			st->client.project ? st->client.project : "");
		st->not_found++;
	}
out:
	git_commit_free(commit);
	strbuf_release(&msgid);
	strbuf_release(&err);
	return ret;
}

/* Plans the checks of one commit: one per group of its records. */
static int plan_commit(struct push_state *st, const git_oid *oid)
{
	struct commit_results cr = COMMIT_RESULTS_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	long patch = 0;
	size_t i, wanted = 0;
	int ret;

	git_oid_tostr(hex, sizeof(hex), oid);
	ret = commit_results_load_oid(&cr, &st->store, oid, hex);
	if (ret) {
		commit_results_release(&cr);
		return ret < 0 ? -1 : 0;
	}
	for (i = 0; i < cr.groups.nr; i++)
		wanted += record_filter_match(&st->filter, cr.groups.items[i].record);
	if (!wanted) {
		commit_results_release(&cr);
		return 0;
	}
	ret = find_patch(st, oid, hex, &patch);
	for (i = 0; !ret && i < cr.groups.nr; i++) {
		struct planned_check *p;

		if (!record_filter_match(&st->filter, cr.groups.items[i].record))
			continue;
		ALLOC_GROW(st->plan, st->plan_nr + 1, st->plan_alloc);
		p = &st->plan[st->plan_nr++];
		memset(p, 0, sizeof(*p));
		memcpy(p->hex, hex, sizeof(p->hex));
		p->patch = patch;
		patchwork_check_from_group(&p->check, &cr.groups.items[i]);
	}
	commit_results_release(&cr);
	return ret < 0 ? -1 : 0;
}

/* Marks the planned checks Patchwork already has, reading each patch's checks once. */
static int mark_published(struct push_state *st)
{
	struct strbuf err = STRBUF_INIT;
	size_t i, j, k;
	int ret = 0;

	for (i = 0; i < st->plan_nr && !ret; i++) {
		json_t *checks = NULL;

		for (j = 0; j < i; j++)
			if (st->plan[j].patch == st->plan[i].patch)
				break;
		if (j < i)
			continue;	/* this patch's checks were read already */
		if (patchwork_list_checks(&st->client, st->plan[i].patch, &checks, &err)) {
			ret = error("%s", err.buf);
			break;
		}
		for (j = i; j < st->plan_nr; j++) {
			if (st->plan[j].patch != st->plan[i].patch)
				continue;
			for (k = 0; k < json_array_size(checks); k++)
				if (patchwork_check_same(&st->plan[j].check, json_array_get(checks, k)))
					st->plan[j].already = 1;
			/* Two groups of one patch that say the same thing: one check. */
			for (k = i; k < j; k++)
				if (st->plan[k].patch == st->plan[j].patch &&
				    !strcmp(st->plan[k].check.context, st->plan[j].check.context) &&
				    !strcmp(st->plan[k].check.description, st->plan[j].check.description))
					st->plan[j].already = 1;
		}
		json_decref(checks);
	}
	strbuf_release(&err);
	return ret;
}

static void print_dry_run(const struct push_state *st, const struct planned_check *p)
{
	struct strbuf url = STRBUF_INIT;
	json_t *body = patchwork_check_json(&p->check);
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);

	patchwork_checks_url(&url, &st->client, p->patch);
	printf("POST %s\n%s\n", url.buf, text);
	free(text);
	json_decref(body);
	strbuf_release(&url);
}

static int publish(struct push_state *st, int dry_run)
{
	struct strbuf err = STRBUF_INIT;
	size_t i, posted = 0, already = 0, todo = 0;
	int ret = 0;

	for (i = 0; i < st->plan_nr; i++)
		todo += !st->plan[i].already;
	for (i = 0; i < st->plan_nr; i++) {
		struct planned_check *p = &st->plan[i];

		if (p->already) {
			already++;
			continue;
		}
		if (dry_run) {
			print_dry_run(st, p);
			continue;
		}
		if (patchwork_post_check(&st->client, p->patch, &p->check, &err)) {
			error("commit %.12s, patch %ld, check '%s': %s", p->hex, p->patch,
			      p->check.context, err.buf);
			if (posted)
				error("%lu of %lu checks posted before this error",
				      (unsigned long)posted, (unsigned long)todo);
			else
				error("no check posted");
			ret = 1;
			goto out;
		}
		posted++;
		printf("%.12s patch %ld %s %s\n", p->hex, p->patch, p->check.state,
		       p->check.context);
	}
	if (!st->quiet) {
		size_t n = dry_run ? todo : posted;

		fprintf(stderr, "%s %lu check%s", dry_run ? "would post" : "posted",
			(unsigned long)n, n == 1 ? "" : "s");
		fprintf(stderr, "; %lu already on Patchwork\n", (unsigned long)already);
	}
out:
	strbuf_release(&err);
	return ret;
}

static int cmd_patchwork_push(int argc, const char **argv)
{
	struct push_state st;
	struct oid_list commits = OID_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	const char *ref = NULL, *url = NULL;
	char *ref_name = NULL;
	int dry_run = 0, ret = 1;
	size_t i;
	struct option options[] = {
		OPT_BOOL('n', "dry-run", &dry_run, "print the checks that would be posted, post nothing"),
		OPT_STRING_LIST(0, "origin", &st.filter.origins, "origin", "publish the records of this origin only (repeatable)"),
		OPT_STRING(0, "url", &url, "url", "Patchwork instance (default: results.patchwork.url)"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to read"),
		OPT_BOOL('q', "quiet", &st.quiet, "report only errors"),
		OPT_END()
	};

	memset(&st, 0, sizeof(st));
	argc = parse_options(argc, argv, options, patchwork_usage);
	record_filter_read_or_usage(&st.filter, patchwork_usage, options);
	st.repo = repo_open();
	ref_name = store_ref_name(st.repo, ref);
	if (revision_collect(st.repo, argc, argv, &commits))
		goto out;
	if (patchwork_client_from_config(&st.client, st.repo, url, !dry_run, &err))
		die("%s", err.buf);
	store_open(&st.store, st.repo, ref_name);

	/* Everything is looked up before anything is posted. */
	for (i = 0; i < commits.nr; i++)
		if (plan_commit(&st, &commits.oids[i]))
			goto out;
	if (mark_published(&st))
		goto out;
	ret = publish(&st, dry_run);
out:
	for (i = 0; i < st.plan_nr; i++)
		patchwork_check_release(&st.plan[i].check);
	free(st.plan);
	store_release(&st.store);
	patchwork_client_release(&st.client);
	record_filter_release(&st.filter);
	oid_list_release(&commits);
	strbuf_release(&err);
	free(ref_name);
	git_repository_free(st.repo);
	return ret;
}

int cmd_patchwork(int argc, const char **argv)
{
	static const char *const subcommands[] = { "push", NULL };
	struct option options[] = { OPT_END() };

	if (argc == 2 && !strcmp(argv[1], "--git-completion-helper")) {
		parse_options_complete(subcommands, options);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "push"))
		return cmd_patchwork_push(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "-h"))
		usage_with_options(patchwork_usage, options, 0);
	if (argc < 2)
		usage_msg_opt(patchwork_usage, options, "name a subcommand: push");
	if (argv[1][0] == '-' && argv[1][1] == '-')
		usage_msg_opt(patchwork_usage, options, "unknown option '%s'", argv[1] + 2);
	if (argv[1][0] == '-')
		usage_msg_opt(patchwork_usage, options, "unknown switch '%s'", argv[1] + 1);
	usage_msg_opt(patchwork_usage, options, "unknown subcommand: '%s'", argv[1]);
}
