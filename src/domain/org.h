/*
 * org.h - organisations (municipality, county, regional network, national,
 * vendor) and their schools.
 */
#ifndef SKOLESEC_ORG_H
#define SKOLESEC_ORG_H

#include <stddef.h>
#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;
struct principal;
struct buf;

struct org {
	int64_t id, parent_id;
	const char *kind, *name, *number, *orgnr;
};

struct school {
	int64_t id, org_id, pupils;
	const char *orgnr, *name, *kommunenummer, *level;
	int private_, active;
};

/* 1 when s is nine digits with a valid MOD11 check digit (Brønnøysund). */
int orgnr_valid(const char *s);

int org_get(struct db *db, struct arena *a, int64_t id, struct org *out) WUR;
int64_t org_create(struct db *db, const char *kind, const char *name,
    const char *number, const char *orgnr, int64_t parent, int64_t now);
int64_t org_find(struct db *db, const char *kind, const char *number);

/* Loads SSB's municipality list (CSV: kommunenummer, kommunenavn,
 * fylkesnummer, fylkesnavn) idempotently. Returns rows read or -1. */
int org_load_reference(struct db *db, const char *path, int64_t now, char *err, int errlen) WUR;

/* Schools of an organisation visible to p (school leaders see their own). */
int school_list(struct db *db, struct arena *a, int64_t org_id,
    const struct principal *p, struct school **out) WUR;
int school_get(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    struct school *out) WUR;

/*
 * The NSR-shaped school import: CSV with header
 *   orgnr,name,kommunenummer,pupils,level,private,active
 * or a JSON array of objects with those keys. Every line is checked first;
 * any error reports every bad line and imports nothing. Public grunnskoler
 * belong to their municipality; videregående schools to the county
 * (kommunenummer's first two digits); private schools are registered under
 * the municipality or county where they are, marked private.
 */
struct import_result {
	int rows, created, updated;
	struct buf *errors;	/* one line per problem */
};
int school_import(struct db *db, struct arena *a, const char *text, size_t len,
    int64_t actor, int64_t now, struct import_result *res) WUR;
/* Parsing and checking only, without a database (for the fuzzer and tests):
 * returns the number of valid rows, or -1 with errors in res->errors. */
int school_parse(struct arena *a, const char *text, size_t len,
    struct school **rows, struct import_result *res);

#endif
