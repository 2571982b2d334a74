#include "kcidb/map.h"
#include "lib/metric.h"
#include "kcidb/schema.h"
#include "formats/format.h"
#include "formats/input-json.h"
#include "lib/hex.h"
#include "lib/sha1.h"

#include <stdint.h>
#include <string.h>

/* KCIDB's architecture rule, [a-z0-9_]. */
static int is_architecture(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

const struct kcidb_build_env kcidb_build_envs[] = {
	{ "arch", "architecture", "arch", NULL, is_architecture },
	{ "config", "config_name", "config", NULL, NULL },
	{ "toolchain", "compiler", "compiler", "compiler", NULL },
	{ NULL }
};

/* The non-empty string `obj` holds at `key`, or NULL. */
static const char *string_in(json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

/*
 * A build fact the KernelCI dashboard does not know: it fills in
 * "Unknown" (and SQL NULL, JSON null) for a missing architecture,
 * compiler and config.
 */
static const char *known(const char *v)
{
	return v && strcmp(v, "Unknown") ? v : NULL;
}

const char *kcidb_dashboard_value(json_t *obj, const char *key)
{
	return known(string_in(obj, key));
}

const char *kcidb_build_env_value(json_t *build, json_t *test, const struct kcidb_build_env *m)
{
	const char *v = kcidb_dashboard_value(build, m->field);

	if (!v && test)
		v = known(string_in(json_object_get(test, "misc"), m->test_misc));
	return v;
}

const char *kcidb_env_value(const struct record *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->env_nr; i++)
		if (!strcmp(r->env[i].key, key))
			return r->env[i].value;
	return NULL;
}

const char *kcidb_build_env_of(const struct record *r, const struct kcidb_build_env *m)
{
	const char *v = kcidb_env_value(r, m->env);

	if (!v && m->old_env)
		v = kcidb_env_value(r, m->old_env);
	return v && (!m->accepts || m->accepts(v)) ? v : NULL;
}

int kcidb_record_is_imported(const struct record *r)
{
	return kcidb_env_value(r, KCIDB_ENV_IMPORTED) != NULL;
}

const char *kcidb_test_platform(json_t *test)
{
	json_t *environment = json_is_object(test) ? json_object_get(test, "environment") : NULL;

	return string_in(json_is_object(environment) ? json_object_get(environment, "misc") : NULL,
			 "platform");
}

const char *kcidb_record_platform(const struct record *r)
{
	const char *v = kcidb_env_value(r, KCIDB_ENV_DEVICE);

	return v ? v : kcidb_env_value(r, "platform");
}

const char *kcidb_listed_test_platform(json_t *item)
{
	return string_in(json_is_object(item) ? json_object_get(item, "environment_misc") : NULL,
			 "platform");
}

const char *kcidb_test_lab(json_t *test)
{
	return string_in(json_is_object(test) ? json_object_get(test, "misc") : NULL, "runtime");
}

/*
 * A lab worth a key of its own: not the origin, which the ingester
 * writes where a submission names no lab, nor the "shell" and "k8s*"
 * runtimes it moves out of the way.
 */
static const char *real_lab(const char *lab, const char *origin)
{
	if (!lab || !strcmp(lab, origin) || !strcmp(lab, "shell") || !strncmp(lab, "k8s", 3))
		return NULL;
	return lab;
}

const char *kcidb_run_lab(const char *test_lab, json_t *build, const char *origin)
{
	const char *lab = real_lab(test_lab, origin);

	if (!lab)
		lab = real_lab(string_in(json_is_object(build) ? json_object_get(build, "misc") : NULL,
					 "lab"), origin);
	return lab;
}

const char *kcidb_record_lab(const struct record *r)
{
	return kcidb_env_value(r, KCIDB_ENV_LAB);
}

const char *kcidb_record_log_url(const struct record *r)
{
	size_t i;

	for (i = 0; i < r->links_nr; i++)
		if (kcidb_is_uri(r->links[i], strlen(r->links[i])))
			return r->links[i];
	return NULL;
}

int kcidb_status_parse(const char *status, enum result_status *out)
{
	if (!status)
		return 1;
	return status_parse(status, strlen(status), out) ? -1 : 0;
}

int kcidb_test_path(struct strbuf *out, const char *path)
{
	const char *p = path;
	int changed = 0;

	strbuf_reset(out);
	if (!p || !*p) {
		/* the root, all the tests of a build: no name to keep */
		format_path_component(out, "", 0);
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, ".");

		if (n) {
			size_t len = n > INPUT_JSON_MAX_NAME ? INPUT_JSON_MAX_NAME : n;

			if (out->len)
				strbuf_addch(out, '.');
			if (len < n || !format_is_path_component(p, len))
				changed = 1;
			format_path_component(out, p, len);
		}
		p += n + (p[n] == '.');
	}
	if (!out->len)
		format_path_component(out, "", 0);
	return changed || strcmp(out->buf, path);
}

/* Appends `s` with '_' for what a run id cannot hold, while `out` is shorter than `max`. */
static void add_run_chars(struct strbuf *out, size_t start, const char *s, size_t max)
{
	for (; *s && out->len - start < max; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || strchr("_.:+-", c);

		strbuf_addch(out, ok ? c : '_');
	}
}

void kcidb_run_id(struct strbuf *out, const char *build_id, const char *origin,
		  const char *platform, const char *lab)
{
	size_t olen = strlen(origin), start = out->len;
	const char *rest = !strncmp(build_id, origin, olen) && build_id[olen] == ':' ?
		build_id + olen + 1 : build_id;

	add_run_chars(out, start, rest, SIZE_MAX);
	if (out->len == start)
		strbuf_addstr(out, "build");
	if (platform) {
		strbuf_addch(out, '+');
		add_run_chars(out, start, platform, SIZE_MAX);
	}
	if (lab) {
		strbuf_addch(out, '+');
		add_run_chars(out, start, lab, SIZE_MAX);
	}
	if (out->len - start > KCIDB_MAX_RUN_LEN) {
		struct sha1_ctx ctx;
		unsigned char digest[20];
		char hex[13];

		/* what was cut still tells two runs apart */
		sha1_init(&ctx);
		sha1_update(&ctx, out->buf + start, out->len - start);
		sha1_final(&ctx, digest);
		strbuf_setlen(out, start + KCIDB_MAX_RUN_LEN - 13);
		strbuf_addch(out, '-');
		hex_encode(hex, digest, 6);
		strbuf_addstr(out, hex);
	}
}

int kcidb_test_number(json_t *test, struct record_metric *m)
{
	json_t *number = json_object_get(test, "number");
	json_t *value = json_object_get(number, "value");
	const char *prefix = string_in(number, "prefix");
	enum metric_prefix p = METRIC_PREFIX_NONE;

	if (!json_is_object(number))
		return 0;
	if (!json_is_number(value))
		return -1;
	if (prefix && metric_prefix_parse(prefix, strlen(prefix), &p))
		return -1;
	return metric_from_input(m, json_number_value(value), string_in(number, "unit"), p) ? -1 : 1;
}
