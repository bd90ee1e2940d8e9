/*
 * catalogue.h - the national catalogue of tools and vendors (issue 3).
 *
 * One record per tool, kept by the national editor (KS). A municipality may
 * propose a tool: the proposal is usable by that municipality at once and
 * invisible to every other until the editor accepts it (or merges it into an
 * existing tool, or rejects it with a reason). Inventory rows keep pointing
 * at the tool they chose; catalogue_resolve() follows merges to the tool to
 * show.
 *
 * Set-valued facts (platforms, logins, Feide scopes, data categories, age
 * groups, certifications) are comma-separated keys from fixed lists, in the
 * list's order, so two equal sets are equal strings. Hosting countries are
 * ISO 3166-1 alpha-2 codes, comma-separated; sub-processors free text, one
 * per line.
 *
 * Search is casefolded in C (catalogue_casefold) rather than with LOWER(),
 * which differs between the engines for æøå: search_text, name_fold and
 * sort_key are written with every change of a tool or its vendor.
 */
#ifndef SKOLESEC_CATALOGUE_H
#define SKOLESEC_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

/* ---- fixed key lists ---------------------------------------------------- */

enum cat_set {
	CS_PLATFORMS,
	CS_LOGINS,
	CS_FEIDE,		/* Feide scopes requested */
	CS_DATA,		/* personal-data categories */
	CS_AGES,
	CS_CERTS,
	CS__COUNT
};

struct cat_key {
	const char *key;	/* stored and sent in forms */
	const char *label;	/* msgid */
};

/* The keys of a set, in display order; *n gets their number. */
const struct cat_key *catalogue_set_keys(enum cat_set s, int *n);
const char *catalogue_set_name(enum cat_set s);	/* "platforms", ... (column, form prefix) */
const char *catalogue_set_label(enum cat_set s);	/* msgid of the group */
/* Parses a comma-separated list (any order, spaces and repeats allowed) into
 * the canonical string. Returns 0, or -1 with *bad set to the first unknown
 * key (an arena copy). An empty or NULL input gives "". */
int catalogue_set_parse(struct arena *a, enum cat_set s, const char *in,
    const char **out, const char **bad) WUR;
/* 1 when the canonical set string holds key. */
int catalogue_set_has(const char *set, const char *key);
/* Label msgid of one key of a set, or NULL. */
const char *catalogue_key_label(enum cat_set s, const char *key);

extern const char *const catalogue_categories[];	/* NULL-terminated keys */
extern const char *const catalogue_universes[];
extern const char *const catalogue_statuses[];
const char *catalogue_category_label(const char *key);
const char *catalogue_universe_label(const char *key);
const char *catalogue_status_label(const char *key);

/* 1 when cc is an assigned ISO 3166-1 alpha-2 code (upper case). */
int country_valid(const char *cc);
/* "no, se SE" -> "NO,SE": codes separated by commas or spaces, upper-cased,
 * deduplicated in input order. -1 with *bad on a code that is not assigned. */
int catalogue_countries_parse(struct arena *a, const char *in, const char **out,
    const char **bad) WUR;
/* Sub-processors: trims each line, drops empty ones, joins with '\n'. */
const char *catalogue_lines_clean(struct arena *a, const char *in);
/* 1 when s is an absolute http(s) URL without spaces or control bytes. */
int catalogue_url_valid(const char *s);

/* ---- casefolding ------------------------------------------------------- */

/* Lower-cases (ASCII, Latin-1, Latin Extended-A incl. Sámi letters, Greek,
 * Cyrillic; ß -> ss), composes a + combining ring to å and the like, and
 * collapses whitespace runs to one space, trimmed. Invalid UTF-8 bytes are
 * copied as they are. NULL only when the arena is exhausted. */
char *catalogue_casefold(struct arena *a, const char *s);
/* A key that sorts names in Norwegian order (æ, ø, å after z; é as e) and
 * sorts alike under any database collation (hex digits only). */
char *catalogue_sort_key(struct arena *a, const char *name);

/* ---- records ------------------------------------------------------------ */

struct vendor {
	int64_t id, proposed_by, org_id, created_at, updated_at;
	const char *urn, *name, *orgnr, *country, *website, *contact;
};

struct tool {
	int64_t id, vendor_id, proposed_by, merged_into, created_at, updated_at;
	const char *urn, *name, *category, *description, *website, *universe, *status;
	const char *sets[CS__COUNT];	/* canonical set strings */
	const char *hosting_countries, *subprocessors;
	const char *status_reason, *source_url;
	/* Joined for display; not written. */
	const char *vendor_name, *proposer_name, *merged_name;
};

/* Field-level problems found by the checks: msgids, NULL when fine. */
struct tool_errs {
	const char *name, *vendor, *category, *universe, *description, *website;
	const char *sets[CS__COUNT];
	const char *hosting_countries, *subprocessors;
};
struct vendor_errs {
	const char *name, *orgnr, *country, *website, *contact;
};

/* Normalises in place (sets canonical, countries upper-cased) and checks a
 * tool's facts. Returns the number of problems. Does not touch the database
 * (a vendor's existence is checked by the writers). */
int catalogue_tool_check(struct arena *a, struct tool *t, struct tool_errs *e);
int catalogue_vendor_check(struct arena *a, struct vendor *v, struct vendor_errs *e);

/* ---- reading ------------------------------------------------------------ */

/* Who is looking: the organisations whose proposals they may see, and
 * whether they are the national editor (sees everything). */
struct cat_viewer {
	const int64_t *orgs;
	int norgs;
	int editor;
};

struct cat_query {
	const char *q;			/* words, all must match (casefolded) */
	const char *category, *universe, *login, *platform;	/* NULL: any */
	const char *status;		/* editor only; NULL: accepted + proposed */
	int64_t limit, offset;
	int public_only;		/* accepted tools only, whoever asks (the API) */
};

#define CAT_SEARCH_MAX 5000

/* Tools matching q that the viewer may see, in Norwegian name order.
 * Returns the number in *out (at most q->limit), the total in *total, or -1. */
int catalogue_search(struct db *db, struct arena *a, const struct cat_viewer *v,
    const struct cat_query *q, struct tool **out, int64_t *total) WUR;
/* One tool, whatever its status: 1 found, 0 not, -1 error. Pages must then
 * ask catalogue_visible(). */
int catalogue_get(struct db *db, struct arena *a, int64_t id, struct tool *out) WUR;
int catalogue_visible(const struct tool *t, const struct cat_viewer *v);
/* Open proposals for the editor's queue, oldest first. */
int catalogue_proposals(struct db *db, struct arena *a, struct tool **out) WUR;
/* Accepted tools of one vendor plus the viewer's proposals. */
int catalogue_vendor_tools(struct db *db, struct arena *a, const struct cat_viewer *v,
    int64_t vendor_id, struct tool **out) WUR;

/* For the inventory: 1 when org may record tool_id (accepted, or proposed by
 * org and still open), 0 when not, -1 on error. */
int catalogue_usable(struct db *db, int64_t org_id, int64_t tool_id) WUR;
/* The tools an organisation can pick: accepted ones and its own open
 * proposals, in name order, optionally narrowed by words q (NULL: all). */
int catalogue_picker(struct db *db, struct arena *a, int64_t org_id, const char *q,
    struct tool **out) WUR;
/* Follows merged_into to the tool that stands for tool_id now. Returns that
 * id (tool_id itself when not merged), 0 when tool_id does not exist, -1 on
 * an error or a cycle (more than CAT_MERGE_DEPTH links). */
#define CAT_MERGE_DEPTH 32
int64_t catalogue_resolve(struct db *db, int64_t tool_id) WUR;

int vendor_get(struct db *db, struct arena *a, int64_t id, struct vendor *out) WUR;
int vendor_visible(struct db *db, const struct vendor *vd, const struct cat_viewer *v) WUR;
/* Vendors the viewer may see (national ones and their organisations' own),
 * by name. */
int vendor_list(struct db *db, struct arena *a, const struct cat_viewer *v,
    struct vendor **out) WUR;

/* ---- writing (each call audits; the caller holds the transaction) --------- */

/* The national editor: audit_org is the editor's national organisation.
 * Create returns the new id, 0 when the checks failed (errors in e, or a
 * duplicate name in e->name), -1 on a database error. */
int64_t catalogue_tool_create(struct db *db, struct arena *a, struct tool *t,
    struct tool_errs *e, int64_t audit_org, int64_t actor, int64_t now) WUR;
/* Updates the facts (not status) of tool id: 1 done, 0 checks failed or no
 * such tool (e->name set), -1 error. */
int catalogue_tool_update(struct db *db, struct arena *a, int64_t id, struct tool *t,
    struct tool_errs *e, int64_t audit_org, int64_t actor, int64_t now) WUR;

/* A municipality's proposal: with vendor_id, or a new vendor's name (found
 * by casefolded name when it exists), or neither. Returns the id, 0 when the
 * checks failed, -1 on error. */
int64_t catalogue_propose(struct db *db, struct arena *a, int64_t org_id, struct tool *t,
    const char *new_vendor, struct tool_errs *e, int64_t actor, int64_t now) WUR;

enum cat_review { CR_OK = 0, CR_STATE = 1, CR_TARGET = 2, CR_REASON = 3 };
/* Accept (proposed or rejected -> accepted), reject (proposed -> rejected,
 * reason required), merge (proposed or accepted -> merged into an accepted
 * tool other than itself). Return enum cat_review or -1 on error, 0 done,
 * and leave everything unchanged unless 0. */
int catalogue_accept(struct db *db, int64_t id, int64_t audit_org, int64_t actor, int64_t now) WUR;
int catalogue_reject(struct db *db, int64_t id, const char *reason, int64_t audit_org,
    int64_t actor, int64_t now) WUR;
int catalogue_merge(struct db *db, int64_t id, int64_t target, int64_t audit_org,
    int64_t actor, int64_t now) WUR;

int64_t vendor_create(struct db *db, struct arena *a, struct vendor *v, struct vendor_errs *e,
    int64_t audit_org, int64_t actor, int64_t now) WUR;
int vendor_update(struct db *db, struct arena *a, int64_t id, struct vendor *v,
    struct vendor_errs *e, int64_t audit_org, int64_t actor, int64_t now) WUR;

/* ---- the seed catalogue (data/catalogue/tools.json) ----------------------
 * Upserts vendors and tools by URN, in one transaction. A new URN is
 * inserted; for a known one each field is set from the file only when the
 * database still holds what the file said last time (seed_json), so edits
 * made in the application win and corrections in the file still arrive.
 * Status, merges and proposals are never touched. Returns the number of
 * tools in the file, or -1 with a message in err (nothing changed). */
int catalogue_load_seed(struct db *db, const char *path, int64_t now, char *err,
    int errlen) WUR;
/* The same from a text (for tests and the fuzzer); counts in *changed. */
int catalogue_load_seed_text(struct db *db, const char *text, size_t len, int64_t now,
    int *changed, char *err, int errlen) WUR;

#endif
