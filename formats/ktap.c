/*
 * KTAP v1, TAP13/14 and kselftest output, read in one streaming pass.
 *
 * The input is a stack of open tests ("levels").  levels[0] is the
 * document; every deeper level is a test whose children are still being
 * reported.  Structure comes from what the producers print, not from how
 * far they indent (KUnit uses tabs, 4 or 8 spaces):
 *
 *  - a nested "KTAP version 1" opens a child (KUnit), and a "# Subtest:"
 *    right after it names that child; a "# Subtest:" anywhere else opens a
 *    named child (TAP14 puts it at the parent's level);
 *  - a child ends at its parent's result line: the first result after its
 *    plan is met, or the one whose name matches its "# Subtest:" header;
 *  - kselftest wraps each test's own TAP in "# " (and "# # " a level
 *    deeper); that becomes a child document of the runner's next test.
 *
 * Indentation is only a tie-breaker: a line indented less than a child's
 * own lines cannot belong to it, and a plan or result indented deeper
 * without any header is a TAP14 subtest without "# Subtest:".
 *
 * Results go to the sink as soon as their path is known.  A child's path
 * needs its name, which a KTAP child without "# Subtest:" and every
 * kselftest test only give on their result line, after their children;
 * such children's results wait in the unnamed level's `pending` buffer.
 * That buffer holds one test's results at a time and is capped
 * (KTAP_MAX_PENDING), past which the test is named by its number instead.
 */
#include "formats/crash.h"
#include "formats/crash-header.h"
#include "formats/format.h"
#include "formats/printk.h"
#include "lib/usage.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Deeper nesting ends the parse with an error: no real output nests so
 * deep, and reading on would misplace the results inside.
 */
#define KTAP_MAX_DEPTH 64
/* The document and the tests nested in it. */
#define KTAP_MAX_LEVELS (KTAP_MAX_DEPTH + 1)
/*
 * A larger plan ends the parse with an error: no real run plans so many
 * tests, and reading on without the plan would leave out the tests that
 * never reported.
 */
#define KTAP_MAX_PLAN (1L << 20)
/*
 * Longer names and reasons are cut, and say so (" [cut at 1024 bytes]"):
 * a 10 MB line must not become a path.  A cut name keeps its test apart
 * ("_2") from others that share the first KTAP_MAX_NAME bytes.
 */
#define KTAP_MAX_NAME 1024
#define KTAP_MAX_REASON 4096
/*
 * Raw bytes kept of a header's or kselftest's name: enough to cut it at
 * KTAP_MAX_NAME once TAP14's escapes are undone, and to tell it apart
 * from a longer name.
 */
#define KTAP_KEEP_NAME (2 * KTAP_MAX_NAME + 16)
/* Results held back for unnamed tests, in bytes, before naming them by number. */
#define KTAP_MAX_PENDING (16UL << 20)
/* Text before the first version line that is cut where later lines repeat it. */
#define KTAP_MAX_LINE_PREFIX 128
/*
 * Kernel messages held back while a result line cut by one waits for the
 * rest of its name, in lines and bytes, before it is taken as it is.
 */
#define KTAP_MAX_HELD_LINES 256
#define KTAP_MAX_HELD_BYTES (256UL << 10)

enum line_kind {
	LINE_OTHER,
	LINE_VERSION,
	LINE_PLAN,
	LINE_RESULT,
	LINE_BAIL,
	LINE_HEADER,		/* "# Subtest: name" */
	LINE_SELFTEST,		/* kselftest runner's "# selftests: dir: test" */
	LINE_CLOSE_BRACE,	/* end of a tap-parser "ok 1 - name {" block */
};

enum directive {
	DIRECTIVE_NONE,
	DIRECTIVE_UNKNOWN,
	DIRECTIVE_SKIP,
	DIRECTIVE_TODO,
	DIRECTIVE_XFAIL,
	DIRECTIVE_TIMEOUT,
	DIRECTIVE_ERROR,
};

struct tap_line {
	enum line_kind kind;
	int hashes;		/* "# " markers in front of the text */
	int depth;		/* the marker depth the line belongs to */
	int indent;		/* columns of white space before the text */
	int header_indent;	/* columns before the last marker */
	const char *text;	/* after markers and white space */
	size_t len;

	long plan;		/* LINE_PLAN; -1 when out of range */

	int ok;			/* LINE_RESULT */
	long number;		/* -1 when the line has none */
	const char *desc;	/* also the name of LINE_HEADER / LINE_SELFTEST */
	size_t desc_len;
	const char *dir;	/* after '#' and white space; NULL without one */
	size_t dir_len;
	int brace;
};

enum {
	LEVEL_DOC = 1 << 0,		/* the document, or a kselftest "# " document */
	LEVEL_NAMED = 1 << 1,		/* its path component is final */
	LEVEL_INDENT = 1 << 2,		/* indent is that of its own plan/results */
	LEVEL_KTAP = 1 << 3,		/* opened by a nested version line */
	LEVEL_FRESH_VERSION = 1 << 4,	/* ... and nothing since: a header names it */
	LEVEL_FRESH_HEADER = 1 << 5,	/* opened by a header, nothing since */
	LEVEL_BRACE = 1 << 6,		/* "ok 1 - name {": ends at "}" */
	LEVEL_SELFTESTS = 1 << 7,	/* a kselftest runner: "# " lines nest */
	LEVEL_RESTART = 1 << 8,		/* version line in an unfinished document */
	LEVEL_REPLAY = 1 << 9,		/* ... and the same plan: a replay */
	LEVEL_EXCERPT = 1 << 10,	/* a "# " document the input started inside */
	LEVEL_NUMBERED = 1 << 11,	/* named by number: KTAP_MAX_PENDING */
};

/*
 * A level's children's names are kept as 64-bit hashes only: two
 * different names collide with a chance of about n^2 / 2^65 (1e-8 for a
 * million names), which would only add a needless "_2", and the set costs
 * 12 to 24 bytes per child (kept at most two thirds full, so that
 * probing stays short) and stays small enough for the cache.
 */
struct hash_set {
	uint64_t *slots;	/* 0 when free */
	size_t nr, alloc;	/* alloc is 0 or a power of two */
};

/* For a name that repeats, the next "_N" suffix to try. */
struct name_repeat {
	uint64_t hash;
	unsigned long next;
};

struct level {
	unsigned flags;
	int hashes;
	int indent;
	long number;		/* its number in the parent */
	long plan;		/* -1 until a plan line */
	long count;		/* results and closed children so far */
	int in_order;		/* numbers so far were 1..count */
	unsigned char *seen;	/* numbers seen, once they come out of order */
	size_t seen_bits, seen_alloc;
	int has_children;
	enum result_status rollup;
	enum result_status own;	/* LEVEL_BRACE: status given on its "{" line */
	struct strbuf own_reason;
	struct strbuf name;	/* path component(s), relative to the parent */
	int renamed;		/* name is not what the input called it ... */
	struct strbuf original;	/* ... which is this */
	struct strbuf header;	/* raw "# Subtest:" or "# selftests:" name */
	size_t header_len;	/* ... before KTAP_KEEP_NAME cut it */
	struct strbuf next;	/* raw "# selftests:" name of the running child */
	size_t next_len;	/* ... before KTAP_KEEP_NAME cut it */
	/*
	 * The children's path components, to make duplicates unique.  This
	 * costs 12 to 24 bytes per child of each open test: for a flat TAP
	 * stream of N results, N hashes stay until it ends.
	 */
	struct hash_set names;
	struct name_repeat *repeats;
	size_t nr_repeats, alloc_repeats;
	/* Results below this unnamed test: status, has-reason, path, reason. */
	struct strbuf pending;
};

struct ktap {
	struct result_sink *sink;
	struct level *levels;
	int nr;
	int started, done, ret;
	int ktap;		/* "KTAP version" seen: only version lines nest */
	struct strbuf line_prefix;	/* unknown text before the version line */
	struct strbuf clean;		/* a line without its terminal escapes */
	/*
	 * A result line that a kernel message cut ("not ok 3 2GB mre[ 725.9]
	 * ..."), waiting for the rest of its name, and the kernel lines
	 * printed meanwhile, each followed by a NUL.
	 */
	struct strbuf held, held_kernel;
	size_t held_lines;
	long results;		/* result lines read */
	struct strbuf skip_all;	/* "1..0 # SKIP why": why */
	int skip_all_seen;
	int after_result, result_hashes, result_indent;
	int yaml, yaml_hashes, yaml_indent;
	int crashed;
	int too_deep;		/* a test nested deeper than KTAP_MAX_DEPTH */
	unsigned long huge_plan;	/* the line of a plan over KTAP_MAX_PLAN */
	/* the first version line behind more than KTAP_MAX_LINE_PREFIX bytes */
	unsigned long long_prefix;
	const struct line_reader *in;	/* for the line numbers of warnings */
	struct strbuf crash;		/* the line that showed the crash */
	struct crash_detector crashes;
	struct strbuf miss_reason;
	size_t pending_bytes;
	struct strbuf path, comp, rel, reason;
	/* The name comp was made from, when it differs; see set_name(). */
	int comp_renamed;
	struct strbuf comp_original;
	/* What emit() and flush_pending() build when a name changed. */
	struct strbuf original, rel_original, named_reason;
	/* The reason of a test named by number (LEVEL_NUMBERED). */
	struct strbuf numbered_reason;
};

static const char default_miss_reason[] = "no result reported";

static inline int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static int has_prefix_icase(const char *s, size_t len, const char *prefix)
{
	size_t i, n = strlen(prefix);

	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower(s[i]) != prefix[i])
			return 0;
	return 1;
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_blank((*s)[*len - 1]))
		(*len)--;
}

/* "[    0.060000]" (formats/printk.h) or CONFIG_PRINTK_CALLER's "[    T1]" / "[  C0]" */
static const char *skip_bracket(const char *p, const char *end, int caller)
{
	if (!caller)
		return printk_time_end(p, end);
	if (p >= end || *p != '[')
		return NULL;
	p++;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || (*p != 'T' && *p != 'C'))
		return NULL;
	p++;
	if (p >= end || !is_digit(*p))
		return NULL;
	while (p < end && is_digit(*p))
		p++;
	if (p >= end || *p != ']')
		return NULL;
	return p + 1;
}

/* "2024-05-01T12:00:00.1234567Z " (GitHub Actions, Jenkins) or lkp's "2024-05-01 12:00:00 " */
static const char *skip_date_time(const char *p, const char *end)
{
	static const char shape[] = "dddd-dd-dd_dd:dd:dd";
	size_t i;

	if (end - p < (ptrdiff_t)sizeof(shape))
		return NULL;
	for (i = 0; i < sizeof(shape) - 1; i++) {
		char c = shape[i];

		if (c == 'd' ? !is_digit(p[i]) : c == '_' ? p[i] != 'T' && p[i] != ' ' : p[i] != c)
			return NULL;
	}
	p += i;
	if (p < end && (*p == '.' || *p == ','))
		for (p++; p < end && is_digit(*p); p++)
			;
	if (p < end && *p == 'Z') {
		p++;
	} else if (end - p >= 6 && (*p == '+' || *p == '-') && is_digit(p[1]) && p[3] == ':') {
		p += 6;
	}
	return p;
}

/* autotest's "18:56:57 DEBUG| " and the "[stdout] " of a test's output */
static const char *skip_autotest(const char *p, const char *end)
{
	if (end - p < 12 || !is_digit(p[0]) || !is_digit(p[1]) || p[2] != ':' ||
	    !is_digit(p[3]) || !is_digit(p[4]) || p[5] != ':' || !is_digit(p[6]) ||
	    !is_digit(p[7]) || p[8] != ' ')
		return NULL;
	p += 9;
	while (p < end && *p >= 'A' && *p <= 'Z')
		p++;
	if (end - p < 2 || p[0] != '|' || p[1] != ' ')
		return NULL;
	p += 2;
	if (end - p >= 9 && (!memcmp(p, "[stdout] ", 9) || !memcmp(p, "[stderr] ", 9)))
		p += 9;
	return p;
}

/* A terminal escape sequence at `p` (CSI, OSC, or two bytes); NULL if none. */
static const char *skip_escape(const char *p, const char *end)
{
	if (p >= end || *p != '\033')
		return NULL;
	p++;
	if (p < end && *p == '[') {
		for (p++; p < end && *p >= 0x20 && *p <= 0x3f; p++)
			;
		return p < end && *p >= 0x40 && *p <= 0x7e ? p + 1 : end;
	}
	if (p < end && *p == ']') {
		/* an OSC runs to BEL or ESC \ */
		for (p++; p < end; p++) {
			if (*p == '\a')
				return p + 1;
			if (*p == '\033' && p + 1 < end && p[1] == '\\')
				return p + 2;
		}
		return end;
	}
	return p < end ? p + 1 : p;
}

/*
 * Cuts what consoles, labs and CI runners put in front of a line, by
 * pattern, so that a timestamp growing wider does not shift the text and
 * a line without one keeps all of it: a UTF-8 byte-order mark, terminal
 * escapes (GitLab's "\e[0K"), a syslog level "<6>", a printk timestamp
 * "[    0.060000] " and CONFIG_PRINTK_CALLER's "[    T1] ", a runner's
 * date and time.  *kernel is set when a printk timestamp was cut.
 */
static const char *strip_decorations(const char *s, size_t *len, int *kernel)
{
	const char *end = s + *len, *p = s, *q;

	*kernel = 0;
	for (;;) {
		if (p >= end)
			break;
		switch (*p) {
		case '\xef':
			if (end - p >= 3 && p[1] == '\xbb' && p[2] == '\xbf') {
				p += 3;
				continue;
			}
			break;
		case '\033':
			p = skip_escape(p, end);
			continue;
		case '<':
			q = p + 1;
			while (q < end && q - p <= 3 && is_digit(*q))
				q++;
			if (q > p + 1 && q < end && *q == '>') {
				p = q + 1;
				continue;
			}
			break;
		case '[':
			q = skip_bracket(p, end, 0);
			if (q) {
				*kernel = 1;
				p = q;
				q = skip_bracket(p, end, 1);
				if (q)
					p = q;
				if (p < end && *p == ' ')
					p++;
				continue;
			}
			/* Jenkins' timestamper: "[2024-05-01T12:00:00.000Z] " */
			q = skip_date_time(p + 1, end);
			if (q && q < end && *q == ']') {
				p = q + 1;
				if (p < end && *p == ' ')
					p++;
				continue;
			}
			break;
		case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			q = skip_date_time(p, end);
			if (q && (q == end || *q == ' ')) {
				p = q < end ? q + 1 : q;
				continue;
			}
			q = skip_autotest(p, end);
			if (q) {
				p = q;
				continue;
			}
			break;
		}
		break;
	}
	*len = end - p;
	return p;
}

/*
 * Where a printk timestamp starts inside `s` (a kernel message that cut
 * the line), or NULL.
 */
static const char *find_kernel_message(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '[', end - p))) {
		if (p > s && skip_bracket(p, end, 0))
			return p;
		p++;
	}
	return NULL;
}

static const char *skip_number(const char *p, const char *end, long *out)
{
	long n = 0;

	while (p < end && is_digit(*p)) {
		if (n > (LONG_MAX - 9) / 10)
			n = LONG_MAX;
		else
			n = n * 10 + (*p - '0');
		p++;
	}
	*out = n;
	return p;
}

static int parse_version(const char *s, size_t len)
{
	size_t n;

	/* tap-parser and Perl also take "TAP Version 13" */
	if (has_prefix_icase(s, len, "ktap version "))
		n = 13;
	else if (has_prefix_icase(s, len, "tap version "))
		n = 12;
	else
		return 0;
	return len > n && is_digit(s[n]);
}

static int parse_plan(const char *s, size_t len, long *plan)
{
	const char *p = s + 3, *end = s + len;

	if (!has_prefix(s, len, "1..") || p >= end || !is_digit(*p))
		return 0;
	p = skip_number(p, end, plan);
	while (p < end && is_blank(*p))
		p++;
	if (p < end && *p != '#')
		return 0;
	if (*plan > KTAP_MAX_PLAN)
		*plan = -1;
	return 1;
}

static int parse_result(struct tap_line *l)
{
	const char *p = l->text, *end = l->text + l->len, *d;

	if (has_prefix(p, end - p, "not")) {
		p += 3;
		if (p >= end || !is_blank(*p))
			return 0;
		while (p < end && is_blank(*p))
			p++;
		l->ok = 0;
	} else {
		l->ok = 1;
	}
	if (!has_prefix(p, end - p, "ok"))
		return 0;
	p += 2;
	if (p < end && !is_blank(*p))
		return 0;
	while (p < end && is_blank(*p))
		p++;

	l->number = -1;
	if (p < end && is_digit(*p)) {
		p = skip_number(p, end, &l->number);
		while (p < end && is_blank(*p))
			p++;
	}
	/* TAP's "ok 1 - name": the dash is not part of the name */
	if (p < end && *p == '-' && (p + 1 == end || is_blank(p[1]))) {
		p++;
		while (p < end && is_blank(*p))
			p++;
	}

	/*
	 * The directive starts at a '#' after white space; "\#" is escaped,
	 * which the white space rule already says: the '#' follows a '\\'.
	 */
	l->desc = p;
	l->dir = NULL;
	for (d = memchr(p, '#', end - p); d; d = memchr(d + 1, '#', end - d - 1))
		if (d == p || is_blank(d[-1]))
			break;
	if (d) {
		l->dir = d + 1;
		l->dir_len = end - l->dir;
		trim(&l->dir, &l->dir_len);
	} else {
		d = end;
	}
	l->desc_len = d - p;
	trim(&l->desc, &l->desc_len);

	/* tap-parser's buffered subtests: "ok 1 - name {" or "... # time=1ms {" */
	l->brace = 0;
	if (l->dir && l->dir_len && l->dir[l->dir_len - 1] == '{' &&
	    (l->dir_len == 1 || is_blank(l->dir[l->dir_len - 2]))) {
		l->brace = 1;
		l->dir_len--;
		trim(&l->dir, &l->dir_len);
	} else if (l->desc_len && l->desc[l->desc_len - 1] == '{' &&
		   (l->desc_len == 1 || is_blank(l->desc[l->desc_len - 2]))) {
		l->brace = 1;
		l->desc_len--;
		trim(&l->desc, &l->desc_len);
	}
	return 1;
}

/* Tabs to the next multiple of 8; a huge indent is just "deep". */
static int indent_columns(const char *from, const char *to)
{
	int col = 0;

	for (; from < to && col < (1 << 20); from++)
		col = *from == '\t' ? (col + 8) & ~7 : col + 1;
	return col;
}

/*
 * Sorts one prefix-stripped line into the kinds above.  A first byte
 * it looks for belongs in tap_first_bytes.
 */
/* Whether the line `s` (no markers before) bails out */
static int is_bail_out(const char *s, size_t len)
{
	return has_prefix_icase(s, len, "bail out!");
}

static void classify(const char *s, size_t len, struct tap_line *l)
{
	const char *end = s + len, *p = s, *q, *ws = s;

	memset(l, 0, sizeof(*l));
	l->plan = -1;
	l->number = -1;
	for (;;) {
		q = p;
		while (q < end && is_blank(*q))
			q++;
		if (q < end && *q == '#' && (q + 1 == end || is_blank(q[1]))) {
			l->header_indent = indent_columns(ws, q);
			l->hashes++;
			p = q + 1;
			if (p < end && *p == ' ')
				p++;
			ws = p;
			continue;
		}
		break;
	}
	l->indent = indent_columns(p, q);
	if (!l->hashes)
		l->header_indent = l->indent;
	l->text = q;
	l->len = end - q;
	while (l->len && is_blank(l->text[l->len - 1]))
		l->len--;
	l->depth = l->hashes;
	if (!l->len)
		return;

	switch (*l->text) {
	case 'o':
	case 'n':
		if (parse_result(l))
			l->kind = LINE_RESULT;
		return;
	case '1':
		if (parse_plan(l->text, l->len, &l->plan))
			l->kind = LINE_PLAN;
		return;
	case 'K':
	case 'T':
	case 'k':
	case 't':
		if (parse_version(l->text, l->len))
			l->kind = LINE_VERSION;
		return;
	case 'B':
	case 'b':
		if (is_bail_out(l->text, l->len))
			l->kind = LINE_BAIL;
		return;
	case '}':
		if (l->len == 1)
			l->kind = LINE_CLOSE_BRACE;
		return;
	}
	if (!l->hashes)
		return;
	if (has_prefix(l->text, l->len, "Subtest") &&
	    (l->len == 7 || l->text[7] == ':' || is_blank(l->text[7]))) {
		l->kind = LINE_HEADER;
		l->desc = l->text + 7;
		l->desc_len = l->len - 7;
		if (l->desc_len && *l->desc == ':') {
			l->desc++;
			l->desc_len--;
		}
		trim(&l->desc, &l->desc_len);
		l->depth = l->hashes - 1;
	} else if (has_prefix(l->text, l->len, "selftests: ")) {
		l->kind = LINE_SELFTEST;
		l->desc = l->text;
		l->desc_len = l->len;
		l->depth = l->hashes - 1;
	}
}

static enum directive parse_directive(const struct tap_line *l, const char **rest, size_t *rest_len)
{
	const char *p = l->dir, *end, *word = p;
	size_t alpha;
	enum directive d = DIRECTIVE_UNKNOWN;

	if (!l->dir)
		return DIRECTIVE_NONE;
	end = l->dir + l->dir_len;	/* not before: NULL + 0 is undefined */
	while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		p++;
	alpha = p - word;
	/* TAP14: /#\s*(SKIP|TODO)\S*\s+/, so "# Skipped: why" is a skip */
	if (has_prefix_icase(word, alpha, "skip"))
		d = DIRECTIVE_SKIP;
	else if (has_prefix_icase(word, alpha, "todo"))
		d = DIRECTIVE_TODO;
	else if (alpha == 5 && has_prefix_icase(word, alpha, "xfail"))
		d = DIRECTIVE_XFAIL;
	else if (alpha == 7 && has_prefix_icase(word, alpha, "timeout"))
		d = DIRECTIVE_TIMEOUT;
	else if (alpha == 5 && has_prefix_icase(word, alpha, "error"))
		d = DIRECTIVE_ERROR;
	while (p < end && !is_blank(*p))
		p++;
	while (p < end && is_blank(*p))
		p++;
	*rest = p;
	*rest_len = end - p;
	return d;
}

/*
 * Appends TAP14-escaped text ("\#", "\\") unescaped, cut at `max` bytes
 * of the input (on a character boundary) and then saying so.
 */
static void add_unescaped_max(struct strbuf *sb, const char *s, size_t len, size_t max)
{
	size_t i, cut = format_cut_len(s, len, max);

	strbuf_grow(sb, cut);
	for (i = 0; i < cut; i++) {
		if (s[i] == '\\' && i + 1 < cut && (s[i + 1] == '#' || s[i + 1] == '\\'))
			i++;
		sb->buf[sb->len++] = s[i];
	}
	sb->buf[sb->len] = '\0';
	if (cut < len)
		format_add_cut_mark(sb, max);
}

/* The same for a reason: cut at KTAP_MAX_REASON bytes. */
static void add_unescaped(struct strbuf *sb, const char *s, size_t len)
{
	add_unescaped_max(sb, s, len, KTAP_MAX_REASON);
}

/* Appends a reason read as it is, cut at KTAP_MAX_REASON bytes and saying so. */
static void add_reason(struct strbuf *sb, const char *s, size_t len)
{
	format_add_cut(sb, s, len, KTAP_MAX_REASON);
}

/*
 * The status a result line gives; the reason, if any, is left in
 * p->reason and returned.
 */
static enum result_status line_status(struct ktap *p, const struct tap_line *l, const char **reason)
{
	const char *rest;
	size_t rest_len;
	enum result_status status = l->ok ? STATUS_PASS : STATUS_FAIL;
	int keep = 0;

	strbuf_reset(&p->reason);
	switch (parse_directive(l, &rest, &rest_len)) {
	case DIRECTIVE_NONE:
		break;
	case DIRECTIVE_SKIP:
		status = STATUS_SKIP;
		add_unescaped(&p->reason, rest, rest_len);
		break;
	case DIRECTIVE_TODO:
		/* a failing TODO test is not a failure in TAP */
		if (!l->ok) {
			status = STATUS_SKIP;
			keep = 1;
		}
		break;
	case DIRECTIVE_XFAIL:
		status = STATUS_PASS;
		keep = 1;
		break;
	case DIRECTIVE_TIMEOUT:
		status = STATUS_ERROR;
		keep = 1;
		break;
	case DIRECTIVE_ERROR:
		status = STATUS_ERROR;
		add_unescaped(&p->reason, rest, rest_len);
		break;
	case DIRECTIVE_UNKNOWN:
		/* "# exit=1", "# time=3ms": data, but worth keeping on a failure */
		keep = !l->ok;
		break;
	}
	if (keep)
		add_unescaped(&p->reason, l->dir, l->dir_len);
	*reason = p->reason.len ? p->reason.buf : NULL;
	return status;
}

/*
 * Components are already safe when every byte is; the common case.
 * Returns whether the name had to change.
 */
static int add_component(struct strbuf *out, const char *name, size_t len)
{
	size_t cut = format_cut_len(name, len, KTAP_MAX_NAME);

	if (format_is_path_component(name, cut)) {
		strbuf_add(out, name, cut);
		/* a cut name is a changed one: its original says so */
		return cut < len;
	}
	format_path_component(out, name, cut);
	return 1;
}

/*
 * Where the test's name starts in kselftest's "selftests: dir: test", 0
 * when `name` is not such a line, or `len` when it names no directory.
 */
static inline size_t selftest_split(const char *name, size_t len)
{
	size_t i;

	/* memcmp, not has_prefix(): this runs for every test, and its strlen() shows */
	if (len < 11 || memcmp(name, "selftests: ", 11))
		return 0;
	for (i = 11; i + 1 < len; i++)
		if (name[i] == ':' && name[i + 1] == ' ')
			return i + 2;
	return len;
}

/* Whether a test's name is longer than its path component(s) keep. */
static int name_is_cut(const char *name, size_t len)
{
	size_t split = selftest_split(name, len);

	if (!split)
		return len > KTAP_MAX_NAME;
	if (split == len)
		return len - 11 > KTAP_MAX_NAME;
	return split - 13 > KTAP_MAX_NAME || len - split > KTAP_MAX_NAME;
}

/*
 * kselftest's "selftests: dir: test" becomes "dir.test".  Returns -1 when
 * `name` is not such a line, else whether a component had to change.
 */
static int add_selftest_name(struct strbuf *out, const char *name, size_t len)
{
	size_t split = selftest_split(name, len);
	int renamed;

	if (!split)
		return -1;
	if (split == len)
		return add_component(out, name + 11, len - 11);
	renamed = add_component(out, name + 11, split - 13);
	strbuf_addch(out, '.');
	return add_component(out, name + split, len - split) | renamed;
}

/*
 * Spells a name as the input gave it, TAP14's "\#" and "\\" unescaped
 * when it comes from a result line: "dir.test" for a kselftest line.
 */
static void add_original(struct strbuf *out, const char *name, size_t len, int escaped)
{
	size_t split = selftest_split(name, len), cut;

	if (split && split < len) {
		cut = format_cut_len(name + 11, split - 13, KTAP_MAX_NAME);
		strbuf_add(out, name + 11, cut);
		if (cut < split - 13)
			format_add_cut_mark(out, KTAP_MAX_NAME);
		strbuf_addch(out, '.');
	}
	if (split) {
		name += split < len ? split : 11;
		len -= split < len ? split : 11;
	}
	if (escaped) {
		add_unescaped_max(out, name, len, KTAP_MAX_NAME);
		return;
	}
	cut = format_cut_len(name, len, KTAP_MAX_NAME);
	strbuf_add(out, name, cut);
	if (cut < len)
		format_add_cut_mark(out, KTAP_MAX_NAME);
}

/*
 * Makes `comp` the path component(s) of a test's name, or of its number
 * when the name is empty.  Returns whether they differ from the name, and
 * then leaves the name as the input spelt it in `original`: a test that
 * keeps its original name pays nothing more than the check.
 */
static int set_name(struct strbuf *comp, struct strbuf *original, const char *name, size_t len,
		    long number, int escaped)
{
	int renamed;

	strbuf_reset(comp);
	if (!len) {
		/* "ok 3": its number is the only name it has, nothing to keep */
		strbuf_addf(comp, "%ld", number);
		strbuf_reset(original);
		return 0;
	}
	renamed = add_selftest_name(comp, name, len);
	if (renamed < 0)
		renamed = add_component(comp, name, len);
	if (renamed) {
		strbuf_reset(original);
		add_original(original, name, len, escaped);
	}
	return renamed;
}

/* Names a test the input never named by its number: nothing to keep. */
static void set_number(struct strbuf *comp, int *renamed, long number)
{
	strbuf_reset(comp);
	strbuf_addf(comp, "%ld", number);
	*renamed = 0;
}

static inline struct level *top(struct ktap *p)
{
	return &p->levels[p->nr - 1];
}

static inline int is_subtest(const struct level *c)
{
	return !(c->flags & (LEVEL_DOC | LEVEL_BRACE));
}

static uint64_t hash_name(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	/*
	 * The sets index by the low bits, which a product takes only from
	 * the low bits of its factors: fold the high ones down, or names
	 * that differ in their last bytes ("case_1", "case_2") all probe
	 * from the same slot.
	 */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h ? h : 1;
}

static uint64_t *set_find(const struct hash_set *set, uint64_t hash)
{
	size_t mask = set->alloc - 1, i = (size_t)hash & mask;

	while (set->slots[i] && set->slots[i] != hash)
		i = (i + 1) & mask;
	return &set->slots[i];
}

/* Adds `hash`; returns 0 when it was there already. */
static int set_add(struct hash_set *set, uint64_t hash)
{
	uint64_t *slot;

	if ((set->nr + 1) * 3 > set->alloc * 2) {
		uint64_t *old = set->slots;
		size_t i, old_alloc = set->alloc;

		set->alloc = old_alloc ? old_alloc * 2 : 64;
		set->slots = xcalloc(set->alloc, sizeof(*set->slots));
		for (i = 0; i < old_alloc; i++)
			if (old[i])
				*set_find(set, old[i]) = old[i];
		free(old);
	}
	slot = set_find(set, hash);
	if (*slot)
		return 0;
	*slot = hash;
	set->nr++;
	return 1;
}

static void set_clear(struct hash_set *set)
{
	/* give back what an unusually big test used */
	if (set->alloc > 1024) {
		free(set->slots);
		set->slots = NULL;
		set->alloc = 0;
	} else if (set->nr) {
		memset(set->slots, 0, set->alloc * sizeof(*set->slots));
	}
	set->nr = 0;
}

static struct name_repeat *repeat_find(struct name_repeat *slots, size_t alloc, uint64_t hash)
{
	size_t mask = alloc - 1, i = (size_t)hash & mask;

	while (slots[i].hash && slots[i].hash != hash)
		i = (i + 1) & mask;
	return &slots[i];
}

/* The next suffix for a repeated name: kept apart, as few names repeat. */
static unsigned long *repeat_next(struct level *c, uint64_t hash)
{
	struct name_repeat *slot;

	if ((c->nr_repeats + 1) * 5 > c->alloc_repeats * 4) {
		struct name_repeat *old = c->repeats;
		size_t i, old_alloc = c->alloc_repeats;

		c->alloc_repeats = old_alloc ? old_alloc * 2 : 16;
		c->repeats = xcalloc(c->alloc_repeats, sizeof(*c->repeats));
		for (i = 0; i < old_alloc; i++)
			if (old[i].hash)
				*repeat_find(c->repeats, c->alloc_repeats, old[i].hash) = old[i];
		free(old);
	}
	slot = repeat_find(c->repeats, c->alloc_repeats, hash);
	if (!slot->hash) {
		slot->hash = hash;
		slot->next = 2;
		c->nr_repeats++;
	}
	return &slot->next;
}

/*
 * Makes `comp` unique among the children of `c` by appending "_2",
 * "_3"..., and remembers it.  A suffix renames it: `original` (see
 * set_name()) then holds its name.
 */
static void claim(struct level *c, struct strbuf *comp, struct strbuf *original, int *renamed)
{
	size_t base = comp->len;
	uint64_t hash = hash_name(comp->buf, comp->len);
	unsigned long *next;

	if (set_add(&c->names, hash))
		return;
	if (!*renamed) {
		strbuf_reset(original);
		strbuf_addbuf(original, comp);
		*renamed = 1;
	}
	next = repeat_next(c, hash);
	do {
		strbuf_setlen(comp, base);
		strbuf_addf(comp, "_%lu", (*next)++);
	} while (!set_add(&c->names, hash_name(comp->buf, comp->len)));
}

static void level_reset_numbers(struct level *c)
{
	c->plan = -1;
	c->count = 0;
	c->in_order = 1;
	c->seen_bits = 0;
}

static struct level *level_open(struct ktap *p, unsigned flags, int hashes, int indent)
{
	struct level *c;

	if (p->nr >= KTAP_MAX_LEVELS) {
		p->too_deep = 1;
		if (!p->ret)
			p->ret = -1;
		return NULL;
	}
	c = &p->levels[p->nr];
	c->flags = flags;
	c->hashes = hashes;
	c->indent = indent;
	c->number = p->nr ? top(p)->count + 1 : 0;
	level_reset_numbers(c);
	c->has_children = 0;
	c->rollup = STATUS__NR;
	c->own = STATUS_PASS;
	strbuf_reset(&c->own_reason);
	strbuf_reset(&c->name);
	c->renamed = 0;
	strbuf_reset(&c->original);
	strbuf_reset(&c->header);
	c->header_len = 0;
	strbuf_reset(&c->next);
	c->next_len = 0;
	set_clear(&c->names);
	if (c->nr_repeats) {
		free(c->repeats);
		c->repeats = NULL;
		c->nr_repeats = c->alloc_repeats = 0;
	}
	if (c->pending.alloc > 65536)
		strbuf_release(&c->pending);
	strbuf_reset(&c->pending);
	p->nr++;
	return c;
}

/* seen_bits counts the bits cleared for this use, in whole bytes */
static void seen_grow(struct level *c, size_t bits)
{
	size_t bytes = (bits + 7) / 8, from = c->seen_bits / 8;

	if (bytes <= from)
		return;
	if (bytes > c->seen_alloc) {
		c->seen = xrealloc(c->seen, bytes);
		c->seen_alloc = bytes;
	}
	memset(c->seen + from, 0, bytes - from);
	c->seen_bits = bytes * 8;
}

static void seen_set(struct level *c, long n)
{
	if (n < 1 || n > KTAP_MAX_PLAN)
		return;
	if ((size_t)n >= c->seen_bits)
		seen_grow(c, (size_t)n + 1);
	c->seen[n / 8] |= 1u << (n % 8);
}

static int was_seen(const struct level *c, long n)
{
	if (c->in_order)
		return n <= c->count;
	return (size_t)n < c->seen_bits && (c->seen[n / 8] & (1u << (n % 8)));
}

/* Notes that test `number` (-1: the next one) of `c` has reported. */
static void count_number(struct level *c, long number)
{
	if (number < 0)
		number = c->count + 1;
	c->count++;
	strbuf_reset(&c->next);
	c->next_len = 0;
	if (c->in_order) {
		long n;

		if (number == c->count)
			return;
		c->in_order = 0;
		c->seen_bits = 0;
		seen_grow(c, (size_t)(c->count < KTAP_MAX_PLAN ? c->count : KTAP_MAX_PLAN) + 1);
		for (n = 1; n < c->count; n++)
			seen_set(c, n);
	}
	seen_set(c, number);
}

/*
 * Hands one result of the children of levels[li] to the sink, or holds it
 * in the innermost unnamed level at or above it until that has a name.
 * `rel_original` is how the input spelt `rel`, NULL when it did so as is.
 */
static void emit(struct ktap *p, int li, const char *rel, size_t rel_len, const char *rel_original,
		 enum result_status status, const char *reason)
{
	int u, i, renamed = rel_original != NULL;
	struct strbuf *path = &p->path;

	if (p->ret)
		return;
	for (u = li; u > 0 && (p->levels[u].flags & LEVEL_NAMED); u--)
		;
	strbuf_reset(path);
	for (i = u + 1; i <= li; i++) {
		strbuf_addbuf(path, &p->levels[i].name);
		strbuf_addch(path, '.');
		renamed |= p->levels[i].renamed;
	}
	strbuf_add(path, rel, rel_len);
	if (renamed) {
		strbuf_reset(&p->original);
		for (i = u + 1; i <= li; i++) {
			const struct level *c = &p->levels[i];

			strbuf_addbuf(&p->original, c->renamed ? &c->original : &c->name);
			strbuf_addch(&p->original, '.');
		}
		if (rel_original)
			strbuf_addstr(&p->original, rel_original);
		else
			strbuf_add(&p->original, rel, rel_len);
	}
	if (u > 0) {
		struct strbuf *pending = &p->levels[u].pending;
		size_t before = pending->len;

		strbuf_addch(pending, (char)('0' + status));
		strbuf_addch(pending, (char)('0' + (reason ? 1 : 0) + (renamed ? 2 : 0)));
		strbuf_add(pending, path->buf, path->len + 1);
		if (renamed)
			strbuf_add(pending, p->original.buf, p->original.len + 1);
		if (reason)
			strbuf_add(pending, reason, strlen(reason) + 1);
		p->pending_bytes += pending->len - before;
		return;
	}
	if (renamed) {
		strbuf_reset(&p->named_reason);
		format_original_name(&p->named_reason, p->original.buf, reason);
		reason = p->named_reason.buf;
	}
	p->ret = p->sink->test(p->sink, path->buf, status, reason);
}

/* A result for a child of levels[li] whose component is in p->comp. */
static inline void record(struct ktap *p, int li, enum result_status status, const char *reason)
{
	struct level *c = &p->levels[li];

	claim(c, &p->comp, &p->comp_original, &p->comp_renamed);
	emit(p, li, p->comp.buf, p->comp.len, p->comp_renamed ? p->comp_original.buf : NULL,
	     status, reason);
	c->has_children = 1;
	c->rollup = status_worse(c->rollup, status);
}

/*
 * Sends the results held back for levels[li], now that its name is known,
 * one level up.
 */
static void flush_pending(struct ktap *p, int li)
{
	struct level *c = &p->levels[li];
	const char *s = c->pending.buf, *end = s + c->pending.len;

	while (s < end && !p->ret) {
		enum result_status status = (enum result_status)(s[0] - '0');
		int has_reason = (s[1] - '0') & 1, renamed = (s[1] - '0') & 2;
		const char *rel = s + 2, *original = NULL, *reason = NULL;
		size_t rel_len = strlen(rel);

		s = rel + rel_len + 1;
		if (renamed) {
			original = s;
			s += strlen(s) + 1;
		}
		if (has_reason) {
			reason = s;
			s += strlen(s) + 1;
		}
		strbuf_reset(&p->rel);
		if (c->name.len) {
			strbuf_addbuf(&p->rel, &c->name);
			strbuf_addch(&p->rel, '.');
		}
		strbuf_add(&p->rel, rel, rel_len);
		if (renamed || c->renamed) {
			strbuf_reset(&p->rel_original);
			if (c->name.len) {
				strbuf_addbuf(&p->rel_original, c->renamed ? &c->original : &c->name);
				strbuf_addch(&p->rel_original, '.');
			}
			strbuf_addstr(&p->rel_original, original ? original : rel);
		}
		emit(p, li - 1, p->rel.buf, p->rel.len,
		     renamed || c->renamed ? p->rel_original.buf : NULL, status, reason);
	}
	p->pending_bytes -= c->pending.len;
	strbuf_reset(&c->pending);
}

/* Names levels[li] by its header or number, when no result line will. */
static void name_by_default(struct ktap *p, int li)
{
	struct level *c = &p->levels[li];

	if (c->header.len)
		c->renamed = set_name(&c->name, &c->original, c->header.buf, c->header.len,
				      c->number, 0);
	else
		set_number(&c->name, &c->renamed, c->number);
	claim(&p->levels[li - 1], &c->name, &c->original, &c->renamed);
	c->flags |= LEVEL_NAMED;
}

/*
 * Reports the planned children of levels[li] that never reported: MISS,
 * or ERROR for the one running when the kernel crashed.
 */
static void emit_missing(struct ktap *p, int li, int crashed)
{
	struct level *c = &p->levels[li];
	long n, plan = c->plan;
	int first = 1;

	if (plan < 0) {
		/* no plan: only a kselftest that had started can be blamed */
		if (crashed && c->next.len) {
			p->comp_renamed = set_name(&p->comp, &p->comp_original, c->next.buf,
						   c->next.len, c->count + 1, 0);
			record(p, li, STATUS_ERROR, p->crash.buf);
		}
		return;
	}
	for (n = c->in_order ? c->count + 1 : 1; n <= plan && !p->ret; n++) {
		if (was_seen(c, n))
			continue;
		if (first && c->next.len)
			p->comp_renamed = set_name(&p->comp, &p->comp_original, c->next.buf,
						   c->next.len, n, 0);
		else
			set_number(&p->comp, &p->comp_renamed, n);
		if (first && crashed)
			record(p, li, STATUS_ERROR, p->crash.buf);
		else
			record(p, li, STATUS_MISS, p->miss_reason.buf);
		first = 0;
	}
}

/*
 * Ends the innermost test, with its result line `l`, or without one (NULL)
 * when its output stopped.
 */
static void close_level(struct ktap *p, const struct tap_line *l)
{
	int li = p->nr - 1;
	struct level *c = &p->levels[li], *parent = &p->levels[li - 1];
	enum result_status own, effective;
	const char *reason = NULL;
	int crashed = !l && p->crashed;

	if (crashed)
		p->crashed = 0;
	emit_missing(p, li, crashed);

	if (!l && (c->flags & LEVEL_EXCERPT) && !(c->flags & LEVEL_NAMED)) {
		/* no result line will name it: its tests stand on their own */
		strbuf_reset(&c->name);
		c->renamed = 0;
		flush_pending(p, li);
		p->nr--;
		if (c->has_children) {
			parent->has_children = 1;
			parent->rollup = status_worse(parent->rollup, c->rollup);
		}
		return;
	}
	if (l) {
		p->results++;
		own = line_status(p, l, &reason);
	} else if (c->flags & LEVEL_BRACE) {
		own = c->own;
		reason = c->own_reason.len ? c->own_reason.buf : NULL;
	} else if (crashed) {
		own = STATUS_ERROR;
		reason = p->crash.buf;
	} else {
		own = STATUS_MISS;
		reason = p->miss_reason.buf;
	}

	if (!(c->flags & LEVEL_NAMED)) {
		if (l) {
			c->renamed = set_name(&c->name, &c->original, l->desc, l->desc_len,
					      l->number >= 0 ? l->number : c->number, 1);
			claim(parent, &c->name, &c->original, &c->renamed);
			c->flags |= LEVEL_NAMED;
		} else {
			name_by_default(p, li);
		}
	} else if ((c->flags & LEVEL_NUMBERED) && l && l->desc_len) {
		/* its own line keeps the name its tests could not have */
		strbuf_reset(&c->original);
		add_original(&c->original, l->desc, l->desc_len, 1);
		c->renamed = 1;
		strbuf_reset(&p->numbered_reason);
		strbuf_addf(&p->numbered_reason,
			    "named by its number: more than %lu MiB of results came before its name",
			    KTAP_MAX_PENDING >> 20);
		if (reason)
			strbuf_addf(&p->numbered_reason, ": %s", reason);
		reason = p->numbered_reason.buf;
	}
	flush_pending(p, li);

	/* a parent's own result only adds something when it is worse */
	if (!c->has_children || own < c->rollup || (c->flags & LEVEL_NUMBERED))
		emit(p, li - 1, c->name.buf, c->name.len, c->renamed ? c->original.buf : NULL,
		     own, reason);
	effective = c->has_children ? status_worse(own, c->rollup) : own;

	p->nr--;
	parent->has_children = 1;
	parent->rollup = status_worse(parent->rollup, effective);
	count_number(parent, l && l->number >= 0 ? l->number : c->number);
	parent->flags &= ~(LEVEL_FRESH_VERSION | LEVEL_FRESH_HEADER);
}

/* A document ends (a new one starts at the same place, or it bailed out). */
static void finish_doc(struct ktap *p)
{
	struct level *c = top(p);
	int crashed = p->crashed;

	p->crashed = 0;
	emit_missing(p, p->nr - 1, crashed);
	level_reset_numbers(c);
	c->flags &= ~(LEVEL_INDENT | LEVEL_RESTART | LEVEL_REPLAY);
	strbuf_reset(&c->next);
	c->next_len = 0;
}

/*
 * A run in which no test reported is no success (kunit.py fails "0 tests
 * run!"): one ERROR for the whole run, named as KCIDB's empty root path
 * is, or SKIP when the input says everything was skipped ("1..0 # SKIP").
 */
static void report_no_results(struct ktap *p)
{
	struct strbuf why = STRBUF_INIT;
	enum result_status status = STATUS_ERROR;

	if (p->crashed) {
		strbuf_addbuf(&why, &p->crash);
	} else if (p->skip_all_seen) {
		status = STATUS_SKIP;
		strbuf_addbuf(&why, &p->skip_all);
	} else if (strcmp(p->miss_reason.buf, default_miss_reason)) {
		strbuf_addf(&why, "no tests run: %s", p->miss_reason.buf);
	} else if (p->levels[0].plan > 0) {
		strbuf_addf(&why, "no tests run: %ld planned, none reported", p->levels[0].plan);
	} else {
		strbuf_addstr(&why, "no tests run");
	}
	if (p->levels[0].next.len) {
		/* a kselftest that started and never reported */
		p->comp_renamed = set_name(&p->comp, &p->comp_original, p->levels[0].next.buf,
					   p->levels[0].next.len, 1, 0);
	} else {
		strbuf_reset(&p->comp);
		strbuf_addstr(&p->comp, "unnamed");
		p->comp_renamed = 0;
	}
	record(p, 0, status, why.len ? why.buf : NULL);
	strbuf_release(&why);
}

static void end_all(struct ktap *p)
{
	if (!p->results) {
		report_no_results(p);
		p->done = 1;
		return;
	}
	while (p->nr > 1 && !p->ret)
		close_level(p, NULL);
	if (!p->ret)
		finish_doc(p);
	p->done = 1;
}

/* Past the pending cap, the outermost unnamed test is named by number. */
static void relieve_pending(struct ktap *p)
{
	int li;

	for (li = 1; li < p->nr && p->pending_bytes > KTAP_MAX_PENDING; li++) {
		struct level *c = &p->levels[li];

		if (c->flags & LEVEL_NAMED)
			continue;
		name_by_default(p, li);
		if (!c->header.len) {
			c->flags |= LEVEL_NUMBERED;
			warning("line %lu: more than %lu MiB of results before the name of test %s; "
				"they are named by its number", p->in->lineno, KTAP_MAX_PENDING >> 20,
				c->name.buf);
		}
		flush_pending(p, li);
	}
}

static int name_matches(struct ktap *p, const struct level *c, const struct tap_line *l)
{
	/* names longer than the header keeps must at least be as long */
	if ((l->desc_len > KTAP_KEEP_NAME || c->header_len > KTAP_KEEP_NAME) &&
	    l->desc_len != c->header_len)
		return 0;
	strbuf_reset(&p->rel);
	add_unescaped(&p->rel, l->desc, l->desc_len < KTAP_KEEP_NAME ? l->desc_len : KTAP_KEEP_NAME);
	return p->rel.len == c->header.len && !memcmp(p->rel.buf, c->header.buf, c->header.len);
}

/* Whether result line `l` is the innermost test's own result. */
static int ends_level(struct ktap *p, const struct level *c, const struct tap_line *l)
{
	if (c->plan >= 0 && c->count >= c->plan)
		return 1;
	if (l->indent < c->indent)
		return 1;
	if (c->plan >= 0)
		return 0;
	if (c->header.len)
		return name_matches(p, c, l);
	/* no plan, no name: only a number that continues the parent tells */
	return l->number > 0 && l->number == c->number && l->number != c->count + 1;
}

static void set_indent(struct level *c, const struct tap_line *l)
{
	if (!(c->flags & LEVEL_INDENT)) {
		c->indent = l->indent;
		c->flags |= LEVEL_INDENT;
	}
	c->flags &= ~(LEVEL_FRESH_VERSION | LEVEL_FRESH_HEADER);
}

/*
 * Lines indented deeper than a test's own, with no header: a TAP14
 * subtest.  Not in KTAP, where every child starts with a version line and
 * real output indents results deeper than their plan
 * (test_is_test_passed-failure-nested.log).
 */
static struct level *maybe_indented_child(struct ktap *p, const struct tap_line *l)
{
	struct level *c = top(p), *child;

	if (p->ktap || !(c->flags & LEVEL_INDENT) || l->indent < c->indent + 2)
		return c;
	child = level_open(p, 0, c->hashes, l->indent);
	return child ? child : c;
}

static void handle_version(struct ktap *p, const struct tap_line *l)
{
	struct level *c = top(p);

	/* a version line at a subtest's own indentation starts a sibling */
	while (is_subtest(c) &&
	       (l->indent < c->indent ||
		((c->flags & LEVEL_KTAP) && !(c->flags & LEVEL_FRESH_VERSION) &&
		 l->indent <= c->indent))) {
		close_level(p, NULL);
		c = top(p);
	}
	if (c->flags & LEVEL_FRESH_HEADER) {
		c->flags &= ~LEVEL_FRESH_HEADER;
		return;
	}
	if ((c->flags & LEVEL_DOC) && l->indent <= c->indent) {
		if (c->plan >= 0 && c->count < c->plan) {
			/* decided by the plan that follows; see handle_plan() */
			c->flags |= LEVEL_RESTART;
			return;
		}
		if (c->plan >= 0 || c->count || c->has_children)
			finish_doc(p);
		c->indent = l->indent;
		return;
	}
	if (c->flags & LEVEL_RESTART)
		finish_doc(p);
	level_open(p, LEVEL_KTAP | LEVEL_FRESH_VERSION, c->hashes, l->indent);
}

/*
 * "1..0 # SKIP why" (kselftest's ksft_exit_skip()), or TAP13's "1..0 #
 * why": everything was skipped.  A bare "1..0" says nothing of the kind.
 */
static void note_skip_all(struct ktap *p, const struct tap_line *l)
{
	const char *d = memchr(l->text, '#', l->len), *end = l->text + l->len;

	if (!d)
		return;
	for (d++; d < end && is_blank(*d); d++)
		;
	if (d == end)
		return;
	if (has_prefix_icase(d, end - d, "skip")) {
		while (d < end && !is_blank(*d))
			d++;
		while (d < end && is_blank(*d))
			d++;
	}
	p->skip_all_seen = 1;
	strbuf_reset(&p->skip_all);
	add_unescaped(&p->skip_all, d, end - d);
}

static void handle_plan(struct ktap *p, const struct tap_line *l)
{
	struct level *c = top(p);

	if (l->plan < 0) {
		/* without it, the tests that never reported would be left out */
		p->huge_plan = p->in->lineno;
		if (!p->ret)
			p->ret = -1;
		return;
	}
	if (!l->plan)
		note_skip_all(p, l);

	while (is_subtest(c) && l->indent < c->indent) {
		close_level(p, NULL);
		c = top(p);
	}
	if (c->flags & LEVEL_RESTART) {
		c->flags &= ~LEVEL_RESTART;
		/*
		 * A test that forks with unflushed stdio prints its version
		 * line, plan and results so far again from the child
		 * (console-logs/lava/kernel-lkft.txt, vm: anon_cow).  The
		 * same plan again in an unfinished document is taken as such
		 * a replay, whose repeated results are dropped.
		 */
		if (l->plan == c->plan) {
			c->flags |= LEVEL_REPLAY;
			return;
		}
		finish_doc(p);
	}
	c = maybe_indented_child(p, l);
	set_indent(c, l);
	if (l->plan == c->plan)
		return;		/* kselftest repeats its plan after the totals */
	if (c->plan >= 0) {
		if (!(c->flags & LEVEL_DOC))
			return;
		/* a document restarting without a version line */
		finish_doc(p);
		set_indent(c, l);
	}
	c->plan = l->plan;
}

static void handle_result(struct ktap *p, const struct tap_line *l)
{
	struct level *c;
	enum result_status status;
	const char *reason;

	for (;;) {
		c = top(p);
		if (!is_subtest(c))
			break;
		if (is_subtest(c - 1) && (c[-1].flags & LEVEL_INDENT) && l->indent < c[-1].indent) {
			close_level(p, NULL);
			continue;
		}
		if (ends_level(p, c, l)) {
			p->crashed = 0;
			close_level(p, l);
			return;
		}
		break;
	}
	/* the kernel evidently went on after whatever looked like a crash */
	p->crashed = 0;

	c = top(p);
	if ((c->flags & LEVEL_REPLAY) && l->number > 0 && was_seen(c, l->number))
		return;
	p->results++;

	c = maybe_indented_child(p, l);
	set_indent(c, l);
	p->comp_renamed = set_name(&p->comp, &p->comp_original, l->desc, l->desc_len,
				   l->number >= 0 ? l->number : c->count + 1, 1);
	status = line_status(p, l, &reason);

	if (l->brace) {
		struct level *child = level_open(p, LEVEL_BRACE | LEVEL_NAMED, c->hashes, l->indent);

		if (child) {
			claim(c, &p->comp, &p->comp_original, &p->comp_renamed);
			strbuf_addbuf(&child->name, &p->comp);
			child->renamed = p->comp_renamed;
			if (child->renamed)
				strbuf_addbuf(&child->original, &p->comp_original);
			child->own = status;
			if (reason)
				strbuf_addstr(&child->own_reason, reason);
			if (l->number >= 0)
				child->number = l->number;
			return;
		}
	}
	record(p, p->nr - 1, status, reason);
	count_number(c, l->number);
}

static void handle_header(struct ktap *p, const struct tap_line *l)
{
	struct level *c = top(p), *child;
	const char *name = l->desc;
	size_t len = l->desc_len;

	while (is_subtest(c) && l->header_indent < c->indent) {
		close_level(p, NULL);
		c = top(p);
	}
	if (len > KTAP_KEEP_NAME)
		len = KTAP_KEEP_NAME;
	if (c->flags & LEVEL_FRESH_VERSION) {
		/* KUnit: the header comes inside the child it names */
		child = c;
		child->flags &= ~LEVEL_FRESH_VERSION;
	} else {
		/* TAP14: at the parent's level, before the indented child */
		child = level_open(p, LEVEL_FRESH_HEADER, c->hashes, l->header_indent);
		if (!child)
			return;
	}
	strbuf_reset(&child->header);
	add_unescaped(&child->header, name, len);
	child->header_len = l->desc_len;
	child->renamed = set_name(&child->name, &child->original, child->header.buf,
				  child->header.len, child->number, 0);
	claim(child - 1, &child->name, &child->original, &child->renamed);
	child->flags |= LEVEL_NAMED;
}

static void handle_bail(struct ktap *p, const struct tap_line *l)
{
	strbuf_reset(&p->miss_reason);
	add_reason(&p->miss_reason, l->text, l->len);
	if (!l->depth) {
		end_all(p);
		return;
	}
	/*
	 * A kselftest test's own "# Bail out!" ends that test's output, not
	 * the runner, which goes on with the next test.
	 */
	while (!(top(p)->flags & LEVEL_DOC) && !p->ret)
		close_level(p, NULL);
	if (!p->ret)
		finish_doc(p);
	strbuf_reset(&p->miss_reason);
	strbuf_addstr(&p->miss_reason, default_miss_reason);
}

/*
 * Lines of kernel output that end the run or show that it crashed; only
 * looked at when they are not TAP.  A first byte it looks for belongs in
 * tap_first_bytes.
 */
/*
 * The kernel lines without "# " that end the run (stop) or tell a crash
 * (crash), one for each first byte.
 */
static const struct other_line {
	const char *prefix;
	int stop, crash;
} other_lines[] = {
	{ "Kernel panic", 1, 1 },
	{ "List of all partitions:", 1, 0 },
	{ "reboot: System halted", 1, 0 },
	{ "Oops", 0, 1 },
	{ "BUG: ", 0, 1 },
	{ "Internal error: ", 0, 1 },
	{ "Unable to handle kernel", 0, 1 },
	{ "kernel BUG at", 0, 1 },
	{ "general protection fault", 0, 1 },
};

/* The other_lines[] entry the line `s` starts with, or NULL */
static const struct other_line *find_other_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(other_lines); i++)
		if (*s == *other_lines[i].prefix)
			/* most lines differ in their second byte: no strlen() for them */
			return len > 1 && s[1] == other_lines[i].prefix[1] &&
				has_prefix(s, len, other_lines[i].prefix) ? &other_lines[i] : NULL;
	return NULL;
}

static void handle_other(struct ktap *p, const struct tap_line *l)
{
	const char *s = l->text;
	size_t len = l->len;
	const struct other_line *o;
	int stop, crash;

	if (l->hashes || !len)
		return;
	o = find_other_line(s, len);
	stop = o && o->stop;
	crash = o && o->crash;
	if (crash && !p->crashed) {
		p->crashed = 1;
		strbuf_reset(&p->crash);
		add_reason(&p->crash, s, len);
	}
	if (stop) {
		if (!crash) {
			strbuf_reset(&p->miss_reason);
			add_reason(&p->miss_reason, s, len);
		}
		end_all(p);
	}
}

/* Whether a "# "-prefixed line one level deeper starts a nested document. */
static int nests(const struct level *c, const struct tap_line *l)
{
	if (l->kind == LINE_VERSION)
		return 1;
	if (l->kind != LINE_PLAN && l->kind != LINE_RESULT)
		return 0;
	return (c->flags & LEVEL_SELFTESTS) || c->hashes > 0;
}

static void dispatch(struct ktap *p, const struct tap_line *l)
{
	struct level *c = top(p);

	if (l->kind == LINE_OTHER) {
		handle_other(p, l);
		return;
	}
	/* a stray "}" must not end the documents around it */
	if (l->kind == LINE_CLOSE_BRACE && l->depth != c->hashes)
		return;
	if (l->depth > c->hashes) {
		struct level *doc;

		if (l->depth != c->hashes + 1 || !nests(c, l))
			return;
		doc = level_open(p, LEVEL_DOC, l->depth, l->indent);
		if (!doc)
			return;
		strbuf_addbuf(&doc->header, &c->next);
		doc->header_len = c->next_len;
		if (l->kind == LINE_VERSION)
			return;
	}
	/* a line of an outer document ends the "# " documents inside it */
	while (top(p)->hashes > l->depth && !p->ret) {
		c = top(p);
		if (l->kind == LINE_RESULT && (c->flags & LEVEL_DOC) && c->hashes == l->depth + 1) {
			p->crashed = 0;
			close_level(p, l);
			return;
		}
		close_level(p, NULL);
	}
	if (p->ret)
		return;
	/* only the plan can tell a replay from a new document */
	if ((top(p)->flags & LEVEL_RESTART) && l->kind != LINE_PLAN && l->kind != LINE_VERSION)
		finish_doc(p);

	if ((l->kind == LINE_RESULT || l->kind == LINE_HEADER || l->kind == LINE_SELFTEST) &&
	    name_is_cut(l->desc, l->desc_len))
		warning("line %lu: a test name longer than %d bytes, cut there",
			p->in->lineno, KTAP_MAX_NAME);

	switch (l->kind) {
	case LINE_VERSION:
		if (lower(*l->text) == 'k')
			p->ktap = 1;
		handle_version(p, l);
		break;
	case LINE_PLAN:
		handle_plan(p, l);
		break;
	case LINE_RESULT:
		handle_result(p, l);
		p->after_result = 1;
		p->result_hashes = l->hashes;
		p->result_indent = l->indent;
		break;
	case LINE_BAIL:
		handle_bail(p, l);
		break;
	case LINE_HEADER:
		handle_header(p, l);
		break;
	case LINE_SELFTEST:
		c = top(p);
		c->flags |= LEVEL_SELFTESTS;
		strbuf_reset(&c->next);
		strbuf_add(&c->next, l->desc, l->desc_len < KTAP_KEEP_NAME ? l->desc_len : KTAP_KEEP_NAME);
		c->next_len = l->desc_len;
		break;
	case LINE_CLOSE_BRACE:
		if (top(p)->flags & LEVEL_BRACE)
			close_level(p, NULL);
		break;
	case LINE_OTHER:
		break;
	}
}

/* The next "TAP version " or "TAP Version " (tap-parser and Perl take both). */
static const char *find_version(const char *p, const char *end)
{
	const char *from = p + 5, *found;

	while (from < end && (found = memmem(from, end - from, "ersion ", 7))) {
		if ((found[-1] == 'v' || found[-1] == 'V') && !memcmp(found - 5, "TAP ", 4))
			return found - 5;
		from = found + 1;
	}
	return NULL;
}

/*
 * Before the output starts: a version line (anywhere in the line, as
 * kunit_parser finds it), a plan or result line for bare TAP, or a line
 * from inside a nested level when the input is an excerpt: a KUnit
 * suite's "# Subtest:", a kselftest runner's "# selftests:" or a
 * kselftest script's own "# "-prefixed TAP.  Returns whether the line
 * still has to be dispatched.
 */
static int start(struct ktap *p, const char *s, size_t len, const struct tap_line *l)
{
	const char *v, *prefix_end;
	size_t i;
	int d;

	if (l->kind == LINE_HEADER || l->kind == LINE_SELFTEST) {
		level_open(p, LEVEL_DOC | LEVEL_NAMED, 0, 0);
		p->started = 1;
		return 1;
	}
	if (l->hashes) {
		if (l->kind != LINE_VERSION && l->kind != LINE_PLAN && l->kind != LINE_RESULT)
			return 0;
		/* a kselftest script's output whose runner we missed */
		level_open(p, LEVEL_DOC | LEVEL_NAMED | LEVEL_SELFTESTS, 0, 0);
		for (d = 1; d <= l->depth; d++)
			level_open(p, LEVEL_DOC | LEVEL_EXCERPT, d, l->indent);
		p->started = 1;
		return l->kind != LINE_VERSION;
	}
	if (l->kind == LINE_VERSION || l->kind == LINE_PLAN || l->kind == LINE_RESULT) {
		p->ktap = l->kind == LINE_VERSION && lower(*l->text) == 'k';
		level_open(p, LEVEL_DOC | LEVEL_NAMED, 0, l->indent);
		p->started = 1;
		return l->kind != LINE_VERSION;
	}
	v = len > 12 ? find_version(s, s + len) : NULL;
	if (!v || v + 12 >= s + len || !is_digit(v[12]))
		return 0;
	prefix_end = v > s && v[-1] == 'K' ? v - 1 : v;
	for (i = 0; s + i < prefix_end && (is_blank(s[i]) || s[i] == '#'); i++)
		;
	if (s + i < prefix_end) {
		if (prefix_end - s > KTAP_MAX_LINE_PREFIX) {
			if (!p->long_prefix)
				p->long_prefix = p->in->lineno;
			return 0;
		}
		/*
		 * Text we do not know in front of the version line: a prefix
		 * of every line, or the end of another line that lost its
		 * newline ("random: crng init done").  Cut it only from the
		 * lines that start with it.
		 */
		strbuf_add(&p->line_prefix, s, prefix_end - s);
	}
	p->ktap = prefix_end < v;
	level_open(p, LEVEL_DOC | LEVEL_NAMED, 0, 0);
	p->started = 1;
	return 0;
}

/* Gives a line, as the log has it, to the crash detector. */
static void feed_crash(struct ktap *p, const char *raw, size_t raw_len, struct line_marks marks)
{
	if (crash_detector_line_marked(&p->crashes, raw, raw_len, marks) && !p->crashed && p->started) {
		p->crashed = 1;
		strbuf_reset(&p->crash);
		strbuf_addstr(&p->crash, crash_detector_first_header(&p->crashes));
	}
}

/*
 * The first bytes of lines classify() and handle_other() look at, and
 * "---", a YAML block after a result: for the other lines they do
 * nothing, so plain_line() skips them.  Keep it in step with both.
 * TAP_OTHER: only handle_other() reads the line, TAP_BAIL: classify()
 * reads "Bail out!" and handle_other() the rest.
 */
enum { TAP_ANY = 1, TAP_OTHER, TAP_BAIL };
static const unsigned char tap_first_bytes[256] = {
	[' '] = TAP_ANY, ['\t'] = TAP_ANY, ['#'] = TAP_ANY,		/* classify(): markers, indent */
	['o'] = TAP_ANY, ['n'] = TAP_ANY, ['1'] = TAP_ANY,		/* ... results, plans */
	['K'] = TAP_ANY, ['k'] = TAP_ANY, ['T'] = TAP_ANY, ['t'] = TAP_ANY,	/* ... versions */
	['B'] = TAP_BAIL, ['b'] = TAP_BAIL, ['}'] = TAP_ANY,		/* ... bail out, "}" */
	['L'] = TAP_OTHER, ['r'] = TAP_OTHER, ['O'] = TAP_OTHER,	/* handle_other() */
	['I'] = TAP_OTHER, ['U'] = TAP_OTHER, ['g'] = TAP_OTHER,
	['-'] = TAP_ANY,						/* "---" */
};

/*
 * Whether the line `s` is a kernel message or other text no TAP reader
 * looks at once the tests started: by its first byte (tap_first_bytes)
 * classify() makes it a LINE_OTHER without markers and handle_other()
 * does nothing with it, and no prefix is cut, no YAML block read and no
 * result line held.  Most lines of a console log: only the crash
 * detector reads them.
 */
static int plain_line(const struct ktap *p, const char *s, size_t len)
{
	if (!len || !p->started || p->yaml || p->line_prefix.len || p->held.len)
		return 0;
	switch (tap_first_bytes[(unsigned char)*s]) {
	case 0:
		return 1;
	case TAP_OTHER:
		return !find_other_line(s, len);
	case TAP_BAIL:
		return !is_bail_out(s, len) && !find_other_line(s, len);
	}
	return 0;
}

/*
 * Classifies and reads one line, its decorations already cut; `raw` is
 * the line as the log has it, printk caller and all, for the crash
 * detector.
 */
static void process_line(struct ktap *p, const char *raw, size_t raw_len, struct line_marks marks,
			 const char *s, size_t len)
{
	struct tap_line l;

	if (p->line_prefix.len && len >= p->line_prefix.len &&
	    !memcmp(s, p->line_prefix.buf, p->line_prefix.len)) {
		s += p->line_prefix.len;
		len -= p->line_prefix.len;
	}
	classify(s, len, &l);
	/* kernel messages, not the tests' own lines: cheap for long KTAP logs */
	if (l.kind == LINE_OTHER || !p->started || crash_detector_reading(&p->crashes))
		feed_crash(p, raw, raw_len, marks);
	if (!p->started) {
		if (start(p, s, len, &l))
			dispatch(p, &l);
		/*
		 * Crashes before the tests only count when there are none:
		 * --format=auto starts reading here.
		 */
		if (p->started)
			crash_detector_reset(&p->crashes);
		return;
	}

	if (p->yaml) {
		if (l.hashes == p->yaml_hashes && l.len == 3 && !memcmp(l.text, "...", 3)) {
			p->yaml = 0;
			return;
		}
		if (l.hashes > p->yaml_hashes || !l.len ||
		    (l.hashes == p->yaml_hashes && l.indent >= p->yaml_indent &&
		     !(l.indent <= p->result_indent && l.kind != LINE_OTHER)))
			return;
		p->yaml = 0;
	}
	if (p->after_result) {
		p->after_result = 0;
		if (l.hashes == p->result_hashes && l.indent >= p->result_indent &&
		    l.len == 3 && !memcmp(l.text, "---", 3)) {
			p->yaml = 1;
			p->yaml_hashes = l.hashes;
			p->yaml_indent = l.indent;
			return;
		}
	}
	dispatch(p, &l);
}

/*
 * Reads the result line held back for the rest of its name, then the
 * kernel messages that came meanwhile, in the order they came.
 */
static void release_held(struct ktap *p)
{
	static const struct line_marks no_marks;
	const char *k = p->held_kernel.buf, *end = k + p->held_kernel.len;
	int kernel;

	if (!p->held.len)
		return;
	process_line(p, p->held.buf, p->held.len, no_marks, p->held.buf, p->held.len);
	strbuf_reset(&p->held);
	for (; k < end && !p->done && !p->ret; k += strlen(k) + 1) {
		size_t raw_len = strlen(k), n = raw_len;
		const char *s = strip_decorations(k, &n, &kernel);

		process_line(p, k, raw_len, no_marks, s, n);
	}
	strbuf_reset(&p->held_kernel);
	p->held_lines = 0;
}

/*
 * A kselftest result line cut by a kernel message ("# not ok 12 2GB
 * mremap - S[  725.957536] __vm_enough_memory: ...", the name going on
 * after the kernel's lines as "ource PUD-aligned, ..."): holds the line
 * back, and the message as a kernel line.  Returns whether it did.
 */
static int hold_cut_result(struct ktap *p, const char *s, size_t len)
{
	const char *cut, *q = s;
	struct tap_line l;

	/* only kselftest's "# "-prefixed lines: a KUnit line has its own timestamp */
	while (q < s + len && is_blank(*q))
		q++;
	if (q == s + len || *q != '#')
		return 0;
	cut = find_kernel_message(s, len);
	if (!cut)
		return 0;
	classify(s, cut - s, &l);
	if (l.kind != LINE_RESULT || l.dir)
		return 0;
	strbuf_add(&p->held, s, cut - s);
	strbuf_add(&p->held_kernel, cut, s + len - cut);
	strbuf_addch(&p->held_kernel, '\0');
	p->held_lines++;
	return 1;
}

/*
 * Copies a line into p->clean without what a terminal does not show:
 * NUL bytes and escape sequences (colours: "\e[32mok\e[0m 1 - name").
 */
static const char *shown_text(struct ktap *p, const char *s, size_t *len)
{
	const char *end = s + *len;

	strbuf_reset(&p->clean);
	while (s < end) {
		if (*s == '\033') {
			s = skip_escape(s, end);
			continue;
		}
		if (*s)
			strbuf_addch(&p->clean, *s);
		s++;
	}
	*len = p->clean.len;
	return p->clean.buf;
}

static void handle_line(struct ktap *p, const char *line, size_t len, struct line_marks marks,
			int may_have_esc, int may_have_nul)
{
	size_t raw_len = len;
	const char *s;
	int kernel;

	s = strip_decorations(line, &len, &kernel);
	if ((may_have_esc && memchr(s, '\033', len)) || (may_have_nul && memchr(s, '\0', len)))
		s = shown_text(p, s, &len);
	if (plain_line(p, s, len)) {
		/* what process_line() does with it */
		feed_crash(p, line, raw_len, marks);
		p->after_result = 0;
		return;
	}
	if (p->held.len) {
		if (kernel && p->held_lines < KTAP_MAX_HELD_LINES &&
		    p->held_kernel.len < KTAP_MAX_HELD_BYTES) {
			/* another kernel message before the rest of the name */
			strbuf_add(&p->held_kernel, s, len);
			strbuf_addch(&p->held_kernel, '\0');
			p->held_lines++;
			return;
		}
		if (!kernel && len && !is_blank(*s) && *s != '#') {
			struct tap_line l;

			classify(s, len, &l);
			if (l.kind == LINE_OTHER) {
				/* the rest of the name, maybe cut again */
				const char *cut = find_kernel_message(s, len);

				strbuf_add(&p->held, s, cut ? (size_t)(cut - s) : len);
				if (!cut) {
					release_held(p);
					return;
				}
				strbuf_add(&p->held_kernel, cut, s + len - cut);
				strbuf_addch(&p->held_kernel, '\0');
				p->held_lines++;
				return;
			}
		}
		release_held(p);
		if (p->done || p->ret)
			return;
	}
	if (p->started && !kernel && hold_cut_result(p, s, len))
		return;
	process_line(p, line, raw_len, marks, s, len);
}

static void ktap_init(struct ktap *p, struct result_sink *sink)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->sink = sink;
	p->levels = xcalloc(KTAP_MAX_LEVELS, sizeof(*p->levels));
	for (i = 0; i < KTAP_MAX_LEVELS; i++) {
		struct level *c = &p->levels[i];

		strbuf_init(&c->own_reason, 0);
		strbuf_init(&c->name, 0);
		strbuf_init(&c->original, 0);
		strbuf_init(&c->header, 0);
		strbuf_init(&c->next, 0);
		strbuf_init(&c->pending, 0);
	}
	strbuf_init(&p->line_prefix, 0);
	strbuf_init(&p->clean, 0);
	strbuf_init(&p->held, 0);
	strbuf_init(&p->held_kernel, 0);
	strbuf_init(&p->skip_all, 0);
	strbuf_init(&p->crash, 0);
	crash_detector_init(&p->crashes);
	strbuf_init(&p->miss_reason, 0);
	strbuf_addstr(&p->miss_reason, default_miss_reason);
	strbuf_init(&p->path, 0);
	strbuf_init(&p->comp, 0);
	strbuf_init(&p->comp_original, 0);
	strbuf_init(&p->original, 0);
	strbuf_init(&p->rel_original, 0);
	strbuf_init(&p->numbered_reason, 0);
	strbuf_init(&p->named_reason, 0);
	strbuf_init(&p->rel, 0);
	strbuf_init(&p->reason, 0);
}

static void ktap_release(struct ktap *p)
{
	int i;

	for (i = 0; i < KTAP_MAX_LEVELS; i++) {
		struct level *c = &p->levels[i];

		free(c->seen);
		free(c->names.slots);
		free(c->repeats);
		strbuf_release(&c->own_reason);
		strbuf_release(&c->name);
		strbuf_release(&c->original);
		strbuf_release(&c->header);
		strbuf_release(&c->next);
		strbuf_release(&c->pending);
	}
	free(p->levels);
	strbuf_release(&p->line_prefix);
	strbuf_release(&p->clean);
	strbuf_release(&p->held);
	strbuf_release(&p->held_kernel);
	strbuf_release(&p->skip_all);
	strbuf_release(&p->crash);
	crash_detector_release(&p->crashes);
	strbuf_release(&p->miss_reason);
	strbuf_release(&p->path);
	strbuf_release(&p->comp);
	strbuf_release(&p->comp_original);
	strbuf_release(&p->original);
	strbuf_release(&p->rel_original);
	strbuf_release(&p->numbered_reason);
	strbuf_release(&p->named_reason);
	strbuf_release(&p->rel);
	strbuf_release(&p->reason);
}

static int ktap_parse(struct line_reader *in, struct result_sink *sink, struct strbuf *err)
{
	struct ktap p;
	char *line;
	size_t len;
	size_t crashes = 0;
	int ret;

	ktap_init(&p, sink);
	p.in = in;
	line_reader_set_marker(in, crash_header_mark);
	while (!p.done && !p.ret && (line = line_reader_next(in, &len))) {
		handle_line(&p, line, len, line_reader_marks(in, line), in->esc_any, in->nul_any);
		if (p.pending_bytes > KTAP_MAX_PENDING)
			relieve_pending(&p);
	}
	/* the end of the run may be in the middle of a crash report */
	while (!p.ret && crash_detector_reading(&p.crashes) && (line = line_reader_next(in, &len)))
		crash_detector_line_marked(&p.crashes, line, len, line_reader_marks(in, line));
	crash_detector_finish(&p.crashes);
	if (p.huge_plan) {
		strbuf_addf(err, "line %lu: a plan of more than %ld tests; git results reads no more",
			    p.huge_plan, KTAP_MAX_PLAN);
		ret = -1;
		goto cleanup;
	}
	if (p.too_deep) {
		strbuf_addf(err, "line %lu: tests nested deeper than %d levels; git results reads no deeper",
			    in->lineno, KTAP_MAX_DEPTH);
		ret = -1;
		goto cleanup;
	}
	if (p.ret) {
		ret = p.ret;
		goto cleanup;
	}
	if (in->error) {
		strbuf_addstr(err, strerror(in->error));
		ret = -1;
		goto cleanup;
	}
	if (!p.started) {
		/* a kernel that crashed before its tests: the boot failed */
		ret = crash_detector_emit(&p.crashes, sink, CRASH_BOOT_NO_TESTS, &crashes);
		if (!ret && !crashes) {
			strbuf_addstr(err, "no KTAP or TAP output found");
			if (p.long_prefix)
				strbuf_addf(err, " (line %lu: a version line behind more than %d bytes of "
					    "other text, which is not read as a prefix)",
					    p.long_prefix, KTAP_MAX_LINE_PREFIX);
			ret = -1;
		}
		goto cleanup;
	}
	if (!p.done && !p.ret)
		release_held(&p);
	if (!p.done && !p.ret)
		end_all(&p);
	ret = p.ret;
	if (!ret)
		ret = crash_detector_emit(&p.crashes, sink, CRASH_BOOT_NONE, &crashes);
cleanup:
	ktap_release(&p);
	return ret;
}

/* How far into a window bare TAP's plan and results are looked for. */
#define KTAP_DETECT_BARE_BYTES (16 * 1024)

/*
 * Version lines score highest, and kselftest's runner lines ("ok 3
 * selftests: net: tls", "# selftests: net: tls") as much: both are sure
 * on a line of their own.  Bare TAP less, as other line formats may begin
 * with "ok": a plan or result first, or, within the first 16 KiB, a plan
 * and a result after some lines that are neither.
 */
static int ktap_detect(const char *head, size_t len)
{
	const char *p = head, *end = head + len;
	const char *version = find_version(head, end);
	const char *selftest = memmem(head, len, "selftests: ", 11);
	const char *bare_end = head + (len < KTAP_DETECT_BARE_BYTES ? len : KTAP_DETECT_BARE_BYTES);
	int score = 0, first = 1, plan = 0, result = 0;

	while (p < end && score < 100) {
		const char *eol, *s, *v, *next;
		struct tap_line l;
		size_t n;
		int kernel;

		/*
		 * Past the start only version and runner lines count: go
		 * straight to the next one, so that a long log costs little.
		 */
		if (!first && p >= bare_end) {
			if (version && version < p)
				version = find_version(p, end);
			if (selftest && selftest < p)
				selftest = memmem(p, end - p, "selftests: ", 11);
			next = !version ? selftest : !selftest ? version :
			       version < selftest ? version : selftest;
			if (!next)
				break;
			while (next > p && next[-1] != '\n')
				next--;
			p = next;
		}
		eol = memchr(p, '\n', end - p);
		n = (eol ? eol : end) - p;
		s = strip_decorations(p, &n, &kernel);
		v = n > 12 ? find_version(s, s + n) : NULL;
		if (v && v + 12 < s + n && is_digit(v[12])) {
			int ktap = v > s && v[-1] == 'K';
			const char *q = s;

			while (q < v - ktap && (is_blank(*q) || *q == '#' || *q == '\033'))
				q = *q == '\033' ? skip_escape(q, s + n) : q + 1;
			if (q == v - ktap)
				score = score > (ktap ? 100 : 95) ? score : (ktap ? 100 : 95);
			else
				score = score > 50 ? score : 50;
		}
		if (!memchr(s, '\0', n) && (first || p < bare_end || (n > 11 && memmem(s, n, "selftests: ", 11)))) {
			char shown[512];

			if (memchr(s, '\033', n)) {
				const char *q = s, *qe = s + n;
				size_t k = 0;

				while (q < qe && k < sizeof(shown)) {
					if (*q == '\033')
						q = skip_escape(q, qe);
					else
						shown[k++] = *q++;
				}
				s = shown;
				n = k;
			}
			classify(s, n, &l);
			if ((l.kind == LINE_SELFTEST && l.depth == 0) ||
			    (l.kind == LINE_RESULT && !l.hashes && selftest_split(l.desc, l.desc_len)))
				score = score > 90 ? score : 90;
			if (l.len && !l.hashes) {
				if (first && (l.kind == LINE_PLAN || l.kind == LINE_RESULT) && score < 80)
					score = 80;
				first = 0;
				plan |= l.kind == LINE_PLAN;
				result |= l.kind == LINE_RESULT && l.number == 1;
				if (plan && result && score < 80)
					score = 80;
			}
		}
		p = eol ? eol + 1 : end;
	}
	return score;
}

const struct format format_ktap = {
	.name = "ktap",
	.description = "KTAP, TAP13/14 and kselftest",
	.detect = ktap_detect,
	.parse = ktap_parse,
	.embedded = 1,
};
