#include "lib/color.h"
#include "lib/hex.h"
#include "lib/pager.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define COLOR_RESET "\033[m"

/* Indexed by enum color_slot: the config name and git-like defaults. */
static const struct {
	const char *name;
	const char *value;
} slot_defaults[COLOR_SLOT__NR] = {
	[COLOR_COMMIT] = { "commit", "yellow" },
	[COLOR_FAIL] = { "fail", "bold red" },
	[COLOR_ERROR] = { "error", "red" },
	[COLOR_MISS] = { "miss", "yellow" },
	[COLOR_PASS] = { "pass", "green" },
	[COLOR_DONE] = { "done", "cyan" },
	[COLOR_SKIP] = { "skip", "yellow" },
};

static const enum color_slot status_slot[STATUS__NR] = {
	[STATUS_FAIL] = COLOR_FAIL,
	[STATUS_ERROR] = COLOR_ERROR,
	[STATUS_MISS] = COLOR_MISS,
	[STATUS_PASS] = COLOR_PASS,
	[STATUS_DONE] = COLOR_DONE,
	[STATUS_SKIP] = COLOR_SKIP,
};

static int use_color;
static char slot_color[COLOR_SLOT__NR][COLOR_MAXLEN];

int color_parse_when(const char *value)
{
	if (!strcasecmp(value, "always"))
		return GIT_COLOR_ALWAYS;
	if (!strcasecmp(value, "never"))
		return GIT_COLOR_NEVER;
	if (!strcasecmp(value, "auto"))
		return GIT_COLOR_AUTO;
	return GIT_COLOR_UNKNOWN;
}

int color_parse_config(const char *value)
{
	int when = color_parse_when(value), b;

	if (when != GIT_COLOR_UNKNOWN)
		return when;
	b = config_parse_bool(value);
	if (b < 0)
		return GIT_COLOR_UNKNOWN;
	/* Any truth value means "auto" since git 1.8.4. */
	return b ? GIT_COLOR_AUTO : GIT_COLOR_NEVER;
}

/* One colour word, as the SGR parameters that set it as a foreground. */
struct color_word {
	enum { COLOR_UNSPECIFIED, COLOR_NORMAL, COLOR_ANSI, COLOR_256, COLOR_RGB } type;
	int value;		/* ANSI: 30-37, 39 or 90-97; 256: 0-255 */
	unsigned char rgb[3];
};

static int parse_hex2(const char *s, unsigned char *out)
{
	int byte = hex_byte(s);

	if (byte < 0)
		return -1;
	*out = (unsigned char)byte;
	return 0;
}

static int parse_color_word(const char *word, size_t len, struct color_word *out)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
	};
	char buf[32], *end;
	const char *name = buf;
	int bright = 0;
	long val;
	size_t i;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, word, len);
	buf[len] = '\0';

	if (!strcasecmp(name, "normal")) {
		out->type = COLOR_NORMAL;
		return 0;
	}
	if (!strcasecmp(name, "default")) {
		out->type = COLOR_ANSI;
		out->value = 39;
		return 0;
	}
	if (name[0] == '#' && len == 7) {
		for (i = 0; i < 3; i++)
			if (parse_hex2(name + 1 + 2 * i, &out->rgb[i]))
				return -1;
		out->type = COLOR_RGB;
		return 0;
	}
	if (!strncasecmp(name, "bright", 6)) {
		bright = 1;
		name += 6;
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcasecmp(name, names[i])) {
			out->type = COLOR_ANSI;
			out->value = (int)i + (bright ? 90 : 30);
			return 0;
		}
	}
	if (bright)
		return -1;
	val = strtol(name, &end, 10);
	if (!*name || *end || val < -1 || val > 255)
		return -1;
	if (val < 0) {
		out->type = COLOR_NORMAL;
	} else if (val < 16) {
		/* The first 16 as plain ANSI codes, which more terminals know. */
		out->type = COLOR_ANSI;
		out->value = (int)(val < 8 ? 30 + val : 90 + val - 8);
	} else {
		out->type = COLOR_256;
		out->value = (int)val;
	}
	return 0;
}

/* git's attributes with the SGR codes that set and clear them. */
static const struct {
	const char *name;
	int on, off;
} attrs[] = {
	{ "bold", 1, 22 }, { "dim", 2, 22 }, { "italic", 3, 23 }, { "ul", 4, 24 },
	{ "blink", 5, 25 }, { "reverse", 7, 27 }, { "strike", 9, 29 },
};

/* "bold" sets attrs[i] in `set`; "nobold" or "no-bold" in `unset`. */
static int parse_attribute(const char *word, size_t len, unsigned *set, unsigned *unset)
{
	unsigned *bits = set;
	size_t i;

	if (len > 2 && !strncasecmp(word, "no", 2)) {
		bits = unset;
		word += 2;
		len -= 2;
		if (*word == '-') {
			word++;
			len--;
		}
	}
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		if (strlen(attrs[i].name) == len && !strncasecmp(word, attrs[i].name, len)) {
			*bits |= 1u << i;
			return 0;
		}
	}
	return -1;
}

/*
 * Adds one parameter to an SGR sequence that starts with "\033[".  A
 * reset is git's empty first parameter, so a parameter follows the
 * separator whenever anything came before it.
 */
static void add_sgr(struct strbuf *sb, int *params, int code)
{
	if ((*params)++)
		strbuf_addch(sb, ';');
	if (code >= 0)
		strbuf_addf(sb, "%d", code);
}

/* Adds the codes for the bits of `bits`, once each (bold and dim share 22). */
static void add_attributes(struct strbuf *sb, int *params, unsigned bits, int off)
{
	int last = -1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		int code = off ? attrs[i].off : attrs[i].on;

		if ((bits & (1u << i)) && code != last)
			add_sgr(sb, params, code);
		if (bits & (1u << i))
			last = code;
	}
}

static void add_color_word(struct strbuf *sb, int *params, const struct color_word *c,
			   int background)
{
	switch (c->type) {
	case COLOR_ANSI:
		add_sgr(sb, params, c->value + (background ? 10 : 0));
		break;
	case COLOR_256:
		add_sgr(sb, params, background ? 48 : 38);
		strbuf_addf(sb, ";5;%d", c->value);
		break;
	case COLOR_RGB:
		add_sgr(sb, params, background ? 48 : 38);
		strbuf_addf(sb, ";2;%d;%d;%d", c->rgb[0], c->rgb[1], c->rgb[2]);
		break;
	default:
		break;
	}
}

static int is_empty_color(const struct color_word *c)
{
	return c->type == COLOR_UNSPECIFIED || c->type == COLOR_NORMAL;
}

int color_parse(const char *value, char *dst)
{
	struct color_word fg = { COLOR_UNSPECIFIED, 0, { 0 } }, bg = fg;
	struct strbuf sb = STRBUF_INIT;
	unsigned set = 0, unset = 0;
	int reset = 0, params = 0;
	const char *p = value;

	for (;;) {
		struct color_word c;
		size_t len;

		while (isspace((unsigned char)*p))
			p++;
		len = strcspn(p, " \t");
		if (!len)
			break;
		if (len == 5 && !strncasecmp(p, "reset", 5)) {
			reset = 1;
		} else if (!parse_color_word(p, len, &c)) {
			if (fg.type == COLOR_UNSPECIFIED)
				fg = c;
			else if (bg.type == COLOR_UNSPECIFIED)
				bg = c;
			else
				return -1;
		} else if (parse_attribute(p, len, &set, &unset)) {
			return -1;
		}
		p += len;
	}

	if (reset || set || unset || !is_empty_color(&fg) || !is_empty_color(&bg)) {
		strbuf_addstr(&sb, "\033[");
		if (reset)
			add_sgr(&sb, &params, -1);
		add_attributes(&sb, &params, set, 0);
		add_attributes(&sb, &params, unset, 1);
		add_color_word(&sb, &params, &fg, 0);
		add_color_word(&sb, &params, &bg, 1);
		strbuf_addch(&sb, 'm');
	}
	if (sb.len >= COLOR_MAXLEN)
		BUG("colour sequence longer than COLOR_MAXLEN");
	memcpy(dst, sb.buf, sb.len + 1);
	strbuf_release(&sb);
	return 0;
}

/* A colour setting: -1 when unset; dies on a value git would refuse. */
static int config_colorbool(git_repository *repo, const char *key)
{
	char *value = config_get_string(repo, key);
	int ret;

	if (!value)
		return GIT_COLOR_UNKNOWN;
	ret = color_parse_config(value);
	if (ret == GIT_COLOR_UNKNOWN)
		die("bad boolean config value '%s' for '%s'", value, key);
	free(value);
	return ret;
}

static int want_color_auto(git_repository *repo)
{
	const char *term = getenv("TERM");

	if (!term || !strcmp(term, "dumb"))
		return 0;
	if (isatty(1))
		return 1;
	return pager_in_use() && config_get_bool(repo, "color.pager", 1);
}

void color_setup(git_repository *repo, int when)
{
	struct strbuf key = STRBUF_INIT;
	size_t i;

	if (when == GIT_COLOR_UNKNOWN)
		when = config_colorbool(repo, "color.results");
	if (when == GIT_COLOR_UNKNOWN)
		when = config_colorbool(repo, "color.ui");
	if (when == GIT_COLOR_UNKNOWN)
		when = GIT_COLOR_AUTO;
	use_color = when == GIT_COLOR_AUTO ? want_color_auto(repo) : when == GIT_COLOR_ALWAYS;
	if (!use_color)
		return;

	for (i = 0; i < COLOR_SLOT__NR; i++) {
		char *value;

		strbuf_reset(&key);
		strbuf_addf(&key, "color.results.%s", slot_defaults[i].name);
		value = config_get_string(repo, key.buf);
		if (color_parse(value ? value : slot_defaults[i].value, slot_color[i])) {
			error("invalid color value: %s", value);
			die("bad config variable '%s'", key.buf);
		}
		free(value);
	}
	strbuf_release(&key);
}

int color_enabled(void)
{
	return use_color;
}

const char *color_get(enum color_slot slot)
{
	return use_color ? slot_color[slot] : "";
}

const char *color_status(enum result_status status)
{
	return color_get(status_slot[status]);
}

const char *color_reset(void)
{
	return use_color ? COLOR_RESET : "";
}
