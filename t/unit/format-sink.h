#ifndef FORMAT_SINK_H
#define FORMAT_SINK_H

/*
 * Helpers for the unit tests of input formats: run a format's parser on
 * a string or a file and keep what it reports, to look results up: the
 * tests and, for formats that give them, the run headers.
 */

#include "lib/metric.h"
#include "t/unit/unit.h"
#include "formats/format.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define CORPORA "../shared/corpora"

struct result {
	char *path;
	enum result_status status;
	char *reason;
	char *metric;		/* its measurement as a record has it ("12.5 MB/s"), or NULL */
	size_t run;		/* how many run headers came before it */
};

struct results {
	struct result *v;
	size_t nr, alloc;
	struct record *runs;	/* copies of the run headers */
	size_t runs_nr, runs_alloc;
	int stop_after;		/* >0: the sink returns 7 after that many */
	int ret;
	struct strbuf err;
};

static inline int collect(struct result_sink *sink, const char *path,
		   enum result_status status, const char *reason)
{
	struct results *r = sink->data;

	ALLOC_GROW(r->v, r->nr + 1, r->alloc);
	r->v[r->nr].path = xstrdup(path);
	r->v[r->nr].status = status;
	r->v[r->nr].reason = reason ? xstrdup(reason) : NULL;
	r->v[r->nr].metric = NULL;
	r->v[r->nr].run = r->runs_nr;
	r->nr++;
	if (r->stop_after && r->nr >= (size_t)r->stop_after)
		return 7;
	return 0;
}

static inline int collect_metric(struct result_sink *sink, const char *path,
				 enum result_status status, const char *reason,
				 const struct record_metric *metric)
{
	struct results *r = sink->data;
	struct strbuf sb = STRBUF_INIT;
	size_t nr = r->nr;
	int ret = collect(sink, path, status, reason);

	metric_write(&sb, metric);
	r->v[nr].metric = xstrdup(sb.buf + 3);	/* after " = " */
	strbuf_release(&sb);
	return ret;
}

/* Keeps a copy of each run header. */
static inline int collect_run(struct result_sink *sink, const struct record *header)
{
	struct results *r = sink->data;
	struct record *copy;
	size_t i;

	ALLOC_GROW(r->runs, r->runs_nr + 1, r->runs_alloc);
	copy = &r->runs[r->runs_nr++];
	record_init(copy);
	memcpy(copy->commit, header->commit, sizeof(copy->commit));
	if (header->origin)
		record_set_origin(copy, header->origin);
	if (header->run)
		record_set_run(copy, header->run);
	if (header->date)
		record_set_date(copy, header->date);
	for (i = 0; i < header->env_nr; i++)
		record_set_env(copy, header->env[i].key, header->env[i].value);
	for (i = 0; i < header->links_nr; i++)
		record_add_link(copy, header->links[i]);
	return 0;
}

static inline void results_release(struct results *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->v[i].path);
		free(r->v[i].reason);
		free(r->v[i].metric);
	}
	free(r->v);
	for (i = 0; i < r->runs_nr; i++)
		record_release(&r->runs[i]);
	free(r->runs);
	strbuf_release(&r->err);
	memset(r, 0, sizeof(*r));
}

/* `r` may carry stop_after; everything else is reset. */
static inline void parse_fd(const struct format *fmt, int fd, struct results *r)
{
	struct line_reader lr;
	struct result_sink sink = { collect, collect_run, r, collect_metric };
	int stop_after = r->stop_after;

	memset(r, 0, sizeof(*r));
	r->stop_after = stop_after;
	strbuf_init(&r->err, 0);
	line_reader_init(&lr, fd);
	r->ret = fmt->parse(&lr, &sink, &r->err);
	line_reader_release(&lr);
}

/*
 * Returns -1 when `path` cannot be opened, with r->ret -2 so that a
 * check of what the parser returned fails.
 */
static inline int parse_file(const struct format *fmt, const char *path, struct results *r)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("# cannot open %s: %s\n", path, strerror(errno));
		memset(r, 0, sizeof(*r));
		strbuf_init(&r->err, 0);
		r->ret = -2;
		return -1;
	}
	parse_fd(fmt, fd, r);
	close(fd);
	return 0;
}

static inline void parse_buf(const struct format *fmt, const char *buf, size_t len, struct results *r)
{
	FILE *f = tmpfile();

	if (!f || fwrite(buf, 1, len, f) != len || fflush(f) || fseek(f, 0, SEEK_SET))
		die_errno("cannot write a temporary file");
	parse_fd(fmt, fileno(f), r);
	fclose(f);
}

static inline void parse_str(const struct format *fmt, const char *s, struct results *r)
{
	parse_buf(fmt, s, strlen(s), r);
}

static inline const struct result *find(const struct results *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->v[i].path, path))
			return &r->v[i];
	return NULL;
}

static inline size_t count_status(const struct results *r, enum result_status status)
{
	size_t i, n = 0;

	for (i = 0; i < r->nr; i++)
		n += r->v[i].status == status;
	return n;
}

/* Checks that `path` was reported once, with that status and reason. */
static inline void check_result(const struct results *r, const char *path,
			 enum result_status status, const char *reason)
{
	const struct result *res = find(r, path);

	if (!CHECK(res)) {
		printf("#   no result for %s\n", path);
		return;
	}
	if (!CHECK_STR(status_name(res->status), status_name(status)))
		printf("#   for %s\n", path);
	if (!CHECK_STR(res->reason, reason))
		printf("#   for %s\n", path);
}

/* Checks that `path` was reported with that measurement ("12.5 MB/s"; NULL: none). */
static inline void check_metric(const struct results *r, const char *path, const char *metric)
{
	const struct result *res = find(r, path);

	if (!CHECK(res)) {
		printf("#   no result for %s\n", path);
		return;
	}
	if (!CHECK_STR(res->metric, metric))
		printf("#   for %s\n", path);
}

/* Checks that `path` was reported with `status` (and `reason`, unless NULL). */
static inline void check_status(const struct results *r, const char *path,
				enum result_status status, const char *reason)
{
	const struct result *got = find(r, path);

	if (!unit_check(got != NULL, __FILE__, __LINE__, path)) {
		printf("#   no result for '%s'\n", path);
		return;
	}
	if (!unit_check(got->status == status, __FILE__, __LINE__, path))
		printf("#   '%s' is %s, want %s\n", path, status_name(got->status), status_name(status));
	if (reason)
		CHECK_STR(got->reason ? got->reason : "(null)", reason);
}

#endif
