#include "lib/record-filter.h"
#include "lib/usage.h"

#include <stdlib.h>
#include <string.h>

/* Reads one "key=value"; 0 when it is new, 1 when it repeats one read, or -1. */
static int read_env(struct record_filter *f, const char *pair, struct strbuf *err)
{
	const char *eq = strchr(pair, '=');
	struct record_env *e = &f->env[f->env_nr];
	struct strbuf why = STRBUF_INIT;
	size_t j;

	if (!eq || eq == pair) {
		strbuf_addf(err, "--env expects <key>=<value>, not '%s'", pair);
		return -1;
	}
	e->key = xstrndup(pair, (size_t)(eq - pair));
	e->value = xstrdup(eq + 1);
	if (record_check_env_key(e->key, &why)) {
		strbuf_addf(err, "bad --env '%s': %s", pair, why.buf);
		goto drop;
	}
	for (j = 0; j < f->env_nr; j++) {
		if (strcmp(f->env[j].key, e->key))
			continue;
		/* no record has two values of one key: such a filter keeps nothing */
		if (strcmp(f->env[j].value, e->value)) {
			strbuf_addf(err, "--env %s given twice, with different values", e->key);
			goto drop;
		}
		free(e->key);
		free(e->value);
		return 1;
	}
	f->env_nr++;
	return 0;
drop:
	strbuf_release(&why);
	free(e->key);
	free(e->value);
	return -1;
}

int record_filter_read(struct record_filter *f, struct strbuf *err)
{
	size_t i;

	if (f->read)
		return 0;
	for (i = 0; i < f->origins.nr; i++) {
		struct strbuf why = STRBUF_INIT;

		if (record_check_origin(f->origins.items[i], &why)) {
			strbuf_addf(err, "bad --origin '%s': %s", f->origins.items[i], why.buf);
			strbuf_release(&why);
			return -1;
		}
	}
	if (f->envs.nr > RECORD_FILTER_MAX_ENV) {
		strbuf_addf(err, "at most %d --env options", RECORD_FILTER_MAX_ENV);
		return -1;
	}
	if (f->envs.nr)
		f->env = xcalloc(f->envs.nr, sizeof(*f->env));
	for (i = 0; i < f->envs.nr; i++)
		if (read_env(f, f->envs.items[i], err) < 0)
			return -1;
	f->read = 1;
	return 0;
}

void record_filter_read_or_usage(struct record_filter *f, const char *const *usage,
				 const struct option *options)
{
	struct strbuf err = STRBUF_INIT;

	if (record_filter_read(f, &err))
		usage_msg_opt(usage, options, "%s", err.buf);
	strbuf_release(&err);
}

int record_filter_active(const struct record_filter *f)
{
	return f && (f->origins.nr || f->envs.nr);
}

uint32_t record_filter_env_bit(const struct record_filter *f, const char *key, size_t key_len,
			       const char *value, size_t value_len)
{
	size_t j;

	for (j = 0; j < f->env_nr; j++) {
		const struct record_env *want = &f->env[j];

		if (strlen(want->key) == key_len && !memcmp(want->key, key, key_len) &&
		    strlen(want->value) == value_len && !memcmp(want->value, value, value_len))
			return (uint32_t)1 << j;
	}
	return 0;
}

int record_filter_keeps(const struct record_filter *f, const char *origin, size_t origin_len,
			uint32_t env_bits)
{
	size_t i;

	if (!record_filter_active(f))
		return 1;
	if (f->envs.nr && !f->read)
		BUG("record_filter_keeps() before record_filter_read()");
	if (f->env_nr && env_bits != (uint32_t)(((uint64_t)1 << f->env_nr) - 1))
		return 0;
	if (!f->origins.nr)
		return 1;
	for (i = 0; i < f->origins.nr; i++)
		if (strlen(f->origins.items[i]) == origin_len &&
		    !memcmp(f->origins.items[i], origin, origin_len))
			return 1;
	return 0;
}

int record_filter_match(const struct record_filter *f, const struct record *r)
{
	uint32_t bits = 0;
	size_t i;

	if (!record_filter_active(f))
		return 1;
	for (i = 0; i < r->env_nr && f->env_nr; i++)
		bits |= record_filter_env_bit(f, r->env[i].key, strlen(r->env[i].key),
					      r->env[i].value, strlen(r->env[i].value));
	return record_filter_keeps(f, r->origin, strlen(r->origin), bits);
}

int record_filter_match_env_lines(const struct record_filter *f, const char *origin,
				  size_t origin_len, const char *env_lines)
{
	const char *p = env_lines;
	uint32_t bits = 0;

	if (!record_filter_active(f))
		return 1;
	while (*p && f->env_nr) {
		const char *eol = strchrnul(p, '\n'), *eq = memchr(p, '=', (size_t)(eol - p));

		if (eq)
			bits |= record_filter_env_bit(f, p, (size_t)(eq - p), eq + 1,
						      (size_t)(eol - eq - 1));
		p = *eol ? eol + 1 : eol;
	}
	return record_filter_keeps(f, origin, origin_len, bits);
}

size_t record_filter_apply(const struct record_filter *f, struct record_list *list)
{
	size_t i, k;

	if (!record_filter_active(f))
		return list->nr;
	for (i = k = 0; i < list->nr; i++) {
		if (record_filter_match(f, &list->items[i]))
			list->items[k++] = list->items[i];
		else
			record_release(&list->items[i]);
	}
	list->nr = k;
	return k;
}

void record_filter_describe(struct strbuf *out, const struct record_filter *f)
{
	size_t i;

	if (!record_filter_active(f))
		return;
	for (i = 0; i < f->origins.nr; i++)
		strbuf_addf(out, "%s'%s'", i ? " or " : " of origin ", f->origins.items[i]);
	for (i = 0; i < f->env_nr; i++)
		strbuf_addf(out, "%s%s=%s", i ? " " : " on ", f->env[i].key, f->env[i].value);
}

int record_filter_error_none(const struct record_filter *f, const char *name)
{
	struct strbuf which = STRBUF_INIT;

	record_filter_describe(&which, f);
	error("no results%s recorded for '%s'", which.buf, name);
	strbuf_release(&which);
	return -1;
}

void record_filter_release(struct record_filter *f)
{
	size_t i;

	for (i = 0; i < f->env_nr; i++) {
		free(f->env[i].key);
		free(f->env[i].value);
	}
	free(f->env);
	f->env = NULL;
	f->env_nr = 0;
	f->read = 0;
	string_list_clear(&f->origins);
	string_list_clear(&f->envs);
}
