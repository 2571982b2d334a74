#include "kcidb/check.h"
#include "kcidb/schema.h"
#include "lib/usage.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256
#define MAX_PROPS 64	/* properties of one object type: bits of a uint64_t */

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
		if (i >= MAX_PROPS)
			BUG("a schema object type with more than %d properties", MAX_PROPS);
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
	const struct node *any = n->props ? NULL : &kcidb_schema_any;
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
	const struct node *items = n->kind == K_ANY ? &kcidb_schema_any : n->items;
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
		return parse_object(P, n->kind == K_ANY ? &kcidb_schema_misc : n);
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
		ret = parse_value(&P, &kcidb_schema_document);
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
