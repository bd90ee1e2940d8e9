/*
 * dashboard.c - the overview figures; see dashboard.h. One query per block,
 * so the overview costs the same with 3 tools or 300: no query per row.
 */
#include <string.h>

#include "dashboard.h"
#include "maturity.h"
#include "../db/db.h"
#include "../core/arena.h"
#include "../core/buf.h"

int
dash_tools(struct db *db, int64_t org_id, struct dash_tools *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = db_query(db, "SELECT state, COUNT(DISTINCT tool_id) FROM inventory WHERE org_id = ?"
	    " GROUP BY state", &rc, "i", org_id);
	while (rc == 1) {
		const char *s = db_col_text(st, 0);
		int64_t n = db_col_int(st, 1);
		if (s && strcmp(s, "in_use") == 0)
			out->in_use = n;
		else if (s && strcmp(s, "trial") == 0)
			out->trial = n;
		else if (s && strcmp(s, "phasing_out") == 0)
			out->phasing_out = n;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
dash_coverage(struct db *db, int64_t org_id, struct dash_coverage *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = db_query(db, "SELECT COUNT(*), COALESCE(SUM(r), 0), COALESCE(SUM(d), 0), COALESCE(SUM(b), 0)"
	    " FROM (SELECT tool_id, MIN(has_ros) AS r, MIN(has_dpia) AS d, MIN(has_dba) AS b"
	    " FROM inventory WHERE org_id = ? AND state = 'in_use' GROUP BY tool_id) t",
	    &rc, "i", org_id);
	if (rc == 1) {
		out->tools = db_col_int(st, 0);
		out->ros = db_col_int(st, 1);
		out->dpia = db_col_int(st, 2);
		out->dba = db_col_int(st, 3);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
dash_todos(struct db *db, struct arena *a, int64_t org_id, int max, struct dash_todo **out,
    int64_t *open_total)
{
	struct db_stmt *st;
	struct dash_todo *v = arena_alloc(a, sizeof(*v) * (size_t)(max > 0 ? max : 1));
	int rc, n = 0;

	*open_total = 0;
	if (v == NULL)
		return -1;
	/* Two queries, both on the index (org_id, status, created_at, id): the
	 * count reads only the index, and the newest rows stop after `max`.
	 * One query with COUNT(*) OVER () had to sort every open to-do first. */
	st = db_query(db, "SELECT COUNT(*) FROM todos WHERE org_id = ? AND status = 'open'",
	    &rc, "i", org_id);
	if (rc == 1)
		*open_total = db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	st = db_query(db, "SELECT id, inventory_id, kind, title, created_at"
	    " FROM todos WHERE org_id = ? AND status = 'open'"
	    " ORDER BY created_at DESC, id DESC LIMIT ?", &rc, "ii", org_id, (int64_t)max);
	while (rc == 1 && n < max) {
		v[n].id = db_col_int(st, 0);
		v[n].inventory_id = db_col_isnull(st, 1) ? 0 : db_col_int(st, 1);
		v[n].kind = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
		v[n].title = arena_strdup(a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
		v[n].created_at = db_col_int(st, 4);
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	*out = v;
	return n;
}

int
dash_maturity(struct db *db, struct arena *a, int64_t org_id, struct mat_round *round,
    struct mat_answer **answers, int *nanswers)
{
	struct db_stmt *st;
	struct mat_answer *v = arena_alloc(a, sizeof(*v) * MAT_MAX_QUESTIONS);
	int rc, n = 0, found = 0;

	*nanswers = 0;
	if (v == NULL)
		return -1;
	st = db_query(db, "SELECT r.id, r.org_id, r.set_urn, r.set_version, r.title, r.started_at,"
	    " r.closed_at, a.question_urn, a.level, a.not_relevant"
	    " FROM maturity_rounds r LEFT JOIN maturity_answers a ON a.round_id = r.id"
	    " WHERE r.org_id = ? AND r.id = (SELECT id FROM maturity_rounds WHERE org_id = ?"
	    " ORDER BY started_at DESC, id DESC LIMIT 1)", &rc, "ii", org_id, org_id);
	while (rc == 1) {
		if (!found) {
			memset(round, 0, sizeof(*round));
			round->id = db_col_int(st, 0);
			round->org_id = db_col_int(st, 1);
			round->set_urn = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
			round->set_version = arena_strdup(a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
			round->title = arena_strdup(a, db_col_text(st, 4) ? db_col_text(st, 4) : "");
			round->started_at = db_col_int(st, 5);
			round->closed_at = db_col_isnull(st, 6) ? 0 : db_col_int(st, 6);
			found = 1;
		}
		if (!db_col_isnull(st, 7) && n < MAT_MAX_QUESTIONS) {
			v[n].question_urn = arena_strdup(a, db_col_text(st, 7));
			v[n].level = db_col_isnull(st, 8) ? -1 : (int)db_col_int(st, 8);
			v[n].not_relevant = db_col_int(st, 9) != 0;
			v[n].comment = v[n].evidence = "";
			n++;
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	*answers = v;
	*nanswers = n;
	return found;
}
