#ifndef FORMAT_SINK_H
#define FORMAT_SINK_H

/*
 * Helpers for the unit tests of input formats: run a format's parser on
 * a string or a file and keep what it reports, to look results up.
 */

#include "unit.h"
#include "../../formats/format.h"
#include "../../lib/usage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define CORPORA "../shared/corpora"

struct result {
	char *path;
	enum result_status status;
	char *reason;
};

struct results {
	struct result *v;
	size_t nr, alloc;
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
	r->nr++;
	if (r->stop_after && r->nr >= (size_t)r->stop_after)
		return 7;
	return 0;
}

static inline void results_release(struct results *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->v[i].path);
		free(r->v[i].reason);
	}
	free(r->v);
	strbuf_release(&r->err);
	memset(r, 0, sizeof(*r));
}

/* `r` may carry stop_after; everything else is reset. */
static inline void parse_fd(const struct format *fmt, int fd, struct results *r)
{
	struct line_reader lr;
	struct result_sink sink = { collect, NULL, r };
	int stop_after = r->stop_after;

	memset(r, 0, sizeof(*r));
	r->stop_after = stop_after;
	strbuf_init(&r->err, 0);
	line_reader_init(&lr, fd);
	r->ret = fmt->parse(&lr, &sink, &r->err);
	line_reader_release(&lr);
}

static inline int parse_file(const struct format *fmt, const char *path, struct results *r)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("# cannot open %s: %s\n", path, strerror(errno));
		memset(r, 0, sizeof(*r));
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

#endif
