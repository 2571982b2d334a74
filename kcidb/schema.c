#include "kcidb/schema.h"
#include "lib/date.h"
#include "lib/hex.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <string.h>

/* The string rules of the schema's patterns and formats. */

static int is_lower_alnum_us(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int check_origin(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_lower_alnum_us(s[i]))
			return 0;
	return 1;
}

static int check_id(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && is_lower_alnum_us(s[i]); i++)
		;
	return i > 0 && i < len && s[i] == ':';
}

static int check_architecture(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_lower_alnum_us(s[i]))
			return 0;
	return 1;
}

static int check_commit_hash(const char *s, size_t len)
{
	return len == 40 && hex_is_lower(s, len);
}

static int check_patchset_hash(const char *s, size_t len)
{
	return !len || (len == 64 && hex_is_lower(s, len));
}

static int check_path(const char *s, size_t len)
{
	size_t i, component = 0;

	if (!len)
		return 1;	/* the root: all tests of a build */
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (!component)
				return 0;
			component = 0;
		} else if (is_path_char(s[i])) {
			component++;
		} else {
			return 0;
		}
	}
	return component > 0;
}

static int check_resource_name(const char *s, size_t len)
{
	return len && !memchr(s, '/', len);
}

static int check_email(const char *s, size_t len)
{
	return memchr(s, '@', len) != NULL;
}

static int check_https_url(const char *s, size_t len)
{
	return len >= 8 && !memcmp(s, "https://", 8) && kcidb_is_uri(s, len);
}

static int check_uri(const char *s, size_t len)
{
	return kcidb_is_uri(s, len);
}

static int check_date_time(const char *s, size_t len)
{
	return date_is_rfc3339(s, len);
}

static int check_status(const char *s, size_t len)
{
	static const char *const names[] = { "FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len && !memcmp(names[i], s, len))
			return 1;
	return 0;
}

static int check_prefix(const char *s, size_t len)
{
	return (len == 6 && !memcmp(s, "metric", 6)) || (len == 6 && !memcmp(s, "binary", 6));
}

static int is_unreserved_or_delim(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		strchr("-._~!$&'()*+,;=:@/?[]", c) != NULL;
}

int kcidb_is_uri(const char *s, size_t len)
{
	size_t i = 0;
	int fragment = 0;

	if (!len || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (i < len && s[i] != ':') {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '-' || c == '.'))
			return 0;
		i++;
	}
	if (i == len)
		return 0;
	for (i++; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= len || hex_byte(s + i + 1) < 0)
				return 0;
			i += 2;
		} else if (c == '#') {
			if (fragment++)
				return 0;
		} else if (!c || !is_unreserved_or_delim(c)) {
			return 0;
		}
	}
	return 1;
}

const struct node kcidb_schema_any = { .kind = K_ANY };
const struct node kcidb_schema_misc = { .kind = K_OBJECT };
static const struct node n_bool = { .kind = K_BOOL };
static const struct node n_number = { .kind = K_NUMBER };
static const struct node n_uint = { .kind = K_INTEGER, .has_min = 1, .min = 0 };
static const struct node n_text = { .kind = K_STRING };
static const struct node n_log_excerpt = { .kind = K_STRING, .max_chars = 16384 };
static const struct node n_id = {
	.kind = K_STRING, .check = check_id, .rule = "^[a-z0-9_]+:[^\\0]*$" };
static const struct node n_origin = {
	.kind = K_STRING, .check = check_origin, .rule = "^[a-z0-9_]+$" };
static const struct node n_architecture = {
	.kind = K_STRING, .check = check_architecture, .rule = "^[a-z0-9_]*$" };
static const struct node n_commit_hash = {
	.kind = K_STRING, .check = check_commit_hash, .rule = "^[0-9a-f]{40}$" };
static const struct node n_patchset_hash = {
	.kind = K_STRING, .check = check_patchset_hash, .rule = "^$|^[0-9a-f]{64}$" };
static const struct node n_https_url = {
	.kind = K_STRING, .check = check_https_url, .rule = "an https:// URI" };
static const struct node n_uri = { .kind = K_STRING, .check = check_uri, .rule = "a URI" };
static const struct node n_date_time = {
	.kind = K_STRING, .check = check_date_time, .rule = "an RFC 3339 date-time" };
static const struct node n_email = {
	.kind = K_STRING, .check = check_email, .rule = "an e-mail address" };
static const struct node n_status = {
	.kind = K_STRING, .check = check_status,
	.rule = "one of FAIL, ERROR, MISS, PASS, DONE, SKIP" };
static const struct node n_path = {
	.kind = K_STRING, .check = check_path, .rule = "^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$" };
static const struct node n_resource_name = {
	.kind = K_STRING, .check = check_resource_name, .rule = "^[^/\\0]+$" };
static const struct node n_number_prefix = {
	.kind = K_STRING, .check = check_prefix, .rule = "one of metric, binary" };
static const struct node n_text_list = { .kind = K_ARRAY, .items = &n_text };
static const struct node n_path_list = { .kind = K_ARRAY, .items = &n_path };

static const struct prop resource_props[] = {
	{ "name", &n_resource_name, 1 },
	{ "url", &n_uri, 1 },
	{ NULL, NULL, 0 }
};
static const struct node n_resource = { .kind = K_OBJECT, .props = resource_props };
static const struct node n_resource_list = { .kind = K_ARRAY, .items = &n_resource };

static const struct prop checkout_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "comment", &n_text, 0 },
	{ "git_commit_hash", &n_commit_hash, 0 },
	{ "git_commit_message", &n_text, 0 },
	{ "git_commit_name", &n_text, 0 },
	{ "git_commit_tags", &n_text_list, 0 },
	{ "git_repository_branch", &n_text, 0 },
	{ "git_repository_branch_tip", &n_bool, 0 },
	{ "git_repository_url", &n_https_url, 0 },
	{ "id", &n_id, 1 },
	{ "log_excerpt", &n_log_excerpt, 0 },
	{ "log_url", &n_uri, 0 },
	{ "message_id", &n_email, 0 },
	{ "misc", &kcidb_schema_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "origin_builds_finish_time", &n_date_time, 0 },
	{ "origin_tests_finish_time", &n_date_time, 0 },
	{ "patchset_files", &n_resource_list, 0 },
	{ "patchset_hash", &n_patchset_hash, 0 },
	{ "start_time", &n_date_time, 0 },
	{ "tree_name", &n_text, 0 },
	{ "valid", &n_bool, 0 },
	{ NULL, NULL, 0 }
};

static const struct prop build_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "architecture", &n_architecture, 0 },
	{ "checkout_id", &n_id, 1 },
	{ "command", &n_text, 0 },
	{ "comment", &n_text, 0 },
	{ "compiler", &n_text, 0 },
	{ "config_name", &n_text, 0 },
	{ "config_url", &n_uri, 0 },
	{ "duration", &n_number, 0 },
	{ "id", &n_id, 1 },
	{ "input_files", &n_resource_list, 0 },
	{ "log_excerpt", &n_log_excerpt, 0 },
	{ "log_url", &n_uri, 0 },
	{ "misc", &kcidb_schema_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "output_files", &n_resource_list, 0 },
	{ "start_time", &n_date_time, 0 },
	{ "status", &n_status, 0 },
	{ NULL, NULL, 0 }
};

static const struct prop environment_props[] = {
	{ "comment", &n_text, 0 },
	{ "compatible", &n_text_list, 0 },
	{ "misc", &kcidb_schema_misc, 0 },
	{ NULL, NULL, 0 }
};
static const struct node n_environment = { .kind = K_OBJECT, .props = environment_props };

static const struct prop test_number_props[] = {
	{ "prefix", &n_number_prefix, 0 },
	{ "unit", &n_text, 0 },
	{ "value", &n_number, 1 },
	{ NULL, NULL, 0 }
};
static const struct node n_test_number = { .kind = K_OBJECT, .props = test_number_props };

static const struct prop test_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "build_id", &n_id, 1 },
	{ "comment", &n_text, 0 },
	{ "duration", &n_number, 0 },
	{ "environment", &n_environment, 0 },
	{ "id", &n_id, 1 },
	{ "input_files", &n_resource_list, 0 },
	{ "log_excerpt", &n_log_excerpt, 0 },
	{ "log_url", &n_uri, 0 },
	{ "misc", &kcidb_schema_misc, 0 },
	{ "number", &n_test_number, 0 },
	{ "origin", &n_origin, 1 },
	{ "output_files", &n_resource_list, 0 },
	{ "path", &n_path, 0 },
	{ "start_time", &n_date_time, 0 },
	{ "status", &n_status, 0 },
	{ NULL, NULL, 0 }
};

static const struct prop culprit_props[] = {
	{ "code", &n_bool, 0 },
	{ "harness", &n_bool, 0 },
	{ "tool", &n_bool, 0 },
	{ NULL, NULL, 0 }
};
static const struct node n_culprit = { .kind = K_OBJECT, .props = culprit_props };

static const struct prop issue_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "categories", &n_path_list, 0 },
	{ "comment", &n_text, 0 },
	{ "culprit", &n_culprit, 0 },
	{ "id", &n_id, 1 },
	{ "misc", &kcidb_schema_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "report_subject", &n_text, 0 },
	{ "report_url", &n_uri, 0 },
	{ "version", &n_uint, 1 },
	{ NULL, NULL, 0 }
};

static const struct prop incident_props[] = {
	{ "_timestamp", &n_date_time, 0 },
	{ "build_id", &n_id, 0 },
	{ "comment", &n_text, 0 },
	{ "id", &n_id, 1 },
	{ "issue_id", &n_id, 1 },
	{ "issue_version", &n_uint, 1 },
	{ "misc", &kcidb_schema_misc, 0 },
	{ "origin", &n_origin, 1 },
	{ "present", &n_bool, 0 },
	{ "test_id", &n_id, 0 },
	{ NULL, NULL, 0 }
};

static const struct node n_checkout = {
	.kind = K_OBJECT, .props = checkout_props, .checks_id_origin = 1 };
static const struct node n_build = {
	.kind = K_OBJECT, .props = build_props, .checks_id_origin = 1 };
static const struct node n_test = {
	.kind = K_OBJECT, .props = test_props, .checks_id_origin = 1 };
static const struct node n_issue = {
	.kind = K_OBJECT, .props = issue_props, .checks_id_origin = 1 };
static const struct node n_incident = {
	.kind = K_OBJECT, .props = incident_props, .checks_id_origin = 1 };

static const struct node n_major = {
	.kind = K_INTEGER, .has_min = 1, .min = 5, .has_max = 1, .max = 5 };
static const struct node n_minor = {
	.kind = K_INTEGER, .has_min = 1, .min = 0, .has_max = 1, .max = 3 };
static const struct prop version_props[] = {
	{ "major", &n_major, 1 },
	{ "minor", &n_minor, 0 },
	{ NULL, NULL, 0 }
};
static const struct node n_version = { .kind = K_OBJECT, .props = version_props };

static const struct node n_checkouts = { .kind = K_ARRAY, .items = &n_checkout };
static const struct node n_builds = { .kind = K_ARRAY, .items = &n_build };
static const struct node n_tests = { .kind = K_ARRAY, .items = &n_test };
static const struct node n_issues = { .kind = K_ARRAY, .items = &n_issue };
static const struct node n_incidents = { .kind = K_ARRAY, .items = &n_incident };

static const struct prop top_props[] = {
	{ "builds", &n_builds, 0 },
	{ "checkouts", &n_checkouts, 0 },
	{ "incidents", &n_incidents, 0 },
	{ "issues", &n_issues, 0 },
	{ "tests", &n_tests, 0 },
	{ "version", &n_version, 1 },
	{ NULL, NULL, 0 }
};
const struct node kcidb_schema_document = { .kind = K_OBJECT, .props = top_props };
