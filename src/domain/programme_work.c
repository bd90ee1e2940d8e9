/*
 * programme_work.c - workshops, attendance and tasks between sessions; see
 * programme_work.h. Workshops are programme data (audited in the network's
 * chain); a task belongs to one municipality, so its creation and its
 * completion are audited in that municipality's chain.
 */
#include <jansson.h>
#include <string.h>

#include "audit.h"
#include "programme_db.h"
#include "programme_work.h"
#include "../core/arena.h"
#include "../db/db.h"
#include "../core/msgid.h"

static const char *
dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

static int
owns(struct db *db, int64_t net_id, int64_t id)
{
	return db_run(db, "SELECT 1 FROM programmes WHERE id = ? AND org_id = ?", "ii", id, net_id);
}

int64_t
programme_workshop_add(struct db *db, int64_t net_id, int64_t id, const char *title,
    const char *held_on, const char *place, int online, const char *agenda,
    const char *materials, int64_t actor, int64_t now)
{
	int64_t wid;
	int rc = owns(db, net_id, id);

	if (rc != 1)
		return rc < 0 ? -1 : 0;
	wid = db_insert(db, "INSERT INTO programme_workshops (programme_id, title, held_on, place,"
	    " online, agenda, materials, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "isssissi", id, title, held_on, place, (int64_t)(online != 0), agenda, materials, now);
	if (wid < 0)
		return -1;
	return audit_json(db, net_id, actor, "programme.workshop", "programme_workshop", wid,
	    json_pack("{s:I, s:s, s:s}", "programme", (json_int_t)id, "title", title, "held_on",
	    held_on), now) ? -1 : wid;
}

int
programme_workshops(struct db *db, struct arena *a, int64_t id, struct prog_workshop **out)
{
	struct db_stmt *st;
	struct prog_workshop *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT w.id, w.title, w.held_on, w.place, w.online, w.agenda, w.materials,"
	    " (SELECT COUNT(*) FROM programme_attendance t WHERE t.workshop_id = w.id AND t.attended = 1)"
	    " FROM programme_workshops w WHERE w.programme_id = ? ORDER BY w.held_on, w.id", &rc,
	    "i", id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		struct prog_workshop *w = &v[n++];
		w->id = db_col_int(st, 0);
		w->title = dup(a, db_col_text(st, 1));
		w->held_on = dup(a, db_col_text(st, 2));
		w->place = dup(a, db_col_text(st, 3));
		w->online = db_col_int(st, 4) != 0;
		w->agenda = dup(a, db_col_text(st, 5));
		w->materials = dup(a, db_col_text(st, 6));
		w->attended = (int)db_col_int(st, 7);
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

int
programme_attendance_set(struct db *db, int64_t net_id, int64_t id, int64_t wid,
    const int64_t *present, int npresent, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	json_t *list;
	int rc;

	if (db_run(db, "SELECT 1 FROM programme_workshops w JOIN programmes p ON p.id = w.programme_id"
	    " WHERE w.id = ? AND w.programme_id = ? AND p.org_id = ?", "iii", wid, id, net_id) != 1)
		return 1;
	if ((list = json_array()) == NULL)
		return -1;
	/* Every participant gets a row: present or not (the form lists them all). */
	st = db_query(db, "SELECT org_id FROM programme_participants WHERE programme_id = ?",
	    &rc, "i", id);
	while (rc == 1) {
		int64_t org = db_col_int(st, 0), here = 0;
		for (int i = 0; i < npresent; i++)
			here |= present[i] == org;
		if (here)
			json_array_append_new(list, json_integer(org));
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || db_run(db, "DELETE FROM programme_attendance WHERE workshop_id = ?", "i", wid) < 0 ||
	    db_run(db, "INSERT INTO programme_attendance (workshop_id, org_id, attended)"
	    " SELECT ?, org_id, 0 FROM programme_participants WHERE programme_id = ?", "ii", wid, id) < 0)
		goto fail;
	for (size_t i = 0; i < json_array_size(list); i++)
		if (db_run(db, "UPDATE programme_attendance SET attended = 1 WHERE workshop_id = ?"
		    " AND org_id = ?", "ii", wid, (int64_t)json_integer_value(json_array_get(list, i))) < 0)
			goto fail;
	return audit_json(db, net_id, actor, "programme.attendance", "programme_workshop", wid,
	    json_pack("{s:o}", "present", list), now) ? -1 : 0;
fail:
	json_decref(list);
	return -1;
}

int
programme_attended(struct db *db, int64_t wid, int64_t org_id)
{
	return db_run(db, "SELECT 1 FROM programme_attendance WHERE workshop_id = ? AND org_id = ?"
	    " AND attended = 1", "ii", wid, org_id) == 1;
}

int
programme_task_add(struct db *db, int64_t net_id, int64_t id, int64_t org_id, const char *title,
    const char *due_on, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int64_t orgs[256];
	int rc, n = 0;

	if (owns(db, net_id, id) != 1)
		return -1;
	st = db_query(db, "SELECT org_id FROM programme_participants WHERE programme_id = ?"
	    " AND (? = 0 OR org_id = ?) ORDER BY org_id", &rc, "iii", id, org_id, org_id);
	while (rc == 1 && n < 256) {
		orgs[n++] = db_col_int(st, 0);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		int64_t tid = db_insert(db, "INSERT INTO programme_tasks (programme_id, org_id, title,"
		    " due_on, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id", "iissi", id, orgs[i],
		    title, due_on, now);
		if (tid < 0 || audit_json(db, orgs[i], actor, "programme.task.add", "programme_task",
		    tid, json_pack("{s:I, s:s, s:s}", "programme", (json_int_t)id, "title", title,
		    "due_on", due_on), now))
			return -1;
	}
	return n;
}

int
programme_tasks(struct db *db, struct arena *a, int64_t id, int64_t org_id, struct prog_task **out)
{
	struct db_stmt *st;
	struct prog_task *v;
	int rc, n = 0, cap = 16;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT t.id, t.org_id, t.done_at, t.title, t.due_on, o.name"
	    " FROM programme_tasks t JOIN orgs o ON o.id = t.org_id WHERE t.programme_id = ?"
	    " AND (? = 0 OR t.org_id = ?) ORDER BY t.due_on, o.name, t.id", &rc, "iii", id, org_id,
	    org_id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		struct prog_task *t = &v[n++];
		t->id = db_col_int(st, 0);
		t->org_id = db_col_int(st, 1);
		t->done_at = db_col_isnull(st, 2) ? 0 : db_col_int(st, 2);
		t->title = dup(a, db_col_text(st, 3));
		t->due_on = dup(a, db_col_text(st, 4));
		t->org_name = dup(a, db_col_text(st, 5));
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

int
programme_task_done(struct db *db, int64_t org_id, int64_t task_id, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int rc, hit;

	st = db_query(db, "UPDATE programme_tasks SET done_at = ? WHERE id = ? AND org_id = ?"
	    " AND done_at IS NULL RETURNING id", &rc, "iii", now, task_id, org_id);
	if ((hit = prog_drain(st, rc, NULL)) < 0)
		return -1;
	if (!hit)
		return 1;
	return audit_json(db, org_id, actor, "programme.task.done", "programme_task", task_id,
	    NULL, now) ? -1 : 0;
}

/* ------------------------------------------------ documents and goals */

const char *const prog_doc_kinds[PROG_DOC_KINDS] = { "mandate", "target", "scope", "plan" };

const char *
prog_doc_label(int kind)
{
	static const char *const labels[PROG_DOC_KINDS] = {
		N_("Mandate"), N_("Target picture"), N_("Scope"), N_("Project plan"),
	};
	return kind >= 0 && kind < PROG_DOC_KINDS ? labels[kind] : "?";
}

static int
participates(struct db *db, int64_t id, int64_t org_id)
{
	return db_run(db, "SELECT 1 FROM programme_participants WHERE programme_id = ? AND org_id = ?",
	    "ii", id, org_id);
}

int
programme_doc_save(struct db *db, int64_t id, int64_t org_id, int kind, const char *body,
    int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int64_t version = 1;
	int rc = participates(db, id, org_id);

	if (rc != 1 || kind < 0 || kind >= PROG_DOC_KINDS)
		return rc < 0 ? -1 : 0;
	st = db_query(db, "SELECT MAX(version) FROM programme_documents WHERE programme_id = ?"
	    " AND org_id = ? AND kind = ?", &rc, "iis", id, org_id, prog_doc_kinds[kind]);
	if (rc == 1 && !db_col_isnull(st, 0))
		version = db_col_int(st, 0) + 1;
	if (st)
		db_reset(st);
	if (rc < 0 || db_insert(db, "INSERT INTO programme_documents (programme_id, org_id, kind,"
	    " version, body, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "iisisii", id, org_id, prog_doc_kinds[kind], version, body, actor, now) < 0)
		return -1;
	return audit_json(db, org_id, actor, "programme.document.save", "programme", id,
	    json_pack("{s:s, s:I}", "kind", prog_doc_kinds[kind], "version", (json_int_t)version),
	    now) ? -1 : (int)version;
}

int
programme_doc_approve(struct db *db, int64_t id, int64_t org_id, int kind, int64_t actor,
    int64_t now)
{
	struct db_stmt *st;
	int64_t version = 0;
	int rc;

	if (kind < 0 || kind >= PROG_DOC_KINDS)
		return 1;
	st = db_query(db, "UPDATE programme_documents SET approved_by = ?, approved_at = ?"
	    " WHERE programme_id = ? AND org_id = ? AND kind = ? AND approved_at IS NULL"
	    " AND version = (SELECT MAX(version) FROM programme_documents WHERE programme_id = ?"
	    "  AND org_id = ? AND kind = ?) RETURNING version", &rc, "iiiisiis", actor, now, id,
	    org_id, prog_doc_kinds[kind], id, org_id, prog_doc_kinds[kind]);
	if (prog_drain(st, rc, &version) < 0)
		return -1;
	if (version == 0)
		return 1;
	return audit_json(db, org_id, actor, "programme.document.approve", "programme", id,
	    json_pack("{s:s, s:I}", "kind", prog_doc_kinds[kind], "version", (json_int_t)version),
	    now) ? -1 : 0;
}

int
programme_docs(struct db *db, struct arena *a, int64_t id, int64_t org_id,
    struct prog_doc out[PROG_DOC_KINDS])
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out) * PROG_DOC_KINDS);
	st = db_query(db, "SELECT kind, version, body, created_at, approved_at FROM programme_documents"
	    " WHERE programme_id = ? AND org_id = ? ORDER BY kind, version", &rc, "ii", id, org_id);
	while (rc == 1) {
		for (int k = 0; k < PROG_DOC_KINDS; k++) {
			if (strcmp(db_col_text(st, 0), prog_doc_kinds[k]) != 0)
				continue;
			out[k].version = (int)db_col_int(st, 1);
			out[k].body = dup(a, db_col_text(st, 2));
			out[k].created_at = db_col_int(st, 3);
			out[k].approved_at = db_col_isnull(st, 4) ? 0 : db_col_int(st, 4);
			if (out[k].approved_at)
				out[k].approved_version = out[k].version;
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
programme_goals_save(struct db *db, int64_t id, int64_t org_id, const int *reached,
    const char *const *evidence, int64_t actor, int64_t now)
{
	json_t *j;
	int rc = participates(db, id, org_id);

	if (rc != 1)
		return rc < 0 ? -1 : 1;
	if ((j = json_array()) == NULL)
		return -1;
	for (int g = 0; g < PROG_GOALS_N; g++) {
		if (db_run(db, "INSERT INTO programme_goals (programme_id, org_id, goal, reached, evidence,"
		    " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (programme_id,"
		    " org_id, goal) DO UPDATE SET reached = excluded.reached, evidence = excluded.evidence,"
		    " updated_by = excluded.updated_by, updated_at = excluded.updated_at", "iiiisii", id,
		    org_id, (int64_t)(g + 1), (int64_t)(reached[g] != 0), evidence[g] ? evidence[g] : "",
		    actor, now) < 0) {
			json_decref(j);
			return -1;
		}
		json_array_append_new(j, json_pack("{s:i, s:b, s:s}", "goal", g + 1, "reached",
		    reached[g] != 0, "evidence", evidence[g] ? evidence[g] : ""));
	}
	return audit_json(db, org_id, actor, "programme.goals", "programme", id,
	    json_pack("{s:o}", "goals", j), now) ? -1 : 0;
}

int
programme_goals(struct db *db, struct arena *a, int64_t id, int64_t org_id,
    struct prog_goal out[PROG_GOALS_N])
{
	struct db_stmt *st;
	int rc;

	for (int g = 0; g < PROG_GOALS_N; g++) {
		out[g].reached = 0;
		out[g].evidence = "";
	}
	st = db_query(db, "SELECT goal, reached, evidence FROM programme_goals WHERE programme_id = ?"
	    " AND org_id = ?", &rc, "ii", id, org_id);
	while (rc == 1) {
		int g = (int)db_col_int(st, 0);
		if (g >= 1 && g <= PROG_GOALS_N) {
			out[g - 1].reached = db_col_int(st, 1) != 0;
			out[g - 1].evidence = dup(a, db_col_text(st, 2));
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
count_into(struct db *db, const char *sql, int64_t id, const int64_t *orgs, int n, int *out)
{
	struct db_stmt *st;
	int rc;

	for (int i = 0; i < n; i++)
		out[i] = 0;
	st = db_query(db, sql, &rc, "i", id);
	while (rc == 1) {
		int64_t org = db_col_int(st, 0);
		for (int i = 0; i < n; i++)
			if (orgs[i] == org)
				out[i] = (int)db_col_int(st, 1);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
programme_progress(struct db *db, int64_t id, const int64_t *orgs, int n, int *docs, int *goals)
{
	/* A document counts when its latest version is approved. */
	if (count_into(db, "SELECT d.org_id, COUNT(*) FROM programme_documents d WHERE"
	    " d.programme_id = ? AND d.approved_at IS NOT NULL AND d.version = (SELECT MAX(x.version)"
	    " FROM programme_documents x WHERE x.programme_id = d.programme_id AND x.org_id = d.org_id"
	    " AND x.kind = d.kind) GROUP BY d.org_id", id, orgs, n, docs))
		return -1;
	return count_into(db, "SELECT org_id, COUNT(*) FROM programme_goals WHERE programme_id = ?"
	    " AND reached = 1 GROUP BY org_id", id, orgs, n, goals);
}
