/*
 * programme_db.h - two small helpers the programme modules share for the
 * statement shapes they repeat: finishing a list read and draining an
 * UPDATE/INSERT ... RETURNING. Internal to src/domain/programme*.c.
 */
#ifndef SKOLESEC_PROGRAMME_DB_H
#define SKOLESEC_PROGRAMME_DB_H

#include <stdint.h>

#include "../db/db.h"

/* Ends a list read of n rows into v: resets the statement and returns n
 * with *out = v, or -1 on a database or memory error. */
#define PROG_LIST_DONE(st, rc, v, out, n) do { \
		if (st) \
			db_reset(st); \
		if ((rc) < 0 || (v) == NULL) \
			return -1; \
		*(out) = (v); \
		return (n); \
	} while (0)

/* Steps a RETURNING statement to its end (so it completes) and resets it.
 * Returns 1 when it gave a row (its first column in *first when not NULL),
 * 0 when none, -1 on error. */
static inline int
prog_drain(struct db_stmt *st, int rc, int64_t *first)
{
	int hit = rc == 1;

	if (hit && first)
		*first = db_col_int(st, 0);
	while (rc == 1)
		rc = db_step(st);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : hit;
}

#endif
