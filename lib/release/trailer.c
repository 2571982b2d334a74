/*
 * Trailer blocks found the way git's trailer.c finds them, so that
 * messages we change read back the same through `git interpret-trailers`.
 */
#include "lib/release/trailer.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const git_generated_prefixes[] = {
	"Signed-off-by: ",
	"(cherry picked from commit ",
	NULL
};

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static const char *next_line(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', end - s);

	return nl ? nl + 1 : end;
}

static int is_blank_line(const char *s, const char *end)
{
	while (s < end && *s != '\n' && isspace((unsigned char)*s))
		s++;
	return s == end || *s == '\n';
}

/* The start of the line before offset `len`, or -1 when len is 0. */
static long last_line(const char *buf, size_t len)
{
	long i;

	if (!len)
		return -1;
	/* A final newline belongs to the last line. */
	for (i = (long)len - 2; i >= 0; i--)
		if (buf[i] == '\n')
			return i + 1;
	return 0;
}

/*
 * The length of the token before a ':' separator ("Test-link"), or -1:
 * letters, digits and '-', then optional white space.
 */
static long find_separator(const char *line, const char *end)
{
	const char *c;
	int whitespace = 0;

	for (c = line; c < end && *c != '\n'; c++) {
		if (*c == ':')
			return c - line;
		if (!whitespace && (isalnum((unsigned char)*c) || *c == '-'))
			continue;
		if (c != line && (*c == ' ' || *c == '\t')) {
			whitespace = 1;
			continue;
		}
		break;
	}
	return -1;
}

/* Where the log message proper ends: before a patch, scissors, trailing comments. */
static size_t end_of_message(const char *buf, size_t len, char comment)
{
	const char *s, *end = buf + len;
	size_t cutoff, bol, boc = 0;
	struct strbuf scissors = STRBUF_INIT;

	for (s = buf; s < end; s = next_line(s, end)) {
		if (starts_with(s, "---") && s + 3 < end && isspace((unsigned char)s[3])) {
			len = s - buf;
			break;
		}
	}
	end = buf + len;
	cutoff = len;
	strbuf_addf(&scissors, "%c ------------------------ >8 ------------------------\n", comment);
	for (s = buf; s < end; s = next_line(s, end)) {
		if ((size_t)(end - s) >= scissors.len && !memcmp(s, scissors.buf, scissors.len)) {
			cutoff = s - buf;
			break;
		}
	}
	strbuf_release(&scissors);

	/*
	 * The run of comment and blank lines that ends the message.  As in
	 * git, a run that starts on the very first line does not count.
	 */
	for (bol = 0; bol < cutoff; bol = next_line(buf + bol, end) - buf) {
		if (buf[bol] == comment || buf[bol] == '\n') {
			if (!boc)
				boc = bol;
		} else {
			boc = 0;
		}
	}
	return boc ? boc : cutoff;
}

/* The start of the trailer block in buf[0..len), or len when there is none. */
static size_t trailer_block_start(const char *buf, size_t len, char comment)
{
	const char *s, *end = buf + len;
	long end_of_title, l;
	int only_spaces = 1, recognized = 0;
	int trailer_lines = 0, non_trailer_lines = 0, continuation_lines = 0;

	/* The first paragraph is the title and never holds trailers. */
	for (s = buf; s < end; s = next_line(s, end)) {
		if (*s == comment)
			continue;
		if (is_blank_line(s, end))
			break;
	}
	end_of_title = s - buf;

	for (l = last_line(buf, len); l >= end_of_title; l = last_line(buf, (size_t)l)) {
		const char *bol = buf + l;
		const char *const *p;

		if (*bol == comment) {
			non_trailer_lines += continuation_lines;
			continuation_lines = 0;
			continue;
		}
		if (is_blank_line(bol, end)) {
			if (only_spaces)
				continue;
			non_trailer_lines += continuation_lines;
			if ((recognized && trailer_lines * 3 >= non_trailer_lines) ||
			    (trailer_lines && !non_trailer_lines))
				return next_line(bol, end) - buf;
			return len;
		}
		only_spaces = 0;
		for (p = git_generated_prefixes; *p; p++)
			if (starts_with(bol, *p))
				break;
		if (*p) {
			trailer_lines++;
			continuation_lines = 0;
			recognized = 1;
		} else if (find_separator(bol, end) >= 1 && !isspace((unsigned char)*bol)) {
			trailer_lines++;
			continuation_lines = 0;
		} else if (isspace((unsigned char)*bol)) {
			continuation_lines++;
		} else {
			non_trailer_lines += 1 + continuation_lines;
			continuation_lines = 0;
		}
	}
	return len;
}

/* Whether buf[0..len), trimmed, is `s`; case-insensitively with `icase`. */
static int trimmed_equal(const char *buf, size_t len, const char *s, int icase)
{
	while (len && isspace((unsigned char)*buf)) {
		buf++;
		len--;
	}
	while (len && isspace((unsigned char)buf[len - 1]))
		len--;
	if (len != strlen(s))
		return 0;
	return icase ? !strncasecmp(buf, s, len) : !memcmp(buf, s, len);
}

/* Whether the block buf[start..end) has a `key: value` trailer. */
static int has_trailer(const char *buf, size_t start, size_t end, const char *key,
		       const char *value)
{
	const char *s, *stop = buf + end;

	for (s = buf + start; s < stop; s = next_line(s, stop)) {
		long sep = find_separator(s, stop);
		const char *value_start = s + sep + 1, *eol = next_line(s, stop);

		if (sep < 1 || isspace((unsigned char)*s))
			continue;
		if (trimmed_equal(s, (size_t)sep, key, 1) &&
		    trimmed_equal(value_start, eol - value_start, value, 0))
			return 1;
	}
	return 0;
}

static int ends_with_blank_line(const struct strbuf *sb)
{
	long l = last_line(sb->buf, sb->len);

	return l >= 0 && is_blank_line(sb->buf + l, sb->buf + sb->len);
}

size_t trailer_add(struct strbuf *msg, const char *key, const char *const *values, size_t nr,
		   char comment)
{
	struct strbuf add = STRBUF_INIT, out = STRBUF_INIT;
	size_t end = end_of_message(msg->buf, msg->len, comment);
	size_t start = trailer_block_start(msg->buf, end, comment);
	size_t i, j, added = 0;

	for (i = 0; i < nr; i++) {
		int seen = start < end && has_trailer(msg->buf, start, end, key, values[i]);

		for (j = 0; j < i && !seen; j++)
			seen = !strcmp(values[i], values[j]);
		if (seen)
			continue;
		strbuf_addf(&add, "%s: %s\n", key, values[i]);
		added++;
	}
	if (!added)
		goto out;

	strbuf_add(&out, msg->buf, end);
	if (out.len && out.buf[out.len - 1] != '\n')
		strbuf_addch(&out, '\n');
	/* A new block needs a blank line before it, unless there is one. */
	if (start == end && !ends_with_blank_line(&out))
		strbuf_addch(&out, '\n');
	strbuf_addbuf(&out, &add);
	strbuf_add(&out, msg->buf + end, msg->len - end);
	strbuf_reset(msg);
	strbuf_addbuf(msg, &out);
out:
	strbuf_release(&add);
	strbuf_release(&out);
	return added;
}
