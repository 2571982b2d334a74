#include "formats/input-json.h"
#include "lib/metric.h"
#include "lib/usage.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A JSON file larger than this is not test results but a mistake. */
#define INPUT_JSON_MAX (512UL << 20)

const char *input_json_start(const char *head, size_t len, unsigned flags)
{
	const char *p = head, *end = head + len;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p < end && *p == '{')
		return p;
	if (!(flags & INPUT_JSON_EMBEDDED))
		return NULL;
	for (p = head; p < end; p++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		if (p + 1 < end && p[1] == '{')
			return p + 1;
	}
	return NULL;
}

json_t *input_json_read(struct line_reader *in, unsigned flags, struct strbuf *err)
{
	struct strbuf buf = STRBUF_INIT;
	json_error_t jerr;
	json_t *json = NULL;
	const char *start;
	size_t n, skipped_lines = 0;

	for (;;) {
		strbuf_grow(&buf, 65536);
		n = line_reader_copy(in, buf.buf + buf.len, buf.alloc - buf.len - 1);
		if (!n)
			break;
		strbuf_setlen(&buf, buf.len + n);
		if (buf.len > INPUT_JSON_MAX) {
			strbuf_addf(err, "more than %lu MiB of JSON", INPUT_JSON_MAX >> 20);
			goto out;
		}
	}
	if (in->error) {
		strbuf_addstr(err, strerror(in->error));
		goto out;
	}
	start = input_json_start(buf.buf, buf.len, flags);
	if (!start) {
		strbuf_addstr(err, "no JSON object found");
		goto out;
	}
	for (n = 0; buf.buf + n < start; n++)
		skipped_lines += buf.buf[n] == '\n';
	errno = 0;
	json = json_loadb(start, buf.len - (size_t)(start - buf.buf),
			  JSON_REJECT_DUPLICATES |
			  (flags & INPUT_JSON_EMBEDDED ? JSON_DISABLE_EOF_CHECK : 0), &jerr);
	if (!json)
		input_json_error(err, &jerr, skipped_lines);
out:
	strbuf_release(&buf);
	return json;
}

int input_json_out_of_memory(const json_error_t *jerr)
{
	return json_error_code(jerr) == json_error_out_of_memory || !*jerr->text ||
		errno == ENOMEM;
}

void input_json_error(struct strbuf *err, const json_error_t *jerr, size_t skipped_lines)
{
	/*
	 * jansson out of memory says "line -1, column -1: " and no more, or,
	 * when a string did not fit, "invalid token": the allocator's errno
	 * tells, as the caller cleared it before the load.
	 */
	if (input_json_out_of_memory(jerr)) {
		strbuf_addstr(err, "out of memory");
		return;
	}
	if (jerr->line < 0) {
		strbuf_addstr(err, jerr->text);
		return;
	}
	strbuf_addf(err, "line %lu column %d: %s",
		    (unsigned long)jerr->line + skipped_lines, jerr->column, jerr->text);
}

const char *input_json_string(json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static uint64_t hash_str(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return h;
}

static char **set_slot(char **slots, size_t alloc, const char *s, size_t len)
{
	size_t i = (size_t)hash_str(s, len) & (alloc - 1);

	while (slots[i] && (strlen(slots[i]) != len || memcmp(slots[i], s, len)))
		i = (i + 1) & (alloc - 1);
	return &slots[i];
}

/* Adds a copy of s[0..len) unless there; returns whether it was added. */
static int set_add(struct name_set *set, const char *s, size_t len)
{
	char **slot;

	if ((set->nr + 1) * 2 > set->alloc) {
		char **old = set->slots;
		size_t i, old_alloc = set->alloc;

		set->alloc = old_alloc ? old_alloc * 2 : 16;
		set->slots = xcalloc(set->alloc, sizeof(*set->slots));
		for (i = 0; i < old_alloc; i++)
			if (old[i])
				*set_slot(set->slots, set->alloc, old[i], strlen(old[i])) = old[i];
		free(old);
	}
	slot = set_slot(set->slots, set->alloc, s, len);
	if (*slot)
		return 0;
	*slot = xstrndup(s, len);
	set->nr++;
	return 1;
}

void name_set_claim(struct name_set *set, struct strbuf *comp)
{
	size_t base = comp->len;
	unsigned long n = 2;

	while (!set_add(set, comp->buf, comp->len)) {
		strbuf_setlen(comp, base);
		strbuf_addf(comp, "_%lu", n++);
	}
}

int name_set_add(struct name_set *set, const char *s)
{
	return set_add(set, s, strlen(s));
}

void name_set_clear(struct name_set *set)
{
	size_t i;

	for (i = 0; i < set->alloc; i++)
		free(set->slots[i]);
	free(set->slots);
	set->slots = NULL;
	set->nr = set->alloc = 0;
}

int input_json_add_component(struct strbuf *path, const char *name, const char *fallback,
			     struct name_set *set)
{
	struct strbuf comp = STRBUF_INIT;
	size_t len = name ? strlen(name) : 0;
	int changed = 0;

	if (len > INPUT_JSON_MAX_NAME) {
		/* a cut name is a changed one: the caller keeps it whole */
		len = format_cut_len(name, len, INPUT_JSON_MAX_NAME);
		changed = 1;
	}
	if (!len) {
		strbuf_addstr(&comp, fallback);
	} else if (format_is_path_component(name, len)) {
		strbuf_add(&comp, name, len);
	} else {
		format_path_component(&comp, name, len);
		changed = 1;
	}
	if (set) {
		size_t claimed = comp.len;

		name_set_claim(set, &comp);
		changed |= comp.len != claimed;
	}
	if (path->len)
		strbuf_addch(path, '.');
	strbuf_addbuf(path, &comp);
	strbuf_release(&comp);
	return changed;
}

int input_json_measurement(struct record_metric *out, json_t *obj, const char *value_key,
			   const char *unit_key)
{
	json_t *v = json_object_get(obj, value_key);
	double value;

	if (json_is_number(v))
		value = json_number_value(v);
	else if (!json_is_string(v) ||
		 metric_parse_value(json_string_value(v), strlen(json_string_value(v)), &value))
		return 0;
	return !metric_from_input(out, value, input_json_string(obj, unit_key), METRIC_PREFIX_NONE);
}
