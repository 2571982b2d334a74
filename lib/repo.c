#include "lib/repo.h"
#include "lib/hex.h"
#include "lib/usage.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *repo_error_text(void)
{
	const git_error *e = git_error_last();

	if (e && e->message)
		return e->message;
	/*
	 * libgit2 1.5 fails a loose object write on a full disk (ENOSPC,
	 * EFBIG) without a message of its own: the system's reason is
	 * what is left of it.
	 */
	if (errno)
		return strerror(errno);
	return "unknown error";
}

void repo_error_reset(void)
{
	git_error_clear();
	errno = 0;
}

int check(int ret, const char *what)
{
	if (ret < 0)
		die("%s: %s", what, repo_error_text());
	return ret;
}

/*
 * libgit2 1.5 refuses to open a repository from the environment when
 * GIT_WORK_TREE is set ("GIT_WORK_TREE unimplemented"): open it without
 * the variable, then give the repository that work tree ourselves,
 * relative to the current directory as git reads it.  The variable is
 * put back for the programs we run.
 */
/*
 * Whether `path` is already the repository's work tree.  libgit2 1.5
 * leaks a buffer when git_repository_set_workdir() is given the work
 * tree it has, so that case is left alone.
 */
static int is_workdir(git_repository *repo, const char *path)
{
	const char *workdir = git_repository_workdir(repo);
	char *real = realpath(path, NULL);
	size_t len = real ? strlen(real) : 0;
	int same;

	same = workdir && real && !strncmp(workdir, real, len) &&
		(!strcmp(workdir + len, "/") || !workdir[len]);
	free(real);
	return same;
}

static int open_from_env(git_repository **out)
{
	const char *env = getenv("GIT_WORK_TREE");
	char *work_tree = env ? xstrdup(env) : NULL;
	int ret;

	git_libgit2_init();
	/*
	 * Like git, trust the object store when reading: re-hashing every
	 * object read (libgit2's default) costs `log` a third of its time.
	 * `git fsck` is the tool that checks hashes.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	if (work_tree)
		unsetenv("GIT_WORK_TREE");
	/* A NULL path makes libgit2 honour GIT_DIR, as git does. */
	ret = git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (!work_tree)
		return ret;
	setenv("GIT_WORK_TREE", work_tree, 1);
	if (!ret && !is_workdir(*out, work_tree) &&
	    git_repository_set_workdir(*out, work_tree, 0) < 0)
		die("invalid path '%s': %s", work_tree, repo_error_text());
	free(work_tree);
	return ret;
}

git_repository *repo_open_gently(void)
{
	git_repository *repo = NULL;

	if (open_from_env(&repo) < 0)
		return NULL;
	return repo;
}

git_repository *repo_open(void)
{
	git_repository *repo = NULL;
	int ret;

	ret = open_from_env(&repo);
	if (ret < 0) {
		if (ret != GIT_ENOTFOUND)
			die("cannot open repository: %s", repo_error_text());
		if (getenv("GIT_DIR"))
			die("not a git repository: '%s'", getenv("GIT_DIR"));
		die("not a git repository (or any of the parent directories): .git");
	}
	return repo;
}

/*
 * GIT_CONFIG_PARAMETERS holds shell-quoted words: "'key=value'" from git
 * before 2.31, "'key'='value'" since.  A bare `git -c key` is "'key'"
 * or, since 2.31, "'key'=" with nothing after the '=', and means true;
 * "'key'=''" is an empty value.  Calls `fn` for each setting, in order;
 * stops at the first that returns non-zero, and returns that.
 */
static int config_param_each(config_override_fn fn, void *data)
{
	const char *p = getenv("GIT_CONFIG_PARAMETERS");
	struct strbuf word = STRBUF_INIT;
	int ret = 0;

	if (!p)
		return 0;
	while (*p && !ret) {
		long eq_at = -1;
		int has_value = 0;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		strbuf_reset(&word);
		/* One shell word, possibly several quoted pieces. */
		while (*p && !isspace((unsigned char)*p)) {
			if (*p == '\'') {
				const char *end = strchr(++p, '\'');
				const char *eq = eq_at < 0 ? memchr(p, '=', end ? end - p : 0) : NULL;

				if (!end)
					goto out;
				if (eq) {
					/* The old form: the '=' and the value are quoted. */
					eq_at = (long)(word.len + (eq - p));
					has_value = 1;
				} else if (eq_at >= 0) {
					has_value = 1;
				}
				strbuf_add(&word, p, end - p);
				p = end + 1;
				continue;
			}
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '=' && eq_at < 0)
				eq_at = (long)word.len;
			if (eq_at >= 0 && (size_t)eq_at < word.len)
				has_value = 1;
			strbuf_addch(&word, *p++);
		}
		if (eq_at < 0)
			eq_at = (long)word.len;
		word.buf[eq_at] = '\0';
		ret = fn(word.buf, has_value ? word.buf + eq_at + 1 : "true", data);
	}
out:
	strbuf_release(&word);
	return ret;
}

/*
 * GIT_CONFIG_COUNT=<n> with GIT_CONFIG_KEY_<i> and GIT_CONFIG_VALUE_<i>
 * (git >= 2.31), which libgit2 does not read either.  Calls `fn` for each
 * pair, as config_param_each() does; a missing pair is fatal, as in git.
 */
static int config_env_each(config_override_fn fn, void *data)
{
	const char *count = getenv("GIT_CONFIG_COUNT");
	char name[64], *end;
	long i, n;
	int ret = 0;

	if (!count || !*count)
		return 0;
	n = strtol(count, &end, 10);
	if (*end || n < 0)
		die("bogus count in GIT_CONFIG_COUNT");
	for (i = 0; i < n && !ret; i++) {
		const char *k, *v;

		snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%ld", i);
		k = getenv(name);
		if (!k)
			die("missing config key %s", name);
		snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%ld", i);
		v = getenv(name);
		if (!v)
			die("missing config value %s", name);
		ret = fn(k, v, data);
	}
	return ret;
}

int config_for_each_override(config_override_fn fn, void *data)
{
	/* git reads GIT_CONFIG_COUNT first, so git -c wins over it. */
	int ret = config_env_each(fn, data);

	return ret ? ret : config_param_each(fn, data);
}

struct override_lookup {
	const char *key;
	struct strbuf *value;
	int found;
};

static int match_override(const char *key, const char *value, void *data)
{
	struct override_lookup *l = data;

	if (!strcasecmp(key, l->key)) {
		strbuf_reset(l->value);
		strbuf_addstr(l->value, value);
		l->found = 1;
	}
	return 0;
}

/*
 * The configuration of the repository at one path, read once per process
 * as git reads it once per command: a libgit2 snapshot copies every
 * entry, and a command looks up a dozen keys.  Keyed by the repository's
 * path, not its handle, so that a handle freed and another opened at the
 * same address cannot be given the wrong one.  Not for threads.
 */
static git_config *config_snapshot(git_repository *repo)
{
	static char *path;
	static git_config *snapshot;
	const char *want = git_repository_path(repo);

	if (snapshot && want && path && !strcmp(path, want))
		return snapshot;
	git_config_free(snapshot);
	free(path);
	snapshot = NULL;
	path = NULL;
	if (git_repository_config_snapshot(&snapshot, repo))
		return NULL;
	path = want ? xstrdup(want) : NULL;
	return snapshot;
}

char *config_get_string(git_repository *repo, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *ret = NULL;
	struct override_lookup lookup = { key, &sb, 0 };

	config_for_each_override(match_override, &lookup);
	if (lookup.found)
		return strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	if (repo) {
		cfg = config_snapshot(repo);
		if (!cfg)
			return NULL;
	} else if (git_config_open_default(&cfg)) {
		return NULL;
	}
	if (!git_config_get_string_buf(&buf, cfg, key))
		ret = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	if (!repo)
		git_config_free(cfg);
	return ret;
}

int config_get_bool(git_repository *repo, const char *key, int def)
{
	char *value = config_get_string(repo, key);
	int ret;

	if (!value)
		return def;
	if (git_config_parse_bool(&ret, value) < 0)
		die("bad boolean config value '%s' for '%s'", value, key);
	free(value);
	return ret;
}

int config_parse_bool(const char *value)
{
	static const char *const truths[] = { "true", "yes", "on" };
	static const char *const lies[] = { "false", "no", "off", "" };
	char *end;
	long n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(truths); i++)
		if (!strcasecmp(value, truths[i]))
			return 1;
	for (i = 0; i < ARRAY_SIZE(lies); i++)
		if (!strcasecmp(value, lies[i]))
			return 0;
	n = strtol(value, &end, 10);
	if (end == value || *end)
		return -1;
	return n != 0;
}

/* Parses git's "<unix> <+hhmm>" or "@<unix>" date forms. */
static int parse_env_date(const char *s, git_time_t *when, int *offset)
{
	char *end;
	long long t;
	int sign = 1, tz = 0;

	if (*s == '@')
		s++;
	t = strtoll(s, &end, 10);
	if (end == s)
		return -1;
	while (*end == ' ')
		end++;
	if (*end == '+' || *end == '-') {
		sign = *end == '-' ? -1 : 1;
		tz = atoi(end + 1);
	}
	*when = t;
	*offset = sign * ((tz / 100) * 60 + tz % 100);
	return 0;
}

git_signature *repo_committer(git_repository *repo)
{
	char *name = getenv("GIT_COMMITTER_NAME") ? xstrdup(getenv("GIT_COMMITTER_NAME")) :
		config_get_string(repo, "user.name");
	char *email = getenv("GIT_COMMITTER_EMAIL") ? xstrdup(getenv("GIT_COMMITTER_EMAIL")) :
		config_get_string(repo, "user.email");
	const char *date = getenv("GIT_COMMITTER_DATE");
	git_signature *sig = NULL;
	git_time_t when;
	int offset;

	if (!name || !email)
		die("unable to auto-detect the committer identity\n\n"
		    "  git config --global user.email \"you@example.com\"\n"
		    "  git config --global user.name \"Your Name\"");
	if (date && !parse_env_date(date, &when, &offset))
		check(git_signature_new(&sig, name, email, when, offset), "invalid committer identity");
	else
		check(git_signature_now(&sig, name, email), "invalid committer identity");
	free(name);
	free(email);
	return sig;
}

/*
 * git warns when a short name is more than one ref (a tag and a branch
 * "v1"), since which one wins is easy to forget: so do we.  The rules are
 * git's (and libgit2's) dwim order, which takes the first that exists.
 */
static void warn_ambiguous_refname(git_repository *repo, const char *rev)
{
	static const char *const rules[][2] = {
		{ "refs/", "" }, { "refs/tags/", "" }, { "refs/heads/", "" },
		{ "refs/remotes/", "" }, { "refs/remotes/", "/HEAD" },
	};
	struct strbuf name = STRBUF_INIT;
	size_t i;
	int found = 0;

	if (!strncmp(rev, "refs/", 5) || strpbrk(rev, "~^:@{ \\") ||
	    (strlen(rev) == GIT_OID_HEXSZ && hex_is_any_case(rev, GIT_OID_HEXSZ)))
		return;
	for (i = 0; i < sizeof(rules) / sizeof(*rules); i++) {
		git_reference *ref;

		strbuf_reset(&name);
		strbuf_addf(&name, "%s%s%s", rules[i][0], rev, rules[i][1]);
		if (!git_reference_lookup(&ref, repo, name.buf)) {
			found++;
			git_reference_free(ref);
		}
	}
	if (found > 1)
		warning("refname '%s' is ambiguous", rev);
	strbuf_release(&name);
}

int repo_resolve_commit(git_repository *repo, const char *rev, git_oid *out)
{
	git_object *obj = NULL;
	git_object *commit = NULL;
	int ret;

	ret = git_revparse_single(&obj, repo, rev);
	if (ret == GIT_EAMBIGUOUS)
		return error("short object ID %s is ambiguous", rev);
	if (ret < 0 && !strcmp(rev, "HEAD") && git_repository_head_unborn(repo) == 1) {
		struct strbuf branch = STRBUF_INIT;

		if (repo_current_branch(repo, &branch))
			strbuf_addstr(&branch, "HEAD");
		ret = error("your current branch '%s' does not have any commits yet", branch.buf);
		strbuf_release(&branch);
		return ret;
	}
	if (ret < 0)
		return error("bad revision '%s'", rev);
	warn_ambiguous_refname(repo, rev);
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return error("'%s' is not a commit", rev);
	}
	git_oid_cpy(out, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	return 0;
}

/* git's limit on a chain of symbolic refs (SYMREF_MAXDEPTH) */
#define MAX_SYMREF_DEPTH 5

int repo_current_branch(git_repository *repo, struct strbuf *out)
{
	struct strbuf target = STRBUF_INIT;
	git_reference *ref = NULL;
	int depth, ret = -1;

	if (git_reference_lookup(&ref, repo, "HEAD") < 0)
		goto out;
	ret = 1;
	for (depth = 0; ref && git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC; depth++) {
		if (depth == MAX_SYMREF_DEPTH)
			goto out;
		strbuf_reset(&target);
		strbuf_addstr(&target, git_reference_symbolic_target(ref));
		git_reference_free(ref);
		/* a target that does not exist yet is an unborn branch: still the current one */
		if (git_reference_lookup(&ref, repo, target.buf) < 0)
			ref = NULL;
	}
	if (target.len > 11 && !strncmp(target.buf, "refs/heads/", 11)) {
		strbuf_addstr(out, target.buf + 11);
		ret = 0;
	}
out:
	git_reference_free(ref);
	strbuf_release(&target);
	return ret;
}

char *repo_branch_config(git_repository *repo, const char *branch, const char *key)
{
	struct strbuf name = STRBUF_INIT;
	char *value;

	strbuf_addf(&name, "branch.%s.%s", branch, key);
	value = config_get_string(repo, name.buf);
	strbuf_release(&name);
	return value;
}
