#include "formats/format.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

extern const struct format format_ktap;
extern const struct format format_junit;
extern const struct format format_lava;
extern const struct format format_ltp;
extern const struct format format_kunit_json;
extern const struct format format_kcidb;
extern const struct format format_tuxrun;
extern const struct format format_fuego;
extern const struct format format_console;

static const struct format *const formats[] = {
	&format_ktap,
	&format_junit,
	&format_lava,
	&format_ltp,
	&format_kunit_json,
	&format_kcidb,
	&format_tuxrun,
	&format_fuego,
	&format_console,
};

const struct format *format_find(const char *name)
{
	size_t i;

	if (!strcasecmp(name, "tap") || !strcasecmp(name, "kselftest"))
		name = "ktap";
	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcasecmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

const struct format *format_detect(const char *head, size_t len)
{
	const struct format *best = NULL;
	int best_score = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		int score = formats[i]->detect(head, len);

		if (score > best_score) {
			best = formats[i];
			best_score = score;
		}
	}
	return best;
}

const struct format *format_detect_embedded(const char *window, size_t len, int min_score)
{
	const struct format *best = NULL;
	int best_score = min_score - 1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		int score;

		if (!formats[i]->embedded)
			continue;
		score = formats[i]->detect(window, len);
		if (score > best_score) {
			best = formats[i];
			best_score = score;
		}
	}
	return best;
}

void format_list_names(struct strbuf *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", formats[i]->name);
}

void format_path_component(struct strbuf *out, const char *name, size_t len)
{
	size_t start = out->len, i;
	int pending_sep = 0;
	char *p;

	/* At most one byte out per byte in: grow once, write directly. */
	strbuf_grow(out, len + sizeof("unnamed"));
	p = out->buf + out->len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!is_path_char((char)c)) {
			pending_sep = 1;
			continue;
		}
		if (pending_sep && p > out->buf + start)
			*p++ = '_';
		pending_sep = 0;
		*p++ = (char)c;
	}
	strbuf_setlen(out, (size_t)(p - out->buf));
	if (out->len == start)
		strbuf_addstr(out, "unnamed");
}

int format_is_path_component(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_path_char(name[i]))
			return 0;
	return len > 0;
}

size_t format_cut_len(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	len = max;
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

void format_add_cut_mark(struct strbuf *out, size_t max)
{
	strbuf_addf(out, " [cut at %lu bytes]", (unsigned long)max);
}

void format_add_cut(struct strbuf *out, const char *s, size_t len, size_t max)
{
	size_t cut = format_cut_len(s, len, max);

	strbuf_add(out, s, cut);
	if (cut < len)
		format_add_cut_mark(out, max);
}

void format_add_cut_str(struct strbuf *out, const char *s, size_t max)
{
	format_add_cut(out, s, strnlen(s, max + 1), max);
}

void format_cut_component(struct strbuf *out, const char *name, size_t len, size_t max)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i, start = out->len;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	format_path_component(out, name, format_cut_len(name, len, max - 9));
	if (out->len - start > max - 9)
		strbuf_setlen(out, start + max - 9);
	strbuf_addf(out, "_%08x", (unsigned)h);
}

void format_original_name(struct strbuf *out, const char *name, const char *reason)
{
	size_t run;

	strbuf_addstr(out, "name \"");
	/* in runs: a byte at a time shows when every test of a log is renamed */
	for (;;) {
		run = strcspn(name, "\"\\");
		strbuf_add(out, name, run);
		name += run;
		if (!*name)
			break;
		strbuf_addch(out, '\\');
		strbuf_addch(out, *name++);
	}
	strbuf_addch(out, '"');
	if (reason && *reason)
		strbuf_addf(out, ": %s", reason);
}
