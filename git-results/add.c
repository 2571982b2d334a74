/*
 * git results add: parse a test output and attach it, as one record, to
 * a commit; or many at once with --batch.
 */
#include "git-results/builtin.h"
#include "kcidb/map.h"
#include "formats/read-run.h"
#include "lib/hex.h"
#include "lib/progress.h"
#include "lib/record-spool.h"
#include "lib/sign/record.h"
#include "lib/repo.h"
#include "lib/store.h"
#include "lib/store/attach.h"
#include "lib/usage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const add_usage[] = {
	"git results add [<options>] [<commit>] [<file> | -]",
	"git results add [<options>] --batch [--[no-]progress] < <list of '<commit> <file>' lines>",
	NULL
};

/*
 * A record to add.  Its text waits in the spool, not in memory: a batch
 * may hold more records than fit.
 */
struct pending {
	git_oid commit;
	size_t seq;
	struct spooled_record at;
	int derived_run;	/* its run id was made from its results */
};

struct add_state {
	struct pending *items;
	size_t nr, alloc;
	struct record_spool spool;
	int force;
	size_t added;
};

/* The header of `r` without what a piece of its run may change: date, links, tests. */
static void write_run_header(struct strbuf *out, const struct record *r)
{
	struct record h = *r;	/* shallow: only read */

	h.date = NULL;
	h.links_nr = 0;
	h.tests_nr = 0;
	h.status = STATUS_DONE;
	memset(h.counts, 0, sizeof(h.counts));
	h.signature = NULL;
	record_write_payload(out, &h);
}

/* The imported record of `items[0..nr)` whose run `r` may be a piece of, or NULL. */
static const struct record *find_piece(const struct record *items, size_t nr,
				       const struct record *r)
{
	size_t i;

	if (r->signature || !kcidb_record_is_imported(r))
		return NULL;
	for (i = 0; i < nr; i++) {
		const struct record *s = &items[i];

		if (!s->signature && kcidb_record_is_imported(s) && record_same_run(s, r))
			return s;
	}
	return NULL;
}

/* join_pieces() found two pieces of one run that describe it differently. */
#define PIECES_DIFFER (-2)

/*
 * KCIDB gathers the tests of a build from many submissions, so a file
 * may hold more tests of a run that an earlier one gave: joined, they
 * are the record `sync pull` gives for the whole build.  When `stored`
 * (of find_piece()) has the same header as `r`: returns 0 if `r` adds
 * no test, else 1 with `joined` (to release) the stored record plus the
 * tests of `r` it lacks, dated the earlier of the two.  Returns
 * PIECES_DIFFER when the headers differ, -1 without `stored`.
 */
static int join_pieces(const struct record *stored, const struct record *r,
		       struct record *joined)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, err = STRBUF_INIT;
	size_t i, j;
	int ret = -1;

	if (!stored)
		return -1;
	write_run_header(&a, stored);
	write_run_header(&b, r);
	ret = PIECES_DIFFER;
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len))
		goto out;
	ret = -1;
	strbuf_reset(&a);
	record_write(&a, stored);
	if (record_list_parse(&list, a.buf, a.len, &err) || list.nr != 1)
		goto out;
	*joined = list.items[0];
	record_init(&list.items[0]);
	/* a link is the run's when all its tests share it: those both pieces have */
	for (i = j = 0; i < joined->links_nr; i++) {
		size_t k;

		for (k = 0; k < r->links_nr && strcmp(r->links[k], joined->links[i]); k++)
			;
		if (k < r->links_nr)
			joined->links[j++] = joined->links[i];
		else
			free(joined->links[i]);
	}
	ret = j < joined->links_nr;
	joined->links_nr = j;
	/* both are sorted: what r holds beyond what is stored, as many times */
	for (i = j = 0; j < r->tests_nr; j++) {
		const struct record_test *t = &r->tests[j];
		int c = 1;

		while (i < stored->tests_nr && (c = record_test_cmp(&stored->tests[i], t)) < 0)
			i++;
		if (!c)
			i++;
		else
			record_add_test(joined, t->path, t->status, t->reason);
	}
	ret |= joined->tests_nr > stored->tests_nr;
	if (r->date && (!joined->date || strcmp(r->date, joined->date) < 0)) {
		record_set_date(joined, r->date);
		ret = 1;
	}
	record_normalize(joined);
	if (!ret)
		record_release(joined);
out:
	record_list_release(&list);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&err);
	return ret;
}

/* Reports two pieces of the run of `r` that join_pieces() could not join. */
static int pieces_differ(const char *commit, const struct record *r)
{
	return error("two pieces of KCIDB run '%s' of origin '%s' on %s describe the run"
		     " differently (its build, checkout or environment); give every file of"
		     " the run its build, or join them into one submission",
		     r->run, r->origin, commit);
}

struct piece {
	const struct record *r;
	size_t k;	/* its place in the batch */
};

/* By run, and within one run by the order of the batch. */
static int cmp_piece(const void *va, const void *vb)
{
	const struct piece *a = va, *b = vb;
	int c = strcmp(a->r->origin ? a->r->origin : "", b->r->origin ? b->r->origin : "");

	if (!c)
		c = strcmp(a->r->run ? a->r->run : "", b->r->run ? b->r->run : "");
	return c ? c : (a->k > b->k) - (a->k < b->k);
}

/*
 * The pieces of one KCIDB run that lines of one batch give for one
 * commit are one run: each is joined to the first piece, as adding them
 * one at a time would, and marked `gone`; `pieces[k]` counts those that
 * added to records[k].  Returns -1 after reporting pieces that differ.
 */
static int join_batch_pieces(struct record *records, size_t nr, const char *commit,
			     char *gone, size_t *pieces)
{
	struct piece *p = xmalloc((nr + 1) * sizeof(*p));
	size_t n = 0, i, j;
	int ret = 0;

	for (i = 0; i < nr; i++) {
		if (records[i].signature || !kcidb_record_is_imported(&records[i]))
			continue;
		p[n].r = &records[i];
		p[n++].k = i;
	}
	if (n > 1)
		qsort(p, n, sizeof(*p), cmp_piece);
	for (i = 0; i < n; i = j) {
		size_t first = p[i].k;

		for (j = i + 1; j < n && record_same_run(p[i].r, p[j].r); j++) {
			struct record joined;
			int join = join_pieces(&records[first], p[j].r, &joined);

			if (join == PIECES_DIFFER) {
				ret = pieces_differ(commit, p[j].r);
				goto out;
			}
			if (join < 0)
				continue;
			if (join) {
				record_release(&records[first]);
				records[first] = joined;
				pieces[first]++;
			}
			gone[p[j].k] = 1;
		}
	}
out:
	free(p);
	return ret;
}

/*
 * Adds the records of one commit (records[0..nr), all for the commit of
 * items[0], as items[0..nr) describe them) to its note, writing the note
 * once; -1 on a refused change.
 */
static int add_group(struct notes_store *s, const struct pending *items,
		     struct record *records, size_t nr, int force, size_t *added)
{
	struct note_attach note = NOTE_ATTACH_INIT;
	struct strbuf err = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	char *gone = xcalloc(nr, 1);
	size_t *pieces = xcalloc(nr, sizeof(*pieces));
	size_t k, changed = 0;
	const char *missing;
	int ret = -1;

	git_oid_tostr(hex, sizeof(hex), &items[0].commit);
	if (note_attach_read(&note, s, &items[0].commit, &err) < 0) {
		error("the note on %s in %s is not a results record (%s);"
		      " use --ref to record results elsewhere", hex, s->ref, err.buf);
		goto out;
	}
	if (join_batch_pieces(records, nr, hex, gone, pieces))
		goto out;
	for (k = 0; k < nr; k++) {
		struct record *r = &records[k], joined;
		int join;

		if (gone[k])
			continue;	/* joined to an earlier piece of its run */
		if (items[k].derived_run && note_attach_has_results(&note, r))
			continue;	/* the same results, added again */
		join = join_pieces(find_piece(note.records.items, note.stored, r), r, &joined);
		if (join == PIECES_DIFFER && !force) {
			pieces_differ(hex, r);
			goto out;
		}
		if (!join)
			continue;	/* a piece of a run the note has whole */
		if (join > 0) {
			/* the note keeps what it attaches until it is written */
			record_release(r);
			*r = joined;
		}
		switch (store_attach_or_refuse(&note, r, force || join > 0, hex)) {
		case ATTACH_CONFLICT:
			goto out;
		case ATTACH_PRESENT:
			break;
		default:
			changed += 1 + pieces[k];
		}
		if ((missing = record_list_missing_superseded(&note.records, r)))
			warning("%s has no run '%s' of origin '%s' for run '%s' to supersede;"
				" nothing is replaced until it comes", hex, missing, r->origin, r->run);
	}
	note_attach_write(&note, s, &items[0].commit);
	*added += changed;
	ret = 0;
out:
	note_attach_release(&note);
	strbuf_release(&err);
	free(gone);
	free(pieces);
	return ret;
}

static enum store_change apply_add(struct notes_store *s, void *data)
{
	struct add_state *state = data;
	struct progress *meter = progress_start("Adding results", state->nr);
	struct record_list group = RECORD_LIST_INIT;
	size_t i, j, k;
	int ret = 0;

	state->added = 0;
	for (i = 0; i < state->nr; i = j) {
		for (j = i + 1; j < state->nr; j++)
			if (git_oid_cmp(&state->items[i].commit, &state->items[j].commit))
				break;
		/* only one commit's records in memory at a time */
		for (k = i; k < j; k++)
			record_spool_read(&state->spool, &state->items[k].at, &group);
		ret = add_group(s, &state->items[i], group.items, j - i, state->force,
				&state->added);
		record_list_release(&group);
		if (ret)
			break;
		progress_update(meter, j);
	}
	if (ret)
		progress_free(&meter);
	else
		progress_stop(&meter);
	if (ret)
		return STORE_ABORT;
	return state->added ? STORE_COMMIT : STORE_UNCHANGED;
}

/* Groups the records by commit, keeping their order within a commit. */
static int cmp_pending(const void *va, const void *vb)
{
	const struct pending *a = va, *b = vb;
	int c = git_oid_cmp(&a->commit, &b->commit);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static struct pending *new_pending(struct add_state *state)
{
	struct pending *p;

	ALLOC_GROW(state->items, state->nr + 1, state->alloc);
	p = &state->items[state->nr];
	p->seq = state->nr++;
	p->derived_run = 0;
	return p;
}

struct load_state {
	struct add_state *state;
	git_repository *repo;
	const char *rev;	/* the commit named on the command line */
	int rev_given;		/* ... by the user, not the default HEAD */
	size_t runs;		/* runs the input holds */
	size_t left_out;	/* ... left out: KCIDB runs that name no commit */
	uint64_t left_out_tests;
};

/*
 * Attaches a run to the commit its input names (a KCIDB checkout), or
 * else to the commit named on the command line.
 */
static int load_run(struct parsed_run *run, void *data)
{
	struct load_state *ls = data;
	git_oid rev_oid, oid;
	git_commit *commit = NULL;
	struct record r;
	struct pending *p;

	ls->runs++;
	if (!*run->header.commit && !ls->rev_given && kcidb_record_is_imported(&run->header)) {
		/*
		 * Another CI's results for a build the submission does not tie
		 * to a commit: HEAD would be a guess, and a wrong one.
		 */
		ls->left_out++;
		ls->left_out_tests += run->tests.nr;
		return 0;
	}
	if (*run->header.commit) {
		if (hex_parse_oid(&oid, run->header.commit) < 0 ||
		    git_commit_lookup(&commit, ls->repo, &oid) < 0)
			return error("the input names commit %s, which is not in this repository",
				     run->header.commit);
		if (ls->rev_given) {
			if (repo_resolve_commit(ls->repo, ls->rev, &rev_oid) < 0)
				goto fail;
			if (git_oid_cmp(&rev_oid, &oid)) {
				error("the input names commit %s, not %s ('%s')", run->header.commit,
				      git_oid_tostr_s(&rev_oid), ls->rev);
				goto fail;
			}
		}
	} else {
		if (repo_resolve_commit(ls->repo, ls->rev, &oid) < 0)
			return -1;
		check(git_commit_lookup(&commit, ls->repo, &oid), "cannot read commit");
	}
	git_oid_tostr(run->header.commit, sizeof(run->header.commit), git_commit_id(commit));
	git_oid_tostr(run->header.tree, sizeof(run->header.tree), git_commit_tree_id(commit));
	git_commit_free(commit);
	parsed_run_finish(run);
	p = new_pending(ls->state);
	git_oid_cpy(&p->commit, &oid);
	p->derived_run = run->derived_run;
	record_init(&r);
	parsed_run_to_record(run, &r);
	record_spool_add(&ls->state->spool, &r, &p->at);
	record_release(&r);
	return 0;
fail:
	git_commit_free(commit);
	return -1;
}

/* Whether the file `path` holds records, as `show --to record` writes them. */
static int is_record_file(const char *path)
{
	char head[16];
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : NULL;
	size_t len, i = 8;

	if (!f)
		return 0;
	/* "results <version>\n", of any version: the parser says which it reads */
	len = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (len <= i || memcmp(head, "results ", i) || head[i] < '1' || head[i] > '9')
		return 0;
	while (i < len && head[i] >= '0' && head[i] <= '9')
		i++;
	return i < len && head[i] == '\n';
}

static int record_options_given(const struct record_options *opts)
{
	return opts->origin || opts->run || opts->date || opts->tester || opts->format ||
	       opts->env.nr || opts->links.nr;
}

/*
 * Attaches the records of a record file as they are, signatures
 * included, each to the commit it names: how one side of a conflict is
 * chosen (with --force), or a record saved from `show --to record` put
 * back.
 */
static int load_records(struct add_state *state, git_repository *repo,
			const struct record_options *opts, const char *rev, int rev_given,
			const char *path)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	git_oid rev_oid, oid;
	size_t i;
	int ret = -1;

	if (record_options_given(opts)) {
		error("'%s' holds records, which are attached as they are:"
		      " --format, --origin, --run, --env, --link, --date and --tester cannot change them",
		      path);
		goto out;
	}
	if (strbuf_read_file(&text, path) < 0) {
		error_errno("cannot read '%s'", path);
		goto out;
	}
	if (record_list_parse(&list, text.buf, text.len, &err)) {
		error("'%s' is not a valid record: %s", path, err.buf);
		goto out;
	}
	if (rev_given && repo_resolve_commit(repo, rev, &rev_oid) < 0)
		goto out;
	for (i = 0; i < list.nr; i++) {
		struct record *r = &list.items[i];
		git_commit *commit = NULL;
		struct pending *p;

		if (!*r->commit) {
			/* what `parse` prints: the commit is added with the record's test output */
			error("a record in '%s' names no commit: records are attached as they are;"
			      " add the test output it was parsed from instead", path);
			goto out;
		}
		if (hex_parse_oid(&oid, r->commit) < 0 || git_commit_lookup(&commit, repo, &oid) < 0) {
			error("a record in '%s' names %s, which is not a commit in this repository",
			      path, r->commit);
			goto out;
		}
		git_commit_free(commit);
		if (rev_given && git_oid_cmp(&rev_oid, &oid)) {
			error("a record in '%s' names commit %s, not %s ('%s')", path, r->commit,
			      git_oid_tostr_s(&rev_oid), rev);
			goto out;
		}
		p = new_pending(state);
		git_oid_cpy(&p->commit, &oid);
		record_spool_add(&state->spool, r, &p->at);
	}
	ret = 0;
out:
	record_list_release(&list);
	strbuf_release(&text);
	strbuf_release(&err);
	return ret;
}

static int load_one(struct add_state *state, git_repository *repo,
		    const struct record_options *opts, const char *rev, int rev_given,
		    const char *input)
{
	struct load_state ls = { state, repo, rev, rev_given };
	const char *name = strcmp(input, "-") ? input : "standard input";

	if (is_record_file(input))
		return load_records(state, repo, opts, rev, rev_given, input);
	if (record_options_read(opts, repo, input, load_run, &ls))
		return -1;
	if (!ls.left_out)
		return 0;
	if (ls.left_out == ls.runs)
		return error("nothing added from '%s': no commit for its %zu KCIDB run%s (%" PRIu64
			     " test%s): the submission does not hold their build's checkout"
			     " with a git_commit_hash; name the commit to attach them to",
			     name, ls.runs, ls.runs == 1 ? "" : "s", ls.left_out_tests,
			     ls.left_out_tests == 1 ? "" : "s");
	warning("left out %zu of the %zu KCIDB runs of '%s' (%" PRIu64 " test%s): no commit"
		" for them: the submission does not hold their build's checkout with a"
		" git_commit_hash; name the commit to attach them to", ls.left_out, ls.runs,
		name, ls.left_out_tests, ls.left_out_tests == 1 ? "" : "s");
	return 0;
}

static int read_batch(struct add_state *state, git_repository *repo,
		      const struct record_options *opts)
{
	struct strbuf line = STRBUF_INIT;
	struct progress *meter = progress_start("Parsing results", 0);
	uint64_t parsed = 0;
	char *buf = NULL;
	size_t alloc = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int ret = 0;

	while ((len = getline(&buf, &alloc, stdin)) >= 0) {
		char *sp;

		lineno++;
		strbuf_reset(&line);
		strbuf_add(&line, buf, (size_t)len);
		strbuf_trim(&line);
		if (!line.len || line.buf[0] == '#')
			continue;
		sp = strchr(line.buf, ' ');
		if (!sp) {
			ret = error("batch line %lu: expected '<commit> <file>'", lineno);
			break;
		}
		*sp = '\0';
		if (!strcmp(sp + 1, "-")) {
			ret = error("batch line %lu: standard input is the list itself", lineno);
			break;
		}
		if (load_one(state, repo, opts, line.buf, 1, sp + 1)) {
			ret = error("batch line %lu: nothing added", lineno);
			break;
		}
		progress_update(meter, ++parsed);
	}
	if (ret)
		progress_free(&meter);
	else
		progress_stop(&meter);
	free(buf);
	strbuf_release(&line);
	return ret;
}

/*
 * Signs every record before the store is touched, so that a signing
 * failure leaves the notes ref as it was, and so that a retried update
 * does not sign again: each signed record goes back to the spool, in
 * place of its payload.  One context (and one key look-up) serves all.
 */
static int sign_all(struct add_state *state, git_repository *repo, const char *key)
{
	struct signing_config cfg = SIGNING_CONFIG_INIT;
	struct record_list list = RECORD_LIST_INIT;
	struct signature_context *sc = signature_context_new(repo);
	struct strbuf err = STRBUF_INIT;
	struct progress *progress;
	size_t i;
	int ret = 0;

	signing_config_load(&cfg, repo, key);
	progress = progress_start("Signing records", state->nr);
	for (i = 0; i < state->nr; i++) {
		struct record *r;

		record_spool_read(&state->spool, &state->items[i].at, &list);
		r = &list.items[0];
		if (r->signature)
			;	/* a record file's signed record keeps its signature */
		else if (kcidb_record_is_imported(r))
			;	/* another CI's results are not the signer's to vouch for */
		else if (record_sign(r, sc, &cfg, &err)) {
			char hex[GIT_OID_HEXSZ + 1];

			progress_free(&progress);	/* no ", done." over the error */
			git_oid_tostr(hex, sizeof(hex), &state->items[i].commit);
			ret = error("cannot sign the record for %s: %s", hex, err.buf);
			break;
		} else
			record_spool_add(&state->spool, r, &state->items[i].at);
		record_list_release(&list);
		progress_update(progress, i + 1);
	}
	record_list_release(&list);
	progress_stop(&progress);
	strbuf_release(&err);
	signing_config_release(&cfg);
	signature_context_free(sc);
	return ret;
}

static int is_file(const char *path)
{
	struct stat st;

	return !strcmp(path, "-") || !stat(path, &st);
}

static int is_revision(git_repository *repo, const char *arg)
{
	git_object *obj = NULL;
	int found = !git_revparse_single(&obj, repo, arg);

	git_object_free(obj);
	return found;
}

int cmd_add(int argc, const char **argv)
{
	struct record_options opts = RECORD_OPTIONS_INIT;
	struct add_state state = { NULL, 0, 0, RECORD_SPOOL_INIT, 0, 0 };
	const char *ref = NULL, *signing_key = NULL;
	int batch = 0, quiet = 0, sign = -1, progress = -1, ret;
	struct option options[] = {
		OPT_RECORD_OPTIONS(&opts),
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to use (default: results.notesRef or refs/notes/results)"),
		OPT_BOOL(0, "batch", &batch, "read '<commit> <file>' lines from standard input; one notes commit for all"),
		OPT_BOOL('f', "force", &state.force, "replace a different record with the same origin and run"),
		OPT_BOOL('q', "quiet", &quiet, "do not report what was added"),
		OPT_BOOL('s', "sign", &sign, "sign each record (default: results.sign)"),
		OPT_STRING('u', "local-user", &signing_key, "key-id", "sign with this key (implies --sign)"),
		OPT_BOOL(0, "progress", &progress, "report progress on standard error"),
		OPT_END()
	};
	struct notes_store store;
	git_repository *repo;
	char *ref_name;

	argc = parse_options(argc, argv, options, add_usage);
	if (batch && argc)
		usage_msg_opt(add_usage, options, "--batch takes no arguments");
	if (argc > 2)
		usage_msg_opt(add_usage, options, "too many arguments");
	progress_set_enabled(quiet && progress < 0 ? 0 : progress);
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	if (signing_key && sign < 0)
		sign = 1;
	if (sign < 0)
		sign = config_get_bool(repo, "results.sign", 0);

	if (batch)
		ret = read_batch(&state, repo, &opts);
	else if (argc == 2)
		ret = load_one(&state, repo, &opts, argv[0], 1, argv[1]);
	else if (argc == 1 && is_file(argv[0]))
		ret = load_one(&state, repo, &opts, "HEAD", 0, argv[0]);
	else if (argc == 1 && !is_revision(repo, argv[0]))
		die("'%s' is neither a file nor a revision", argv[0]);
	else if (isatty(0))
		/* A mistyped file name must not turn into a wait for typed input. */
		die("no results file named; name one, or '-' to read standard input");
	else
		ret = load_one(&state, repo, &opts, argc ? argv[0] : "HEAD", argc, "-");
	if (!ret && sign)
		ret = sign_all(&state, repo, signing_key);
	if (ret)
		goto out;

	if (state.nr > 1)
		qsort(state.items, state.nr, sizeof(*state.items), cmp_pending);
	store_open(&store, repo, ref_name);
	if (batch)
		store_begin_bulk(&store);
	ret = store_update(&store, apply_add, &state,
			   batch ? "Notes added by 'git results add --batch'\n" :
			   "Notes added by 'git results add'\n");
	if (!quiet && ret >= 0)
		fprintf(stderr, "%zu of %zu record%s added to %s\n", ret ? (size_t)0 : state.added,
			state.nr, state.nr == 1 ? "" : "s", ref_name);
	ret = ret < 0 ? 1 : 0;
	store_release(&store);
out:
	record_spool_release(&state.spool);
	free(state.items);
	free(ref_name);
	record_options_release(&opts);
	git_repository_free(repo);
	return ret ? (ret > 1 ? ret : 1) : 0;
}
