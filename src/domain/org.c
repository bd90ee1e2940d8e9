/*
 * org.c - organisations and the reference list of municipalities; see org.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "authz.h"
#include "org.h"
#include "../db/db.h"
#include "../core/arena.h"
#include "../core/csv.h"
#include "../core/buf.h"

int
orgnr_valid(const char *s)
{
	static const int w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
	int i, sum = 0, check;

	if (s == NULL || strlen(s) != 9)
		return 0;
	for (i = 0; i < 9; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	for (i = 0; i < 8; i++)
		sum += (s[i] - '0') * w[i];
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10)
		return 0;	/* no valid number has this remainder */
	return check == s[8] - '0';
}

int
org_get(struct db *db, struct arena *a, int64_t id, struct org *o)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT id, kind, name, number, orgnr, parent_id FROM orgs WHERE id = ?",
	    &rc, "i", id);
	if (rc == 1) {
		o->id = db_col_int(st, 0);
		o->kind = arena_strdup(a, db_col_text(st, 1));
		o->name = arena_strdup(a, db_col_text(st, 2));
		o->number = arena_strdup(a, db_col_text(st, 3));
		o->orgnr = arena_strdup(a, db_col_text(st, 4));
		o->parent_id = db_col_int(st, 5);
	}
	if (st)
		db_reset(st);
	return rc;
}

int64_t
org_find(struct db *db, const char *kind, const char *number)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	st = db_query(db, "SELECT id FROM orgs WHERE kind = ? AND number = ?", &rc, "ss",
	    kind, number);
	if (rc == 1)
		id = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : id;
}

int64_t
org_create(struct db *db, const char *kind, const char *name, const char *number,
    const char *orgnr, int64_t parent, int64_t now)
{
	struct db_stmt *st;
	int64_t id = -1;
	int rc;

	st = db_prepare(db, "INSERT INTO orgs (kind, name, number, orgnr, parent_id, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, number);
	db_bind_text(st, 4, orgnr);
	if (parent > 0)
		db_bind_int(st, 5, parent);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, now);
	rc = db_step(st);
	if (rc == 1)
		id = db_col_int(st, 0);
	while (rc == 1)
		rc = db_step(st);
	db_reset(st);
	return rc < 0 ? -1 : id;
}

int
org_load_reference(struct db *db, const char *path, int64_t now, char *err, int errlen)
{
	struct arena a;
	struct buf b;
	struct csv c;
	char *f[8];
	int nf, rows = 0, ret = -1;

	arena_init(&a, 64u << 20);
	buf_init(&b, 16u << 20, &a);
	if (buf_load_file(&b, path)) {
		snprintf(err, (size_t)errlen, "%s: %s", path,
		    errno == EFBIG ? "too large" : "cannot open");
		goto out;
	}
	if (db_begin(db))
		goto dberr;
	csv_init(&c, b.p, b.len, ',');
	if (csv_next(&c, &a, f, 8) != 4 || strcmp(f[0], "kommunenummer") != 0) {
		snprintf(err, (size_t)errlen, "%s: expected header kommunenummer,kommunenavn,"
		    "fylkesnummer,fylkesnavn", path);
		goto out;
	}
	while ((nf = csv_next(&c, &a, f, 8)) > 0) {
		int64_t county;
		if (nf != 4 || strlen(f[0]) != 4 || strlen(f[2]) != 2) {
			snprintf(err, (size_t)errlen, "%s:%d: bad row", path, c.line - 1);
			goto out;
		}
		if ((county = org_find(db, "county", f[2])) == 0)
			county = org_create(db, "county", f[3], f[2], NULL, 0, now);
		if (county < 0 || org_find(db, "municipality", f[0]) < 0)
			goto dberr;
		if (org_find(db, "municipality", f[0]) == 0 &&
		    org_create(db, "municipality", f[1], f[0], NULL, county, now) < 0)
			goto dberr;
		rows++;
	}
	if (nf < 0) {
		snprintf(err, (size_t)errlen, "%s:%d: %s", path, c.line, c.err);
		goto out;
	}
	if (db_commit(db))
		goto dberr;
	ret = rows;
	goto out;
dberr:
	snprintf(err, (size_t)errlen, "loading %s: %s", path, db_errmsg(db));
out:
	if (ret < 0)
		db_rollback(db);
	arena_free(&a);
	return ret;
}

int
school_list(struct db *db, struct arena *a, int64_t org_id, const struct principal *p,
    struct school **out)
{
	struct db_stmt *st;
	int rc, n = 0, cap = 16, all = authz_all_schools(p, org_id);
	struct school *v = arena_alloc(a, sizeof(*v) * (size_t)cap);

	st = db_query(db, "SELECT id, orgnr, name, kommunenummer, pupils, level, private, active"
	    " FROM schools WHERE org_id = ? ORDER BY name", &rc, "i", org_id);
	while (rc == 1 && v) {
		int64_t id = db_col_int(st, 0);
		if (all || authz_allows(p, A_SCHOOL_VIEW, org_id, id)) {
			if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL)
				break;
			v[n].id = id;
			v[n].org_id = org_id;
			v[n].orgnr = arena_strdup(a, db_col_text(st, 1));
			v[n].name = arena_strdup(a, db_col_text(st, 2));
			v[n].kommunenummer = arena_strdup(a, db_col_text(st, 3));
			v[n].pupils = db_col_isnull(st, 4) ? -1 : db_col_int(st, 4);
			v[n].level = arena_strdup(a, db_col_text(st, 5));
			v[n].private_ = (int)db_col_int(st, 6);
			v[n].active = (int)db_col_int(st, 7);
			n++;
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
school_get(struct db *db, struct arena *a, int64_t org_id, int64_t id, struct school *s)
{
	struct db_stmt *st;
	int rc;

	/* Scoped by organisation: an id from another tenant is simply not found. */
	st = db_query(db, "SELECT id, orgnr, name, kommunenummer, pupils, level, private, active"
	    " FROM schools WHERE id = ? AND org_id = ?", &rc, "ii", id, org_id);
	if (rc == 1) {
		s->id = id;
		s->org_id = org_id;
		s->orgnr = arena_strdup(a, db_col_text(st, 1));
		s->name = arena_strdup(a, db_col_text(st, 2));
		s->kommunenummer = arena_strdup(a, db_col_text(st, 3));
		s->pupils = db_col_isnull(st, 4) ? -1 : db_col_int(st, 4);
		s->level = arena_strdup(a, db_col_text(st, 5));
		s->private_ = (int)db_col_int(st, 6);
		s->active = (int)db_col_int(st, 7);
	}
	if (st)
		db_reset(st);
	return rc;
}
