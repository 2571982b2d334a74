/*
 * Unit tests for lib/line-reader: lines split as a simple reference
 * splits them, and the marks of each line as its bytes say, whatever
 * the sizes of the reads (a pipe written in random pieces, a file);
 * by each way of indexing the bytes: the test runs itself again with
 * GIT_TEST_LINE_INDEX=portable, sse2 and avx2.
 */
#include "t/unit/unit.h"
#include "lib/line-reader.h"
#include "lib/strbuf.h"
#include "lib/usage.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* The test marker: ':' and the pair "ab" (whose mark depends on the byte after) */
static int marked_at(const char *p, size_t i, size_t n)
{
	return p[i] == ':' || (p[i] == 'a' && i + 1 < n && p[i + 1] == 'b');
}

static void mark_test(const char *buf, size_t n, uint64_t *bits)
{
	size_t i;

	for (i = 0; i < (n + 63) / 64; i++)
		bits[i] = 0;
	for (i = 0; i < n; i++)
		if (marked_at(buf, i, n))
			bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static unsigned long rnd_state = 19;

static unsigned long rnd(unsigned long n)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (rnd_state >> 33) % n;
}

/* Lines of the bytes that matter, "\n", "\r\n" and "\r" ends, a few longer than the buffer */
static void make_input(struct strbuf *in, int with_cr)
{
	static const char alphabet[] = "ab:x \033\t";
	int i;

	for (i = 0; i < 6000; i++) {
		size_t len = rnd(20) ? rnd(200) : rnd(20) ? rnd(2000) : 70000 + rnd(70000), j;

		for (j = 0; j < len; j++)
			strbuf_addch(in, rnd(500) ? alphabet[rnd(sizeof(alphabet) - 1)] : '\0');
		switch (with_cr ? rnd(4) : 0) {
		case 0:
		case 1:
			strbuf_addch(in, '\n');
			break;
		case 2:
			strbuf_addstr(in, "\r\n");
			break;
		case 3:
			strbuf_addch(in, '\r');
			break;
		}
	}
	/* the last line without an end */
	strbuf_addstr(in, "ab:a");
}

/* Reads `in` from fd and checks each line, its flags and its marks. */
static void check_lines(int fd, const struct strbuf *in, const char *what)
{
	struct line_reader lr;
	const char *p = in->buf, *end = in->buf + in->len, *peeked;
	size_t len, lines = 0, bad_lines = 0, bad_marks = 0, bad_flags = 0;
	char *line;

	line_reader_init(&lr, fd);
	/* as format detection does before a reader sets its marker */
	line_reader_peek(&lr, 1000, &peeked);
	line_reader_set_marker(&lr, mark_test);
	while ((line = line_reader_next(&lr, &len))) {
		struct line_marks m = line_reader_marks(&lr, line);
		const char *eol = p;
		size_t i;

		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		if (len != (size_t)(eol - p) || memcmp(line, p, len))
			bad_lines++;
		for (i = 0; i < len && len == (size_t)(eol - p); i++)
			if (!!(m.bits[(m.first + i) / 64] & (uint64_t)1 << ((m.first + i) % 64)) !=
			    marked_at(line, i, len)) {
				if (!bad_marks)
					printf("# line %zu (%zu bytes, at %zu): byte %zu '%c' of the line\n",
					       lines, len, (size_t)(p - in->buf), i, line[i]);
				bad_marks++;
			}
		if ((memchr(line, '\0', len) && !lr.nul_any) || (memchr(line, '\033', len) && !lr.esc_any))
			bad_flags++;
		p = eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n' ? eol + 2 : eol + 1;
		lines++;
		if (bad_lines)
			break;
	}
	printf("# %s: %zu lines\n", what, lines);
	CHECK_INT(bad_lines, 0);
	CHECK_INT(bad_marks, 0);
	CHECK_INT(bad_flags, 0);
	CHECK(p >= end);
	CHECK_INT(lr.error, 0);
	line_reader_release(&lr);
}

static void through_pipe(const struct strbuf *in, const char *what)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		die_errno("pipe");
	pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (!pid) {
		size_t off = 0;

		close(fds[0]);
		while (off < in->len) {
			size_t n = 1 + rnd(rnd(2) ? 100 : 100000);
			ssize_t w;

			if (n > in->len - off)
				n = in->len - off;
			w = write(fds[1], in->buf + off, n);
			if (w <= 0)
				_exit(1);
			off += w;
		}
		_exit(0);
	}
	close(fds[1]);
	check_lines(fds[0], in, what);
	close(fds[0]);
	waitpid(pid, NULL, 0);
}

static void through_file(const struct strbuf *in, const char *what)
{
	char path[] = "/tmp/test-line-reader.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		die_errno("mkstemp");
	unlink(path);
	if (write(fd, in->buf, in->len) != (ssize_t)in->len || lseek(fd, 0, SEEK_SET))
		die_errno("cannot write '%s'", path);
	check_lines(fd, in, what);
	close(fd);
}

/* This test again with GIT_TEST_LINE_INDEX=<index>: whether it passed. */
static int run_with(const char *self, const char *index)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (!pid) {
		/* its checks are its own: only whether it passed counts here */
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		setenv("GIT_TEST_LINE_INDEX", index, 1);
		execl(self, self, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		die_errno("waitpid");
	return WIFEXITED(status) && !WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	struct strbuf in = STRBUF_INIT;

	make_input(&in, 0);
	through_file(&in, "LF ends, a file");
	through_pipe(&in, "LF ends, a pipe");
	strbuf_reset(&in);
	make_input(&in, 1);
	through_file(&in, "all ends, a file");
	through_pipe(&in, "all ends, a pipe");
	strbuf_release(&in);
	if (!getenv("GIT_TEST_LINE_INDEX")) {
		CHECK(run_with(argv[0], "portable"));
		CHECK(run_with(argv[0], "sse2"));
		CHECK(run_with(argv[0], "avx2"));
	}
	return unit_done();
}
