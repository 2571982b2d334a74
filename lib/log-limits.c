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
	record_filter_read_or_usage(&l->filter, usage, options);
	read_statuses(l, usage, options);
}

void log_limits_release(struct log_limits *l)
{
	size_t i;

	for (i = 0; i < l->author_nr; i++)
		regfree(&l->author_re[i]);
	free(l->author_re);
	record_filter_release(&l->filter);
	string_list_clear(&l->authors);
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
	return record_filter_active(&l->filter);
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
