#include "lib/release/tested-by.h"
#include "lib/repo.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

void tested_by_identity(struct strbuf *out, git_repository *repo)
{
	char *configured = config_get_string(repo, "results.testedBy");
	git_signature *sig;

	if (configured && *configured) {
		strbuf_addstr(out, configured);
		free(configured);
		return;
	}
	free(configured);
	sig = repo_committer(repo);
	strbuf_addf(out, "%s <%s>", sig->name, sig->email);
	git_signature_free(sig);
}

static int wanted(const struct string_list *origins, const char *origin)
{
	size_t i;

	if (!origins->nr)
		return 1;
	for (i = 0; i < origins->nr; i++)
		if (!strcmp(origins->items[i], origin))
			return 1;
	return 0;
}

int tested_by_passed(const struct commit_results *cr, const struct string_list *origins,
		     struct strbuf *why)
{
	size_t i, j, seen = 0;
	int passed = 1;

	for (i = 0; i < cr->records.nr; i++) {
		const struct record *r = &cr->records.items[i];

		if (!wanted(origins, r->origin))
			continue;
		seen++;
		if (r->status == STATUS_PASS || r->status == STATUS_DONE)
			continue;
		passed = 0;
		strbuf_addf(why, "origin %s, run %s: %s (", r->origin, r->run,
			    r->tests_nr ? status_name(r->status) : "no tests");
		record_describe_counts(why, r->counts);
		strbuf_addstr(why, ")\n");
	}
	if (cr->conflicts) {
		passed = 0;
		strbuf_addf(why, "%lu run%s in conflict (git results conflicts)\n",
			    (unsigned long)cr->conflicts, cr->conflicts == 1 ? "" : "s");
	}
	if (!seen) {
		passed = 0;
		strbuf_addstr(why, "no results");
		for (j = 0; j < origins->nr; j++)
			strbuf_addf(why, "%s%s", j ? ", " : " of origin ", origins->items[j]);
		strbuf_addch(why, '\n');
	}
	return passed;
}
