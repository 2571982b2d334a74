#include "lib/log-limits.h"
#include "lib/approxidate.h"
#include "lib/odb/commit-walk.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int log_limits_take_count(int argc, const char **argv, struct log_limits *l)
{
	int i, nr = 1;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *p = arg + 1;

		if (!strcmp(arg, "--")) {
			while (i < argc)
				argv[nr++] = argv[i++];
			break;
		}
		/* the value of -n or --max-count, whatever it is */
		if ((!strcmp(arg, "-n") || !strcmp(arg, "--max-count")) && i + 1 < argc) {
			argv[nr++] = arg;
			argv[nr++] = argv[++i];
			continue;
		}
		if (arg[0] == '-' && *p >= '0' && *p <= '9') {
			while (*p >= '0' && *p <= '9')
				p++;
			if (!*p) {
				l->max_count = atoi(arg + 1);
				continue;
			}
		}
		argv[nr++] = arg;
	}
	argv[nr] = NULL;
	return nr;
}

static long long read_date(const char *what, const char *value, long long now,
			   const char *const *usage, const struct option *options)
{
	long long t;

	if (approxidate_parse(value, now, &t))
		usage_msg_opt(usage, options, "invalid date '%s' for --%s", value, what);
	return t;
}

static void read_envs(struct log_limits *l, const char *const *usage, const struct option *options)
{
	size_t i, j;

	if (l->envs.nr > RECORD_LINE_FILTER_MAX_ENV)
		usage_msg_opt(usage, options, "at most %d --env options", RECORD_LINE_FILTER_MAX_ENV);
	l->env = xcalloc(l->envs.nr ? l->envs.nr : 1, sizeof(*l->env));
	for (i = 0; i < l->envs.nr; i++) {
		const char *arg = l->envs.items[i], *eq = strchr(arg, '=');
		struct strbuf err = STRBUF_INIT;
		struct record_env *e = &l->env[l->filter.env_nr];

		if (!eq || eq == arg)
			usage_msg_opt(usage, options, "--env expects <key>=<value>, not '%s'", arg);
		e->key = xstrndup(arg, (size_t)(eq - arg));
		e->value = xstrdup(eq + 1);
		if (record_check_env_key(e->key, &err))
			usage_msg_opt(usage, options, "%s", err.buf);
		for (j = 0; j < l->filter.env_nr; j++)
			if (!strcmp(l->env[j].key, e->key))
				break;
		if (j < l->filter.env_nr) {
			/* the same pair twice is once; two values of one key match nothing */
			if (strcmp(l->env[j].value, e->value))
				usage_msg_opt(usage, options, "--env %s given twice, with different values",
					      e->key);
			free(e->key);
			free(e->value);
			strbuf_release(&err);
			continue;
		}
		l->filter.env_nr++;
		strbuf_release(&err);
	}
	l->filter.env = l->env;
}

static void read_statuses(struct log_limits *l, const char *const *usage,
			  const struct option *options)
{
	size_t i;

	for (i = 0; i < l->statuses.nr; i++) {
		const char *p = l->statuses.items[i];

		for (;;) {
			size_t n = strcspn(p, ",");
			enum result_status st;

			if (status_parse(p, n, &st))
				usage_msg_opt(usage, options,
					      "invalid status '%.*s' for --status: use FAIL, ERROR, MISS, "
					      "PASS, DONE or SKIP", (int)n, p);
			l->status_mask |= 1u << st;
			if (!p[n])
				break;
			p += n + 1;
		}
	}
}

void log_limits_finish(struct log_limits *l, const char *const *usage,
		       const struct option *options)
{
	long long now = (long long)time(NULL);
	size_t i;

	if (l->since)
		l->since_time = read_date("since", l->since, now, usage, options);
	if (l->until)
		l->until_time = read_date("until", l->until, now, usage, options);
	l->author_re = xcalloc(l->authors.nr ? l->authors.nr : 1, sizeof(*l->author_re));
	for (i = 0; i < l->authors.nr; i++) {
		/* git's default: a basic regular expression, as grep takes it */
		int code = regcomp(&l->author_re[i], l->authors.items[i], REG_NOSUB);

		if (code) {
			char msg[256];

			regerror(code, &l->author_re[i], msg, sizeof(msg));
			usage_msg_opt(usage, options, "invalid --author pattern '%s': %s",
				      l->authors.items[i], msg);
		}
		l->author_nr++;
	}
	for (i = 0; i < l->origins.nr; i++) {
		struct strbuf err = STRBUF_INIT;

		if (record_check_origin(l->origins.items[i], &err))
			usage_msg_opt(usage, options, "%s", err.buf);
		strbuf_release(&err);
	}
	l->filter.origins = l->origins.items;
	l->filter.origins_nr = l->origins.nr;
	read_envs(l, usage, options);
	read_statuses(l, usage, options);
}

void log_limits_release(struct log_limits *l)
{
	size_t i;

	for (i = 0; i < l->author_nr; i++)
		regfree(&l->author_re[i]);
	free(l->author_re);
	for (i = 0; i < l->filter.env_nr; i++) {
		free(l->env[i].key);
		free(l->env[i].value);
	}
	free(l->env);
	string_list_clear(&l->authors);
	string_list_clear(&l->origins);
	string_list_clear(&l->envs);
	string_list_clear(&l->statuses);
}

void log_limits_apply(const struct log_limits *l, struct commit_walk *walk)
{
	if (l->first_parent)
		commit_walk_first_parent(walk);
	if (l->since)
		commit_walk_since(walk, l->since_time);
	if (l->until)
		commit_walk_until(walk, l->until_time);
}

struct add_all {
	git_repository *repo;
	void (*add)(void *, const git_oid *, int);
	void *data;
};

static int add_ref(git_reference *ref, void *payload)
{
	struct add_all *a = payload;
	const char *name = git_reference_name(ref);
	git_object *commit = NULL;

	/* the notes are history of results, not of the code */
	if (strncmp(name, "refs/notes/", 11) && strncmp(name, "refs/results-push/", 18) &&
	    !git_reference_peel(&commit, ref, GIT_OBJECT_COMMIT))
		a->add(a->data, git_object_id(commit), 0);
	git_object_free(commit);
	git_reference_free(ref);
	return 0;
}

int log_limits_add_all(git_repository *repo, void (*add)(void *, const git_oid *, int),
		       void *data)
{
	struct add_all a = { repo, add, data };
	git_oid head;

	/* a detached HEAD counts; an unborn one names nothing */
	if (!git_reference_name_to_id(&head, repo, "HEAD"))
		add(data, &head, 0);
	if (git_reference_foreach(repo, add_ref, &a) < 0)
		return error("cannot list the refs: %s", repo_error_text());
	return 0;
}

int log_limits_filter_records(const struct log_limits *l)
{
	return l->filter.origins_nr || l->filter.env_nr;
}

int log_limits_author_matches(const struct log_limits *l, const char *author)
{
	size_t i;

	if (!l->author_nr)
		return 1;
	for (i = 0; i < l->author_nr; i++)
		if (!regexec(&l->author_re[i], author, 0, NULL, 0))
			return 1;
	return 0;
}

int log_limits_status_matches(const struct log_limits *l, enum result_status status)
{
	return !l->status_mask || (l->status_mask & (1u << status));
}
