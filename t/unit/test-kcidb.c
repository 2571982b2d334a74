/*
 * Unit tests for the KCIDB mapping: the field map, the schema check, the
 * renderer and its document splitting, and the URL and token helpers
 * around them.
 */
#include "t/unit/unit.h"
#include "kcidb/check.h"
#include "kcidb/schema.h"
#include "kcidb/write.h"
#include "kcidb/http.h"
#include "kcidb/config.h"
#include "kcidb/map.h"
#include "lib/usage.h"

#include <stdlib.h>

static int valid(const char *json)
{
	struct strbuf err = STRBUF_INIT;
	int ret = kcidb_check_document(json, strlen(json), &err);

	if (ret)
		printf("# %s\n", err.buf);
	strbuf_release(&err);
	return !ret;
}

/* Checks that `json` is refused with a message containing `want`. */
static int refused(const char *json, const char *want)
{
	struct strbuf err = STRBUF_INIT;
	int ret = kcidb_check_document(json, strlen(json), &err);
	int ok = ret && strstr(err.buf, want);

	if (!ok)
		printf("# got: '%s'\n# want: '%s'\n", ret ? err.buf : "(accepted)", want);
	strbuf_release(&err);
	return ok;
}

#define V "{\"version\":{\"major\":5,\"minor\":3}"
#define BUILD "{\"id\":\"o:b\",\"origin\":\"o\",\"checkout_id\":\"o:c\""
#define TEST "{\"id\":\"o:t\",\"origin\":\"o\",\"build_id\":\"o:b\""

static void test_check_accepts(void)
{
	CHECK(valid(V "}"));
	CHECK(valid("{\"version\":{\"major\":5}}"));
	CHECK(valid(" \n" V ",\"checkouts\":[],\"builds\":[],\"tests\":[],\"issues\":[],\"incidents\":[]}\n"));
	CHECK(valid(V ",\"checkouts\":[{\"id\":\"o:1\",\"origin\":\"o\",\"git_commit_hash\":"
		    "\"0123456789abcdef0123456789abcdef01234567\",\"patchset_hash\":\"\","
		    "\"git_repository_url\":\"https://git.kernel.org/pub/scm/linux.git\","
		    "\"start_time\":\"2026-11-25T10:00:00.967000+00:00\",\"valid\":true,"
		    "\"git_commit_tags\":[\"v6.1\"]}]}"));
	CHECK(valid(V ",\"builds\":[" BUILD ",\"architecture\":\"\",\"status\":\"PASS\","
		    "\"duration\":1.5e2,\"misc\":{\"x\":[null,1,{\"y\":\"\\u0000\"}]},"
		    "\"output_files\":[{\"name\":\"a.log\",\"url\":\"https://e.org/a%20b\"}]}]}"));
	CHECK(valid(V ",\"tests\":[" TEST ",\"path\":\"\",\"status\":\"SKIP\","
		    "\"number\":{\"value\":-0.5,\"prefix\":\"binary\"},"
		    "\"environment\":{\"compatible\":[\"a,b\"],\"misc\":{}},"
		    "\"comment\":\"caf\\u00e9 \\ud83d\\ude00 \xc3\xa9\"}]}"));
	CHECK(valid(V ",\"issues\":[{\"id\":\"o:i\",\"origin\":\"o\",\"version\":0,"
		    "\"categories\":[\"a.b\"],\"culprit\":{\"code\":true}}],"
		    "\"incidents\":[{\"id\":\"o:n\",\"origin\":\"o\",\"issue_id\":\"x:i\","
		    "\"issue_version\":2.0,\"present\":false}]}"));
}

static void test_check_refuses(void)
{
	CHECK(refused("", "a KCIDB document is a JSON object"));
	CHECK(refused("[]", "a KCIDB document is a JSON object"));
	CHECK(refused("{}", "document: required property 'version' is missing"));
	CHECK(refused("{\"version\":{\"major\":4}}", "version.major: 4 is less than the minimum 5"));
	CHECK(refused("{\"version\":{\"major\":5,\"minor\":4}}", "version.minor: 4 is more than the maximum 3"));
	CHECK(refused("{\"version\":{\"major\":5,\"minor\":1.5}}", "must be an integer"));
	CHECK(refused(V ",\"extra\":[]}", "document: unknown property 'extra'"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"status\":\"BOGUS\"}]}",
		      "tests[0].status: 'BOGUS' is not one of FAIL"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"status\":\"pass\"}]}", "tests[0].status"));
	CHECK(refused(V ",\"tests\":[" TEST "},{\"id\":\"o:u\",\"origin\":\"o\"}]}",
		      "tests[1]: required property 'build_id' is missing"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"path\":\"a..b\"}]}", "tests[0].path: 'a..b'"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"path\":\"a/b\"}]}", "tests[0].path"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"path\":\"a.\"}]}", "tests[0].path"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"comment\":null}]}", "not null"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"comment\":\"a\\u0000b\"}]}", "NUL"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"comment\":\"\xff\"}]}", "not valid UTF-8"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"comment\":\"\\ud800\"}]}", "lone UTF-16 surrogate"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"comment\":\"a\nb\"}]}", "control character"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"start_time\":\"2026-02-29T10:00:00Z\"}]}",
		      "not an RFC 3339 date-time"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"start_time\":\"2026-11-25 10:00:00Z\"}]}",
		      "tests[0].start_time"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"log_url\":\"not a url\"}]}", "is not a URI"));
	CHECK(refused(V ",\"tests\":[" TEST ",\"status\":\"PASS\",\"status\":\"FAIL\"}]}",
		      "duplicate property 'status'"));
	CHECK(refused(V ",\"tests\":[{\"id\":\"x:t\",\"origin\":\"o\",\"build_id\":\"o:b\"}]}",
		      "id 'x:t' does not start with its origin 'o:'"));
	CHECK(refused(V ",\"tests\":[{\"id\":\"no_colon\",\"origin\":\"o\",\"build_id\":\"o:b\"}]}",
		      "tests[0].id: 'no_colon' is not matched by ^[a-z0-9_]+:"));
	CHECK(refused(V ",\"checkouts\":[{\"id\":\"git-results:1\",\"origin\":\"git-results\"}]}",
		      "checkouts[0].id"));
	CHECK(refused(V ",\"checkouts\":[{\"id\":\"o:1\",\"origin\":\"o\","
		      "\"git_repository_url\":\"http://example.org/x.git\"}]}",
		      "checkouts[0].git_repository_url"));
	CHECK(refused(V ",\"checkouts\":[{\"id\":\"o:1\",\"origin\":\"o\","
		      "\"git_commit_hash\":\"0123456789ABCDEF0123456789abcdef01234567\"}]}",
		      "checkouts[0].git_commit_hash"));
	CHECK(refused(V ",\"checkouts\":[{\"id\":\"o:1\",\"origin\":\"o\",\"patchset_hash\":\"ab\"}]}",
		      "checkouts[0].patchset_hash"));
	CHECK(refused(V ",\"builds\":[" BUILD ",\"architecture\":\"x86-64\"}]}",
		      "builds[0].architecture"));
	CHECK(refused(V ",\"builds\":[" BUILD ",\"output_files\":[{\"name\":\"a/b\",\"url\":\"https://e.org\"}]}]}",
		      "builds[0].output_files[0].name"));
	CHECK(refused(V ",\"builds\":[" BUILD ",\"misc\":[]}]}", "builds[0].misc: must be an object"));
	CHECK(refused(V ",\"builds\":[" BUILD ",\"duration\":\"1\"}]}", "must be a number"));
	CHECK(refused(V ",\"builds\":[" BUILD ",\"duration\":01}]}", "invalid JSON"));
	CHECK(refused(V ",\"builds\":[" BUILD "}", "invalid JSON"));
	CHECK(refused(V "} x", "text after the document"));
	CHECK(refused(V ",\"issues\":[{\"id\":\"o:i\",\"origin\":\"o\",\"version\":-1}]}",
		      "issues[0].version: -1 is less than the minimum 0"));
	{
		struct strbuf big = STRBUF_INIT;
		size_t i;

		strbuf_addstr(&big, V ",\"tests\":[" TEST ",\"log_excerpt\":\"");
		for (i = 0; i < 16385; i++)
			strbuf_addch(&big, 'x');
		strbuf_addstr(&big, "\"}]}");
		CHECK(refused(big.buf, "longer than 16384 characters"));
		strbuf_release(&big);
	}
}

static void test_check_samples(void)
{
	static const char *const samples[] = {
		"maestro-checkout-v5.3.json", "linaro-checkout-build-v5.3.json",
		"linaro-tests-v5.3.json", "maestro-test-issue-incident-v5.3.json",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(samples); i++) {
		struct strbuf path = STRBUF_INIT, json = STRBUF_INIT, err = STRBUF_INIT;

		strbuf_addf(&path, "../shared/kcidb/samples/%s", samples[i]);
		if (strbuf_read_file(&json, path.buf) < 0) {
			printf("ok %d - # SKIP %s not found\n", ++unit_count, path.buf);
		} else if (!CHECK(!kcidb_check_document(json.buf, json.len, &err))) {
			printf("# %s: %s\n", samples[i], err.buf);
		}
		strbuf_release(&path);
		strbuf_release(&json);
		strbuf_release(&err);
	}
}

static void make_record(struct record *r, const char *run, size_t tests)
{
	size_t i;

	record_init(r);
	memcpy(r->commit, "0123456789abcdef0123456789abcdef01234567", 41);
	memcpy(r->tree, "89abcdef0123456789abcdef0123456789abcdef", 41);
	record_set_origin(r, "lab_a");
	record_set_run(r, run);
	record_set_date(r, "2026-11-25T10:00:00Z");
	record_set_env(r, "arch", "x86_64");
	record_set_env(r, "config", "defconfig");
	record_set_env(r, "toolchain", "gcc \"14\"");
	record_add_link(r, "https://ci.example/log/1");
	for (i = 0; i < tests; i++) {
		char path[64];

		snprintf(path, sizeof(path), "suite.case_%04zu", i);
		record_add_test(r, path, i % 7 ? STATUS_PASS : STATUS_FAIL,
				i % 7 ? NULL : "expected \"1\" == 2\\");
	}
	record_normalize(r);
}

/* Whether no "id" or "*_id" value holds a '/'. */
static int ids_without_slash(const char *json)
{
	const char *p = json;
	int n = 0;

	while ((p = strstr(p, "id\":\""))) {
		const char *end;

		p += 5;
		end = strchr(p, '"');
		if (!end || memchr(p, '/', (size_t)(end - p)))
			return 0;
		n++;
	}
	return n > 0;
}

static struct kcidb_target target = { (char *)"maintainer", (char *)"https://git.example/linux.git",
				      (char *)"master" };

static void test_render(void)
{
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf out = STRBUF_INIT, again = STRBUF_INIT, err = STRBUF_INIT;
	struct strbuf id = STRBUF_INIT, text = STRBUF_INIT;
	struct record r;

	make_record(&r, "run-1", 3);
	record_list_take(&list, &r);
	CHECK(!kcidb_render(&out, &list, &target, &err));
	CHECK(out.len && out.buf[out.len - 1] == '\n');
	CHECK(!kcidb_check_document(out.buf, out.len - 1, &err));
	CHECK(!kcidb_render(&again, &list, &target, &err));
	CHECK_STR(again.buf, out.buf);	/* deterministic */

	kcidb_checkout_id(&id, &target, list.items[0].commit);
	CHECK(!strncmp(id.buf, "maintainer:0123456789abcdef0123456789abcdef01234567.", 52));
	CHECK_INT(id.len, 52 + 12);
	CHECK(strstr(out.buf, id.buf) != NULL);
	CHECK(strstr(out.buf, "\"id\":\"maintainer:lab_a.run-1.") != NULL);
	CHECK(strstr(out.buf, "\"patchset_hash\":\"\"") != NULL);
	CHECK(strstr(out.buf, "\"git_repository_branch\":\"master\"") != NULL);
	CHECK(strstr(out.buf, "\"architecture\":\"x86_64\"") != NULL);
	CHECK(strstr(out.buf, "\"compiler\":\"gcc \\\"14\\\"\"") != NULL);
	CHECK(strstr(out.buf, "\"comment\":\"expected \\\"1\\\" == 2\\\\\"") != NULL);
	CHECK(strstr(out.buf, "\"log_url\":\"https://ci.example/log/1\"") != NULL);
	CHECK(ids_without_slash(out.buf));
	record_write(&text, &list.items[0]);
	{
		/* the record rides in misc, escaped: its newlines become \n */
		struct strbuf escaped = STRBUF_INIT;

		kcidb_json_string(&escaped, text.buf, text.len);
		CHECK(strstr(out.buf, escaped.buf) != NULL);
		strbuf_release(&escaped);
	}

	/* another branch is another checkout */
	{
		struct kcidb_target other = target;
		struct strbuf id2 = STRBUF_INIT;

		other.branch = (char *)"next";
		kcidb_checkout_id(&id2, &other, list.items[0].commit);
		CHECK(strcmp(id.buf, id2.buf));
		strbuf_release(&id2);
	}
	record_list_release(&list);
	strbuf_release(&out);
	strbuf_release(&again);
	strbuf_release(&err);
	strbuf_release(&id);
	strbuf_release(&text);
}

struct collected {
	struct strbuf all;
	size_t docs, records, tests, largest;
	int bad;
};

static int collect(const char *json, size_t len, size_t records, size_t tests, void *data)
{
	struct collected *c = data;
	struct strbuf err = STRBUF_INIT;

	if (kcidb_check_document(json, len, &err))
		c->bad++;
	c->docs++;
	c->records += records;
	c->tests += tests;
	if (len > c->largest)
		c->largest = len;
	strbuf_add(&c->all, json, len);
	strbuf_release(&err);
	return 0;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

static void test_split(void)
{
	struct collected c = { STRBUF_INIT, 0, 0, 0, 0, 0 };
	struct strbuf err = STRBUF_INIT;
	struct kcidb_writer w;
	struct record r1, r2;

	make_record(&r1, "run-1", 200);
	make_record(&r2, "run-2", 200);
	kcidb_writer_init(&w, &target, 16384, collect, &c);
	CHECK(!kcidb_writer_add(&w, &r1, &err));
	CHECK(!kcidb_writer_add(&w, &r2, &err));
	CHECK(!kcidb_writer_finish(&w, &err));
	CHECK(c.docs > 3);
	CHECK_INT(c.bad, 0);
	CHECK(c.largest <= 16384);
	CHECK_INT(c.records, 2);
	CHECK_INT(c.tests, 400);
	CHECK_INT(w.documents, c.docs);
	CHECK_INT(count(c.all.buf, "\"build_id\":"), 400);
	/* a checkout is repeated only with a build that needs it */
	CHECK_INT(count(c.all.buf, "\"checkout_id\":"), 2);
	CHECK(count(c.all.buf, "\"git_commit_hash\":") <= 2);
	kcidb_writer_release(&w);

	/* a build that cannot fit is an error, not a broken document */
	strbuf_reset(&c.all);
	kcidb_writer_init(&w, &target, 4096, collect, &c);
	CHECK(kcidb_writer_add(&w, &r1, &err) < 0);
	CHECK(strstr(err.buf, "too large for one KCIDB document") != NULL);
	kcidb_writer_release(&w);

	record_release(&r1);
	record_release(&r2);
	strbuf_release(&c.all);
	strbuf_release(&err);
}

static void test_bad_target_is_never_rendered(void)
{
	struct kcidb_target bad = target;
	struct record_list list = RECORD_LIST_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct record r;

	bad.origin = (char *)"git-results";
	make_record(&r, "run-1", 1);
	record_list_take(&list, &r);
	CHECK(kcidb_render(&out, &list, &bad, &err) < 0);
	CHECK(strstr(err.buf, "fails the schema") != NULL);
	CHECK_INT(out.len, 0);
	strbuf_reset(&err);
	bad.origin = target.origin;
	bad.git_url = (char *)"git://example.org/x.git";
	CHECK(kcidb_render(&out, &list, &bad, &err) < 0);
	CHECK(strstr(err.buf, "git_repository_url") != NULL);
	/* a record from `git results parse` names no commit */
	strbuf_reset(&err);
	list.items[0].commit[0] = '\0';
	CHECK(kcidb_render(&out, &list, &target, &err) < 0);
	CHECK_STR(err.buf, "the record of origin 'lab_a', run 'run-1' does not name its commit,"
		  " which KCIDB needs");
	CHECK_INT(out.len, 0);
	record_list_release(&list);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void check_https(const char *in, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	int ret = kcidb_https_url(&out, in);

	CHECK_STR(ret ? NULL : out.buf, want);
	strbuf_release(&out);
}

static void test_urls(void)
{
	struct strbuf sb = STRBUF_INIT;

	check_https("https://git.kernel.org/pub/scm/linux.git", "https://git.kernel.org/pub/scm/linux.git");
	check_https("https://user:pw@example.org:8443/x.git", "https://example.org:8443/x.git");
	check_https("git://git.kernel.org/pub/scm/linux.git", "https://git.kernel.org/pub/scm/linux.git");
	check_https("ssh://git@github.com:22/torvalds/linux.git", "https://github.com/torvalds/linux.git");
	check_https("git@github.com:torvalds/linux.git", "https://github.com/torvalds/linux.git");
	check_https("example.org:/srv/x.git", "https://example.org/srv/x.git");
	check_https("/srv/git/linux.git", NULL);
	check_https("./linux", NULL);
	check_https("file:///srv/x.git", NULL);

	http_scrub_url(&sb, "https://secret@db.example/submit?x=1");
	CHECK_STR(sb.buf, "https://db.example/submit?x=1");
	strbuf_reset(&sb);
	http_scrub_url(&sb, "http://u:p@127.0.0.1:99/a@b");
	CHECK_STR(sb.buf, "http://127.0.0.1:99/a@b");
	strbuf_reset(&sb);

	CHECK(!http_check_url("https://db.kernelci.org", &sb));
	CHECK(!http_check_url("http://127.0.0.1:8080/", &sb));
	CHECK(!http_check_url("http://localhost/", &sb));
	CHECK(!http_check_url("http://[::1]:80/", &sb));
	CHECK(http_check_url("http://db.kernelci.org/", &sb) < 0);
	CHECK(strstr(sb.buf, "refusing plain http") != NULL);
	strbuf_reset(&sb);
	CHECK(http_check_url("http://127.0.0.1.example.org/", &sb) < 0);
	CHECK(http_check_url("ftp://127.0.0.1/", &sb) < 0);
	strbuf_reset(&sb);

	strbuf_addstr(&sb, "Bearer s3cret and s3cret again");
	http_redact(&sb, "s3cret");
	CHECK_STR(sb.buf, "Bearer <redacted> and <redacted> again");
	strbuf_reset(&sb);
	http_escape(&sb, "lab a:b/c+d");
	CHECK_STR(sb.buf, "lab%20a%3Ab%2Fc%2Bd");
	strbuf_release(&sb);
}

static void test_token_origin(void)
{
	struct strbuf sb = STRBUF_INIT;

	/* {"alg":"HS256","typ":"JWT"} . {"origin":"lab_a","exp":4102444800} . sig */
	CHECK(!kcidb_token_origin(&sb, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
				  "eyJvcmlnaW4iOiJsYWJfYSIsImV4cCI6NDEwMjQ0NDgwMH0.c2ln"));
	CHECK_STR(sb.buf, "lab_a");
	strbuf_reset(&sb);
	CHECK(kcidb_token_origin(&sb, "not-a-jwt") < 0);
	CHECK(kcidb_token_origin(&sb, "a.e30.b") < 0);	/* {} */
	strbuf_release(&sb);
}

/* Dates are lib/date's: t/unit/test-date.c. */
static void test_uris(void)
{
	CHECK(kcidb_is_uri("https://a.example/x?y=1#z", 25));
	CHECK(kcidb_is_uri("mailto:a@b", 10));
	CHECK(!kcidb_is_uri("/relative/path", 14));
	CHECK(!kcidb_is_uri("https://a b", 11));
	CHECK(!kcidb_is_uri("https://a/%zz", 13));
	CHECK(!kcidb_is_uri("https://a/#b#c", 14));
}

/* The environment the map gives every fact of `build` (JSON) and `test`, as "key=value ...". */
static void build_env(struct strbuf *out, const char *build, const char *test)
{
	json_t *b = json_loads(build, 0, NULL), *t = test ? json_loads(test, 0, NULL) : NULL;
	const struct kcidb_build_env *m;

	strbuf_reset(out);
	for (m = kcidb_build_envs; m->env; m++) {
		const char *v = kcidb_build_env_value(b, t, m);

		if (v)
			strbuf_addf(out, "%s%s=%s", out->len ? " " : "", m->env, v);
	}
	json_decref(b);
	json_decref(t);
}

static void test_map(void)
{
	struct strbuf sb = STRBUF_INIT;
	enum result_status st;
	struct record r;
	const struct kcidb_build_env *m;

	/* a build's compiler is the record's toolchain, read or written */
	build_env(&sb, "{\"architecture\": \"arm64\", \"config_name\": \"defconfig\","
		  " \"compiler\": \"clang 17\"}", NULL);
	CHECK_STR(sb.buf, "arch=arm64 config=defconfig toolchain=clang 17");
	/* without its build, a test's misc says it */
	build_env(&sb, "null", "{\"misc\": {\"arch\": \"arm\", \"compiler\": \"gcc-12\"}}");
	CHECK_STR(sb.buf, "arch=arm toolchain=gcc-12");
	build_env(&sb, "{\"compiler\": \"\"}", "{\"misc\": \"not an object\"}");
	CHECK_STR(sb.buf, "");
	/* the dashboard's fill-ins for what it does not know */
	build_env(&sb, "{\"architecture\": \"Unknown\", \"config_name\": null,"
		  " \"compiler\": \"Unknown\"}", "{\"misc\": {\"compiler\": \"Unknown\"}}");
	CHECK_STR(sb.buf, "");

	record_init(&r);
	record_set_env(&r, "compiler", "gcc-13");	/* an older record's key */
	record_set_env(&r, "arch", "x86-64");		/* not a KCIDB architecture */
	record_set_env(&r, "platform", "rpi4");
	for (m = kcidb_build_envs; m->env; m++) {
		if (!strcmp(m->env, "toolchain")) {
			CHECK_STR(m->field, "compiler");
			CHECK_STR(kcidb_build_env_of(&r, m), "gcc-13");
			record_set_env(&r, "toolchain", "gcc-14");
			CHECK_STR(kcidb_build_env_of(&r, m), "gcc-14");
		} else if (!strcmp(m->env, "arch")) {
			CHECK(!kcidb_build_env_of(&r, m));
		}
	}
	CHECK_STR(kcidb_record_platform(&r), "rpi4");
	record_set_env(&r, "device", "rpi5");
	CHECK_STR(kcidb_record_platform(&r), "rpi5");
	CHECK(!kcidb_record_is_imported(&r));
	record_set_env(&r, KCIDB_ENV_IMPORTED, KCIDB_IMPORTED_VALUE);
	CHECK(kcidb_record_is_imported(&r));
	record_release(&r);

	CHECK_INT(kcidb_status_parse(NULL, &st), 1);	/* still running */
	CHECK_INT(kcidb_status_parse("MISS", &st), 0);
	CHECK_INT(st, STATUS_MISS);
	CHECK_INT(kcidb_status_parse("BROKEN", &st), -1);

	/* one path rule for a submission and the dashboard */
	CHECK_INT(kcidb_test_path(&sb, "ltp.sem01"), 0);
	CHECK_STR(sb.buf, "ltp.sem01");
	CHECK_INT(kcidb_test_path(&sb, ""), 0);	/* the root: no name lost */
	CHECK_STR(sb.buf, "unnamed");
	CHECK_INT(kcidb_test_path(&sb, NULL), 0);
	CHECK_STR(sb.buf, "unnamed");
	CHECK_INT(kcidb_test_path(&sb, "a..b c"), 1);
	CHECK_STR(sb.buf, "a.b_c");
	CHECK_INT(kcidb_test_path(&sb, ".a."), 1);
	CHECK_STR(sb.buf, "a");
	CHECK_INT(kcidb_test_path(&sb, ".."), 1);
	CHECK_STR(sb.buf, "unnamed");

	/* one run id rule: the origin's prefix left out, platform and lab added */
	strbuf_reset(&sb);
	kcidb_run_id(&sb, "kernelci:b/1", "kernelci", "rpi 4", "lab");
	CHECK_STR(sb.buf, "b_1+rpi_4+lab");
	strbuf_reset(&sb);
	kcidb_run_id(&sb, "lab_b:build/42", "lab_b", NULL, NULL);
	CHECK_STR(sb.buf, "build_42");
	strbuf_reset(&sb);
	kcidb_run_id(&sb, "maestro:42", "lab_b", NULL, "lab-x");
	CHECK_STR(sb.buf, "maestro:42+lab-x");
	strbuf_reset(&sb);
	kcidb_run_id(&sb, "lab_b:", "lab_b", NULL, NULL);
	CHECK_STR(sb.buf, "build");

	/* the lab: the tests', else the build's, never the origin or the ingester's runtimes */
	{
		json_t *b = json_loads("{\"misc\": {\"lab\": \"lab-b\"}}", 0, NULL);

		CHECK_STR(kcidb_run_lab("lava-collabora", b, "maestro"), "lava-collabora");
		CHECK_STR(kcidb_run_lab("maestro", b, "maestro"), "lab-b");
		CHECK(!kcidb_run_lab("shell", NULL, "maestro"));
		CHECK(!kcidb_run_lab("k8s-all", NULL, "maestro"));
		CHECK(!kcidb_run_lab(NULL, b, "lab-b"));
		json_decref(b);
	}
	strbuf_release(&sb);
}

int main(void)
{
	test_map();
	test_check_accepts();
	test_check_refuses();
	test_check_samples();
	test_render();
	test_split();
	test_bad_target_is_never_rendered();
	test_urls();
	test_token_origin();
	test_uris();
	return unit_done();
}
