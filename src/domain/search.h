/*
 * search.h - full-text search over what is shared (published assessments and
 * resources), with one C interface over two engines: SQLite FTS5 and
 * PostgreSQL text search with the `norwegian` configuration.
 *
 * Why here and not in src/db/: the engines differ in the index (a virtual
 * table against a generated tsvector column), in the match expression and in
 * the ranking, and the library queries join the match with the visibility
 * rule of share_pubs/resources. Keeping both SQL texts side by side in this
 * one file makes the difference visible and testable (test_search.c runs on
 * both engines); the rest of the program only sees these functions.
 *
 * Visibility is part of every query: a row is returned only when its scope
 * is national, or when the viewer is a member of the publishing
 * organisation or of an organisation in its network.
 */
#ifndef SKOLESEC_SEARCH_H
#define SKOLESEC_SEARCH_H

#include <stdint.h>

struct db;
struct arena;

enum search_doc { SD_PUB = 0, SD_RESOURCE = 1 };

/* Adds or replaces a document in the index. Call inside the transaction
 * that changes the document. 0 ok, -1 error. */
int search_put(struct db *, enum search_doc, int64_t id, const char *title,
    const char *body) __attribute__((warn_unused_result));
int search_drop(struct db *, enum search_doc, int64_t id) __attribute__((warn_unused_result));

/*
 * The SQLite FTS5 expression for free text: every word (letters and digits,
 * any script) as a quoted prefix term, all required: `"pers"* "elev"*`.
 * Operators and quotes typed by the user are never passed through. NULL when
 * the text holds no word. (PostgreSQL takes the text itself through
 * websearch_to_tsquery, which never fails on user input.)
 */
char *search_fts5_query(struct arena *, const char *text);

struct search_filter {
	const char *text;	/* "" or NULL: no text condition, newest first */
	const char *kind;	/* pubs: ros|dpia|dba; resources: guide|...; "" any */
	int64_t tool_id;	/* pubs: covers this tool; 0 any */
	const char *scope;	/* national|network; "" any */
	int endorsed;		/* pubs: 1 endorsed only; resources: curated only */
	int64_t viewer;		/* user id whose memberships decide visibility */
	int limit, offset;
};

/* A row of the library (the latest version of each published series). */
struct pub_row {
	int64_t id, org_id, source_id, network_id, published_at, endorsed_at;
	const char *org_name, *kind, *title, *scope, *conclusions, *top_risks;
	int version, adopters;
};

struct res_row {
	int64_t id, org_id, updated_at;
	const char *org_name, *kind, *title, *tags, *competency_goal, *scope;
	int curated;
};

/* Matching rows, best match first (or newest first without text). Returns
 * the count, or -1 on error. */
int search_pubs(struct db *, struct arena *, const struct search_filter *,
    struct pub_row **out) __attribute__((warn_unused_result));
int search_resources(struct db *, struct arena *, const struct search_filter *,
    struct res_row **out) __attribute__((warn_unused_result));

#endif
