#ifndef PARSE_OPTIONS_H
#define PARSE_OPTIONS_H

#include <stddef.h>

/*
 * A table of options, after git's parse-options: the same table parses
 * the command line and prints the `-h` usage.
 */

enum parse_opt_type {
	OPTION_END,
	OPTION_GROUP,
	OPTION_BOOL,		/* int; --no-<name> sets 0 */
	OPTION_STRING,		/* const char * */
	OPTION_STRING_LIST,	/* struct string_list, repeatable */
	OPTION_INTEGER,		/* int */
	OPTION_COLOR,		/* int: GIT_COLOR_*, see lib/color.h */
};

struct string_list {
	const char **items;
	size_t nr, alloc;
};
#define STRING_LIST_INIT { NULL, 0, 0 }
void string_list_append(struct string_list *list, const char *s);
void string_list_clear(struct string_list *list);

struct option {
	enum parse_opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;
	const char *help;
};

#define OPT_END() { OPTION_END, 0, NULL, NULL, NULL, NULL }
#define OPT_GROUP(h) { OPTION_GROUP, 0, NULL, NULL, NULL, (h) }
#define OPT_BOOL(s, l, v, h) { OPTION_BOOL, (s), (l), (v), NULL, (h) }
#define OPT_STRING(s, l, v, a, h) { OPTION_STRING, (s), (l), (v), (a), (h) }
#define OPT_STRING_LIST(s, l, v, a, h) { OPTION_STRING_LIST, (s), (l), (v), (a), (h) }
#define OPT_INTEGER(s, l, v, a, h) { OPTION_INTEGER, (s), (l), (v), (a), (h) }
/*
 * git's --color[=<when>] and --no-color: a bare --color means "always";
 * the value is only taken after '=', never from the next argument.
 */
#define OPT__COLOR(v, h) { OPTION_COLOR, 0, "color", (v), "when", (h) }

/*
 * Parses the options in argv[1..argc), leaves the remaining arguments in
 * order at the start of argv and returns how many there are.  "--" ends
 * the options.  `-h` (or `--help` after other arguments) prints usage to
 * stdout and exits 129; an unknown or malformed option prints an error
 * and the usage to stderr and exits 129.  `--git-completion-helper` as
 * the only argument prints the options for shell completion and exits 0.
 */
int parse_options(int argc, const char **argv, const struct option *options,
		  const char *const *usage);

/*
 * As parse_options(), setting `*dashdash` to where the arguments that
 * followed "--" start among those left (-1 without "--"), for commands
 * that take revisions, then paths.
 */
int parse_options_dashdash(int argc, const char **argv, const struct option *options,
			   const char *const *usage, int *dashdash);

/*
 * Prints the long options of `options` on one line the way git's
 * --git-completion-helper does, for contrib/completion: "--name" for a
 * flag, "--name=" for an option that takes a value, then " --" and the
 * "--no-name" forms.  `words` (NULL-terminated, may be NULL) are printed
 * first, as subcommands.
 */
void parse_options_complete(const char *const *words, const struct option *options);

/* Prints the usage and the option table; exits 129. */
__attribute__((noreturn))
void usage_with_options(const char *const *usage, const struct option *options, int to_stderr);

/* Prints "error: <msg>" then the usage to stderr, exits 129. */
__attribute__((noreturn, format(printf, 3, 4)))
void usage_msg_opt(const char *const *usage, const struct option *options, const char *fmt, ...);

#endif
