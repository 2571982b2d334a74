#include "lib/record-filter.h"
#include "lib/usage.h"

#include <string.h>

int record_filter_check(const struct record_filter *f)
{
	struct strbuf err = STRBUF_INIT, key = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < f->origins.nr; i++)
		if (record_check_origin(f->origins.items[i], &err))
			ret = error("bad --origin '%s': %s", f->origins.items[i], err.buf);
	for (i = 0; !ret && i < f->envs.nr; i++) {
		const char *pair = f->envs.items[i], *eq = strchr(pair, '=');

		strbuf_reset(&key);
		if (!eq) {
			ret = error("bad --env '%s': expected <key>=<value>", pair);
			break;
		}
		strbuf_add(&key, pair, (size_t)(eq - pair));
		if (record_check_env_key(key.buf, &err))
			ret = error("bad --env '%s': %s", pair, err.buf);
	}
	strbuf_release(&err);
	strbuf_release(&key);
	return ret;
}

int record_filter_active(const struct record_filter *f)
{
	return f && (f->origins.nr || f->envs.nr);
}

static const char *env_value(const struct record *r, const char *key, size_t key_len)
{
	size_t i;

	for (i = 0; i < r->env_nr; i++)
		if (strlen(r->env[i].key) == key_len && !memcmp(r->env[i].key, key, key_len))
			return r->env[i].value;
	return NULL;
}

/* Whether some pair given for the key of `envs[k]` names the record's value. */
static int env_key_matches(const struct string_list *envs, size_t k, const struct record *r)
{
	const char *eq = strchr(envs->items[k], '=');
	size_t key_len = (size_t)(eq - envs->items[k]), i;
	const char *value = env_value(r, envs->items[k], key_len);

	if (!value)
		return 0;
	for (i = 0; i < envs->nr; i++) {
		const char *pair = envs->items[i];

		if (!strncmp(pair, envs->items[k], key_len + 1) && !strcmp(pair + key_len + 1, value))
			return 1;
	}
	return 0;
}

int record_filter_match(const struct record_filter *f, const struct record *r)
{
	size_t i;

	if (!record_filter_active(f))
		return 1;
	if (f->origins.nr) {
		for (i = 0; i < f->origins.nr; i++)
			if (!strcmp(f->origins.items[i], r->origin))
				break;
		if (i == f->origins.nr)
			return 0;
	}
	for (i = 0; i < f->envs.nr; i++)
		if (!env_key_matches(&f->envs, i, r))
			return 0;
	return 1;
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

static void describe_list(struct strbuf *out, const char *what, const struct string_list *l)
{
	size_t i;

	if (!l->nr)
		return;
	strbuf_addf(out, " %s ", what);
	for (i = 0; i < l->nr; i++)
		strbuf_addf(out, "%s'%s'", i ? " or " : "", l->items[i]);
}

void record_filter_describe(struct strbuf *out, const struct record_filter *f)
{
	if (!record_filter_active(f))
		return;
	describe_list(out, "of origin", &f->origins);
	describe_list(out, f->origins.nr ? "and environment" : "of environment", &f->envs);
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
	string_list_clear(&f->origins);
	string_list_clear(&f->envs);
}
