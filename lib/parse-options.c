#include "lib/parse-options.h"
#include "lib/color.h"
#include "lib/usage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void string_list_append(struct string_list *list, const char *s)
{
	ALLOC_GROW(list->items, list->nr + 1, list->alloc);
	list->items[list->nr++] = s;
}

void string_list_clear(struct string_list *list)
{
	free(list->items);
	list->items = NULL;
	list->nr = list->alloc = 0;
}

/* Whether --no-<name> is accepted: flags, and --color as --no-color. */
static int has_negation(const struct option *o)
{
	return (o->type == OPTION_BOOL || o->type == OPTION_COLOR) && o->long_name &&
		strncmp(o->long_name, "no-", 3);
}

void usage_with_options(const char *const *usage, const struct option *opts, int to_stderr)
{
	FILE *out = to_stderr ? stderr : stdout;
	const char *prefix = "usage: ";

	for (; *usage; usage++) {
		fprintf(out, "%s%s\n", prefix, *usage);
		prefix = "   or: ";
	}
	if (opts->type != OPTION_END)
		fputc('\n', out);
	for (; opts->type != OPTION_END; opts++) {
		char left[128];
		int n = 0;

		if (opts->type == OPTION_GROUP) {
			fprintf(out, "\n%s\n", opts->help);
			continue;
		}
		if (opts->short_name)
			n = snprintf(left, sizeof(left), "-%c%s", opts->short_name,
				     opts->long_name ? ", " : "");
		if (opts->long_name)
			n += snprintf(left + n, sizeof(left) - n, "--%s%s", has_negation(opts) ? "[no-]" : "",
				      opts->long_name);
		if (opts->argh)
			snprintf(left + n, sizeof(left) - n, opts->type == OPTION_COLOR ? "[=<%s>]" : " <%s>",
				 opts->argh);
		if (strlen(left) > 22)
			fprintf(out, "    %s\n%28s%s\n", left, "", opts->help);
		else
			fprintf(out, "    %-24s%s\n", left, opts->help);
	}
	fputc('\n', out);
	exit(EXIT_USAGE);
}

void usage_msg_opt(const char *const *usage, const struct option *options, const char *fmt, ...)
{
	va_list ap;

	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	usage_with_options(usage, options, 1);
}

static const struct option *find_long(const struct option *opts, const char *name, size_t len,
				      int *negated)
{
	const struct option *o;

	*negated = 0;
	for (o = opts; o->type != OPTION_END; o++)
		if (o->long_name && strlen(o->long_name) == len && !strncmp(o->long_name, name, len))
			return o;
	if (len > 3 && !strncmp(name, "no-", 3)) {
		for (o = opts; o->type != OPTION_END; o++)
			if (has_negation(o) &&
			    strlen(o->long_name) == len - 3 && !strncmp(o->long_name, name + 3, len - 3)) {
				*negated = 1;
				return o;
			}
	}
	return NULL;
}

static void set_value(const struct option *o, const char *arg, int negated,
		      const char *const *usage, const struct option *opts)
{
	char *end;

	switch (o->type) {
	case OPTION_BOOL:
		*(int *)o->value = !negated;
		break;
	case OPTION_STRING:
		*(const char **)o->value = arg;
		break;
	case OPTION_STRING_LIST:
		string_list_append(o->value, arg);
		break;
	case OPTION_INTEGER:
		*(int *)o->value = (int)strtol(arg, &end, 10);
		if (!*arg || *end)
			usage_msg_opt(usage, opts, "option '%s' expects a number", o->long_name);
		break;
	case OPTION_COLOR:
		*(int *)o->value = negated ? GIT_COLOR_NEVER : arg ? color_parse_when(arg) : GIT_COLOR_ALWAYS;
		if (*(int *)o->value == GIT_COLOR_UNKNOWN)
			usage_msg_opt(usage, opts, "option '%s' expects \"always\", \"auto\", or \"never\"",
				      o->long_name);
		break;
	default:
		BUG("unexpected option type %d", o->type);
	}
}

int parse_options(int argc, const char **argv, const struct option *opts,
		  const char *const *usage)
{
	int dashdash;

	return parse_options_dashdash(argc, argv, opts, usage, &dashdash);
}

int parse_options_dashdash(int argc, const char **argv, const struct option *opts,
			   const char *const *usage, int *dashdash)
{
	int i, nr = 0;

	*dashdash = -1;

	if (argc == 2 && !strcmp(argv[1], "--git-completion-helper")) {
		parse_options_complete(NULL, opts);
		exit(0);
	}
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const struct option *o;
		int negated;

		if (!strcmp(arg, "--")) {
			*dashdash = nr;
			for (i++; i < argc; i++)
				argv[nr++] = argv[i];
			break;
		}
		/*
		 * A leading --help never gets here (git, or main.c, turns it
		 * into the manual page); anywhere else it means -h, as in git.
		 */
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help") || !strcmp(arg, "--help-all"))
			usage_with_options(usage, opts, 0);
		if (arg[0] == '-' && arg[1] == '-') {
			const char *eq = strchr(arg + 2, '=');
			size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

			o = find_long(opts, arg + 2, len, &negated);
			if (!o)
				usage_msg_opt(usage, opts, "unknown option '%s'", arg + 2);
			if (o->type == OPTION_BOOL || (o->type == OPTION_COLOR && (negated || !eq))) {
				if (eq)
					usage_msg_opt(usage, opts, "option '%s' takes no value", o->long_name);
				set_value(o, NULL, negated, usage, opts);
			} else if (eq) {
				set_value(o, eq + 1, 0, usage, opts);
			} else if (i + 1 < argc) {
				set_value(o, argv[++i], 0, usage, opts);
			} else {
				usage_msg_opt(usage, opts, "option '%s' requires a value", o->long_name);
			}
		} else if (arg[0] == '-' && arg[1]) {
			const char *p;

			for (p = arg + 1; *p; p++) {
				for (o = opts; o->type != OPTION_END; o++)
					if (o->short_name == *p)
						break;
				if (o->type == OPTION_END)
					usage_msg_opt(usage, opts, "unknown switch '%c'", *p);
				if (o->type == OPTION_BOOL) {
					set_value(o, NULL, 0, usage, opts);
					continue;
				}
				if (p[1])
					set_value(o, p + 1, 0, usage, opts);
				else if (i + 1 < argc)
					set_value(o, argv[++i], 0, usage, opts);
				else
					usage_msg_opt(usage, opts, "switch '%c' requires a value", *p);
				break;
			}
		} else {
			argv[nr++] = arg;
		}
	}
	argv[nr] = NULL;
	return nr;
}

void parse_options_complete(const char *const *words, const struct option *opts)
{
	const struct option *o;
	int printed = 0, dashdash = 0;

	for (; words && *words; words++)
		printf("%s%s", printed++ ? " " : "", *words);
	for (o = opts; o->type != OPTION_END; o++) {
		if (!o->long_name || o->type == OPTION_GROUP)
			continue;
		printf("%s--%s%s", printed++ ? " " : "", o->long_name,
		       o->type == OPTION_BOOL || o->type == OPTION_COLOR ? "" : "=");
	}
	/* git's completion offers these only once "--no-" is typed. */
	for (o = opts; o->type != OPTION_END; o++) {
		if (!has_negation(o))
			continue;
		if (!dashdash++)
			printf("%s--", printed ? " " : "");
		printf(" --no-%s", o->long_name);
	}
	putchar('\n');
}
