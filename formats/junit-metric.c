#include "formats/junit-metric.h"

#include <string.h>

void junit_metric_init(struct junit_metric *m)
{
	strbuf_init(&m->value, 0);
	strbuf_init(&m->unit, 0);
	strbuf_init(&m->prefix, 0);
	m->has_value = m->has_unit = m->has_prefix = 0;
}

void junit_metric_release(struct junit_metric *m)
{
	strbuf_release(&m->value);
	strbuf_release(&m->unit);
	strbuf_release(&m->prefix);
}

void junit_metric_reset(struct junit_metric *m)
{
	strbuf_reset(&m->value);
	strbuf_reset(&m->unit);
	strbuf_reset(&m->prefix);
	m->has_value = m->has_unit = m->has_prefix = 0;
}

void junit_metric_property(struct junit_metric *m, const char *name, const char *value)
{
	struct strbuf *into;

	if (!strcmp(name, "value")) {
		into = &m->value;
		m->has_value = 1;
	} else if (!strcmp(name, "unit")) {
		into = &m->unit;
		m->has_unit = 1;
	} else if (!strcmp(name, "prefix")) {
		into = &m->prefix;
		m->has_prefix = 1;
	} else {
		return;
	}
	/* the last of repeated properties counts, as for any other attribute */
	strbuf_reset(into);
	strbuf_addstr(into, value);
}

int junit_metric_get(const struct junit_metric *m, struct record_metric *out)
{
	enum metric_prefix prefix = METRIC_PREFIX_NONE;
	double value;

	if (!m->has_value || metric_parse_value(m->value.buf, m->value.len, &value))
		return 0;
	if (m->has_prefix && metric_prefix_parse(m->prefix.buf, m->prefix.len, &prefix))
		prefix = METRIC_PREFIX_NONE;
	return !metric_from_input(out, value, m->has_unit ? m->unit.buf : NULL, prefix);
}
