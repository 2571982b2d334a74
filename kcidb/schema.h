#ifndef KCIDB_SCHEMA_H
#define KCIDB_SCHEMA_H

#include <stddef.h>

/*
 * KCIDB's v5.3 schema (schema-v5.3.json) as a table for the streaming
 * check in kcidb/check.c: each node says what a JSON value must be, and
 * the checker walks a document and the table together.
 */
enum kind {
	K_ANY,		/* any JSON value (inside misc) */
	K_OBJECT,
	K_ARRAY,
	K_STRING,
	K_NUMBER,
	K_INTEGER,
	K_BOOL,
};

typedef int (*string_check)(const char *s, size_t len);

struct prop;

struct node {
	enum kind kind;
	string_check check;		/* K_STRING: extra rule */
	const char *rule;		/* what the rule is, for messages */
	size_t max_chars;		/* K_STRING: 0 for no limit */
	const struct prop *props;	/* K_OBJECT: NULL for any keys (misc) */
	const struct node *items;	/* K_ARRAY */
	int has_min, has_max;		/* K_INTEGER */
	double min, max;
	int checks_id_origin;		/* K_OBJECT: id must start with origin ':' */
};

struct prop {
	const char *name;
	const struct node *node;
	int required;
};


/* The whole document: version, checkouts, builds, tests, issues, incidents. */
extern const struct node kcidb_schema_document;
/* Any JSON value, as inside misc. */
extern const struct node kcidb_schema_any;
/* Any object, as misc itself. */
extern const struct node kcidb_schema_misc;

/* Whether `s` is an absolute URI by RFC 3986's characters and shape. */
int kcidb_is_uri(const char *s, size_t len);

#endif
