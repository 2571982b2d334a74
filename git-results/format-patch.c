/*
 * git results format-patch: the results of commits as email, one
 * message per commit in an mbox that `git mailsplit` and `git am` read:
 * the body is the commit's records as plain text, signatures included,
 * and the subject says how the run went.  `git results am` applies them.
 */
#include "git-results/builtin.h"
#include "lib/release/mail-write.h"
#include "lib/parse-options.h"
#include "lib/record-filter.h"
#include "lib/repo.h"
#include "lib/revision.h"
#include "lib/sign/verdict.h"
#include "lib/store.h"
#include "lib/usage.h"
#include "lib/write-file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const format_patch_usage[] = {
	"git results format-patch [-o <dir> | --stdout] [--origin <origin>...] [--subject-prefix <prefix>]\n"
	"                                [--to <address>] [--cc <address>] [--thread] [--in-reply-to <message-id>]\n"
	"                                [--ref <notes-ref>] <commit-or-range>...",
	NULL
};

struct fp_options {
	const char *output_dir;
	const char *prefix;
	const char *ref;
	const char *in_reply_to;	/* without angle brackets */
	struct string_list to, cc;
	int to_stdout;
	int thread;
};

#ifndef GIT_RESULTS_VERSION
#define GIT_RESULTS_VERSION "0.1"
#endif

struct message {
	git_oid commit;
	struct record_list records;
};

struct messages {
	struct message *items;
	size_t nr, alloc;
};

/*
 * Whether `git results am` would attach `r` to `commit` (40 hex) whose
 * tree is `tree`: not when the record names no commit, or a tree other
 * than its commit's (check_record() in am.c; the other refusals are
 * record_check_outgoing()'s and the conflict check's).  Returns 0, or
 * -1 with a message naming the record in `why`.
 */
static int am_would_attach(const struct record *r, const char *commit, const char *tree,
			   struct strbuf *why)
{
	if (!*r->commit)
		strbuf_addf(why, "the record of origin '%s', run '%s' on %s names no commit",
			    r->origin, r->run, commit);
	else if (strcmp(r->tree, tree))
		strbuf_addf(why, "the record of origin '%s', run '%s' on %s names tree %s,"
			    " but the commit has tree %s", r->origin, r->run, commit,
			    *r->tree ? r->tree : "(none)", tree);
	else
		return 0;
	return -1;
}

/* Reads the records of `oid` that pass `filter` (--origin); 1 when there are none. */
static int load_commit(struct messages *msgs, struct notes_store *store, const git_oid *oid,
		       const char *name, const struct record_filter *filter)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf err = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1], tree[GIT_OID_HEXSZ + 1] = "";
	struct message *m;
	git_commit *commit;
	size_t i;
	int ret = store_read(store, oid, &list, &err);

	if (ret == STORE_NOTE_BAD) {
		error("the note on '%s' in %s is not a results record: %s", name, store->ref, err.buf);
		goto out;
	}
	record_filter_apply(filter, &list);
	if (ret == 1 || !list.nr) {
		ret = 1;
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), oid);
	if (!git_commit_lookup(&commit, store->repo, oid)) {
		git_oid_tostr(tree, sizeof(tree), git_commit_tree_id(commit));
		git_commit_free(commit);
	}
	for (i = 0; i < list.nr; i++) {
		if (!record_check_outgoing(store->repo, &list.items[i], hex, &err) &&
		    (!*tree || !am_would_attach(&list.items[i], hex, tree, &err)))
			continue;
		ret = error("%s: not sending it (see git-results-verify(1))", err.buf);
		goto out;
	}
	/* A note is in canonical order: the records of one run are together. */
	for (i = 1; i < list.nr; i++) {
		if (!record_same_run(&list.items[i - 1], &list.items[i]))
			continue;
		ret = error("'%s' has different records for origin '%s', run '%s', which"
			    " git results am would refuse; resolve the conflict first"
			    " (see git-results-conflicts(1))", name, list.items[i].origin,
			    list.items[i].run);
		goto out;
	}
	ALLOC_GROW(msgs->items, msgs->nr + 1, msgs->alloc);
	m = &msgs->items[msgs->nr++];
	git_oid_cpy(&m->commit, oid);
	m->records = list;
	list.items = NULL;
	list.nr = list.alloc = 0;
out:
	record_list_release(&list);
	strbuf_release(&err);
	return ret;
}

/* A range "a..b": its commits with results, oldest first, as git format-patch orders them. */
static int load_range(struct messages *msgs, git_repository *repo, struct notes_store *store,
		      const char *spec, const struct record_filter *filter)
{
	git_revwalk *walk;
	git_oid from, to, oid;
	size_t before = msgs->nr;
	int ret;

	if (revision_range(repo, spec, &from, &to))
		return -1;
	check(git_revwalk_new(&walk, repo), "cannot walk history");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	check(git_revwalk_hide(walk, &from), "cannot walk history");
	check(git_revwalk_push(walk, &to), "cannot walk history");
	while (!(ret = git_revwalk_next(&oid, walk))) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof(hex), &oid);
		if (load_commit(msgs, store, &oid, hex, filter) < 0) {
			git_revwalk_free(walk);
			return -1;
		}
	}
	if (ret != GIT_ITEROVER)
		check(ret, "cannot walk history");
	git_revwalk_free(walk);
	if (msgs->nr == before) {
		struct strbuf which = STRBUF_INIT;

		record_filter_describe(&which, filter);
		error("no results%s recorded in '%s'", which.buf, spec);
		strbuf_release(&which);
		return -1;
	}
	return 0;
}

static void add_subject(struct strbuf *out, git_repository *repo, const struct message *m,
			const struct fp_options *o, size_t nr, size_t total)
{
	enum result_status status = STATUS__NR;
	size_t counts[STATUS__NR] = { 0 }, i, k;
	char hex[GIT_OID_HEXSZ + 1];
	git_commit *commit;

	for (i = 0; i < m->records.nr; i++) {
		status = status_worse(status, m->records.items[i].status);
		for (k = 0; k < STATUS__NR; k++)
			counts[k] += m->records.items[i].counts[k];
	}
	if (total > 1)
		strbuf_addf(out, "[%s %zu/%zu] ", o->prefix, nr, total);
	else
		strbuf_addf(out, "[%s] ", o->prefix);
	strbuf_addf(out, "%s (", status_name(status));
	record_describe_counts(out, counts);
	if (m->records.nr > 1)
		strbuf_addf(out, "; %zu records", m->records.nr);
	git_oid_tostr(hex, 13, &m->commit);
	strbuf_addf(out, ") %s", hex);
	check(git_commit_lookup(&commit, repo, &m->commit), "cannot read commit");
	if (git_commit_summary(commit) && *git_commit_summary(commit))
		strbuf_addf(out, " %s", git_commit_summary(commit));
	git_commit_free(commit);
}

static void add_address_list(struct strbuf *out, const char *header, const struct string_list *list)
{
	size_t i;

	if (!list->nr)
		return;
	strbuf_addf(out, "%s: ", header);
	for (i = 0; i < list->nr; i++)
		strbuf_addf(out, "%s%s", i ? ",\n    " : "", list->items[i]);
	strbuf_addch(out, '\n');
}

/*
 * The Message-ID of message `nr` of `total`, made from what it carries,
 * so that the same results give the same mail.
 */
static void add_message_id(struct strbuf *out, const git_signature *from,
			   const struct messages *msgs, size_t nr)
{
	const char *at = strchr(from->email, '@');
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &msgs->items[nr - 1].commit);
	strbuf_addf(out, "results-%s-%zu-%zu@%s", hex, nr, msgs->nr,
		    at && at[1] ? at + 1 : "git-results.invalid");
}

/*
 * Threading, as git format-patch --thread (shallow) does it: every
 * message answers the head of the series, the --in-reply-to message
 * when given, else the first message.
 */
static void add_thread_headers(struct strbuf *out, const git_signature *from,
			       const struct messages *msgs, size_t nr, const struct fp_options *o)
{
	struct strbuf first = STRBUF_INIT;

	strbuf_addstr(out, "Message-ID: <");
	add_message_id(out, from, msgs, nr);
	strbuf_addstr(out, ">\n");
	add_message_id(&first, from, msgs, 1);
	if (o->in_reply_to)
		strbuf_addf(out, "In-Reply-To: <%s>\nReferences: <%s>\n", o->in_reply_to,
			    o->in_reply_to);
	else if (nr > 1)
		strbuf_addf(out, "In-Reply-To: <%s>\nReferences: <%s>\n", first.buf, first.buf);
	strbuf_release(&first);
}

static void format_message(struct strbuf *out, git_repository *repo, const git_signature *from,
			   const struct messages *msgs, const struct fp_options *o, size_t nr)
{
	const struct message *m = &msgs->items[nr - 1];
	size_t total = msgs->nr;
	struct strbuf subject = STRBUF_INIT, body = STRBUF_INIT;
	const char *date = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	/* The message is dated by its newest record, so the same results give the same mail. */
	for (i = 0; i < m->records.nr; i++)
		if (!date || strcmp(m->records.items[i].date, date) > 0)
			date = m->records.items[i].date;
	git_oid_tostr(hex, sizeof(hex), &m->commit);
	strbuf_addf(out, "From %s Mon Sep 17 00:00:00 2001\n", hex);
	strbuf_addstr(out, "From: ");
	mail_add_address(out, from->name, from->email);
	strbuf_addstr(out, "\nDate: ");
	if (mail_add_date(out, date))
		BUG("record date '%s' is not canonical", date);
	add_subject(&subject, repo, m, o, nr, total);
	strbuf_addstr(out, "\nSubject: ");
	mail_add_header_text(out, subject.buf);
	strbuf_addch(out, '\n');
	if (o->thread || o->in_reply_to)
		add_thread_headers(out, from, msgs, nr, o);
	add_address_list(out, "To", &o->to);
	add_address_list(out, "Cc", &o->cc);
	strbuf_addf(out, "X-Git-Results-Commit: %s\n", hex);

	/*
	 * The body is the records and a signature, as git format-patch ends
	 * a message: `git mailinfo` then takes all of it as the message and
	 * finds an empty patch, which `git am --empty=keep` accepts.  What a
	 * mailing list appends goes after the signature, where `git results
	 * am` stops reading.
	 */
	record_list_write(&body, &m->records);
	strbuf_addstr(&body, "-- \ngit-results " GIT_RESULTS_VERSION "\n");
	mail_add_body(out, body.buf, body.len);
	strbuf_addch(out, '\n');
	strbuf_release(&subject);
	strbuf_release(&body);
}

static int write_files(const struct strbuf *mails, size_t nr, const struct messages *msgs,
		       const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	size_t i;
	int ret = 0;

	if (dir && mkdir(dir, 0777) && errno != EEXIST)
		return error_errno("cannot create directory '%s'", dir);
	for (i = 0; i < nr && !ret; i++) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, 13, &msgs->items[i].commit);
		strbuf_reset(&path);
		if (dir)
			strbuf_addf(&path, "%s/", dir);
		strbuf_addf(&path, "%04zu-results-%s.patch", i + 1, hex);
		ret = write_file_atomic(path.buf, mails[i].buf, mails[i].len);
		if (!ret)
			printf("%s\n", path.buf);
	}
	strbuf_release(&path);
	return ret ? -1 : 0;
}

int cmd_format_patch(int argc, const char **argv)
{
	struct fp_options o = { NULL, "RESULTS", NULL, NULL, STRING_LIST_INIT, STRING_LIST_INIT, 0, 0 };
	struct record_filter filter = RECORD_FILTER_INIT;
	const char *in_reply_to = NULL;
	struct strbuf reply_id = STRBUF_INIT;
	struct option options[] = {
		OPT_STRING('o', "output-directory", &o.output_dir, "dir", "write the messages into this directory"),
		OPT_BOOL(0, "stdout", &o.to_stdout, "print the messages as one mbox on standard output"),
		OPT_RECORD_FILTER_ORIGIN(&filter),
		OPT_STRING(0, "subject-prefix", &o.prefix, "prefix", "the subject's [prefix] (default: RESULTS)"),
		OPT_STRING_LIST(0, "to", &o.to, "address", "add a To: header"),
		OPT_STRING_LIST(0, "cc", &o.cc, "address", "add a Cc: header"),
		OPT_BOOL(0, "thread", &o.thread, "thread the messages: each answers the first"),
		OPT_STRING(0, "in-reply-to", &in_reply_to, "message-id", "make every message a reply to this one (implies --thread)"),
		OPT_STRING(0, "ref", &o.ref, "notes-ref", "notes ref to read"),
		OPT_END()
	};
	struct messages msgs = { NULL, 0, 0 };
	struct strbuf *mails = NULL;
	git_signature *from = NULL;
	struct notes_store store;
	git_repository *repo;
	char *ref_name;
	size_t i;
	int ret = 1;

	argc = parse_options(argc, argv, options, format_patch_usage);
	if (!argc)
		usage_msg_opt(format_patch_usage, options, "name the commits whose results to send");
	if (o.to_stdout && o.output_dir)
		usage_msg_opt(format_patch_usage, options, "--stdout and -o cannot be used together");
	if (in_reply_to) {
		strbuf_addstr(&reply_id, in_reply_to);
		strbuf_trim(&reply_id);
		if (reply_id.len && reply_id.buf[0] == '<' && reply_id.buf[reply_id.len - 1] == '>') {
			memmove(reply_id.buf, reply_id.buf + 1, reply_id.len - 2);
			strbuf_setlen(&reply_id, reply_id.len - 2);
		}
		if (!reply_id.len || strpbrk(reply_id.buf, "<> \t\r\n") || !strchr(reply_id.buf, '@'))
			usage_msg_opt(format_patch_usage, options, "not a Message-ID: '%s'", in_reply_to);
		o.in_reply_to = reply_id.buf;
	}
	record_filter_read_or_usage(&filter, format_patch_usage, options);
	repo = repo_open();
	ref_name = store_ref_name(repo, o.ref);
	store_open(&store, repo, ref_name);

	for (i = 0; i < (size_t)argc; i++) {
		git_oid oid;
		int got;

		if (revision_is_dotted(argv[i])) {
			if (load_range(&msgs, repo, &store, argv[i], &filter))
				goto out;
			continue;
		}
		if (repo_resolve_commit(repo, argv[i], &oid) < 0)
			goto out;
		got = load_commit(&msgs, &store, &oid, argv[i], &filter);
		if (got < 0)
			goto out;
		if (got == 1) {
			record_filter_error_none(&filter, argv[i]);
			goto out;
		}
	}

	/* Everything is formatted before anything is written. */
	from = repo_committer(repo);
	mails = xcalloc(msgs.nr, sizeof(*mails));
	for (i = 0; i < msgs.nr; i++) {
		strbuf_init(&mails[i], 0);
		format_message(&mails[i], repo, from, &msgs, &o, i + 1);
	}
	if (o.to_stdout) {
		for (i = 0; i < msgs.nr; i++)
			fwrite(mails[i].buf, 1, mails[i].len, stdout);
	} else if (write_files(mails, msgs.nr, &msgs, o.output_dir)) {
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < msgs.nr; i++) {
		record_list_release(&msgs.items[i].records);
		if (mails)
			strbuf_release(&mails[i]);
	}
	free(msgs.items);
	free(mails);
	git_signature_free(from);
	string_list_clear(&o.to);
	string_list_clear(&o.cc);
	strbuf_release(&reply_id);
	store_release(&store);
	record_filter_release(&filter);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}
