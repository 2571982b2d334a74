#ifndef RESULTS_REGZBOT_H
#define RESULTS_REGZBOT_H

#include "lib/commit-results.h"
#include "lib/diff-baseline.h"
#include "lib/metrics-diff.h"
#include "lib/results-diff.h"
#include "lib/strbuf.h"

/*
 * The lines regzbot reads, for each regression of a comparison (`diff
 * --regzbot`), as KernelCI's regression reports end:
 *
 *   #regzbot introduced: <last-pass>..<first-fail>
 *   #regzbot title: <test> fails on <origin> <environment>
 *
 * The range comes from the test's recorded history in the ancestry of
 * the new side down to the old one (lib/test-bisect.h): the nearest pass
 * before the failure and the first failure after it, or the failing
 * commit alone when they are adjacent.  When the history gives no such
 * pass (the old side is no ancestor of the new one), the range is the
 * two sides compared.
 */
void results_regzbot_append(struct strbuf *out, struct notes_store *store,
			    const struct commit_results *old, const struct commit_results *new,
			    const struct results_diff *d);

/*
 * The same for a comparison with a baseline (`diff --baseline`): each
 * regression's range is looked for down to the ancestor its origin and
 * environment was compared with.
 */
void results_regzbot_append_baseline(struct strbuf *out, struct notes_store *store,
				     const struct diff_baseline *b,
				     const struct commit_results *new,
				     const struct results_diff *d);

/*
 * The same lines for each metric regression of `md`, as 0-day reports
 * them ("netperf.throughput -18.0% regression"):
 *
 *   #regzbot introduced: <last-within>..<first-beyond>
 *   #regzbot title: <test> -18.0% regression on <origin> <environment>
 *
 * the range from `bisect --metric` between the two sides
 * (lib/metric-bisect.h), or the two sides when it finds none; the
 * percentage is the comparison's.
 */
void results_regzbot_append_metrics(struct strbuf *out, struct notes_store *store,
				    const struct commit_results *old,
				    const struct commit_results *new,
				    const struct metrics_diff *md, const struct metric_config *cfg);

#endif
