/*
 * assessment_int.h - helpers shared by the assessment modules
 * (assessment.c, assessment_flow.c, riskmatrix.c) and the sharing modules
 * built on them (share.c, search.c); not for pages.
 *
 * Writers open their own transaction unless the caller already holds one,
 * so a page can call them directly and another module (a DPIA or DBA page
 * doing several steps) can group them in one transaction of its own.
 */
#ifndef SKOLESEC_ASSESSMENT_INT_H
#define SKOLESEC_ASSESSMENT_INT_H

#include <stdint.h>

struct db;
struct arena;
struct json_t;

/* Begins a transaction when none is open; *own says whether we did. */
int as_tx_begin(struct db *db, int *own);
/* rc 0: commits (when own); else rolls back (when own). Returns 0 or -1. */
int as_tx_end(struct db *db, int own, int rc);
int64_t as_now(void);
/* Copies s (NULL: "") into the arena. */
const char *as_dup(struct arena *a, const char *s);

/* The risk numbers of a risk item's data object (0 = unset). */
void as_risk_numbers(struct json_t *o, int *l, int *c, int *rl, int *rc);

struct db_stmt;
struct pub_row;
/* Columns 0-12 of a publication row (id to pub_version) in the order both
 * share.c and search.c select them; in share.c. */
void share_read_pub_row(struct arena *a, struct db_stmt *st, struct pub_row *p);

#endif
