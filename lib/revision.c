#include "lib/revision.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <string.h>

int revision_is_range(const char *arg)
{
	return *arg == '^' || revision_is_dotted(arg);
}

int revision_is_dotted(const char *arg)
{
	return strstr(arg, "..") != NULL;
}

/* Splits "a..b", and "a...b" (setting *symmetric) when `symmetric` is not NULL. */
static int split_range(const char *arg, struct strbuf *from, struct strbuf *to, int *symmetric)
{
	const char *dots = strstr(arg, ".."), *end;

	if (!dots)
		return error("bad revision range '%s'", arg);
	end = dots + 2;
	if (*end == '.') {
		if (!symmetric)
			return error("symmetric ranges ('%s') are not supported; use 'a..b'", arg);
		end++;
	}
	if (dots == arg && !*end)
		return error("bad revision range '%s'", arg);
	if (symmetric)
		*symmetric = end - dots == 3;
	if (dots > arg)
		strbuf_add(from, arg, (size_t)(dots - arg));
	else
		strbuf_addstr(from, "HEAD");
	strbuf_addstr(to, *end ? end : "HEAD");
	return 0;
}

int revision_range_split(const char *arg, struct strbuf *from, struct strbuf *to)
{
	return split_range(arg, from, to, NULL);
}

int revision_range_split_symmetric(const char *arg, struct strbuf *from, struct strbuf *to,
				   int *symmetric)
{
	return split_range(arg, from, to, symmetric);
}

/* Resolves the ends of "a..b", and of "a...b" when `symmetric` is not NULL. */
static int resolve_range(git_repository *repo, const char *arg, git_oid *from, git_oid *to,
			 int *symmetric)
{
	struct strbuf from_name = STRBUF_INIT, to_name = STRBUF_INIT;
	int ret = -1;

	if (split_range(arg, &from_name, &to_name, symmetric) ||
	    repo_resolve_commit(repo, from_name.buf, from) < 0 ||
	    repo_resolve_commit(repo, to_name.buf, to) < 0)
		goto out;
	ret = 0;
out:
	strbuf_release(&from_name);
	strbuf_release(&to_name);
	return ret;
}

int revision_range(git_repository *repo, const char *arg, git_oid *from, git_oid *to)
{
	return resolve_range(repo, arg, from, to, NULL);
}

int revision_diff_range(git_repository *repo, const char *arg, git_oid *from, git_oid *to)
{
	int symmetric;
	git_oid a;

	if (resolve_range(repo, arg, &a, to, &symmetric))
		return -1;
	if (!symmetric)
		git_oid_cpy(from, &a);
	else if (git_merge_base(from, repo, &a, to) < 0)
		return error("%s: no merge base", arg);
	return 0;
}

int revision_read(git_repository *repo, const char *arg, revision_add_fn add, void *data)
{
	git_oid oid, from;
	int hide = 0;

	if (revision_is_dotted(arg)) {
		if (revision_range(repo, arg, &from, &oid))
			return -1;
		add(data, &from, 1);
		add(data, &oid, 0);
		return 0;
	}
	if (*arg == '^') {
		hide = 1;
		arg++;
	}
	if (repo_resolve_commit(repo, arg, &oid) < 0)
		return -1;
	add(data, &oid, hide);
	return 0;
}

static void add_to_revwalk(void *data, const git_oid *commit, int hide)
{
	git_revwalk *walk = data;

	check(hide ? git_revwalk_hide(walk, commit) : git_revwalk_push(walk, commit), "cannot walk");
}

int revision_push(git_repository *repo, git_revwalk *walk, const char *arg)
{
	return revision_read(repo, arg, add_to_revwalk, walk);
}

void oid_list_release(struct oid_list *list)
{
	free(list->oids);
	list->oids = NULL;
	list->nr = list->alloc = 0;
}

static void append_commit(struct oid_list *list, const git_oid *oid)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		if (!git_oid_cmp(&list->oids[i], oid))
			return;
	ALLOC_GROW(list->oids, list->nr + 1, list->alloc);
	git_oid_cpy(&list->oids[list->nr++], oid);
}

static int walk_range(git_repository *repo, const char *arg, struct oid_list *out)
{
	git_revwalk *walk = NULL;
	git_oid from, to, oid;
	int got;

	if (revision_range(repo, arg, &from, &to))
		return -1;
	check(git_revwalk_new(&walk, repo), "cannot walk");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL);
	check(git_revwalk_hide(walk, &from), "cannot walk");
	check(git_revwalk_push(walk, &to), "cannot walk");
	while (!(got = git_revwalk_next(&oid, walk)))
		append_commit(out, &oid);
	if (got != GIT_ITEROVER)
		check(got, "cannot walk history");
	git_revwalk_free(walk);
	return 0;
}

int revision_collect(git_repository *repo, int argc, const char **argv,
			 struct oid_list *out)
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

		if (revision_is_dotted(argv[i])) {
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
