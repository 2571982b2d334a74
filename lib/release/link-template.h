#ifndef RELEASE_LINK_TEMPLATE_H
#define RELEASE_LINK_TEMPLATE_H

#include <git2.h>

#include "lib/strbuf.h"

/*
 * URL templates for Test-link trailers, in the spirit of b4's `%s`
 * link masks: `results.linkTemplate = https://ci.example/%D/%h`.
 *
 *   %H  the commit id          %h  its abbreviated id
 *   %D  `git describe` name    %T  the release tag
 *   %B  the current branch     %%  a literal '%'
 *
 * Values are percent-encoded except for RFC 3986 unreserved characters
 * and '/', so any ref name gives a valid URL.
 */

/*
 * Gives the value of one placeholder letter: appends it to `out` and
 * returns 0, or returns -1 with a message in `err`.
 */
typedef int (*link_value_fn)(struct strbuf *out, char placeholder, void *data,
			     struct strbuf *err);

/*
 * Appends `tmpl` with its placeholders replaced (each value looked up
 * through `value`, only when used).  Returns 0, or -1 with a message in
 * `err` on an unknown placeholder or a value that cannot be found.
 */
int link_template_expand(struct strbuf *out, const char *tmpl, link_value_fn value,
			 void *data, struct strbuf *err);

/* Appends `s` percent-encoded, keeping A-Z a-z 0-9 - . _ ~ and '/'. */
void url_escape(struct strbuf *out, const char *s);

/* The placeholder values of a commit in a repository, for link_values_lookup(). */
struct link_values {
	git_repository *repo;
	git_oid commit;
	const char *tag;	/* the release tag for %T and %D; NULL to find one */
};

/* A link_value_fn over a struct link_values. */
int link_values_lookup(struct strbuf *out, char placeholder, void *data, struct strbuf *err);

#endif
