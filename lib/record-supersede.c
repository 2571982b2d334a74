#include "lib/record.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

static int is_superseded(const struct record_list *list, const struct record *r)
{
	size_t i, k;

	for (i = 0; i < list->nr; i++) {
		const struct record *by = &list->items[i];

		if (!by->supersedes_nr || strcmp(by->origin, r->origin) || !strcmp(by->run, r->run))
			continue;
		for (k = 0; k < by->supersedes_nr; k++)
			if (!strcmp(by->supersedes[k], r->run))
				return 1;
	}
	return 0;
}

size_t record_list_drop_superseded(struct record_list *list)
{
	size_t i, k, any = 0;
	unsigned char *drop;

	for (i = 0; i < list->nr; i++)
		any += list->items[i].supersedes_nr;
	if (!any)
		return 0;
	/* Decide first, then drop: a chain (c replaces b replaces a) drops a and b. */
	drop = xcalloc(list->nr, 1);
	for (i = 0; i < list->nr; i++)
		drop[i] = is_superseded(list, &list->items[i]);
	for (i = k = 0; i < list->nr; i++) {
		if (drop[i])
			record_release(&list->items[i]);
		else
			list->items[k++] = list->items[i];
	}
	free(drop);
	any = list->nr - k;
	list->nr = k;
	return any;
}

const char *record_list_missing_superseded(const struct record_list *list, const struct record *r)
{
	size_t i, k;

	for (k = 0; k < r->supersedes_nr; k++) {
		for (i = 0; i < list->nr; i++)
			if (!strcmp(list->items[i].origin, r->origin) &&
			    !strcmp(list->items[i].run, r->supersedes[k]))
				break;
		if (i == list->nr)
			return r->supersedes[k];
	}
	return NULL;
}
