#ifndef FORMATS_JUNIT_METRIC_H
#define FORMATS_JUNIT_METRIC_H

#include "lib/metric.h"
#include "lib/strbuf.h"

/*
 * A test case's measurement in JUnit XML: the properties of a <testcase>
 * that name its value and unit, as `show --to junit` writes them and both
 * JUnit readers read them back,
 *
 *   <testcase classname="netperf" name="throughput">
 *     <properties>
 *       <property name="value" value="940.5"/>
 *       <property name="unit" value="Mbit/s"/>
 *       <property name="prefix" value="binary"/>    (KCIDB's, optional)
 *     </properties>
 *   </testcase>
 *
 * A "value" that is not a number is no measurement, and neither is a unit
 * or prefix without a value.
 */

struct junit_metric {
	struct strbuf value, unit, prefix;
	unsigned has_value:1, has_unit:1, has_prefix:1;
};

void junit_metric_init(struct junit_metric *m);
void junit_metric_release(struct junit_metric *m);
/* Forgets what the last test case had. */
void junit_metric_reset(struct junit_metric *m);

/* Keeps one property of a test case when it is "value", "unit" or "prefix". */
void junit_metric_property(struct junit_metric *m, const char *name, const char *value);

/*
 * Fills `out` from the properties kept: 1 when they make a measurement
 * (`out` then to be released), 0 when they do not.
 */
int junit_metric_get(const struct junit_metric *m, struct record_metric *out);

#endif
