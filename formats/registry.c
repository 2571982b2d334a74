#include "format.h"
#include "../lib/usage.h"

#include <ctype.h>
#include <strings.h>

extern const struct format format_ktap;

static const struct format *const formats[] = {
	&format_ktap,
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

void format_list_names(struct strbuf *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", formats[i]->name);
}

void format_path_component(struct strbuf *out, const char *name, size_t len)
{
	size_t start = out->len;
	int pending_sep = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (isalnum(c) || c == '_' || c == '-') {
			if (pending_sep && out->len > start)
				strbuf_addch(out, '_');
			pending_sep = 0;
			strbuf_addch(out, (char)c);
		} else {
			pending_sep = 1;
		}
	}
	if (out->len == start)
		strbuf_addstr(out, "unnamed");
}
