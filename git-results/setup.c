/*
 * git results setup: configure a repository to share results with a
 * remote and to keep git's own notes merge from mangling them; with
 * --display, to show them in plain `git log`; with --hooks, install the
 * hooks.
 */
#include "git-results/builtin.h"
#include "lib/install-hooks.h"
#include "lib/remote.h"
#include "lib/parse-options.h"
#include "lib/repo.h"
#include "lib/run-command.h"
#include "lib/store.h"
#include "lib/usage.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const setup_usage[] = {
	"git results setup [--ref <notes-ref>] [--push-refspec] [--display] [--hooks [--force]] [-q]\n"
	"                         [<remote>]",
	NULL
};

struct setup {
	int quiet;
};

/*
 * Configuration goes through `git config`: it reads what git reads (`git
 * -c` and includes too), and adds a value to the section that is there
 * rather than starting another.
 */
static void run_git_config_values(struct strbuf *out, const char *key)
{
	const char *argv[] = { "git", "config", "--get-all", key, NULL };
	int code;

	strbuf_reset(out);
	code = run_command(argv, out);
	/* Exit code 1 is "no such key". */
	if (code < 0 || code > 1)
		die("cannot read the configuration");
}

static void run_git_config_write(const char *key, const char *value, int add)
{
	const char *argv[] = { "git", "config", add ? "--add" : key, add ? key : value,
			       add ? value : NULL, NULL };

	if (run_command(argv, NULL))
		die("cannot write %s to the configuration", key);
}

/* Whether the multi-valued `key` has a line `value` (or a pattern matching it). */
static int has_value(const char *key, const char *value, int glob)
{
	struct strbuf values = STRBUF_INIT;
	char *line, *save = NULL;
	int found = 0;

	run_git_config_values(&values, key);
	for (line = strtok_r(values.buf, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save))
		found = glob ? !fnmatch(line, value, 0) : !strcmp(line, value);
	strbuf_release(&values);
	return found;
}

/* Adds `value` to the multi-valued `key` unless it is there already. */
static void add_value(struct setup *st, const char *key, const char *value, const char *why)
{
	if (has_value(key, value, 0)) {
		if (!st->quiet)
			fprintf(stderr, "%s: %s (set already)\n", key, value);
		return;
	}
	run_git_config_write(key, value, 1);
	if (!st->quiet)
		fprintf(stderr, "%s: %s (%s)\n", key, value, why);
}

/*
 * git notes merge picks its strategy from notes.<name>.mergeStrategy,
 * then notes.mergeStrategy.  Of its strategies only "manual" cannot
 * damage records (see Documentation/git-results-setup.md): fix it for our
 * ref, whatever the general default says.
 */
static void protect_from_git_merge(struct setup *st, git_repository *repo, const char *ref)
{
	struct strbuf key = STRBUF_INIT;
	char *old;

	if (strncmp(ref, "refs/notes/", 11)) {
		if (!st->quiet)
			fprintf(stderr, "%s is not under refs/notes/: git notes merge does not"
				" merge it\n", ref);
		return;
	}
	strbuf_addf(&key, "notes.%s.mergeStrategy", ref + 11);
	old = config_get_string(repo, key.buf);
	if (old && !strcmp(old, "manual")) {
		if (!st->quiet)
			fprintf(stderr, "%s: manual (set already)\n", key.buf);
	} else {
		run_git_config_write(key.buf, "manual", 0);
		if (old)
			warning("%s was '%s', which damages records; now 'manual'", key.buf, old);
		else if (!st->quiet)
			fprintf(stderr, "%s: manual (git notes merge leaves conflicting"
				" records to you; use git results merge)\n", key.buf);
	}
	free(old);
	strbuf_release(&key);
}

/* git copies notes onto rewritten commits for notes.rewriteRef, blindly. */
static void check_rewrite_ref(const char *ref)
{
	if (has_value("notes.rewriteRef", ref, 1))
		warning("notes.rewriteRef makes git copy %s onto rewritten commits, even when"
			" their tree changed; remove it and use 'git results setup --hooks'", ref);
}

static void setup_remote(struct setup *st, const char *remote, const char *ref,
			 int push_refspec)
{
	struct strbuf key = STRBUF_INIT, value = STRBUF_INIT;
	char *refspec = fetch_refspec(remote, ref);

	strbuf_addf(&key, "remote.%s.fetch", remote);
	add_value(st, key.buf, refspec, "git fetch brings the remote's results");

	/*
	 * With any remote.<name>.push, a plain `git push` pushes only what
	 * those say and no longer the current branch: adding the first one
	 * would change what `git push` does.
	 */
	strbuf_reset(&key);
	strbuf_addf(&key, "remote.%s.push", remote);
	run_git_config_values(&value, key.buf);
	if (value.len || push_refspec) {
		strbuf_reset(&value);
		strbuf_addf(&value, "%s:%s", ref, ref);
		add_value(st, key.buf, value.buf, "git push publishes ours too");
	} else if (!st->quiet) {
		fprintf(stderr, "%s: not set (it would stop a plain 'git push' from pushing"
			" the current branch); publish with 'git results push'\n", key.buf);
	}
	free(refspec);
	strbuf_release(&key);
	strbuf_release(&value);
}

int cmd_setup(int argc, const char **argv)
{
	struct setup st = { 0 };
	const char *ref = NULL;
	int hooks = 0, force = 0, push_refspec = 0, display_notes = 0, ret = 1;
	struct option options[] = {
		OPT_STRING(0, "ref", &ref, "notes-ref", "notes ref to set up (default: results.notesRef or refs/notes/results)"),
		OPT_BOOL(0, "push-refspec", &push_refspec, "add a push refspec even if the remote has none"),
		OPT_BOOL(0, "display", &display_notes, "make plain git log show whole records (notes.displayRef)"),
		OPT_BOOL(0, "hooks", &hooks, "install the hooks of git results too"),
		OPT_BOOL('f', "force", &force, "with --hooks, replace hooks that differ"),
		OPT_BOOL('q', "quiet", &st.quiet, "report only problems"),
		OPT_END()
	};
	struct strbuf display = STRBUF_INIT;
	git_repository *repo;
	char *ref_name, *remote = NULL;

	argc = parse_options(argc, argv, options, setup_usage);
	if (argc > 1)
		usage_msg_opt(setup_usage, options, "too many arguments");
	if (force && !hooks)
		usage_msg_opt(setup_usage, options, "--force goes with --hooks");
	repo = repo_open();
	ref_name = store_ref_name(repo, ref);
	if (argc) {
		remote = xstrdup(argv[0]);
		if (remote_is_url(repo, remote)) {
			error("'%s' is no remote's name: 'git remote add' one first", remote);
			goto out;
		}
		if (check_remote(repo, remote))
			goto out;
	} else {
		/* Without a name, the default remote if there is one. */
		remote = default_remote(repo, 0);
		if (!remote_exists(repo, remote)) {
			free(remote);
			remote = NULL;
		}
	}

	/*
	 * As a pattern (refs/notes/result[s]) that matches the ref alone:
	 * git log warns about a displayRef that does not exist, and ours does
	 * not until results are added or fetched.  Only on request: a note
	 * holds whole records, hundreds of lines under every commit of a
	 * plain `git log`.
	 */
	strbuf_add(&display, ref_name, strlen(ref_name) - 1);
	strbuf_addf(&display, "[%c]", ref_name[strlen(ref_name) - 1]);
	if (has_value("notes.displayRef", ref_name, 1)) {
		if (!st.quiet)
			fprintf(stderr, "notes.displayRef: %s (set already)\n", ref_name);
	} else if (display_notes) {
		add_value(&st, "notes.displayRef", display.buf, "git log shows results");
	} else if (!st.quiet) {
		fprintf(stderr, "notes.displayRef: not set (git log would print whole records);"
			" see 'git results log', or use --display\n");
	}
	protect_from_git_merge(&st, repo, ref_name);
	check_rewrite_ref(ref_name);
	if (remote)
		setup_remote(&st, remote, ref_name, push_refspec);
	if (!remote && !st.quiet)
		fprintf(stderr, "no remote to set up\n");
	if (hooks && install_hooks(force, st.quiet))
		goto out;
	ret = 0;
out:
	strbuf_release(&display);
	free(remote);
	free(ref_name);
	git_repository_free(repo);
	return ret;
}
