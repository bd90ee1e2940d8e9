/*
 * plan.c - the action plan's measures and comments; see plan.h.
 *
 * A measure's origin (risk title, to-do title, tool name, question) is read
 * with LEFT JOINs in the same query as the measures, so the plan page is one
 * query however long the plan is. Risk titles live in the item's JSON
 * ("title"), parsed here with jansson.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "plan.h"
#include "audit.h"
#include "inventory.h"
#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"

const char *const plan_statuses[] = { "not_started", "in_progress", "done", "postponed", NULL };
const char *const plan_efforts[] = { "small", "medium", "large", NULL };
const char *const plan_sources[] = { "risk", "todo", "maturity", "priority", "free", NULL };

static const char *const status_labels[] = { N_("Not started"), N_("In progress"), N_("Done"),
	N_("Postponed") };
static const char *const effort_labels[] = { N_("Small"), N_("Medium"), N_("Large") };
static const char *const source_labels[] = { N_("Risk"), N_("Screening to-do"),
	N_("Maturity answer"), N_("Priority list"), N_("Free") };

static int
index_of(const char *const *v, const char *s)
{
	for (int i = 0; s && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return i;
	return -1;
}

const char *
plan_status_label(const char *s)
{
	int i = index_of(plan_statuses, s);
	return i < 0 ? s : status_labels[i];
}

const char *
plan_effort_label(const char *s)
{
	int i = index_of(plan_efforts, s);
	return i < 0 ? s : effort_labels[i];
}

const char *
plan_source_label(const char *s)
{
	int i = index_of(plan_sources, s);
	return i < 0 ? s : source_labels[i];
}

const char *
plan_risk_title(struct arena *a, const char *json)
{
	json_t *o = json ? json_loads(json, 0, NULL) : NULL;
	json_t *t = o ? json_object_get(o, "title") : NULL;
	const char *s = arena_strdup(a, json_is_string(t) ? json_string_value(t) : "");

	json_decref(o);
	return s ? s : "";
}

int
plan_check(struct arena *a, struct measure *m, const char *err[PF__COUNT])
{
	int n = 0;

	for (int i = 0; i < PF__COUNT; i++)
		err[i] = NULL;
	if (m->title == NULL || *m->title == '\0')
		err[PF_TITLE] = N_("Enter a title.");
	else if (strlen(m->title) > PLAN_TITLE_MAX)
		err[PF_TITLE] = N_("The title is too long.");
	if (m->description && strlen(m->description) > PLAN_TEXT_MAX)
		err[PF_DESC] = N_("The text is too long.");
	if (m->owner && strlen(m->owner) > PLAN_OWNER_MAX)
		err[PF_OWNER] = N_("The owner is too long.");
	if (m->due_date && *m->due_date && inv_parse_date(a, m->due_date, 1, &m->due_date))
		err[PF_DUE] = N_("Enter a real date as YYYY-MM-DD, for example 2023-08-15.");
	if (m->priority < 1 || m->priority > 3)
		err[PF_PRIORITY] = N_("Choose high, medium or low.");
	if (index_of(plan_statuses, m->status) < 0)
		err[PF_STATUS] = N_("Choose a status from the list.");
	if (index_of(plan_efforts, m->effort) < 0)
		err[PF_EFFORT] = N_("Choose small, medium or large.");
	if (m->goal < 0 || m->goal > 3)
		err[PF_GOAL] = N_("Choose a competency goal from the list.");
	for (int i = 0; i < PF__COUNT; i++)
		n += err[i] != NULL;
	return n;
}

static int
open_status(const char *s)
{
	return strcmp(s, "not_started") == 0 || strcmp(s, "in_progress") == 0;
}

int
plan_overdue(const struct measure *m, const char *today)
{
	return open_status(m->status) && m->due_date && *m->due_date && strcmp(m->due_date, today) < 0;
}

static void
progress_add(struct plan_progress *p, const char *status, int overdue)
{
	p->total++;
	switch (index_of(plan_statuses, status)) {
	case 0: p->not_started++; break;
	case 1: p->in_progress++; break;
	case 2: p->done++; break;
	case 3: p->postponed++; break;
	default: break;
	}
	p->overdue += overdue;
}

static void
progress_finish(struct plan_progress *p)
{
	int64_t base = p->total - p->postponed;

	p->percent_done = base > 0 ? (int)(p->done * 100 / base) : 0;
}

void
plan_progress_of(const struct measure *v, int n, const char *today, struct plan_progress *p)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < n; i++)
		progress_add(p, v[i].status, plan_overdue(&v[i], today));
	progress_finish(p);
}

int
plan_progress(struct db *db, int64_t org_id, const char *today, struct plan_progress *p)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT status, COALESCE(due_date, '') FROM plan_measures"
	    " WHERE org_id = ?", &rc, "i", org_id);

	memset(p, 0, sizeof(*p));
	for (; rc == 1; rc = db_step(st)) {
		const char *s = db_col_text(st, 0), *due = db_col_text(st, 1);
		progress_add(p, s, open_status(s) && *due && strcmp(due, today) < 0);
	}
	if (st)
		db_reset(st);
	progress_finish(p);
	return rc < 0 ? -1 : 0;
}

#define M_COLS "m.id, m.org_id, m.title, m.description, m.source, COALESCE(m.assessment_id, 0)," \
	" COALESCE(m.item_uid, ''), COALESCE(m.todo_id, 0), COALESCE(m.round_id, 0)," \
	" COALESCE(m.question_urn, ''), COALESCE(m.tool_id, 0), m.owner, COALESCE(m.due_date, '')," \
	" m.priority, m.status, m.effort, COALESCE(m.goal, 0), m.created_at, m.updated_at," \
	" COALESCE(m.done_at, 0), COALESCE(t.name, ''), COALESCE(td.title, ''), ai.data," \
	" COALESCE(r.set_urn, ''), COALESCE(r.set_version, '')"
#define M_FROM " FROM plan_measures m LEFT JOIN tools t ON t.id = m.tool_id" \
	" LEFT JOIN todos td ON td.id = m.todo_id AND td.org_id = m.org_id" \
	" LEFT JOIN assessment_items ai ON ai.assessment_id = m.assessment_id AND ai.uid = m.item_uid" \
	" LEFT JOIN maturity_rounds r ON r.id = m.round_id AND r.org_id = m.org_id"

static const char *
col(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return arena_strdup(a, s ? s : "");
}

static void
read_measure(struct db_stmt *st, struct arena *a, struct measure *m)
{
	memset(m, 0, sizeof(*m));
	m->id = db_col_int(st, 0);
	m->org_id = db_col_int(st, 1);
	m->title = col(a, st, 2);
	m->description = col(a, st, 3);
	m->source = col(a, st, 4);
	m->assessment_id = db_col_int(st, 5);
	m->item_uid = col(a, st, 6);
	m->todo_id = db_col_int(st, 7);
	m->round_id = db_col_int(st, 8);
	m->question_urn = col(a, st, 9);
	m->tool_id = db_col_int(st, 10);
	m->owner = col(a, st, 11);
	m->due_date = col(a, st, 12);
	m->priority = (int)db_col_int(st, 13);
	m->status = col(a, st, 14);
	m->effort = col(a, st, 15);
	m->goal = (int)db_col_int(st, 16);
	m->created_at = db_col_int(st, 17);
	m->updated_at = db_col_int(st, 18);
	m->done_at = db_col_int(st, 19);
	m->set_urn = col(a, st, 23);
	m->set_version = col(a, st, 24);
	switch (index_of(plan_sources, m->source)) {
	case 0: m->origin = plan_risk_title(a, db_col_text(st, 22)); break;
	case 1: m->origin = col(a, st, 21); break;
	case 2: m->origin = m->question_urn; break;
	case 3: m->origin = col(a, st, 20); break;
	default: m->origin = ""; break;
	}
}

int
plan_list(struct db *db, struct arena *a, int64_t org_id, struct measure **out)
{
	struct measure *v = NULL;
	int rc, n = 0, cap = 0;
	struct db_stmt *st = db_query(db, "SELECT " M_COLS M_FROM " WHERE m.org_id = ?"
	    " ORDER BY m.priority, COALESCE(m.due_date, '9999'), m.id", &rc, "i", org_id);

	for (; rc == 1; rc = db_step(st)) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		read_measure(st, a, &v[n++]);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
plan_get(struct db *db, struct arena *a, int64_t org_id, int64_t id, struct measure *out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " M_COLS M_FROM " WHERE m.org_id = ? AND m.id = ?",
	    &rc, "ii", org_id, id);

	if (rc == 1)
		read_measure(st, a, out);
	if (st)
		db_reset(st);
	return rc;
}

int
plan_source_ok(struct db *db, int64_t org_id, const struct measure *m)
{
	switch (index_of(plan_sources, m->source)) {
	case 0:
		return db_run(db, "SELECT 1 FROM assessment_items i JOIN assessments a"
		    " ON a.id = i.assessment_id WHERE a.org_id = ? AND i.assessment_id = ?"
		    " AND i.uid = ? AND i.kind = 'risk'", "iis", org_id, m->assessment_id, m->item_uid);
	case 1:
		return db_run(db, "SELECT 1 FROM todos WHERE org_id = ? AND id = ?", "ii",
		    org_id, m->todo_id);
	case 2:
		return db_run(db, "SELECT 1 FROM maturity_rounds WHERE org_id = ? AND id = ?", "ii",
		    org_id, m->round_id);
	case 3:
		return db_run(db, "SELECT 1 FROM inventory WHERE org_id = ? AND tool_id = ? LIMIT 1",
		    "ii", org_id, m->tool_id);
	case 4:
		return 1;
	default:
		return 0;
	}
}

const char *
plan_source_title(struct db *db, struct arena *a, int64_t org_id, const struct measure *m)
{
	const char *s = "";
	int rc = 0, risk = 0;
	struct db_stmt *st = NULL;

	switch (index_of(plan_sources, m->source)) {
	case 0:
		risk = 1;
		st = db_query(db, "SELECT i.data FROM assessment_items i JOIN assessments a"
		    " ON a.id = i.assessment_id WHERE a.org_id = ? AND i.assessment_id = ? AND i.uid = ?",
		    &rc, "iis", org_id, m->assessment_id, m->item_uid);
		break;
	case 1:
		st = db_query(db, "SELECT title FROM todos WHERE org_id = ? AND id = ?", &rc, "ii",
		    org_id, m->todo_id);
		break;
	case 3:
		st = db_query(db, "SELECT t.name FROM tools t WHERE t.id = ? AND EXISTS (SELECT 1"
		    " FROM inventory i WHERE i.org_id = ? AND i.tool_id = t.id)", &rc, "ii",
		    m->tool_id, org_id);
		break;
	default:
		return "";
	}
	if (rc == 1)
		s = risk ? plan_risk_title(a, db_col_text(st, 0)) : col(a, st, 0);
	if (st)
		db_reset(st);
	return s;
}

static json_t *
measure_json(const struct measure *m)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:i}", "title", m->title,
	    "owner", m->owner ? m->owner : "", "due_date", m->due_date ? m->due_date : "",
	    "status", m->status, "priority", m->priority, "effort", m->effort,
	    "source", m->source ? m->source : "", "goal", m->goal);
}

/* Binds an id, or NULL when 0 (an absent source column). */
static void
bind_id(struct db_stmt *st, int i, int64_t v)
{
	if (v > 0)
		db_bind_int(st, i, v);
	else
		db_bind_null(st, i);
}

static void
bind_text0(struct db_stmt *st, int i, const char *s)
{
	db_bind_text(st, i, s && *s ? s : NULL);
}

int64_t
plan_create(struct db *db, int64_t org_id, const struct measure *m, int64_t actor, int64_t now)
{
	int src = index_of(plan_sources, m->source), rc;
	int64_t id = -1;
	struct db_stmt *st = db_prepare(db, "INSERT INTO plan_measures (org_id, title, description,"
	    " source, assessment_id, item_uid, todo_id, round_id, question_urn, tool_id, owner,"
	    " due_date, priority, status, effort, goal, created_by, created_at, updated_at, done_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");

	if (st == NULL || src < 0)
		return -1;
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, m->title);
	db_bind_text(st, 3, m->description ? m->description : "");
	db_bind_text(st, 4, m->source);
	/* Only the columns of the measure's own kind of source are stored. */
	bind_id(st, 5, src == 0 ? m->assessment_id : 0);
	bind_text0(st, 6, src == 0 ? m->item_uid : NULL);
	bind_id(st, 7, src == 1 ? m->todo_id : 0);
	bind_id(st, 8, src == 2 ? m->round_id : 0);
	bind_text0(st, 9, src == 2 ? m->question_urn : NULL);
	bind_id(st, 10, src == 3 ? m->tool_id : 0);
	db_bind_text(st, 11, m->owner ? m->owner : "");
	bind_text0(st, 12, m->due_date);
	db_bind_int(st, 13, m->priority);
	db_bind_text(st, 14, m->status);
	db_bind_text(st, 15, m->effort);
	bind_id(st, 16, m->goal);
	bind_id(st, 17, actor);
	db_bind_int(st, 18, now);
	db_bind_int(st, 19, now);
	bind_id(st, 20, strcmp(m->status, "done") == 0 ? now : 0);
	rc = db_step(st);
	if (rc == 1)
		id = db_col_int(st, 0);
	while (rc == 1)
		rc = db_step(st);
	db_reset(st);
	if (rc < 0 || id <= 0)
		return -1;
	if (audit_json(db, org_id, actor, "plan.measure.create", "plan_measure", id, measure_json(m), now))
		return -1;
	return id;
}

int
plan_update(struct db *db, struct arena *a, int64_t org_id, int64_t id, const struct measure *m,
    int64_t actor, int64_t now, int *finished)
{
	struct measure old;
	int rc = plan_get(db, a, org_id, id, &old);
	int done = strcmp(m->status, "done") == 0;

	*finished = 0;
	if (rc <= 0)
		return rc;
	if (db_run(db, "UPDATE plan_measures SET title = ?, description = ?, owner = ?, due_date = ?,"
	    " priority = ?, status = ?, effort = ?, goal = NULLIF(?, 0), updated_at = ?,"
	    " done_at = CASE WHEN ? = 1 THEN COALESCE(done_at, ?) ELSE NULL END"
	    " WHERE org_id = ? AND id = ?", "ssssissiiiiii", m->title,
	    m->description ? m->description : "", m->owner ? m->owner : "",
	    m->due_date && *m->due_date ? m->due_date : NULL, (int64_t)m->priority, m->status,
	    m->effort, (int64_t)m->goal, now, (int64_t)done, now, org_id, id) < 0)
		return -1;
	*finished = done && strcmp(old.status, "done") != 0;
	if (audit_json(db, org_id, actor, "plan.measure.update", "plan_measure", id,
	    json_pack("{s:o, s:o}", "before", measure_json(&old), "after", measure_json(m)), now))
		return -1;
	return 1;
}

int
plan_comments(struct db *db, struct arena *a, int64_t org_id, int64_t measure_id,
    struct plan_comment **out)
{
	struct plan_comment *v = NULL;
	int rc, n = 0, cap = 0;
	struct db_stmt *st = db_query(db, "SELECT c.id, c.created_at, c.body, COALESCE(u.name, '')"
	    " FROM plan_comments c JOIN plan_measures m ON m.id = c.measure_id"
	    " LEFT JOIN users u ON u.id = c.user_id WHERE m.org_id = ? AND c.measure_id = ?"
	    " ORDER BY c.created_at, c.id", &rc, "ii", org_id, measure_id);

	for (; rc == 1; rc = db_step(st)) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		v[n].id = db_col_int(st, 0);
		v[n].created_at = db_col_int(st, 1);
		v[n].body = col(a, st, 2);
		v[n].author = col(a, st, 3);
		n++;
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
plan_comment_add(struct db *db, int64_t org_id, int64_t measure_id, const char *body,
    int64_t actor, int64_t now)
{
	int64_t id;
	int rc = db_run(db, "SELECT 1 FROM plan_measures WHERE org_id = ? AND id = ?", "ii",
	    org_id, measure_id);

	if (rc <= 0)
		return rc;
	id = db_insert(db, "INSERT INTO plan_comments (measure_id, body, user_id, created_at)"
	    " VALUES (?, ?, ?, ?) RETURNING id", "isii", measure_id, body, actor, now);
	if (id < 0 || audit_json(db, org_id, actor, "plan.comment.create", "plan_measure", measure_id,
	    json_pack("{s:I, s:s}", "comment", (json_int_t)id, "body", body), now))
		return -1;
	return 1;
}
