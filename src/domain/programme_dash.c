/*
 * programme_dash.c - the adviser team's cohort dashboard: per participant
 * the phase, maturity score and its change, assessment coverage of the
 * inventory, action plan progress, overdue programme tasks and the last
 * activity. See programme.h.
 *
 * Only what consent allows: every query of a municipality's own data joins
 * the active consents of this programme, so a participant without consent
 * contributes nothing but its name, phase and programme tasks (which are
 * programme data). The page checks authz once more per row.
 *
 * Speed (40 municipalities < 20 ms, bench/run.sh): one query per kind of
 * figure for the whole cohort, never one per municipality; maturity answers
 * are matched to the question set's own URN strings, without allocation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "maturity.h"
#include "programme.h"
#include "../core/arena.h"
#include "../db/db.h"

/* The rows of table T (alias X) of the municipalities with an active
 * consent to this programme. The consents drive the join (CROSS JOIN keeps
 * SQLite from scanning the whole table, e.g. 150,000 inventory rows, and
 * filtering afterwards; PostgreSQL plans it as an ordinary join). */
#define CONSENTED(t, x) " FROM programme_consents c CROSS JOIN " t " " x \
	" WHERE " x ".org_id = c.org_id AND c.programme_id = ? AND c.withdrawn_at IS NULL"

static struct prog_dash_row *
row_of(struct prog_dash_row *v, int n, int64_t org_id)
{
	for (int i = 0; i < n; i++)
		if (v[i].org_id == org_id)
			return &v[i];
	return NULL;
}

struct round_acc {
	int64_t round;
	int n;
	struct mat_answer *ans;
};

enum walk { NEED_CUR, FILL_CUR, SEEK_PREV, FILL_PREV, DONE };

/* Question lookup by URN for the walk below: thousands of answers are
 * matched against the set's questions, and URNs share long prefixes, so a
 * hash of each URN is compared before the string (FNV-1a, 32 bits). */
struct urn_index {
	const struct mat_set *set;
	uint32_t h[MAT_MAX_QUESTIONS];
};

static uint32_t
urn_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int
urn_find(struct urn_index *x, const struct mat_set *s, const char *urn)
{
	uint32_t h = urn_hash(urn);

	if (x->set != s) {
		for (int i = 0; i < s->nq; i++)
			x->h[i] = urn_hash(s->q[i].urn);
		x->set = s;
	}
	for (int i = 0; urn && i < s->nq; i++)
		if (x->h[i] == h && strcmp(s->q[i].urn, urn) == 0)
			return i;
	return -1;
}

static void
add_answer(struct round_acc *acc, const struct mat_set *s, struct urn_index *ux, struct db_stmt *st)
{
	int qi = urn_find(ux, s, db_col_text(st, 5));

	if (qi >= 0 && acc->n < MAT_MAX_QUESTIONS) {
		struct mat_answer *x = &acc->ans[acc->n++];
		memset(x, 0, sizeof(*x));
		x->question_urn = s->q[qi].urn;
		x->level = db_col_isnull(st, 6) ? -1 : (int)db_col_int(st, 6);
		x->not_relevant = db_col_int(st, 7) != 0;
	}
}

static void
score_rounds(struct prog_dash_row *row, const struct mat_set *s, const struct round_acc *cur,
    const struct round_acc *prev)
{
	struct mat_score sc, psc;

	maturity_score(s, cur->ans, cur->n, &sc);
	row->has_score = sc.has_score;
	row->score = sc.total;
	if (prev->round && sc.has_score) {
		/* Scored with the latest round's set: question URNs are stable. */
		maturity_score(s, prev->ans, prev->n, &psc);
		if (psc.has_score) {
			row->has_change = 1;
			row->change = sc.total - psc.total;
		}
	}
}

/* Scores the latest round of each consented participant and the change
 * from the previous closed round (as the maturity page does). Rows come
 * ordered by organisation, newest round first; a small walk per
 * organisation picks the latest round and the next closed one. */
static int
maturity_figures(struct db *db, struct arena *a, int64_t id, struct prog_dash_row *v, int nv)
{
	struct db_stmt *st;
	struct round_acc cur = { 0 }, prev = { 0 };
	struct urn_index *ux = arena_alloc(a, sizeof(*ux));
	const struct mat_set *set = NULL;
	enum walk w = DONE;
	int64_t org = 0, round = 0;
	int rc;

	cur.ans = arena_alloc(a, sizeof(*cur.ans) * MAT_MAX_QUESTIONS);
	prev.ans = arena_alloc(a, sizeof(*prev.ans) * MAT_MAX_QUESTIONS);
	if (!cur.ans || !prev.ans || !ux)
		return -1;
	st = db_query(db, "SELECT r.org_id, r.id, r.set_urn, r.set_version, r.closed_at,"
	    " a.question_urn, a.level, a.not_relevant FROM programme_consents c"
	    " CROSS JOIN maturity_rounds r LEFT JOIN maturity_answers a ON a.round_id = r.id"
	    " WHERE r.org_id = c.org_id AND c.programme_id = ? AND c.withdrawn_at IS NULL"
	    " ORDER BY r.org_id, r.started_at DESC, r.id DESC", &rc, "i", id);
	for (;;) {
		int64_t o = rc == 1 ? db_col_int(st, 0) : 0, rid = rc == 1 ? db_col_int(st, 1) : 0;
		if (rc != 1 || o != org) {
			struct prog_dash_row *row = org ? row_of(v, nv, org) : NULL;
			if (row && set)
				score_rounds(row, set, &cur, &prev);
			if (rc != 1)
				break;
			org = o;
			round = 0;
			set = NULL;
			cur.n = prev.n = 0;
			cur.round = prev.round = 0;
			w = NEED_CUR;
		}
		if (rid != round) {
			int closed = !db_col_isnull(st, 4);
			round = rid;
			if (w == NEED_CUR) {
				set = maturity_find(db_col_text(st, 2), db_col_text(st, 3));
				cur.round = rid;
				w = set ? FILL_CUR : DONE;
			} else if ((w == FILL_CUR || w == SEEK_PREV) && closed) {
				prev.round = rid;
				w = FILL_PREV;
			} else if (w == FILL_CUR)
				w = SEEK_PREV;
			else if (w == FILL_PREV)
				w = DONE;
		}
		if ((w == FILL_CUR || w == FILL_PREV) && !db_col_isnull(st, 5))
			add_answer(w == FILL_CUR ? &cur : &prev, set, ux, st);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Runs a "org_id, a, b" grouped query and hands each row to fill(). */
static int
grouped(struct db *db, const char *sql, int64_t id, const char *today, struct prog_dash_row *v,
    int nv, void (*fill)(struct prog_dash_row *, int64_t, int64_t))
{
	struct db_stmt *st;
	int rc;

	st = today ? db_query(db, sql, &rc, "isi", id, today, id) : db_query(db, sql, &rc, "i", id);
	while (rc == 1) {
		struct prog_dash_row *row = row_of(v, nv, db_col_int(st, 0));
		if (row)
			fill(row, db_col_int(st, 1), db_col_isnull(st, 2) ? 0 : db_col_int(st, 2));
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void
fill_plan(struct prog_dash_row *r, int64_t a, int64_t b)
{
	r->measures = (int)a;
	r->measures_done = (int)b;
}

static void
fill_activity(struct prog_dash_row *r, int64_t a, int64_t b)
{
	r->last_activity = a;
}

static void
fill_tasks(struct prog_dash_row *r, int64_t a, int64_t b)
{
	r->tasks_overdue = (int)a;
}

/* ---- assessment coverage of the inventory ---- */

struct pair {
	int64_t org, tool;
	int ros;
};

static int
cmp_pair(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->org != b->org)
		return a->org < b->org ? -1 : 1;
	return a->tool < b->tool ? -1 : a->tool > b->tool;
}

/* Reads "org, tool[, ros]" rows into a sorted array. Count or -1. */
static int
read_pairs(struct db *db, struct arena *a, const char *sql, int64_t id, int binds,
    struct pair **out)
{
	struct db_stmt *st;
	struct pair *v = NULL;
	int rc, n = 0, cap = 0;

	st = binds == 2 ? db_query(db, sql, &rc, "ii", id, id) : db_query(db, sql, &rc, "i", id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		v[n].org = db_col_int(st, 0);
		v[n].tool = db_col_int(st, 1);
		v[n].ros = binds == 1 && db_col_int(st, 2) != 0;
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || (n > 0 && v == NULL))
		return -1;
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_pair);
	*out = v;
	return n;
}

/* Per consented participant: the distinct tools in its inventory, and how
 * many of them are covered by an assessment (issue 4), a decision, or a
 * ROS marked in the inventory. Two plain reads and a merge in C: one SQL
 * statement with correlated subqueries per inventory row cost twice as much
 * on the bench's 40 x 400 rows. */
static int
coverage(struct db *db, struct arena *a, int64_t id, struct prog_dash_row *v, int nv)
{
	struct pair *inv, *cov;
	int ni, nc, k = 0;

	if ((nc = read_pairs(db, a, "SELECT d.org_id, d.tool_id FROM programme_consents c"
	    " CROSS JOIN tool_decisions d WHERE d.org_id = c.org_id AND c.programme_id = ?"
	    " AND c.withdrawn_at IS NULL UNION SELECT s.org_id, t.tool_id FROM programme_consents c"
	    " CROSS JOIN assessments s JOIN assessment_tools t ON t.assessment_id = s.id"
	    " WHERE s.org_id = c.org_id AND c.programme_id = ? AND c.withdrawn_at IS NULL",
	    id, 2, &cov)) < 0 ||
	    (ni = read_pairs(db, a, "SELECT i.org_id, i.tool_id, i.has_ros" CONSENTED("inventory", "i"),
	    id, 1, &inv)) < 0)
		return -1;
	for (int i = 0; i < ni; ) {
		struct prog_dash_row *row = row_of(v, nv, inv[i].org);
		int j = i, ros = 0, covered;
		while (j < ni && inv[j].org == inv[i].org && inv[j].tool == inv[i].tool)
			ros |= inv[j++].ros;
		/* cov is sorted like inv: advance it to this (org, tool). */
		while (k < nc && cmp_pair(&cov[k], &inv[i]) < 0)
			k++;
		covered = ros || (k < nc && cov[k].org == inv[i].org && cov[k].tool == inv[i].tool);
		if (row) {
			row->tools++;
			row->tools_assessed += covered;
		}
		i = j;
	}
	return 0;
}

int
programme_dashboard(struct db *db, struct arena *a, int64_t net_id, int64_t id, int64_t now,
    struct prog_dash_row **out)
{
	struct prog_participant *pp;
	struct prog_dash_row *v;
	char today[11];
	int n;

	if ((n = programme_participants(db, a, net_id, id, &pp)) < 0)
		return -1;
	if ((v = arena_alloc(a, sizeof(*v) * (size_t)(n + 1))) == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		v[i].org_id = pp[i].org_id;
		v[i].org_name = pp[i].org_name;
		v[i].phase = pp[i].phase;
		v[i].consent = pp[i].consent;
	}
	*out = v;
	if (n == 0)
		return 0;
	prog_today(now, today);
	if (maturity_figures(db, a, id, v, n) ||
	    coverage(db, a, id, v, n) ||
	    grouped(db, "SELECT m.org_id, COUNT(*), SUM(CASE WHEN m.status = 'done' THEN 1 ELSE 0 END)"
	    CONSENTED("plan_measures", "m") " GROUP BY m.org_id", id, NULL, v, n, fill_plan) ||
	    /* The newest event other than an adviser access, found walking each
	     * chain backwards by seq (its index), not by a MAX over all events. */
	    grouped(db, "SELECT c.org_id, (SELECT a.at FROM audit a WHERE a.org_id = c.org_id"
	    " AND a.action <> 'programme.adviser_access' ORDER BY a.seq DESC LIMIT 1), 0"
	    " FROM programme_consents c WHERE c.programme_id = ? AND c.withdrawn_at IS NULL",
	    id, NULL, v, n, fill_activity) ||
	    grouped(db, "SELECT org_id, COUNT(*), 0 FROM programme_tasks WHERE programme_id = ?"
	    " AND done_at IS NULL AND due_on < ? AND org_id IN (SELECT org_id FROM"
	    " programme_participants WHERE programme_id = ?) GROUP BY org_id", id, today, v, n,
	    fill_tasks))
		return -1;
	return n;
}
