/*
 * report.c - collects the status report's figures; see report.h.
 *
 * Each part is one org-scoped query (or reuses the dashboard, plan and
 * priority modules), so the HTML view and the PDF, which both call
 * report_load, always agree. Risks are ranked here in C by residual score
 * because the residual falls back to the inherent score when no residual
 * values are set, which is simpler to say once in code than twice in SQL.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"
#include "audit.h"
#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"

const char *const report_decision_keys[REPORT_NDECISIONS] = {
	"approved", "approved_conditions", "under_review", "not_approved", "phasing_out",
};
const char *const report_decision_labels[REPORT_NDECISIONS] = {
	N_("Approved"), N_("Approved with conditions"), N_("Under review"), N_("Not approved"),
	N_("Being phased out"),
};

static int
assessments(struct db *db, int64_t org_id, struct report *o)
{
	static const char *const kinds[3] = { "ros", "dpia", "dba" };
	int rc;
	struct db_stmt *st = db_query(db, "SELECT kind, status, COUNT(*) FROM assessments"
	    " WHERE org_id = ? GROUP BY kind, status", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st))
		for (int k = 0; k < 3; k++)
			if (strcmp(db_col_text(st, 0), kinds[k]) == 0) {
				o->assess_total[k] += db_col_int(st, 2);
				if (strcmp(db_col_text(st, 1), "approved") == 0)
					o->assess_approved[k] += db_col_int(st, 2);
			}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
decisions(struct db *db, int64_t org_id, struct report *o)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT status, COUNT(*) FROM tool_decisions"
	    " WHERE org_id = ? GROUP BY status", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st))
		for (int k = 0; k < REPORT_NDECISIONS; k++)
			if (strcmp(db_col_text(st, 0), report_decision_keys[k]) == 0)
				o->decisions[k] = db_col_int(st, 1);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
cmp_risk(const void *pa, const void *pb)
{
	const struct report_risk *a = pa, *b = pb;

	if (a->residual != b->residual)
		return a->residual > b->residual ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->assessment_id != b->assessment_id)
		return a->assessment_id < b->assessment_id ? -1 : 1;
	return strcmp(a->uid, b->uid);
}

int
report_risks(struct db *db, struct arena *a, int64_t org_id, struct report *o)
{
	struct report_risk *v = NULL;
	int rc, n = 0, cap = 0;
	struct db_stmt *st;

	if (priority_matrix(db, org_id, &o->accept_max, &o->measures_max))
		return -1;
	st = db_query(db, "SELECT i.assessment_id, a.title, i.uid, i.data, i.likelihood, i.consequence,"
	    " i.res_likelihood, i.res_consequence FROM assessment_items i"
	    " JOIN assessments a ON a.id = i.assessment_id WHERE a.org_id = ? AND i.kind = 'risk'",
	    &rc, "i", org_id);
	for (; rc == 1; rc = db_step(st)) {
		int has_l = !db_col_isnull(st, 4) && !db_col_isnull(st, 5);
		int has_r = !db_col_isnull(st, 6) && !db_col_isnull(st, 7);
		struct report_risk *r;

		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		r = &v[n++];
		r->assessment_id = db_col_int(st, 0);
		r->assessment = arena_strdup(a, db_col_text(st, 1));
		r->uid = arena_strdup(a, db_col_text(st, 2));
		r->title = plan_risk_title(a, db_col_text(st, 3));
		r->score = has_l ? (int)(db_col_int(st, 4) * db_col_int(st, 5)) : 0;
		r->residual = priority_residual(db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6),
		    db_col_int(st, 7), has_l, has_r);
		if (r->residual > o->measures_max)
			o->high_risks++;
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_risk);
	o->risks = v;
	o->nallrisks = n;
	o->nrisks = n < REPORT_TOP_RISKS ? n : REPORT_TOP_RISKS;
	return 0;
}

static int
signoffs(struct db *db, struct arena *a, int64_t org_id, struct report *o)
{
	struct report_signoff *v = NULL;
	int rc, n = 0, cap = 0;
	struct db_stmt *st = db_query(db, "SELECT s.id, s.signed_at, s.report_date, COALESCE(u.name, ''),"
	    " s.comment FROM report_signoffs s LEFT JOIN users u ON u.id = s.signed_by"
	    " WHERE s.org_id = ? ORDER BY s.signed_at DESC, s.id DESC", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st)) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		v[n].id = db_col_int(st, 0);
		v[n].signed_at = db_col_int(st, 1);
		v[n].date = arena_strdup(a, db_col_text(st, 2));
		v[n].by = arena_strdup(a, db_col_text(st, 3));
		v[n].comment = arena_strdup(a, db_col_text(st, 4));
		n++;
	}
	if (st)
		db_reset(st);
	o->signoffs = v;
	o->nsignoffs = n;
	return rc < 0 ? -1 : 0;
}

static int
plan_part(struct db *db, struct arena *a, int64_t org_id, struct report *o)
{
	struct measure *m;
	int n = plan_list(db, a, org_id, &m);

	if (n < 0 || (o->overdue = arena_alloc(a, sizeof(*m) * (size_t)(n + 1))) == NULL)
		return -1;
	plan_progress_of(m, n, o->date, &o->progress);
	for (int i = 0; i < n; i++)
		if (plan_overdue(&m[i], o->date))
			o->overdue[o->noverdue++] = m[i];
	return 0;
}

int
report_load(struct db *db, struct arena *a, int64_t org_id, int64_t now, struct report *o)
{
	struct mat_answer *ans;
	int na, rc;

	memset(o, 0, sizeof(*o));
	if ((rc = org_get(db, a, org_id, &o->org)) <= 0)
		return rc < 0 ? -1 : 1;
	priority_today(now, o->date);
	if ((rc = dash_maturity(db, a, org_id, &o->round, &ans, &na)) < 0)
		return -1;
	if (rc == 1 && (o->set = maturity_find(o->round.set_urn, o->round.set_version)) != NULL) {
		maturity_score(o->set, ans, na, &o->score);
		o->has_maturity = 1;
	}
	if (dash_tools(db, org_id, &o->tools) || dash_coverage(db, org_id, &o->cov) ||
	    assessments(db, org_id, o) || decisions(db, org_id, o) || report_risks(db, a, org_id, o) ||
	    plan_part(db, a, org_id, o) || signoffs(db, a, org_id, o))
		return -1;
	if ((o->ntop = priority_load(db, a, org_id, o->date, &o->top)) < 0)
		return -1;
	if (o->ntop > REPORT_TOP_PRIORITIES)
		o->ntop = REPORT_TOP_PRIORITIES;
	return 0;
}

int64_t
report_sign(struct db *db, const struct report *rep, const char *comment, int64_t actor, int64_t now)
{
	const struct plan_progress *p = &rep->progress;
	json_t *fig = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "tools_in_use", (json_int_t)rep->cov.tools, "with_ros", (json_int_t)rep->cov.ros,
	    "with_dpia", (json_int_t)rep->cov.dpia, "with_dba", (json_int_t)rep->cov.dba,
	    "high_risks", (json_int_t)rep->high_risks, "measures", (json_int_t)p->total,
	    "measures_done", (json_int_t)p->done, "measures_overdue", (json_int_t)p->overdue,
	    "percent_done", (json_int_t)p->percent_done);
	char *txt = fig ? json_dumps(fig, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int64_t id = -1;

	if (txt)
		id = db_insert(db, "INSERT INTO report_signoffs (org_id, report_date, figures, comment,"
		    " signed_by, signed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "isssii",
		    rep->org.id, rep->date, txt, comment ? comment : "", actor, now);
	free(txt);
	if (id > 0 && audit_json(db, rep->org.id, actor, "report.sign", "report_signoff", id,
	    json_pack("{s:s, s:s, s:o}", "date", rep->date, "comment", comment ? comment : "",
	    "figures", fig), now))
		id = -1;
	else if (id <= 0)
		json_decref(fig);
	return id > 0 ? id : -1;
}
