/*
 * git results am: attach the results carried by email messages (as
 * written by `git results format-patch`) to their commits, the way
 * `git am` applies patches.  Every record is checked first: it must name
 * a commit of this repository with that commit's tree, and its signature
 * must not be bad.  Then all of them are attached in one notes commit,
 * or, when any is refused, none.
 */
#include "git-results/builtin.h"
#include "lib/release/mbox.h"
#include "lib/parse-options.h"
#include "lib/sign/verdict.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/store/attach.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const am_usage[] = {
	"git results am [--force] [--dry-run] [-q] [--ref <notes-ref>] [<mbox>...]",
	NULL
};

struct incoming {
	git_oid commit;
	size_t message;		/* index in the mail list */
	struct record record;
};

struct am_state {
	struct incoming *items;
	size_t nr, alloc;
	int force;
	size_t attached, present;
};

/*
 * Where the message proper ends, as `git mailinfo` sees it: at a "---"
 * line (a patch break: "---" then white space or the end of the line)
 * or at the "-- " signature line.
 */
static size_t message_end(const char *body, size_t len)
{
	const char *p = body, *end = body + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;

		if ((eol - p >= 3 && !strncmp(p, "---", 3) && (eol - p == 3 || isspace((unsigned char)p[3]))) ||
		    (eol - p == 3 && !strncmp(p, "-- ", 3)))
			return p - body;
		p = nl ? nl + 1 : end;
	}
	return len;
}

/*
 * Parses `len` bytes of `text` as records, allowing for the blank line
 * that ends a last record without tests.
 */
static int parse_records(struct record_list *out, const char *text, size_t len,
			 struct strbuf *err)
{
	struct strbuf retry = STRBUF_INIT;
	int ret = record_list_parse(out, text, len, err);

	if (ret) {
		strbuf_add(&retry, text, len);
		strbuf_addch(&retry, '\n');
		if (!record_list_parse(out, retry.buf, retry.len, &retry))
			ret = 0;
		strbuf_release(&retry);
	}
	return ret;
}

/*
 * The records in a message body: the message proper, without the blank
 * lines mail programs add at either end.  Text after the last complete
 * record (a mailing list's footer appended without a signature line) is
 * left out with a warning: the records are cut at each blank line from
 * the end until what is left parses; a record cut short does not (its
 * counts no longer match its tests), so only whole records are kept.
 */
static int body_records(struct record_list *out, const struct mail_message *m, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, scratch = STRBUF_INIT;
	const char *body = m->body;
	size_t len = message_end(m->body, m->body_len), cut;
	int ret;

	while (len && *body == '\n') {
		body++;
		len--;
	}
	strbuf_add(&text, body, len);
	while (text.len >= 2 && text.buf[text.len - 1] == '\n' && text.buf[text.len - 2] == '\n')
		strbuf_setlen(&text, text.len - 1);
	ret = parse_records(out, text.buf, text.len, err);
	for (cut = text.len; ret && cut > 1;) {
		cut--;
		while (cut > 1 && !(text.buf[cut] == '\n' && text.buf[cut - 1] == '\n'))
			cut--;
		if (cut <= 1)
			break;
		strbuf_reset(&scratch);
		if (!parse_records(out, text.buf, cut, &scratch) && out->nr) {
			size_t lines = 0, i;

			for (i = cut; i < text.len; i++)
				lines += text.buf[i] == '\n';
			warning("message %zu: ignoring %zu line%s after the last complete record",
				m->number, lines, lines == 1 ? "" : "s");
			strbuf_reset(err);
			ret = 0;
		}
	}
	if (!ret && !out->nr) {
		strbuf_addstr(err, "no records in the message");
		ret = -1;
	}
	strbuf_release(&text);
	strbuf_release(&scratch);
	return ret;
}

/* Whether `r` may be attached; prints why not.  Returns 0 or -1. */
static int check_record(git_repository *repo, const struct record *r, const char *where, int force,
			git_oid *commit_out)
{
	struct record_signature_check sig = RECORD_SIGNATURE_CHECK_INIT;
	git_commit *commit = NULL;
	char tree[GIT_OID_HEXSZ + 1];
	int ret = -1;

	if (!*r->commit) {
		error("%s: origin '%s' run '%s' names no commit", where, r->origin, r->run);
		goto out;
	}
	git_oid_fromstr(commit_out, r->commit);
	if (git_commit_lookup(&commit, repo, commit_out) < 0) {
		if (!force) {
			error("%s: origin '%s' run '%s' is for unknown commit %s; use --force to attach it anyway",
			      where, r->origin, r->run, r->commit);
			goto out;
		}
		warning("%s: attaching to unknown commit %s", where, r->commit);
	} else {
		git_oid_tostr(tree, sizeof(tree), git_commit_tree_id(commit));
		if (strcmp(tree, r->tree)) {
			if (!force) {
				error("%s: origin '%s' run '%s' names tree %s, but commit %s has tree %s;"
				      " use --force to attach it anyway", where, r->origin, r->run, r->tree,
				      r->commit, tree);
				goto out;
			}
			warning("%s: attaching despite the tree mismatch on %s", where, r->commit);
		}
	}

	record_signer_check(repo, r, &sig);
	if (sig.state == RECORD_SIGNATURE_BAD && !force) {
		error("%s: origin '%s' run '%s' has a bad signature (%s); use --force to attach it anyway",
		      where, r->origin, r->run, sig.detail);
		goto out;
	}
	if (sig.state == RECORD_SIGNATURE_BAD)
		warning("%s: attaching despite a bad signature: %s", where, sig.detail);
	else if (sig.state == RECORD_SIGNED_UNVERIFIED)
		warning("%s: origin '%s' run '%s': %s", where, r->origin, r->run, sig.detail);
	ret = 0;
out:
	record_signature_check_release(&sig);
	git_commit_free(commit);
	return ret;
}

/* Attaches the records of one commit (items[0..nr)); -1 on a refused change. */
static int attach_group(struct notes_store *s, struct am_state *st, struct incoming *items, size_t nr)
{
	struct note_attach note = NOTE_ATTACH_INIT;
	struct strbuf err = STRBUF_INIT;
	size_t k, changed = 0;
	int ret = -1;

	if (note_attach_read(&note, s, &items[0].commit, &err) < 0) {
		error("the note on %s in %s is not a results record (%s)", items[0].record.commit,
		      s->ref, err.buf);
		goto out;
	}
	for (k = 0; k < nr; k++) {
		const struct record *r = &items[k].record;

		switch (store_attach_or_refuse(&note, r, st->force, r->commit)) {
		case ATTACH_CONFLICT:
			goto out;
		case ATTACH_PRESENT:
			st->present++;
			break;
		default:
			changed++;
		}
	}
	note_attach_write(&note, s, &items[0].commit);
	st->attached += changed;
	ret = 0;
out:
	note_attach_release(&note);
	strbuf_release(&err);
	return ret;
}

static enum store_change apply_am(struct notes_store *s, void *data)
{
	struct am_state *st = data;
	size_t i, j;

	st->attached = st->present = 0;
	for (i = 0; i < st->nr; i = j) {
		for (j = i + 1; j < st->nr; j++)
			if (git_oid_cmp(&st->items[i].commit, &st->items[j].commit))
				break;
		if (attach_group(s, st, &st->items[i], j - i))
			return STORE_ABORT;
	}
	return st->attached ? STORE_COMMIT : STORE_UNCHANGED;
}

static int cmp_incoming(const void *va, const void *vb)
{
	const struct incoming *a = va, *b = vb;
	int c = git_oid_cmp(&a->commit, &b->commit);

	if (c)
		return c;
	return a->message < b->message ? -1 : a->message > b->message;
}

static int read_input(struct mail_list *mails, const char *path)
{
	struct strbuf buf = STRBUF_INIT, err = STRBUF_INIT;
	long got = strcmp(path, "-") ? strbuf_read_file(&buf, path) : strbuf_read_fd(&buf, 0);
	size_t before = mails->nr;
	int ret = -1;

	if (got < 0) {
		error_errno("cannot read '%s'", path);
		goto out;
	}
	if (mbox_parse(mails, buf.buf, buf.len, &err)) {
		error("%s: %s", path, err.buf);
		goto out;
	}
	if (mails->nr == before) {
		error("%s: no messages", path);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&buf);
	strbuf_release(&err);
	return ret;
}

/* Checks every record of every message; keeps them in `st`.  0, or -1 when any is refused. */
static int collect(struct am_state *st, git_repository *repo, const struct mail_list *mails, int quiet)
{
	struct strbuf where = STRBUF_INIT;
	size_t i, j, k;
	int ret = 0;

	for (i = 0; i < mails->nr; i++) {
		const struct mail_message *m = &mails->items[i];
		struct record_list list = RECORD_LIST_INIT;
		struct strbuf err = STRBUF_INIT;

		strbuf_reset(&where);
		strbuf_addf(&where, "message %zu", m->number);
		if (!quiet)
			fprintf(stderr, "Applying: %s\n", *m->subject ? m->subject : "(no subject)");
		if (body_records(&list, m, &err)) {
			ret = error("%s (%s): not results: %s", where.buf, m->subject, err.buf);
			strbuf_release(&err);
			continue;
		}
		for (j = 0; j < list.nr; j++) {
			struct incoming *in;
			git_oid oid;

			if (check_record(repo, &list.items[j], where.buf, st->force, &oid)) {
				ret = -1;
				continue;
			}
			ALLOC_GROW(st->items, st->nr + 1, st->alloc);
			in = &st->items[st->nr++];
			git_oid_cpy(&in->commit, &oid);
			in->message = i;
			in->record = list.items[j];
			record_init(&list.items[j]);
		}
		record_list_release(&list);
		strbuf_release(&err);
	}
	if (st->nr > 1)
		qsort(st->items, st->nr, sizeof(*st->items), cmp_incoming);

	/* The same record twice collapses; two versions of one run are refused. */
	for (i = k = 0; i < st->nr; i++) {
		if (k && !git_oid_cmp(&st->items[k - 1].commit, &st->items[i].commit)) {
			size_t p;
			int duplicate = 0;

			for (p = k; p-- > 0 && !git_oid_cmp(&st->items[p].commit, &st->items[i].commit); ) {
				if (!record_same_run(&st->items[p].record, &st->items[i].record))
					continue;
				if (record_cmp(&st->items[p].record, &st->items[i].record)) {
					size_t first = mails->items[st->items[p].message].number;
					size_t second = mails->items[st->items[i].message].number;

					/* One message: a merge kept both (see git-results-merge(1)). */
					if (first == second)
						ret = error("message %zu carries two different records for origin"
							    " '%s', run '%s' on %s", first,
							    st->items[i].record.origin, st->items[i].record.run,
							    st->items[i].record.commit);
					else
						ret = error("messages %zu and %zu carry different records for"
							    " origin '%s', run '%s' on %s", first, second,
							    st->items[i].record.origin, st->items[i].record.run,
							    st->items[i].record.commit);
				}
				duplicate = 1;
				break;
			}
			if (duplicate) {
				record_release(&st->items[i].record);
				continue;
			}
		}
		st->items[k++] = st->items[i];
	}
	st->nr = k;
	strbuf_release(&where);
	return ret;
}

int cmd_am(int argc, const char **argv)
{
	struct am_state st = { NULL, 0, 0, 0, 0, 0 };
	const char *ref = NULL;
	int dry_run = 0, quiet = 0, i, ret = 1;
	struct option options[] = {
		OPT_BOOL('f', "force", &st.force, "attach records for unknown commits, with bad signatures,"
			 " or replacing a different record of the same run"),
		OPT_BOOL('n', "dry-run", &dry_run, "check the messages, attach nothing"),
		OPT_BOOL('q', "quiet", &quiet, "only report errors"),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to change"),
		OPT_END()
	};
	struct mail_list mails = MAIL_LIST_INIT;
	struct notes_store store;
	git_repository *repo;
	char *ref_name = NULL;
	size_t k;

	argc = parse_options(argc, argv, options, am_usage);
	repo = repo_open();
	if (!argc && isatty(0))
		usage_msg_opt(am_usage, options, "name the mbox files to read (or '-' for standard input)");
	if (!argc && read_input(&mails, "-"))
		goto out;
	for (i = 0; i < argc; i++)
		if (read_input(&mails, argv[i]))
			goto out;
	if (collect(&st, repo, &mails, quiet)) {
		error("nothing attached");
		goto out;
	}
	if (dry_run) {
		if (!quiet)
			fprintf(stderr, "%zu record%s would be checked against %s; nothing attached (--dry-run)\n",
				st.nr, st.nr == 1 ? "" : "s", ref ? ref : "the notes ref");
		ret = 0;
		goto out;
	}
	ref_name = store_ref_name(repo, ref);
	store_open(&store, repo, ref_name);
	ret = store_update(&store, apply_am, &st, "Notes added by 'git results am'\n");
	store_release(&store);
	if (ret < 0) {
		error("nothing attached");
		ret = 1;
		goto out;
	}
	if (!quiet)
		fprintf(stderr, "%zu record%s attached to %s, %zu already there\n", st.attached,
			st.attached == 1 ? "" : "s", ref_name, st.present);
	ret = 0;
out:
	for (k = 0; k < st.nr; k++)
		record_release(&st.items[k].record);
	free(st.items);
	mail_list_release(&mails);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}
