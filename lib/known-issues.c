#include "lib/known-issues.h"
#include "lib/odb/object-read.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Splits the next field off `*p` (up to `end`) into `out`; 0 when there is none. */
static int next_field(const char **p, const char *end, struct strbuf *out)
{
	const char *s = *p, *e;

	while (s < end && is_blank(*s))
		s++;
	if (s == end)
		return 0;
	for (e = s; e < end && !is_blank(*e); e++)
		;
	strbuf_reset(out);
	strbuf_add(out, s, e - s);
	*p = e;
	return 1;
}

/* Whether a field is an environment filter: key=value, with a key as records have them. */
static const char *env_filter_eq(const char *field)
{
	const char *eq = strchr(field, '=');
	const char *c;

	if (!eq || eq == field || *field < 'a' || *field > 'z')
		return NULL;
	for (c = field; c < eq; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '.' || *c == '-'))
			return NULL;
	return eq;
}

static void release_entry(struct known_issue *k)
{
	size_t i;

	free(k->pattern);
	for (i = 0; i < k->env_nr; i++) {
		free(k->env[i].key);
		free(k->env[i].pattern);
	}
	free(k->env);
	free(k->link);
	free(k->reason);
}

static int parse_line(struct known_issue *k, const char *p, const char *end, struct strbuf *field)
{
	const char *eq;

	if (!next_field(&p, end, field))
		return -1;
	k->pattern = strbuf_detach(field, NULL);
	while (next_field(&p, end, field) && (eq = env_filter_eq(field->buf))) {
		ALLOC_GROW(k->env, k->env_nr + 1, k->env_alloc);
		k->env[k->env_nr].key = xstrndup(field->buf, eq - field->buf);
		k->env[k->env_nr].pattern = xstrdup(eq + 1);
		k->env_nr++;
		strbuf_reset(field);
	}
	if (!field->len)
		return -1;
	k->link = strbuf_detach(field, NULL);
	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	if (p < end)
		k->reason = xstrndup(p, end - p);
	return 0;
}

void known_issues_parse(struct known_issues *ki, const char *path, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	struct strbuf field = STRBUF_INIT;
	unsigned lineno = 0;

	if (!ki->path)
		ki->path = xstrdup(path);
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p), *s = p;
		struct known_issue k;

		if (!eol)
			eol = end;
		p = eol < end ? eol + 1 : end;
		lineno++;
		if (eol > s && eol[-1] == '\r')
			eol--;
		while (s < eol && is_blank(*s))
			s++;
		if (s == eol || *s == '#')
			continue;
		memset(&k, 0, sizeof(k));
		k.line = lineno;
		if (parse_line(&k, s, eol, &field)) {
			warning("%s:%u: ignoring a line that is not '<test-pattern> [<key>=<value>...] <link> [<reason>]'",
				path, lineno);
			release_entry(&k);
			continue;
		}
		ALLOC_GROW(ki->items, ki->nr + 1, ki->alloc);
		ki->items[ki->nr++] = k;
	}
	strbuf_release(&field);
}

int known_issues_load(struct known_issues *ki, git_repository *repo, const git_oid *commit)
{
	char *path = config_get_string(repo, "results.knownIssues");
	const char *name = path && *path ? path : KNOWN_ISSUES_DEFAULT_PATH;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	struct object_reader objects;
	char *read_error = NULL;
	int ret = 1;

	if (git_commit_lookup(&c, repo, commit) || git_commit_tree(&tree, c)) {
		ret = error("cannot read the tree of %s: %s", git_oid_tostr_s(commit),
			    repo_error_text());
		goto out;
	}
	if (git_tree_entry_bypath(&entry, tree, name))
		goto out;	/* no such file: no known issues */
	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
		ret = error("'%s' in the tree of %s is not a file", name, git_oid_tostr_s(commit));
		goto out;
	}
	/* through the object reader: a partial clone fetches the blob it left out, as git would */
	object_reader_open(&objects, repo);
	if (object_read(&objects, git_tree_entry_id(entry), GIT_OBJECT_BLOB, &read_error)) {
		ret = error("cannot read '%s' in the tree of %s: %s", name,
			    git_oid_tostr_s(commit), read_error);
	} else {
		known_issues_parse(ki, name, objects.data.buf, objects.data.len);
		ret = 0;
	}
	object_reader_release(&objects);
	free(read_error);
out:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(c);
	free(path);
	return ret;
}

static int env_list_matches(const struct known_issue *k, const struct record_env *env,
			    size_t env_nr)
{
	size_t i, j;

	for (i = 0; i < k->env_nr; i++) {
		for (j = 0; j < env_nr; j++)
			if (!strcmp(env[j].key, k->env[i].key))
				break;
		if (j == env_nr || fnmatch(k->env[i].pattern, env[j].value, 0))
			return 0;
	}
	return 1;
}

static int env_matches(const struct known_issue *k, const struct result_group *g)
{
	return env_list_matches(k, g->record->env, g->record->env_nr);
}

const struct known_issue *known_issues_match_env(const struct known_issues *ki,
						 const struct record_env *env, size_t env_nr,
						 const char *path)
{
	size_t i;

	for (i = 0; ki && i < ki->nr; i++)
		if (!fnmatch(ki->items[i].pattern, path, 0) &&
		    env_list_matches(&ki->items[i], env, env_nr))
			return &ki->items[i];
	return NULL;
}

const struct known_issue *known_issues_match(const struct known_issues *ki,
					     const struct result_group *g, const char *path)
{
	return known_issues_match_env(ki, g->record->env, g->record->env_nr, path);
}

void known_issues_tally(struct known_issues *ki, const struct result_groups *groups)
{
	size_t i, j, k;

	for (k = 0; k < ki->nr; k++) {
		struct known_issue *e = &ki->items[k];

		e->failing = e->completed = 0;
		for (i = 0; i < groups->nr; i++) {
			const struct result_group *g = &groups->items[i];

			if (!env_matches(e, g))
				continue;
			for (j = 0; j < g->tests_nr; j++) {
				if (fnmatch(e->pattern, g->tests[j].path, 0))
					continue;
				if (status_is_failing(g->tests[j].status))
					e->failing++;
				else if (status_is_completed(g->tests[j].status))
					e->completed++;
			}
		}
	}
}

void known_issue_describe(struct strbuf *out, const struct known_issue *k)
{
	size_t i;

	strbuf_addf(out, "    %s", k->pattern);
	for (i = 0; i < k->env_nr; i++)
		strbuf_addf(out, " %s=%s", k->env[i].key, k->env[i].pattern);
	strbuf_addf(out, "  %s", k->link);
	if (k->reason)
		strbuf_addf(out, "  # %s", k->reason);
	strbuf_addf(out, "  (line %u)\n", k->line);
}

void known_issues_release(struct known_issues *ki)
{
	size_t i;

	for (i = 0; i < ki->nr; i++)
		release_entry(&ki->items[i]);
	free(ki->items);
	free(ki->path);
	memset(ki, 0, sizeof(*ki));
}
