#include "kcidb/write.h"
#include "lib/metric.h"
#include "kcidb/check.h"
#include "kcidb/map.h"
#include "lib/hex.h"
#include "lib/sha1.h"
#include "lib/usage.h"

#include <string.h>

#define DOC_HEAD "{\"version\":{\"major\":5,\"minor\":3},\"checkouts\":["
#define DOC_BUILDS "],\"builds\":["
#define DOC_TESTS "],\"tests\":["
#define DOC_TAIL "]}"
#define DOC_OVERHEAD (sizeof(DOC_HEAD) + sizeof(DOC_BUILDS) + sizeof(DOC_TESTS) + \
		      sizeof(DOC_TAIL) - 4)

void kcidb_json_string(struct strbuf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const char *end = s + len;

	strbuf_grow(out, len + 2);
	strbuf_addch(out, '"');
	while (s < end) {
		const char *run = s;

		while (s < end && (unsigned char)*s >= 0x20 && *s != '"' && *s != '\\')
			s++;
		if (s > run)
			strbuf_add(out, run, (size_t)(s - run));
		if (s == end)
			break;
		strbuf_addch(out, '\\');
		switch (*s) {
		case '"': strbuf_addch(out, '"'); break;
		case '\\': strbuf_addch(out, '\\'); break;
		case '\n': strbuf_addch(out, 'n'); break;
		case '\t': strbuf_addch(out, 't'); break;
		case '\r': strbuf_addch(out, 'r'); break;
		default:
			strbuf_addstr(out, "u00");
			strbuf_addch(out, hex[(unsigned char)*s >> 4]);
			strbuf_addch(out, hex[*s & 15]);
		}
		s++;
	}
	strbuf_addch(out, '"');
}

static void add_json_string(struct strbuf *out, const char *s)
{
	kcidb_json_string(out, s, strlen(s));
}

/* Appends ,"key":"value". */
static void add_json_field(struct strbuf *out, const char *key, const char *value)
{
	strbuf_addf(out, ",\"%s\":", key);
	add_json_string(out, value);
}

static void add_hash_hex(struct strbuf *out, const void *a, size_t alen, const void *b,
			 size_t blen, size_t digits)
{
	unsigned char digest[20];
	char hex[41];
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, a, alen);
	sha1_update(&ctx, "\n", 1);
	sha1_update(&ctx, b, blen);
	sha1_final(&ctx, digest);
	hex_encode(hex, digest, sizeof(digest));
	strbuf_add(out, hex, digits < 40 ? digits : 40);
}

void kcidb_checkout_id(struct strbuf *out, const struct kcidb_target *t, const char *commit)
{
	strbuf_addf(out, "%s:%s.", t->origin, commit);
	add_hash_hex(out, t->git_url, strlen(t->git_url), t->branch, strlen(t->branch), 12);
}

void kcidb_writer_init(struct kcidb_writer *w, const struct kcidb_target *target,
		       size_t max_size, kcidb_document_fn emit, void *data)
{
	memset(w, 0, sizeof(*w));
	w->target = target;
	w->max_size = max_size;
	w->emit = emit;
	w->emit_data = data;
	strbuf_init(&w->checkouts, 0);
	strbuf_init(&w->builds, 0);
	strbuf_init(&w->tests, 0);
	strbuf_init(&w->doc, 0);
	strbuf_init(&w->scratch, 0);
	strbuf_init(&w->doc_checkout, 0);
}

void kcidb_writer_release(struct kcidb_writer *w)
{
	strbuf_release(&w->checkouts);
	strbuf_release(&w->builds);
	strbuf_release(&w->tests);
	strbuf_release(&w->doc);
	strbuf_release(&w->scratch);
	strbuf_release(&w->doc_checkout);
}

static size_t doc_size(const struct kcidb_writer *w)
{
	return DOC_OVERHEAD + w->checkouts.len + w->builds.len + w->tests.len;
}

static int doc_empty(const struct kcidb_writer *w)
{
	return !w->checkouts_nr && !w->builds_nr && !w->tests_nr;
}

static int fits(const struct kcidb_writer *w, size_t extra)
{
	return !w->max_size || doc_size(w) + extra <= w->max_size;
}

/* Checks and hands on the document built so far, and starts a new one. */
static int flush(struct kcidb_writer *w, struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	size_t doc_tests = w->tests_nr;
	int ret;

	strbuf_reset(&w->doc);
	strbuf_grow(&w->doc, doc_size(w));
	strbuf_addstr(&w->doc, DOC_HEAD);
	strbuf_addbuf(&w->doc, &w->checkouts);
	strbuf_addstr(&w->doc, DOC_BUILDS);
	strbuf_addbuf(&w->doc, &w->builds);
	strbuf_addstr(&w->doc, DOC_TESTS);
	strbuf_addbuf(&w->doc, &w->tests);
	strbuf_addstr(&w->doc, DOC_TAIL);

	strbuf_reset(&w->checkouts);
	strbuf_reset(&w->builds);
	strbuf_reset(&w->tests);
	w->checkouts_nr = w->builds_nr = w->tests_nr = 0;
	strbuf_reset(&w->doc_checkout);

	if (kcidb_check_document(w->doc.buf, w->doc.len, &why)) {
		strbuf_addf(err, "refusing a KCIDB document that fails the schema: %s", why.buf);
		strbuf_release(&why);
		return -1;
	}
	w->documents++;
	ret = w->emit(w->doc.buf, w->doc.len, w->doc_records, doc_tests, w->emit_data);
	w->doc_records = 0;
	return ret;
}

static void add_item(struct strbuf *list, size_t *nr, const struct strbuf *item)
{
	if ((*nr)++)
		strbuf_addch(list, ',');
	strbuf_addbuf(list, item);
}

static void render_checkout(struct strbuf *out, const struct kcidb_target *t,
			    const struct record *r, const struct strbuf *id)
{
	strbuf_addstr(out, "{\"id\":");
	add_json_string(out, id->buf);
	add_json_field(out, "origin", t->origin);
	add_json_field(out, "git_repository_url", t->git_url);
	add_json_field(out, "git_commit_hash", r->commit);
	add_json_field(out, "git_repository_branch", t->branch);
	add_json_field(out, "patchset_hash", "");
	add_json_field(out, "start_time", r->date);
	strbuf_addch(out, '}');
}

static void render_build(struct strbuf *out, const struct kcidb_target *t,
			 const struct record *r, const struct strbuf *id,
			 const struct strbuf *checkout_id, const struct strbuf *text)
{
	const char *lab = kcidb_record_lab(r);
	const struct kcidb_build_env *m;

	strbuf_addstr(out, "{\"id\":");
	add_json_string(out, id->buf);
	add_json_field(out, "origin", t->origin);
	add_json_field(out, "checkout_id", checkout_id->buf);
	add_json_field(out, "start_time", r->date);
	/* The tests ran, so whatever they ran on was built. */
	add_json_field(out, "status", "PASS");
	strbuf_addstr(out, ",\"comment\":");
	{
		struct strbuf comment = STRBUF_INIT;

		strbuf_addf(&comment, "git results: origin %s, run %s", r->origin, r->run);
		kcidb_json_string(out, comment.buf, comment.len);
		strbuf_release(&comment);
	}
	for (m = kcidb_build_envs; m->env; m++) {
		const char *v = kcidb_build_env_of(r, m);

		if (v)
			add_json_field(out, m->field, v);
	}
	strbuf_addstr(out, ",\"misc\":{");
	if (lab) {
		strbuf_addstr(out, "\"lab\":");
		add_json_string(out, lab);
		strbuf_addch(out, ',');
	}
	strbuf_addstr(out, "\"" KCIDB_MISC_KEY "\":{\"version\":1");
	add_json_field(out, "origin", r->origin);
	add_json_field(out, "run", r->run);
	strbuf_addf(out, ",\"signed\":%s", r->signature ? "true" : "false");
	strbuf_addstr(out, ",\"record\":");
	kcidb_json_string(out, text->buf, text->len);
	strbuf_addstr(out, "}}}");
}

/*
 * `build_id` is the build's id as a JSON string, quotes included: the
 * test's own id is that id plus the test's place in the record.
 */
static void render_test(struct strbuf *out, const struct kcidb_target *t,
			const struct record *r, const struct strbuf *build_id, size_t n,
			const char *link, const char *platform)
{
	const struct record_test *test = &r->tests[n];

	strbuf_addstr(out, "{\"id\":");
	strbuf_add(out, build_id->buf, build_id->len - 1);
	strbuf_addf(out, ".%zu\"", n + 1);
	add_json_field(out, "origin", t->origin);
	strbuf_addstr(out, ",\"build_id\":");
	strbuf_addbuf(out, build_id);
	strbuf_addstr(out, ",\"path\":");
	add_json_string(out, test->path);
	strbuf_addstr(out, ",\"status\":\"");
	strbuf_addstr(out, status_name(test->status));
	strbuf_addstr(out, "\",\"start_time\":\"");
	strbuf_addstr(out, r->date);	/* checked RFC 3339 */
	strbuf_addch(out, '"');
	if (test->reason)
		add_json_field(out, "comment", test->reason);
	if (test->metric) {
		/* the record's number text is a JSON number */
		strbuf_addstr(out, ",\"number\":{\"value\":");
		metric_format_value(out, test->metric->value);
		if (test->metric->unit)
			add_json_field(out, "unit", test->metric->unit);
		if (test->metric->prefix != METRIC_PREFIX_NONE)
			add_json_field(out, "prefix", metric_prefix_name(test->metric->prefix));
		strbuf_addch(out, '}');
	}
	if (link)
		add_json_field(out, "log_url", link);
	if (platform) {
		strbuf_addstr(out, ",\"environment\":{\"misc\":{\"platform\":");
		add_json_string(out, platform);
		strbuf_addstr(out, "}}");
	}
	strbuf_addch(out, '}');
}

/*
 * The build id names the record's origin and run, for people, and a
 * hash of where and what it is, so that a changed or newly signed
 * record is a new build (KCIDB keeps the first version of an object
 * forever) while the same record always maps to the same build.
 */
static void add_build_id(struct strbuf *out, const struct kcidb_target *t, const struct record *r,
			 const struct strbuf *checkout_id, const struct strbuf *text)
{
	strbuf_addf(out, "%s:%s.%s.", t->origin, r->origin, r->run);
	add_hash_hex(out, checkout_id->buf, checkout_id->len, text->buf, text->len, 16);
}

/*
 * The target of record `r`: `t` with, when `t` names no KCIDB origin,
 * the record's own (record origins are made of what KCIDB's are).
 */
static struct kcidb_target target_of(const struct kcidb_target *t, const struct record *r)
{
	struct kcidb_target eff = *t;

	if (!eff.origin)
		eff.origin = (char *)r->origin;
	return eff;
}

void kcidb_build_id(struct strbuf *out, const struct kcidb_target *target, const struct record *r)
{
	struct strbuf text = STRBUF_INIT, checkout_id = STRBUF_INIT;
	struct kcidb_target eff = target_of(target, r);
	const struct kcidb_target *t = &eff;

	record_write(&text, r);
	kcidb_checkout_id(&checkout_id, t, r->commit);
	add_build_id(out, t, r, &checkout_id, &text);
	strbuf_release(&text);
	strbuf_release(&checkout_id);
}

int kcidb_writer_add(struct kcidb_writer *w, const struct record *r, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, checkout_id = STRBUF_INIT, build_id = STRBUF_INIT;
	struct strbuf checkout = STRBUF_INIT, build = STRBUF_INIT, quoted_id = STRBUF_INIT;
	const char *link = kcidb_record_log_url(r), *platform = kcidb_record_platform(r);
	struct kcidb_target eff = target_of(w->target, r);
	const struct kcidb_target *t = &eff;
	size_t i;
	int ret = -1;

	if (!*r->commit) {
		strbuf_addf(err, "the record of origin '%s', run '%s' does not name its commit,"
			    " which KCIDB needs", r->origin, r->run);
		goto out;
	}
	record_write(&text, r);
	kcidb_checkout_id(&checkout_id, t, r->commit);
	add_build_id(&build_id, t, r, &checkout_id, &text);
	render_checkout(&checkout, t, r, &checkout_id);
	render_build(&build, t, r, &build_id, &checkout_id, &text);
	kcidb_json_string(&quoted_id, build_id.buf, build_id.len);

	/* The build and its checkout travel together. */
	if (!fits(w, checkout.len + build.len + 2) && !doc_empty(w) &&
	    (ret = flush(w, err)))
		goto out;
	if (!fits(w, checkout.len + build.len + 2)) {
		strbuf_addf(err, "the record of origin '%s', run '%s' on %s is too large for one"
			    " KCIDB document (%zu bytes, results.kcidb.maxDocumentSize is %zu)",
			    r->origin, r->run, r->commit, DOC_OVERHEAD + checkout.len + build.len,
			    w->max_size);
		ret = -1;
		goto out;
	}
	if (strcmp(w->doc_checkout.buf, checkout_id.buf)) {
		add_item(&w->checkouts, &w->checkouts_nr, &checkout);
		strbuf_reset(&w->doc_checkout);
		strbuf_addbuf(&w->doc_checkout, &checkout_id);
	}
	add_item(&w->builds, &w->builds_nr, &build);
	w->doc_records++;
	w->records++;

	for (i = 0; i < r->tests_nr; i++) {
		strbuf_reset(&w->scratch);
		render_test(&w->scratch, t, r, &quoted_id, i, link, platform);
		if (!fits(w, w->scratch.len + 1)) {
			if (doc_empty(w) || w->scratch.len + 1 + DOC_OVERHEAD > w->max_size) {
				strbuf_addf(err, "test '%s' of origin '%s', run '%s' is too large"
					    " for one KCIDB document", r->tests[i].path,
					    r->origin, r->run);
				ret = -1;
				goto out;
			}
			if ((ret = flush(w, err)))
				goto out;
		}
		add_item(&w->tests, &w->tests_nr, &w->scratch);
		w->total_tests++;
	}
	ret = 0;
out:
	strbuf_release(&text);
	strbuf_release(&checkout_id);
	strbuf_release(&build_id);
	strbuf_release(&checkout);
	strbuf_release(&build);
	strbuf_release(&quoted_id);
	return ret;
}

int kcidb_writer_finish(struct kcidb_writer *w, struct strbuf *err)
{
	/* An empty push still gives one (empty) document when nothing was sent. */
	if (doc_empty(w) && w->documents)
		return 0;
	return flush(w, err);
}

struct render_state {
	struct strbuf *out;
};

static int append_document(const char *json, size_t len, size_t records, size_t tests,
			   void *data)
{
	struct render_state *st = data;

	strbuf_add(st->out, json, len);
	strbuf_addch(st->out, '\n');
	return 0;
}

int kcidb_render(struct strbuf *out, const struct record_list *records,
		 const struct kcidb_target *target, struct strbuf *err)
{
	struct render_state st = { out };
	struct kcidb_writer w;
	size_t start = out->len, i;
	int ret = 0;

	kcidb_writer_init(&w, target, 0, append_document, &st);
	for (i = 0; i < records->nr && !ret; i++)
		ret = kcidb_writer_add(&w, &records->items[i], err);
	if (!ret)
		ret = kcidb_writer_finish(&w, err);
	kcidb_writer_release(&w);
	if (ret)
		strbuf_setlen(out, start);
	return ret ? -1 : 0;
}
