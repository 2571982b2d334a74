#include "kcidb-check.h"
#include "../lib/usage.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The schema, as a table: each node says what a value must be.  The
 * parser walks the document and the table together.
 */
enum kind {
	K_ANY,		/* any JSON value (inside misc) */
	K_OBJECT,
	K_ARRAY,
	K_STRING,
	K_NUMBER,
	K_INTEGER,
	K_BOOL,
};

typedef int (*string_check)(const char *s, size_t len);

struct prop;

struct node {
	enum kind kind;
	string_check check;		/* K_STRING: extra rule */
	const char *rule;		/* what the rule is, for messages */
	size_t max_chars;		/* K_STRING: 0 for no limit */
	const struct prop *props;	/* K_OBJECT: NULL for any keys (misc) */
	const struct node *items;	/* K_ARRAY */
	int has_min, has_max;		/* K_INTEGER */
	double min, max;
	int checks_id_origin;		/* K_OBJECT: id must start with origin ':' */
};

struct prop {
	const char *name;
	const struct node *node;
	int required;
};

#define MAX_DEPTH 256
#define MAX_PROPS 64

struct frame {
	const char *key;	/* as written in the document */
	size_t key_len;
	long index;		/* array index, or -1 */
};

struct parser {
	const char *start, *p, *end;
	struct strbuf *err;
	struct strbuf str;	/* the decoded string, when it had escapes */
	struct strbuf id, origin;	/* of the object being checked */
	int has_id, has_origin;
	struct frame stack[MAX_DEPTH];
	int depth;
};

/* ---- string rules ---- */

static int is_lower_alnum_us(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int check_origin(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_lower_alnum_us(s[i]))
			return 0;
	return 1;
}

static int check_id(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && is_lower_alnum_us(s[i]); i++)
		;
	return i > 0 && i < len && s[i] == ':';
}

static int check_architecture(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_lower_alnum_us(s[i]))
			return 0;
	return 1;
}

static int is_lower_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int check_commit_hash(const char *s, size_t len)
{
	return len == 40 && is_lower_hex(s, len);
}

static int check_patchset_hash(const char *s, size_t len)
{
	return !len || (len == 64 && is_lower_hex(s, len));
}

static int is_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '-';
}

static int check_path(const char *s, size_t len)
{
	size_t i, component = 0;

	if (!len)
		return 1;	/* the root: all tests of a build */
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (!component)
				return 0;
			component = 0;
		} else if (is_path_char(s[i])) {
			component++;
		} else {
			return 0;
		}
	}
	return component > 0;
}

static int check_resource_name(const char *s, size_t len)
{
	return len && !memchr(s, '/', len);
}

static int check_email(const char *s, size_t len)
{
	return memchr(s, '@', len) != NULL;
}

static int check_https_url(const char *s, size_t len)
{
	return len >= 8 && !memcmp(s, "https://", 8) && kcidb_is_uri(s, len);
}

static int check_uri(const char *s, size_t len)
{
	return kcidb_is_uri(s, len);
}

static int check_date_time(const char *s, size_t len)
{
	return kcidb_is_date_time(s, len);
}

static int check_status(const char *s, size_t len)
{
	static const char *const names[] = { "FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && !memcmp(names[i], s, len))
			return 1;
	return 0;
}

static int check_prefix(const char *s, size_t len)
{
	return (len == 6 && !memcmp(s, "metric", 6)) || (len == 6 && !memcmp(s, "binary", 6));
}

static int is_unreserved_or_delim(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		strchr("-._~!$&'()*+,;=:@/?[]", c) != NULL;
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int kcidb_is_uri(const char *s, size_t len)
{
	size_t i = 0;
	int fragment = 0;

	if (!len || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (i < len && s[i] != ':') {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '-' || c == '.'))
			return 0;
		i++;
	}
	if (i == len)
		return 0;
	for (i++; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return 0;
			i += 2;
		} else if (c == '#') {
			if (fragment++)
				return 0;
		} else if (!c || !is_unreserved_or_delim(c)) {
			return 0;
		}
	}
	return 1;
}

static int digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

int kcidb_is_date_time(const char *s, size_t len)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int year, month, day, hour, minute, second, oh, om;
	size_t i = 19;

	if (len < 20 || !digits(s, 4, &year) || s[4] != '-' || !digits(s + 5, 2, &month) ||
	    s[7] != '-' || !digits(s + 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2, &hour) || s[13] != ':' || !digits(s + 14, 2, &minute) ||
	    s[16] != ':' || !digits(s + 17, 2, &second))
		return 0;
	if (month < 1 || month > 12 || day < 1 || day > mdays[month - 1] || hour > 23 ||
	    minute > 59 || second > 60)
		return 0;
	if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		return 0;
	if (s[i] == '.') {
		size_t start = ++i;

		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return 0;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z'))
		return i + 1 == len;
	if (i + 6 != len || (s[i] != '+' && s[i] != '-') || !digits(s + i + 1, 2, &oh) ||
	    s[i + 3] != ':' || !digits(s + i + 4, 2, &om))
		return 0;
	return oh <= 23 && om <= 59;
}

/* ---- the schema ---- */

static const struct node n_any = { .kind = K_ANY };
static const struct node n_misc = { .kind = K_OBJECT };
static const struct node n_bool = { .kind = K_BOOL };
static const struct node n_number = { .kind = K_NUMBER };
static const struct node n_uint = { .kind = K_INTEGER, .has_min = 1, .min = 0 };
static const struct node n_text = { .kind = K_STRING };
static const struct node n_log_excerpt = { .kind = K_STRING, .max_chars = 16384 };
static const struct node n_id = {
	.kind = K_STRING, .check = check_id, .rule = "^[a-z0-9_]+:[^\\0]*$" };
static const struct node n_origin = {
	.kind = K_STRING, .check = check_origin, .rule = "^[a-z0-9_]+$" };
static const struct node n_architecture = {
	.kind = K_STRING, .check = check_architecture, .rule = "^[a-z0-9_]*$" };
static const struct node n_commit_hash = {
	.kind = K_STRING, .check = check_commit_hash, .rule = "^[0-9a-f]{40}$" };
static const struct node n_patchset_hash = {
	.kind = K_STRING, .check = check_patchset_hash, .rule = "^$|^[0-9a-f]{64}$" };
static const struct node n_https_url = {
	.kind = K_STRING, .check = check_https_url, .rule = "an https:// URI" };
static const struct node n_uri = { .kind = K_STRING, .check = check_uri, .rule = "a URI" };
static const struct node n_date_time = {
	.kind = K_STRING, .check = check_date_time, .rule = "an RFC 3339 date-time" };
static const struct node n_email = {
	.kind = K_STRING, .check = check_email, .rule = "an e-mail address" };
static const struct node n_status = {
	.kind = K_STRING, .check = check_status,
	.rule = "one of FAIL, ERROR, MISS, PASS, DONE, SKIP" };
static const struct node n_path = {
	.kind = K_STRING, .check = check_path, .rule = "^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$" };
static const struct node n_resource_name = {
	.kind = K_STRING, .check = check_resource_name, .rule = "^[^/\\0]+$" };
static const struct node n_number_prefix = {
	.kind = K_STRING, .check = check_prefix, .rule = "one of metric, binary" };
static const struct node n_text_list = { .kind = K_ARRAY, .items = &n_text };
static const struct node n_path_list = { .kind = K_ARRAY, .items = &n_path };

static const struct prop resource_props[] = {
	{ "name", &n_resource_name, 1 },
	{ "url", &n_uri, 1 },
	{ NULL, NULL, 0 }
};
static const struct node n_resource = { .kind = K_OBJECT, .props = resource_props };
static const struct node n_resource_list = { .kind = K_ARRAY, .items = &n_resource };

static const struct prop checkout_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "comment", &n_text, 0 },
	{ "git_commit_hash", &n_commit_hash, 0 },
	{ "git_commit_message", &n_text, 0 },
	{ "git_commit_name", &n_text, 0 },
	{ "git_commit_tags", &n_text_list, 0 },
	{ "git_repository_branch", &n_text, 0 },
	{ "git_repository_branch_tip", &n_bool, 0 },
	{ "git_repository_url", &n_https_url, 0 },
	{ "id", &n_id, 1 },
	{ "log_excerpt", &n_log_excerpt, 0 },
	{ "log_url", &n_uri, 0 },
	{ "message_id", &n_email, 0 },
	{ "misc", &n_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "origin_builds_finish_time", &n_date_time, 0 },
	{ "origin_tests_finish_time", &n_date_time, 0 },
	{ "patchset_files", &n_resource_list, 0 },
	{ "patchset_hash", &n_patchset_hash, 0 },
	{ "start_time", &n_date_time, 0 },
	{ "tree_name", &n_text, 0 },
	{ "valid", &n_bool, 0 },
	{ NULL, NULL, 0 }
};

static const struct prop build_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "architecture", &n_architecture, 0 },
	{ "checkout_id", &n_id, 1 },
	{ "command", &n_text, 0 },
	{ "comment", &n_text, 0 },
	{ "compiler", &n_text, 0 },
	{ "config_name", &n_text, 0 },
	{ "config_url", &n_uri, 0 },
	{ "duration", &n_number, 0 },
	{ "id", &n_id, 1 },
	{ "input_files", &n_resource_list, 0 },
	{ "log_excerpt", &n_log_excerpt, 0 },
	{ "log_url", &n_uri, 0 },
	{ "misc", &n_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "output_files", &n_resource_list, 0 },
	{ "start_time", &n_date_time, 0 },
	{ "status", &n_status, 0 },
	{ NULL, NULL, 0 }
};

static const struct prop environment_props[] = {
	{ "comment", &n_text, 0 },
	{ "compatible", &n_text_list, 0 },
	{ "misc", &n_misc, 0 },
	{ NULL, NULL, 0 }
};
static const struct node n_environment = { .kind = K_OBJECT, .props = environment_props };

static const struct prop test_number_props[] = {
	{ "prefix", &n_number_prefix, 0 },
	{ "unit", &n_text, 0 },
	{ "value", &n_number, 1 },
	{ NULL, NULL, 0 }
};
static const struct node n_test_number = { .kind = K_OBJECT, .props = test_number_props };

static const struct prop test_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "build_id", &n_id, 1 },
	{ "comment", &n_text, 0 },
	{ "duration", &n_number, 0 },
	{ "environment", &n_environment, 0 },
	{ "id", &n_id, 1 },
	{ "input_files", &n_resource_list, 0 },
	{ "log_excerpt", &n_log_excerpt, 0 },
	{ "log_url", &n_uri, 0 },
	{ "misc", &n_misc, 0 },
	{ "number", &n_test_number, 0 },
	{ "origin", &n_origin, 1 },
	{ "output_files", &n_resource_list, 0 },
	{ "path", &n_path, 0 },
	{ "start_time", &n_date_time, 0 },
	{ "status", &n_status, 0 },
	{ NULL, NULL, 0 }
};

static const struct prop culprit_props[] = {
	{ "code", &n_bool, 0 },
	{ "harness", &n_bool, 0 },
	{ "tool", &n_bool, 0 },
	{ NULL, NULL, 0 }
};
static const struct node n_culprit = { .kind = K_OBJECT, .props = culprit_props };

static const struct prop issue_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "categories", &n_path_list, 0 },
	{ "comment", &n_text, 0 },
	{ "culprit", &n_culprit, 0 },
	{ "id", &n_id, 1 },
	{ "misc", &n_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "report_subject", &n_text, 0 },
	{ "report_url", &n_uri, 0 },
	{ "version", &n_uint, 1 },
	{ NULL, NULL, 0 }
};

static const struct prop incident_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "build_id", &n_id, 0 },
	{ "comment", &n_text, 0 },
	{ "id", &n_id, 1 },
	{ "issue_id", &n_id, 1 },
	{ "issue_version", &n_uint, 1 },
	{ "misc", &n_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "present", &n_bool, 0 },
	{ "test_id", &n_id, 0 },
	{ NULL, NULL, 0 }
};

static const struct node n_checkout = {
	.kind = K_OBJECT, .props = checkout_props, .checks_id_origin = 1 };
static const struct node n_build = {
	.kind = K_OBJECT, .props = build_props, .checks_id_origin = 1 };
static const struct node n_test = {
	.kind = K_OBJECT, .props = test_props, .checks_id_origin = 1 };
static const struct node n_issue = {
	.kind = K_OBJECT, .props = issue_props, .checks_id_origin = 1 };
static const struct node n_incident = {
	.kind = K_OBJECT, .props = incident_props, .checks_id_origin = 1 };

static const struct node n_major = {
	.kind = K_INTEGER, .has_min = 1, .min = 5, .has_max = 1, .max = 5 };
static const struct node n_minor = {
	.kind = K_INTEGER, .has_min = 1, .min = 0, .has_max = 1, .max = 3 };
static const struct prop version_props[] = {
	{ "major", &n_major, 1 },
	{ "minor", &n_minor, 0 },
	{ NULL, NULL, 0 }
};
static const struct node n_version = { .kind = K_OBJECT, .props = version_props };

static const struct node n_checkouts = { .kind = K_ARRAY, .items = &n_checkout };
static const struct node n_builds = { .kind = K_ARRAY, .items = &n_build };
static const struct node n_tests = { .kind = K_ARRAY, .items = &n_test };
static const struct node n_issues = { .kind = K_ARRAY, .items = &n_issue };
static const struct node n_incidents = { .kind = K_ARRAY, .items = &n_incident };

static const struct prop top_props[] = {
	{ "builds", &n_builds, 0 },
	{ "checkouts", &n_checkouts, 0 },
	{ "incidents", &n_incidents, 0 },
	{ "issues", &n_issues, 0 },
	{ "tests", &n_tests, 0 },
	{ "version", &n_version, 1 },
	{ NULL, NULL, 0 }
};
static const struct node n_top = { .kind = K_OBJECT, .props = top_props };

/* ---- the parser ---- */

/* Prints where the parser is: "tests[3].status", or "document". */
static void where(struct parser *P, struct strbuf *out)
{
	int i;

	for (i = 0; i < P->depth; i++) {
		const struct frame *f = &P->stack[i];

		if (f->index >= 0) {
			strbuf_addf(out, "[%ld]", f->index);
		} else {
			if (out->len)
				strbuf_addch(out, '.');
			strbuf_add(out, f->key, f->key_len);
		}
	}
	if (!out->len)
		strbuf_addstr(out, "document");
}

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *P, const char *fmt, ...)
{
	va_list ap;

	if (P->err->len)
		return -1;	/* keep the first, innermost message */
	where(P, P->err);
	strbuf_addstr(P->err, ": ");
	va_start(ap, fmt);
	strbuf_vaddf(P->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int syntax_error(struct parser *P, const char *what)
{
	return fail(P, "invalid JSON at byte %zu: %s", (size_t)(P->p - P->start), what);
}

static void skip_ws(struct parser *P)
{
	while (P->p < P->end && (*P->p == ' ' || *P->p == '\n' || *P->p == '\t' || *P->p == '\r'))
		P->p++;
}

static const char *type_name(enum kind k)
{
	switch (k) {
	case K_OBJECT: return "an object";
	case K_ARRAY: return "an array";
	case K_STRING: return "a string";
	case K_NUMBER: return "a number";
	case K_INTEGER: return "an integer";
	case K_BOOL: return "a boolean";
	default: return "a value";
	}
}

/* Length of the valid UTF-8 sequence at p (bounded by end), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t avail = (size_t)(end - p);

	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		return avail >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (*p >= 0xe0 && *p <= 0xef) {
		unsigned lo = *p == 0xe0 ? 0xa0 : 0x80, hi = *p == 0xed ? 0x9f : 0xbf;

		return avail >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (*p >= 0xf0 && *p <= 0xf4) {
		unsigned lo = *p == 0xf0 ? 0x90 : 0x80, hi = *p == 0xf4 ? 0x8f : 0xbf;

		return avail >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
			(p[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

static int hex4(const char *p, unsigned *out)
{
	int i;

	*out = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*out <<= 4;
		if (c >= '0' && c <= '9')
			*out |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*out |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*out |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (char)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * Reads the string at P->p (on its opening quote).  Its decoded bytes are
 * either a slice of the document (no escapes) or P->str.  `raw` and
 * `raw_len` get the text as written, quotes excluded.
 */
static int parse_string(struct parser *P, const char **out, size_t *out_len,
			const char **raw, size_t *raw_len)
{
	const char *start = ++P->p;
	int escaped = 0;

	for (;;) {
		const unsigned char *u;

		while (P->p < P->end && (unsigned char)*P->p >= 0x20 &&
		       (unsigned char)*P->p < 0x80 && *P->p != '"' && *P->p != '\\')
			P->p++;
		if (P->p >= P->end)
			return syntax_error(P, "unterminated string");
		u = (const unsigned char *)P->p;
		if (*u == '"')
			break;
		if (*u < 0x20)
			return syntax_error(P, "control character in a string");
		if (*u == '\\') {
			escaped = 1;
			if (P->p + 1 >= P->end)
				return syntax_error(P, "unterminated string");
			P->p += P->p[1] == 'u' ? 6 : 2;
			if (P->p > P->end)
				return syntax_error(P, "unterminated string");
			continue;
		} else {
			size_t n = utf8_len(u, (const unsigned char *)P->end);

			if (!n)
				return fail(P, "a string is not valid UTF-8");
			P->p += n;
		}
	}
	*raw = start;
	*raw_len = (size_t)(P->p - start);
	P->p++;	/* the closing quote */
	if (!escaped) {
		*out = start;
		*out_len = *raw_len;
		return 0;
	}

	strbuf_reset(&P->str);
	{
		const char *s = start, *end = start + *raw_len;

		while (s < end) {
			unsigned cp, lo;

			if (*s != '\\') {
				strbuf_addch(&P->str, *s++);
				continue;
			}
			switch (s[1]) {
			case '"': strbuf_addch(&P->str, '"'); break;
			case '\\': strbuf_addch(&P->str, '\\'); break;
			case '/': strbuf_addch(&P->str, '/'); break;
			case 'b': strbuf_addch(&P->str, '\b'); break;
			case 'f': strbuf_addch(&P->str, '\f'); break;
			case 'n': strbuf_addch(&P->str, '\n'); break;
			case 'r': strbuf_addch(&P->str, '\r'); break;
			case 't': strbuf_addch(&P->str, '\t'); break;
			case 'u':
				if (hex4(s + 2, &cp))
					return syntax_error(P, "bad \\u escape");
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (s + 12 > end || s[6] != '\\' || s[7] != 'u' ||
					    hex4(s + 8, &lo) || lo < 0xdc00 || lo > 0xdfff)
						return fail(P, "a string holds a lone UTF-16 surrogate");
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					s += 6;
				} else if (cp >= 0xdc00 && cp <= 0xdfff) {
					return fail(P, "a string holds a lone UTF-16 surrogate");
				}
				add_utf8(&P->str, cp);
				s += 6;
				continue;
			default:
				return syntax_error(P, "bad escape in a string");
			}
			s += 2;
		}
	}
	*out = P->str.buf;
	*out_len = P->str.len;
	return 0;
}

static size_t count_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void show_value(struct strbuf *out, const char *s, size_t len)
{
	size_t i, shown = len > 60 ? 60 : len;

	strbuf_addch(out, '\'');
	for (i = 0; i < shown; i++)
		strbuf_addch(out, (unsigned char)s[i] < 0x20 ? '?' : s[i]);
	if (shown < len)
		strbuf_addstr(out, "...");
	strbuf_addch(out, '\'');
}

static int check_string(struct parser *P, const struct node *n, const char *s, size_t len)
{
	struct strbuf v = STRBUF_INIT;
	int ret = 0;

	if (n->kind == K_ANY)
		return 0;
	if (memchr(s, '\0', len))
		return fail(P, "a string holds a NUL character");
	if (n->max_chars && len > n->max_chars && count_chars(s, len) > n->max_chars)
		return fail(P, "longer than %zu characters", n->max_chars);
	if (n->check && !n->check(s, len)) {
		show_value(&v, s, len);
		ret = fail(P, "%s is not %s%s", v.buf,
			   n->rule[0] == '^' ? "matched by " : "", n->rule);
		strbuf_release(&v);
	}
	return ret;
}

static int parse_number(struct parser *P, const struct node *n)
{
	const char *start = P->p, *s = P->p;
	int integral = 1;
	char buf[64];
	double value;

	if (s < P->end && *s == '-')
		s++;
	if (s < P->end && *s == '0')
		s++;
	else if (s < P->end && *s >= '1' && *s <= '9')
		while (s < P->end && *s >= '0' && *s <= '9')
			s++;
	else
		return syntax_error(P, "unexpected character");
	if (s < P->end && *s == '.') {
		integral = 0;
		if (++s >= P->end || *s < '0' || *s > '9')
			return syntax_error(P, "bad number");
		while (s < P->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < P->end && (*s == 'e' || *s == 'E')) {
		integral = 0;
		if (++s < P->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= P->end || *s < '0' || *s > '9')
			return syntax_error(P, "bad number");
		while (s < P->end && *s >= '0' && *s <= '9')
			s++;
	}
	P->p = s;
	if (n->kind == K_ANY || n->kind == K_NUMBER)
		return 0;
	if (n->kind != K_INTEGER)
		return fail(P, "must be %s, not a number", type_name(n->kind));
	if ((size_t)(s - start) >= sizeof(buf))
		return fail(P, "number out of range");
	memcpy(buf, start, (size_t)(s - start));
	buf[s - start] = '\0';
	value = strtod(buf, NULL);
	/* JSON Schema counts 5.0 as an integer. */
	if (!integral && (!isfinite(value) || value != floor(value)))
		return fail(P, "must be an integer, not %s", buf);
	if (n->has_min && value < n->min)
		return fail(P, "%s is less than the minimum %g", buf, n->min);
	if (n->has_max && value > n->max)
		return fail(P, "%s is more than the maximum %g", buf, n->max);
	return 0;
}

static int parse_value(struct parser *P, const struct node *n);

static int push_frame(struct parser *P, const char *key, size_t key_len, long index)
{
	if (P->depth >= MAX_DEPTH)
		return fail(P, "nested more than %d levels deep", MAX_DEPTH);
	P->stack[P->depth].key = key;
	P->stack[P->depth].key_len = key_len;
	P->stack[P->depth].index = index;
	P->depth++;
	return 0;
}

static const struct prop *find_prop(const struct prop *props, const char *key, size_t len,
				    size_t *index)
{
	size_t i;

	for (i = 0; props[i].name; i++) {
		if (props[i].name[0] == key[0] && strlen(props[i].name) == len &&
		    !memcmp(props[i].name, key, len)) {
			*index = i;
			return &props[i];
		}
	}
	return NULL;
}

static int parse_object(struct parser *P, const struct node *n)
{
	const struct node *any = n->props ? NULL : &n_any;
	uint64_t seen = 0;
	size_t i;

	if (n->checks_id_origin) {
		P->has_id = P->has_origin = 0;
		strbuf_reset(&P->id);
		strbuf_reset(&P->origin);
	}
	P->p++;
	skip_ws(P);
	if (P->p < P->end && *P->p == '}') {
		P->p++;
		goto end;
	}
	for (;;) {
		const char *key, *raw, *value_start;
		size_t key_len, raw_len, index = 0;
		const struct prop *prop = NULL;

		skip_ws(P);
		if (P->p >= P->end || *P->p != '"')
			return syntax_error(P, "expected a key");
		if (parse_string(P, &key, &key_len, &raw, &raw_len))
			return -1;
		if (!any) {
			prop = find_prop(n->props, key, key_len, &index);
			if (!prop) {
				struct strbuf k = STRBUF_INIT;

				show_value(&k, key, key_len);
				fail(P, "unknown property %s", k.buf);
				strbuf_release(&k);
				return -1;
			}
			if (seen & ((uint64_t)1 << index))
				return fail(P, "duplicate property '%s'", prop->name);
			seen |= (uint64_t)1 << index;
		}
		skip_ws(P);
		if (P->p >= P->end || *P->p != ':')
			return syntax_error(P, "expected ':'");
		P->p++;
		skip_ws(P);
		if (push_frame(P, raw, raw_len, -1))
			return -1;
		value_start = P->p;
		if (parse_value(P, prop ? prop->node : any))
			return -1;
		P->depth--;
		if (n->checks_id_origin && prop && *value_start == '"') {
			/* re-read the (short) value: ids and origins have no escapes to fear */
			const char *v, *r;
			size_t vlen, rlen;
			const char *save = P->p;

			if (!strcmp(prop->name, "id") || !strcmp(prop->name, "origin")) {
				P->p = value_start;
				parse_string(P, &v, &vlen, &r, &rlen);
				P->p = save;
				if (prop->name[0] == 'i') {
					strbuf_add(&P->id, v, vlen);
					P->has_id = 1;
				} else {
					strbuf_add(&P->origin, v, vlen);
					P->has_origin = 1;
				}
			}
		}
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			P->p++;
			continue;
		}
		if (P->p < P->end && *P->p == '}') {
			P->p++;
			break;
		}
		return syntax_error(P, "expected ',' or '}'");
	}
end:
	if (!any) {
		for (i = 0; n->props[i].name; i++)
			if (n->props[i].required && !(seen & ((uint64_t)1 << i)))
				return fail(P, "required property '%s' is missing", n->props[i].name);
	}
	if (n->checks_id_origin && P->has_id && P->has_origin &&
	    (P->id.len <= P->origin.len || P->id.buf[P->origin.len] != ':' ||
	     memcmp(P->id.buf, P->origin.buf, P->origin.len)))
		return fail(P, "id '%s' does not start with its origin '%s:'", P->id.buf,
			    P->origin.buf);
	return 0;
}

static int parse_array(struct parser *P, const struct node *n)
{
	const struct node *items = n->kind == K_ANY ? &n_any : n->items;
	long index = 0;

	P->p++;
	skip_ws(P);
	if (P->p < P->end && *P->p == ']') {
		P->p++;
		return 0;
	}
	for (;; index++) {
		skip_ws(P);
		if (push_frame(P, NULL, 0, index) || parse_value(P, items))
			return -1;
		P->depth--;
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			P->p++;
			continue;
		}
		if (P->p < P->end && *P->p == ']') {
			P->p++;
			return 0;
		}
		return syntax_error(P, "expected ',' or ']'");
	}
}

static int literal(struct parser *P, const char *word)
{
	size_t len = strlen(word);

	if ((size_t)(P->end - P->p) < len || memcmp(P->p, word, len))
		return syntax_error(P, "unexpected character");
	P->p += len;
	return 0;
}

static int parse_value(struct parser *P, const struct node *n)
{
	const char *s, *raw;
	size_t len, raw_len;

	skip_ws(P);
	if (P->p >= P->end)
		return syntax_error(P, "unexpected end of input");
	switch (*P->p) {
	case '{':
		if (n->kind != K_OBJECT && n->kind != K_ANY)
			return fail(P, "must be %s, not an object", type_name(n->kind));
		return parse_object(P, n->kind == K_ANY ? &n_misc : n);
	case '[':
		if (n->kind != K_ARRAY && n->kind != K_ANY)
			return fail(P, "must be %s, not an array", type_name(n->kind));
		return parse_array(P, n);
	case '"':
		if (parse_string(P, &s, &len, &raw, &raw_len))
			return -1;
		if (n->kind != K_STRING && n->kind != K_ANY)
			return fail(P, "must be %s, not a string", type_name(n->kind));
		return check_string(P, n, s, len);
	case 't':
	case 'f':
		if (literal(P, *P->p == 't' ? "true" : "false"))
			return -1;
		if (n->kind != K_BOOL && n->kind != K_ANY)
			return fail(P, "must be %s, not a boolean", type_name(n->kind));
		return 0;
	case 'n':
		if (literal(P, "null"))
			return -1;
		if (n->kind != K_ANY)
			return fail(P, "must be %s, not null (leave the property out instead)",
				    type_name(n->kind));
		return 0;
	default:
		return parse_number(P, n);
	}
}

int kcidb_check_document(const char *json, size_t len, struct strbuf *err)
{
	struct parser P;
	int ret;

	memset(&P, 0, sizeof(P));
	P.start = P.p = json;
	P.end = json + len;
	P.err = err;
	strbuf_init(&P.str, 0);
	strbuf_init(&P.id, 0);
	strbuf_init(&P.origin, 0);
	skip_ws(&P);
	if (P.p >= P.end || *P.p != '{')
		ret = fail(&P, "a KCIDB document is a JSON object");
	else
		ret = parse_value(&P, &n_top);
	if (!ret) {
		skip_ws(&P);
		if (P.p != P.end)
			ret = syntax_error(&P, "text after the document");
	}
	strbuf_release(&P.str);
	strbuf_release(&P.id);
	strbuf_release(&P.origin);
	return ret;
}
