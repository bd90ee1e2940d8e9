/*
 * priority.c - the priority list: the scoring formula (pure) and the loader
 * that gathers its facts; see priority.h for the formula.
 *
 * The loader reads each source once for the whole organisation (inventory
 * rows, assessment coverage per tool, risks, the latest maturity round,
 * moves, measures) and joins them in C by tool id, so the list costs a
 * fixed handful of queries however many tools there are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "priority.h"
#include "audit.h"
#include "catalogue.h"
#include "dashboard.h"
#include "inventory.h"
#include "maturity.h"
#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"

/* ------------------------------------------------------------ pure part */

int
priority_pupil_points(int64_t pupils)
{
	if (pupils <= 0)
		return 0;
	if (pupils < 100)
		return 5;
	if (pupils < 500)
		return 10;
	if (pupils < 2000)
		return 15;
	return 20;
}

int
priority_youngest(const char *grades)
{
	int best = 0;

	/* Canonical grades are numbers joined by ',' and '-': the lowest number
	 * anywhere is the youngest grade, since a range starts at its low end. */
	for (const char *p = grades ? grades : ""; *p; ) {
		if (*p >= '0' && *p <= '9') {
			int v = 0;
			while (*p >= '0' && *p <= '9' && v < 100)
				v = v * 10 + (*p++ - '0');
			if (v > 0 && (best == 0 || v < best))
				best = v;
		} else {
			p++;
		}
	}
	return best;
}

int
priority_residual(int64_t l, int64_t c, int64_t rl, int64_t rc, int has_l, int has_rl)
{
	if (has_rl)
		return (int)(rl * rc);
	if (has_l)
		return (int)(l * c);
	return 0;
}

static void
add(struct prio_row *o, const char *msgid, int points, int64_t value)
{
	if (points == 0 || o->nreasons >= PRIO_MAX_REASONS)
		return;
	o->reason[o->nreasons++] = (struct prio_reason){ msgid, points, value };
	o->base += points;
}

static int
has_key(unsigned mask, enum cat_set set, const char *key)
{
	return (mask & inv_key_bit(set, key)) != 0;
}

static void
doc_reason(struct prio_row *o, enum prio_doc d, const char *missing, int mp,
    const char *expired, int ep)
{
	if (d == DOC_MISSING)
		add(o, missing, mp, -1);
	else if (d == DOC_EXPIRED)
		add(o, expired, ep, -1);
}

void
priority_score_tool(const struct prio_tool *t, struct prio_row *o)
{
	static const char *const special[] = { "health", "special_needs", NULL };
	static const char *const sensitive[] = { "nin", "assessment", "attendance", "images",
		"location", "messages", NULL };
	static const char *const feide_some[] = { "profile", "email", "groups-org", "groups-edu",
		"groups-other", NULL };
	int sp = 0, se = 0, fs = 0;

	o->kind = PRIO_TOOL;
	o->base = 0;
	o->nreasons = 0;
	add(o, N_("Pupils exposed"), priority_pupil_points(t->pupils), t->pupils);
	if (t->youngest >= 1 && t->youngest <= 4)
		add(o, N_("Young pupils (years 1–4)"), 10, t->youngest);
	else if (t->youngest >= 5 && t->youngest <= 7)
		add(o, N_("Pupils in years 5–7"), 5, t->youngest);
	for (int i = 0; special[i]; i++)
		sp |= has_key(t->data, CS_DATA, special[i]);
	for (int i = 0; sensitive[i]; i++)
		se |= has_key(t->data, CS_DATA, sensitive[i]);
	if (sp)
		add(o, N_("Special categories of data (health, special needs)"), 15, -1);
	else if (se)
		add(o, N_("Sensitive personal data"), 8, -1);
	for (int i = 0; feide_some[i]; i++)
		fs |= has_key(t->feide, CS_FEIDE, feide_some[i]);
	if (has_key(t->feide, CS_FEIDE, "userid-nin"))
		add(o, N_("Feide gives the national identity number"), 10, -1);
	else if (fs)
		add(o, N_("Feide gives name, e-mail or groups"), 3, -1);
	doc_reason(o, t->ros, N_("ROS missing"), 15, N_("ROS expired"), 10);
	doc_reason(o, t->dpia, N_("DPIA needed but missing"), 20, N_("DPIA expired"), 12);
	doc_reason(o, t->dba, N_("DBA needed but missing"), 15, N_("DBA expired"), 10);
	if (!t->screened)
		add(o, N_("Not screened yet"), 5, -1);
	if (t->high_risks > 0)
		add(o, N_("High residual risks"), t->high_risks >= 3 ? 30 : 10 * t->high_risks,
		    t->high_risks);
	o->score = o->base + o->adjust;
}

void
priority_score_maturity(int level, struct prio_row *o)
{
	o->kind = PRIO_MATURITY;
	o->base = 0;
	o->nreasons = 0;
	if (level == 0)
		add(o, N_("Maturity answer at level 0"), 25, 0);
	else if (level == 1)
		add(o, N_("Maturity answer at level 1"), 15, 1);
	o->score = o->base + o->adjust;
}

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct prio_row *a = pa, *b = pb;
	int c;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = strcmp(a->title ? a->title : "", b->title ? b->title : "")) != 0)
		return c;
	return strcmp(a->key ? a->key : "", b->key ? b->key : "");
}

void
priority_sort(struct prio_row *rows, int n)
{
	if (n > 1)
		qsort(rows, (size_t)n, sizeof(*rows), cmp_rows);
}

void
priority_today(int64_t now, char out[11])
{
	time_t t = (time_t)now;
	struct tm tm;

	gmtime_r(&t, &tm);
	/* strftime: no printf width arithmetic for the compiler to doubt. */
	if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		memcpy(out, "1970-01-01", 11);
}

/* --------------------------------------------------------------- loader */

int
priority_matrix(struct db *db, int64_t org_id, int *accept_max, int *measures_max)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT accept_max, measures_max FROM risk_matrices"
	    " WHERE org_id = ?", &rc, "i", org_id);

	/* The national default 5x5 matrix: green up to 4, yellow up to 12. */
	*accept_max = 4;
	*measures_max = 12;
	if (rc == 1) {
		*accept_max = (int)db_col_int(st, 0);
		*measures_max = (int)db_col_int(st, 1);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

struct tool_acc {
	struct prio_tool t;
	int valid[3], expired[3];	/* ros, dpia, dba: from assessments */
	int all_has[3], needs_dpia, needs_dba, unscreened_data;
};

static struct tool_acc *
find_tool(struct tool_acc *v, int n, int64_t id)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (v[mid].t.tool_id == id)
			return &v[mid];
		if (v[mid].t.tool_id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Groups the inventory rows by tool (sorted by tool id). One lean query:
 * the facts the formula needs, not the inventory page's full rows. */
static int
tools_from_inventory(struct db *db, struct arena *a, int64_t org_id, struct tool_acc **out)
{
	struct tool_acc *v = NULL;
	int rc, nt = 0, cap = 0;
	struct db_stmt *st = db_query(db, "SELECT i.tool_id, t.name, COALESCE(i.pupils, 0), i.grades,"
	    " i.data_categories, i.feide_attributes, i.has_ros, i.has_dpia, i.has_dba,"
	    " COALESCE(i.needs_dpia, -1), COALESCE(i.needs_dba, -1)"
	    " FROM inventory i JOIN tools t ON t.id = i.tool_id WHERE i.org_id = ?"
	    " ORDER BY i.tool_id", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st)) {
		int64_t tid = db_col_int(st, 0), pupils = db_col_int(st, 2);
		int y = priority_youngest(db_col_text(st, 3)), needs_dpia = (int)db_col_int(st, 9);
		struct tool_acc *t;
		/* Stored lists are canonical keys, so no case folding (the form
		 * parser's cost, per row); an unknown key (a key list changed
		 * since) just does not count, and the keys after it still do. */
		unsigned data = inv_key_bit(CS_DATA, db_col_text(st, 4));
		unsigned feide = inv_key_bit(CS_FEIDE, db_col_text(st, 5));
		if (nt == 0 || v[nt - 1].t.tool_id != tid) {
			if ((v = arena_grow(a, v, nt, &cap, sizeof(*v))) == NULL) {
				rc = -1;
				break;
			}
			t = &v[nt++];
			memset(t, 0, sizeof(*t));
			t->t.tool_id = tid;
			t->t.name = arena_strdup(a, db_col_text(st, 1));
			t->t.screened = 1;
			t->all_has[0] = t->all_has[1] = t->all_has[2] = 1;
		}
		t = &v[nt - 1];
		if (pupils > 0)
			t->t.pupils += pupils;
		if (y > 0 && (t->t.youngest == 0 || y < t->t.youngest))
			t->t.youngest = y;
		t->t.data |= data;
		t->t.feide |= feide;
		t->all_has[0] &= db_col_int(st, 6) != 0;
		t->all_has[1] &= db_col_int(st, 7) != 0;
		t->all_has[2] &= db_col_int(st, 8) != 0;
		if (needs_dpia < 0) {
			t->t.screened = 0;
			if (data)
				t->unscreened_data = 1;
		}
		t->needs_dpia |= needs_dpia == 1;
		t->needs_dba |= db_col_int(st, 10) == 1;
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : nt;
}

static int
kind_index(const char *k)
{
	return strcmp(k, "ros") == 0 ? 0 : strcmp(k, "dpia") == 0 ? 1 : strcmp(k, "dba") == 0 ? 2 : -1;
}

/* Which tools approved (valid) or expired assessments cover. */
static int
coverage(struct db *db, int64_t org_id, const char *today, struct tool_acc *v, int n)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT at.tool_id, a.kind, a.status,"
	    " COALESCE(a.review_date, ''), COALESCE(a.expires_on, '')"
	    " FROM assessment_tools at JOIN assessments a ON a.id = at.assessment_id"
	    " WHERE a.org_id = ?", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st)) {
		struct tool_acc *t = find_tool(v, n, db_col_int(st, 0));
		int k = kind_index(db_col_text(st, 1));
		const char *status = db_col_text(st, 2);
		const char *review = db_col_text(st, 3), *expires = db_col_text(st, 4);
		int passed = (*review && strcmp(review, today) < 0) || (*expires && strcmp(expires, today) < 0);

		if (t == NULL || k < 0)
			continue;
		if (strcmp(status, "approved") == 0 && !passed)
			t->valid[k] = 1;
		else if (strcmp(status, "needs_review") == 0 || strcmp(status, "approved") == 0)
			t->expired[k] = 1;
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
high_risks(struct db *db, struct arena *a, int64_t org_id, struct tool_acc *v, int n)
{
	int accept, mmax, rc;
	struct db_stmt *st;

	if (priority_matrix(db, org_id, &accept, &mmax))
		return -1;
	st = db_query(db, "SELECT at.tool_id, i.likelihood, i.consequence, i.res_likelihood,"
	    " i.res_consequence FROM assessment_items i"
	    " JOIN assessments a ON a.id = i.assessment_id"
	    " JOIN assessment_tools at ON at.assessment_id = i.assessment_id"
	    " WHERE a.org_id = ? AND i.kind = 'risk'", &rc, "i", org_id);
	for (; rc == 1; rc = db_step(st)) {
		struct tool_acc *t = find_tool(v, n, db_col_int(st, 0));
		int s = priority_residual(db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
		    db_col_int(st, 4), !db_col_isnull(st, 1) && !db_col_isnull(st, 2),
		    !db_col_isnull(st, 3) && !db_col_isnull(st, 4));
		if (t && s > mmax)
			t->t.high_risks++;
	}
	if (st)
		db_reset(st);
	(void)a;
	return rc < 0 ? -1 : 0;
}

static enum prio_doc
doc_state(int valid, int expired, int declared, int needed)
{
	if (valid || declared)
		return DOC_OK;
	if (expired)
		return DOC_EXPIRED;
	return needed ? DOC_MISSING : DOC_NOT_NEEDED;
}

static int
apply_moves(struct db *db, struct arena *a, int64_t org_id, struct prio_row *rows, int n)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT m.row_key, m.adjust, m.reason, m.moved_at,"
	    " COALESCE(u.name, '') FROM priority_moves m LEFT JOIN users u ON u.id = m.moved_by"
	    " WHERE m.org_id = ?", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st))
		for (int i = 0; i < n; i++)
			if (strcmp(rows[i].key, db_col_text(st, 0)) == 0) {
				rows[i].adjust = (int)db_col_int(st, 1);
				rows[i].move_reason = arena_strdup(a, db_col_text(st, 2));
				rows[i].moved_at = db_col_int(st, 3);
				rows[i].moved_by = arena_strdup(a, db_col_text(st, 4));
				rows[i].score = rows[i].base + rows[i].adjust;
			}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
count_measures(struct db *db, int64_t org_id, struct prio_row *rows, int n)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT source, COALESCE(tool_id, 0), COALESCE(question_urn, '')"
	    " FROM plan_measures WHERE org_id = ? AND source IN ('priority', 'maturity')", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st)) {
		int tool = strcmp(db_col_text(st, 0), "priority") == 0;
		int64_t tid = db_col_int(st, 1);
		const char *q = db_col_text(st, 2);

		for (int i = 0; i < n; i++)
			if (tool ? (rows[i].kind == PRIO_TOOL && rows[i].tool_id == tid) :
			    (rows[i].kind == PRIO_MATURITY && strcmp(rows[i].question_urn, q) == 0))
				rows[i].measures++;
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Low answers (level 0 or 1) of the latest round, appended to rows. */
static int
maturity_rows(struct db *db, struct arena *a, int64_t org_id, const char *lang,
    struct prio_row **rows, int *n, int *cap)
{
	struct mat_round rd;
	struct mat_answer *ans;
	const struct mat_set *s;
	int na, rc = dash_maturity(db, a, org_id, &rd, &ans, &na);

	if (rc <= 0)
		return rc;
	if ((s = maturity_find(rd.set_urn, rd.set_version)) == NULL)
		return 0;
	for (int i = 0; i < na; i++) {
		int qi = maturity_question_index(s, ans[i].question_urn);
		struct prio_row *r;

		if (qi < 0 || ans[i].not_relevant || ans[i].level < 0 || ans[i].level > 1)
			continue;
		if ((*rows = arena_grow(a, *rows, *n, cap, sizeof(**rows))) == NULL)
			return -1;
		r = &(*rows)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->key = arena_printf(a, "maturity:%s", s->q[qi].urn);
		r->title = mat_tx(&s->q[qi].text, lang);
		r->round_id = rd.id;
		r->question_urn = s->q[qi].urn;
		r->level = ans[i].level;
		priority_score_maturity(ans[i].level, r);
	}
	return 0;
}

int
priority_load(struct db *db, struct arena *a, int64_t org_id, const char *today,
    struct prio_row **out)
{
	struct tool_acc *tools;
	struct prio_row *rows = NULL;
	int nt, n = 0, cap = 0;

	if ((nt = tools_from_inventory(db, a, org_id, &tools)) < 0 ||
	    coverage(db, org_id, today, tools, nt) || high_risks(db, a, org_id, tools, nt))
		return -1;
	for (int i = 0; i < nt; i++) {
		struct tool_acc *t = &tools[i];
		struct prio_row *r;

		t->t.ros = doc_state(t->valid[0], t->expired[0], t->all_has[0], 1);
		t->t.dpia = doc_state(t->valid[1], t->expired[1], t->all_has[1], t->needs_dpia);
		t->t.dba = doc_state(t->valid[2], t->expired[2], t->all_has[2],
		    t->needs_dba || t->unscreened_data);
		if ((rows = arena_grow(a, rows, n, &cap, sizeof(*rows))) == NULL)
			return -1;
		r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->key = arena_printf(a, "tool:%lld", (long long)t->t.tool_id);
		r->title = t->t.name;
		r->tool_id = t->t.tool_id;
		priority_score_tool(&t->t, r);
	}
	if (maturity_rows(db, a, org_id, "nb", &rows, &n, &cap) < 0 ||
	    apply_moves(db, a, org_id, rows, n) || count_measures(db, org_id, rows, n))
		return -1;
	priority_sort(rows, n);
	*out = rows;
	return n;
}

int
priority_move(struct db *db, int64_t org_id, const char *key, int adjust, const char *reason,
    int64_t actor, int64_t now)
{
	if (db_run(db, "INSERT INTO priority_moves (org_id, row_key, adjust, reason, moved_by, moved_at)"
	    " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?) ON CONFLICT (org_id, row_key) DO UPDATE SET"
	    " adjust = excluded.adjust, reason = excluded.reason, moved_by = excluded.moved_by,"
	    " moved_at = excluded.moved_at", "isisii", org_id, key, (int64_t)adjust, reason, actor, now) < 0)
		return -1;
	return audit_json(db, org_id, actor, "priority.move", "priority_row", 0,
	    json_pack("{s:s, s:i, s:s}", "row", key, "adjust", adjust, "reason", reason), now) ? -1 : 0;
}
