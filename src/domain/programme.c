/*
 * programme.c - programmes, phases, recruitment, participants, consent and
 * comments; see programme.h. The cohort dashboard is in programme_dash.c.
 *
 * Every query names the scope it answers for: a network's programmes by
 * programmes.org_id, a municipality's applications, consents and comments
 * by their org_id. Deadlines and phase dates are calendar dates (YYYY-MM-DD
 * text, which compares as a date) in UTC, so both engines agree.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "programme_db.h"
#include "programme.h"
#include "../core/arena.h"
#include "../core/num.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../core/buf.h"

static const char *const phase_names[PROG_PHASES] = {
	N_("Start-up"), N_("Mapping"), N_("Current state and measures"),
	N_("Implementation"), N_("Evaluation"),
};

static const char *const phase_acts[PROG_PHASES] = {
	N_("Joint kick-off with the adviser team and the other municipalities. Write and anchor the mandate, target picture, scope and project plan."),
	N_("Collect information on the municipality's work with privacy and information security."),
	N_("Joint workshop (on site or online): analyse the current state, define the challenges and prioritise measures in an action plan."),
	N_("Carry out the action plan with support from the adviser team."),
	N_("Take part in the evaluation of the programme."),
};

static const char *const goals[PROG_GOALS] = {
	N_("Able to map how privacy and information security are handled in the education sector of the municipality."),
	N_("Able to prioritise further work with privacy and information security on the basis of the mapping."),
	N_("Able to carry out and follow up a risk assessment, DPIA, data processing agreement and similar, with a system or method."),
};

const char *
prog_phase_name(int p)
{
	return p >= 1 && p <= PROG_PHASES ? phase_names[p - 1] : "?";
}

const char *
prog_phase_activities(int p)
{
	return p >= 1 && p <= PROG_PHASES ? phase_acts[p - 1] : "";
}

const char *
prog_goal_text(int g)
{
	return g >= 1 && g <= PROG_GOALS ? goals[g - 1] : "?";
}

static int
parse_date(const char *s, struct tm *tm)
{
	int y, m, d;

	if (num_parse_date(s, 2000, &y, &m, &d))
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = 12;
	return 0;
}

int
prog_date_ok(const char *s)
{
	struct tm tm;

	return parse_date(s, &tm) == 0;
}

void
prog_today(int64_t now, char out[11])
{
	time_t t = (time_t)now;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* start + days, as YYYY-MM-DD. */
static void
date_plus(const char *start, int days, char out[11])
{
	struct tm tm;

	if (parse_date(start, &tm)) {
		snprintf(out, 11, "%s", "2000-01-01");
		return;
	}
	prog_today((int64_t)timegm(&tm) + (int64_t)days * 86400, out);
}

static const char *
dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

static const char *
dup_or_null(struct arena *a, struct db_stmt *st, int col)
{
	return db_col_isnull(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

/* ------------------------------------------------------------ programmes */

int64_t
programme_create(struct db *db, int64_t net_id, const struct prog_fields *f, int64_t actor,
    int64_t now)
{
	int64_t id;

	id = db_insert(db, "INSERT INTO programmes (org_id, title, gives, demands, contact_name,"
	    " contact_email, meeting_on, meeting_time, meeting_link, apply_by, created_by,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "isssssssssiii", net_id, f->title, f->gives, f->demands, f->contact_name,
	    f->contact_email, f->meeting_on && *f->meeting_on ? f->meeting_on : NULL,
	    f->meeting_time, f->meeting_link, f->apply_by, actor, now, now);
	if (id < 0)
		return -1;
	for (int p = 1; p <= PROG_PHASES; p++) {
		char s[11], e[11];
		date_plus(f->starts_on, (p - 1) * 30, s);
		date_plus(f->starts_on, p * 30 - 1, e);
		if (db_run(db, "INSERT INTO programme_phases (programme_id, position, starts_on,"
		    " ends_on, activities) VALUES (?, ?, ?, ?, ?)", "iisss", id, (int64_t)p, s, e,
		    prog_phase_activities(p)) < 0)
			return -1;
	}
	if (db_run(db, "INSERT INTO programme_advisers (programme_id, user_id) VALUES (?, ?)",
	    "ii", id, actor) < 0)
		return -1;
	if (audit_json(db, net_id, actor, "programme.create", "programme", id,
	    json_pack("{s:s, s:s, s:s}", "title", f->title, "apply_by", f->apply_by,
	    "starts_on", f->starts_on), now))
		return -1;
	return id;
}

#define PROG_COLS "p.id, p.org_id, p.title, p.gives, p.demands, p.contact_name," \
	" p.contact_email, p.meeting_on, p.meeting_time, p.meeting_link, p.apply_by, o.name," \
	" p.created_at"

static void
read_programme(struct db_stmt *st, struct arena *a, struct programme *o)
{
	memset(o, 0, sizeof(*o));
	o->id = db_col_int(st, 0);
	o->org_id = db_col_int(st, 1);
	o->title = dup(a, db_col_text(st, 2));
	o->gives = dup(a, db_col_text(st, 3));
	o->demands = dup(a, db_col_text(st, 4));
	o->contact_name = dup(a, db_col_text(st, 5));
	o->contact_email = dup(a, db_col_text(st, 6));
	o->meeting_on = dup_or_null(a, st, 7);
	o->meeting_time = dup(a, db_col_text(st, 8));
	o->meeting_link = dup(a, db_col_text(st, 9));
	o->apply_by = dup(a, db_col_text(st, 10));
	o->org_name = dup(a, db_col_text(st, 11));
	o->created_at = db_col_int(st, 12);
}

int
programme_get(struct db *db, struct arena *a, int64_t net_id, int64_t id, struct programme *out)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT " PROG_COLS " FROM programmes p JOIN orgs o ON o.id = p.org_id"
	    " WHERE p.id = ? AND (? = 0 OR p.org_id = ?)", &rc, "iii", id, net_id, net_id);
	if (rc == 1)
		read_programme(st, a, out);
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc;
	st = db_query(db, "SELECT position, starts_on, ends_on, activities, moved_from_start,"
	    " moved_from_end, moved_at FROM programme_phases WHERE programme_id = ?"
	    " ORDER BY position", &rc, "i", id);
	while (rc == 1) {
		int p = (int)db_col_int(st, 0);
		if (p >= 1 && p <= PROG_PHASES) {
			struct prog_phase *ph = &out->phase[p - 1];
			ph->position = p;
			ph->starts_on = dup(a, db_col_text(st, 1));
			ph->ends_on = dup(a, db_col_text(st, 2));
			ph->activities = dup(a, db_col_text(st, 3));
			ph->moved_from_start = dup_or_null(a, st, 4);
			ph->moved_from_end = dup_or_null(a, st, 5);
			ph->moved_at = db_col_isnull(st, 6) ? 0 : db_col_int(st, 6);
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 1;
}

int
programme_list(struct db *db, struct arena *a, int64_t net_id, struct programme **out)
{
	struct db_stmt *st;
	struct programme *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT " PROG_COLS " FROM programmes p JOIN orgs o ON o.id = p.org_id"
	    " WHERE ? = 0 OR p.org_id = ? ORDER BY p.created_at DESC, p.id DESC", &rc, "ii",
	    net_id, net_id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		read_programme(st, a, &v[n++]);
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

int
programme_phase_move(struct db *db, int64_t net_id, int64_t id, int position,
    const char *starts_on, const char *ends_on, const char *activities, int64_t actor,
    int64_t now)
{
	struct db_stmt *st;
	char os[11] = "", oe[11] = "";
	int rc;

	if (position < 1 || position > PROG_PHASES || strcmp(starts_on, ends_on) > 0)
		return 1;
	st = db_query(db, "SELECT ph.starts_on, ph.ends_on FROM programme_phases ph"
	    " JOIN programmes p ON p.id = ph.programme_id"
	    " WHERE ph.programme_id = ? AND ph.position = ? AND p.org_id = ?", &rc, "iii",
	    id, (int64_t)position, net_id);
	if (rc == 1) {
		snprintf(os, sizeof(os), "%s", db_col_text(st, 0));
		snprintf(oe, sizeof(oe), "%s", db_col_text(st, 1));
	}
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc < 0 ? -1 : 1;
	/* Only a change of dates is a move that participants are told about;
	 * the dates before the latest move are kept for them to compare. */
	if (strcmp(os, starts_on) != 0 || strcmp(oe, ends_on) != 0)
		rc = db_run(db, "UPDATE programme_phases SET starts_on = ?, ends_on = ?, activities = ?,"
		    " moved_from_start = ?, moved_from_end = ?, moved_at = ? WHERE programme_id = ?"
		    " AND position = ?", "sssssiii", starts_on, ends_on, activities, os, oe, now, id,
		    (int64_t)position);
	else
		rc = db_run(db, "UPDATE programme_phases SET activities = ? WHERE programme_id = ?"
		    " AND position = ?", "sii", activities, id, (int64_t)position);
	if (rc < 0)
		return -1;
	return audit_json(db, net_id, actor, "programme.phase", "programme", id,
	    json_pack("{s:i, s:{s:s, s:s}, s:{s:s, s:s}}", "phase", position,
	    "before", "starts_on", os, "ends_on", oe, "after", "starts_on", starts_on,
	    "ends_on", ends_on), now) ? -1 : 0;
}

int
programme_is_adviser(struct db *db, int64_t id, int64_t user_id)
{
	return db_run(db, "SELECT 1 FROM programme_advisers WHERE programme_id = ? AND user_id = ?",
	    "ii", id, user_id);
}

int
programme_advisers(struct db *db, struct arena *a, int64_t net_id, int64_t id, int team_only,
    struct prog_adviser **out)
{
	struct db_stmt *st;
	struct prog_adviser *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT u.id, u.name, u.email, (SELECT COUNT(*) FROM programme_advisers pa"
	    " WHERE pa.programme_id = ? AND pa.user_id = u.id) FROM users u JOIN memberships m"
	    " ON m.user_id = u.id WHERE m.org_id = ? AND m.role = 'regional_adviser'"
	    " AND u.disabled = 0 ORDER BY u.name, u.id", &rc, "ii", id, net_id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		if (!team_only || db_col_int(st, 3)) {
			v[n].user_id = db_col_int(st, 0);
			v[n].name = dup(a, db_col_text(st, 1));
			v[n].email = dup(a, db_col_text(st, 2));
			v[n].in_team = db_col_int(st, 3) != 0;
			n++;
		}
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

int
programme_adviser_set(struct db *db, int64_t net_id, int64_t id, int64_t user_id, int add,
    int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int rc, in, team = 0;

	/* Only the network's regional advisers can be in a team of its own
	 * programme (consent reaches exactly them). */
	rc = db_run(db, "SELECT 1 FROM programmes p JOIN memberships m ON m.org_id = p.org_id"
	    " WHERE p.id = ? AND p.org_id = ? AND m.user_id = ? AND m.role = 'regional_adviser'",
	    "iii", id, net_id, user_id);
	if (rc != 1)
		return rc < 0 ? -1 : 1;
	if ((in = programme_is_adviser(db, id, user_id)) < 0)
		return -1;
	st = db_query(db, "SELECT COUNT(*) FROM programme_advisers WHERE programme_id = ?", &rc, "i", id);
	if (rc == 1)
		team = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (add ? in : (!in || team <= 1))
		return 1;
	rc = add ? db_run(db, "INSERT INTO programme_advisers (programme_id, user_id) VALUES (?, ?)",
	    "ii", id, user_id) : db_run(db, "DELETE FROM programme_advisers WHERE programme_id = ?"
	    " AND user_id = ?", "ii", id, user_id);
	if (rc < 0)
		return -1;
	return audit_json(db, net_id, actor, add ? "programme.adviser.add" : "programme.adviser.remove",
	    "programme", id, json_pack("{s:I}", "user", (json_int_t)user_id), now) ? -1 : 0;
}

/* ----------------------------------------------------------- recruitment */

int
programme_register(struct db *db, int64_t id, const char *name, const char *email,
    const char *organisation, int64_t now)
{
	int64_t rid;

	if (db_run(db, "SELECT 1 FROM programme_registrations WHERE programme_id = ? AND email = ?",
	    "is", id, email) == 1)
		return 1;
	rid = db_insert(db, "INSERT INTO programme_registrations (programme_id, name, email,"
	    " organisation, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id", "isssi", id, name,
	    email, organisation, now);
	return rid < 0 ? -1 : 0;
}

int
programme_registrations(struct db *db, int64_t id)
{
	struct db_stmt *st;
	int rc, n = 0;

	st = db_query(db, "SELECT COUNT(*) FROM programme_registrations WHERE programme_id = ?",
	    &rc, "i", id);
	if (rc == 1)
		n = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : n;
}

int
programme_registration_list(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    struct prog_registration **out)
{
	struct db_stmt *st;
	struct prog_registration *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT g.name, g.email, g.organisation, g.created_at FROM"
	    " programme_registrations g JOIN programmes p ON p.id = g.programme_id"
	    " WHERE g.programme_id = ? AND p.org_id = ? ORDER BY g.created_at, g.id", &rc, "ii",
	    id, net_id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		v[n].name = dup(a, db_col_text(st, 0));
		v[n].email = dup(a, db_col_text(st, 1));
		v[n].organisation = dup(a, db_col_text(st, 2));
		v[n].at = db_col_int(st, 3);
		n++;
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

int
programme_apply(struct db *db, int64_t id, int64_t org_id, const char *contact_name,
    const char *contact_email, const char *motivation, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	char today[11], by[11] = "";
	int64_t aid;
	int rc;

	st = db_query(db, "SELECT apply_by FROM programmes WHERE id = ?", &rc, "i", id);
	if (rc == 1)
		snprintf(by, sizeof(by), "%s", db_col_text(st, 0));
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc < 0 ? -1 : PA_NOT_FOUND;
	prog_today(now, today);
	if (strcmp(today, by) > 0)
		return PA_CLOSED;
	if (db_run(db, "SELECT 1 FROM programme_applications WHERE programme_id = ? AND org_id = ?",
	    "ii", id, org_id) != 0)
		return PA_DUPLICATE;
	aid = db_insert(db, "INSERT INTO programme_applications (programme_id, org_id, contact_name,"
	    " contact_email, motivation, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id", "iisssii", id, org_id, contact_name,
	    contact_email, motivation, actor, now);
	if (aid < 0)
		return -1;
	return audit_json(db, org_id, actor, "programme.apply", "programme_application", aid,
	    json_pack("{s:I, s:s, s:s}", "programme", (json_int_t)id, "contact_name", contact_name,
	    "contact_email", contact_email), now) ? -1 : PA_OK;
}

#define APP_COLS "a.id, a.programme_id, a.org_id, a.created_at, a.decided_at, o.name," \
	" a.contact_name, a.contact_email, a.motivation, a.status, a.message, p.title"

static int
read_applications(struct db_stmt *st, int rc, struct arena *a, struct prog_application **out)
{
	struct prog_application *v;
	int n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		struct prog_application *x = &v[n++];
		x->id = db_col_int(st, 0);
		x->programme_id = db_col_int(st, 1);
		x->org_id = db_col_int(st, 2);
		x->created_at = db_col_int(st, 3);
		x->decided_at = db_col_isnull(st, 4) ? 0 : db_col_int(st, 4);
		x->org_name = dup(a, db_col_text(st, 5));
		x->contact_name = dup(a, db_col_text(st, 6));
		x->contact_email = dup(a, db_col_text(st, 7));
		x->motivation = dup(a, db_col_text(st, 8));
		x->status = dup(a, db_col_text(st, 9));
		x->message = dup(a, db_col_text(st, 10));
		x->programme_title = dup(a, db_col_text(st, 11));
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

int
programme_applications(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    struct prog_application **out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " APP_COLS " FROM programme_applications a"
	    " JOIN orgs o ON o.id = a.org_id JOIN programmes p ON p.id = a.programme_id"
	    " WHERE a.programme_id = ? AND p.org_id = ? ORDER BY a.created_at, a.id", &rc, "ii",
	    id, net_id);

	return read_applications(st, rc, a, out);
}

int
programme_applications_of(struct db *db, struct arena *a, int64_t org_id,
    struct prog_application **out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " APP_COLS " FROM programme_applications a"
	    " JOIN orgs o ON o.id = a.org_id JOIN programmes p ON p.id = a.programme_id"
	    " WHERE a.org_id = ? ORDER BY a.created_at DESC, a.id DESC", &rc, "i", org_id);

	return read_applications(st, rc, a, out);
}

int
programme_decide(struct db *db, int64_t net_id, int64_t id, int64_t app_id, int accept,
    const char *message, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int64_t org_id = 0;
	json_t *detail;
	int rc;

	/* The WHERE clause is the guard: only a pending application of a
	 * programme of this network changes, once. */
	st = db_query(db, "UPDATE programme_applications SET status = ?, message = ?, decided_by = ?,"
	    " decided_at = ? WHERE id = ? AND programme_id = ? AND status = 'pending'"
	    " AND programme_id IN (SELECT id FROM programmes WHERE org_id = ?) RETURNING org_id",
	    &rc, "ssiiiii", accept ? "accepted" : "declined", message, actor, now, app_id, id,
	    net_id);
	if (prog_drain(st, rc, &org_id) < 0)
		return -1;
	if (org_id == 0)
		return 1;
	if (accept && db_run(db, "INSERT INTO programme_participants (programme_id, org_id, phase,"
	    " joined_at) VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING", "iii", id, org_id, now) < 0)
		return -1;
	/* The decision is about the municipality: recorded in both chains. */
	detail = json_pack("{s:I, s:I, s:s, s:s}", "programme", (json_int_t)id, "org",
	    (json_int_t)org_id, "status", accept ? "accepted" : "declined", "message", message);
	if (detail == NULL)
		return -1;
	json_incref(detail);
	if (audit_json(db, net_id, actor, "programme.decide", "programme_application", app_id,
	    detail, now)) {
		json_decref(detail);
		return -1;
	}
	return audit_json(db, org_id, actor, "programme.decide", "programme_application", app_id,
	    detail, now) ? -1 : 0;
}

/* --------------------------------------------------- participants, consent */

#define PART_COLS "pp.programme_id, pp.org_id, pp.joined_at, pp.phase, c.granted_at, o.name," \
	" p.title, n.name"
#define PART_FROM " FROM programme_participants pp JOIN orgs o ON o.id = pp.org_id" \
	" JOIN programmes p ON p.id = pp.programme_id JOIN orgs n ON n.id = p.org_id" \
	" LEFT JOIN programme_consents c ON c.programme_id = pp.programme_id" \
	"  AND c.org_id = pp.org_id AND c.withdrawn_at IS NULL"

static int
read_participants(struct db_stmt *st, int rc, struct arena *a, struct prog_participant **out)
{
	struct prog_participant *v;
	int n = 0, cap = 16;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		struct prog_participant *x = &v[n++];
		x->programme_id = db_col_int(st, 0);
		x->org_id = db_col_int(st, 1);
		x->joined_at = db_col_int(st, 2);
		x->phase = (int)db_col_int(st, 3);
		x->consent = !db_col_isnull(st, 4);
		x->consent_at = x->consent ? db_col_int(st, 4) : 0;
		x->org_name = dup(a, db_col_text(st, 5));
		x->programme_title = dup(a, db_col_text(st, 6));
		x->network_name = dup(a, db_col_text(st, 7));
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

int
programme_participants(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    struct prog_participant **out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " PART_COLS PART_FROM
	    " WHERE pp.programme_id = ? AND p.org_id = ? ORDER BY o.name, o.id", &rc, "ii", id,
	    net_id);

	return read_participants(st, rc, a, out);
}

int
programme_participations(struct db *db, struct arena *a, int64_t org_id,
    struct prog_participant **out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " PART_COLS PART_FROM
	    " WHERE pp.org_id = ? ORDER BY pp.joined_at DESC, pp.programme_id", &rc, "i", org_id);

	return read_participants(st, rc, a, out);
}

int
programme_set_phase(struct db *db, int64_t net_id, int64_t id, int64_t org_id, int phase,
    int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int rc, hit;

	if (phase < 1 || phase > PROG_PHASES)
		return 1;
	st = db_query(db, "UPDATE programme_participants SET phase = ? WHERE programme_id = ?"
	    " AND org_id = ? AND programme_id IN (SELECT id FROM programmes WHERE org_id = ?)"
	    " RETURNING org_id", &rc, "iiii", (int64_t)phase, id, org_id, net_id);
	if ((hit = prog_drain(st, rc, NULL)) < 0)
		return -1;
	if (!hit)
		return 1;
	return audit_json(db, net_id, actor, "programme.participant.phase", "programme", id,
	    json_pack("{s:I, s:i}", "org", (json_int_t)org_id, "phase", phase), now) ? -1 : 0;
}

int
programme_consent(struct db *db, int64_t id, int64_t org_id, int grant, int64_t actor,
    int64_t now)
{
	struct db_stmt *st;
	int64_t cid = 0;
	int rc;

	if (db_run(db, "SELECT 1 FROM programme_participants WHERE programme_id = ? AND org_id = ?",
	    "ii", id, org_id) != 1)
		return 1;
	if (grant) {
		/* One active consent (a partial unique index guards it too). */
		if (db_run(db, "SELECT 1 FROM programme_consents WHERE programme_id = ? AND org_id = ?"
		    " AND withdrawn_at IS NULL", "ii", id, org_id) != 0)
			return 1;
		cid = db_insert(db, "INSERT INTO programme_consents (programme_id, org_id, granted_by,"
		    " granted_at) VALUES (?, ?, ?, ?) RETURNING id", "iiii", id, org_id, actor, now);
		if (cid < 0)
			return -1;
	} else {
		st = db_query(db, "UPDATE programme_consents SET withdrawn_at = ?, withdrawn_by = ?"
		    " WHERE programme_id = ? AND org_id = ? AND withdrawn_at IS NULL RETURNING id",
		    &rc, "iiii", now, actor, id, org_id);
		if (prog_drain(st, rc, &cid) < 0)
			return -1;
	}
	if (cid == 0)
		return 1;
	return audit_json(db, org_id, actor, grant ? "programme.consent.grant" :
	    "programme.consent.withdraw", "programme_consent", cid,
	    json_pack("{s:I}", "programme", (json_int_t)id), now) ? -1 : 0;
}

int
programme_audit_access(struct db *db, int64_t user_id, int64_t org_id, const char *method,
    const char *path, int64_t now)
{
	if (db_begin(db))
		return -1;
	if (audit_json(db, org_id, user_id, "programme.adviser_access", "org", org_id,
	    json_pack("{s:s, s:s}", "method", method, "path", path), now) || db_commit(db)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
programme_access_log(struct db *db, struct arena *a, int64_t org_id, int limit,
    struct prog_access **out)
{
	struct db_stmt *st;
	struct prog_access *v;
	int rc, n = 0, cap = 16;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT a.at, COALESCE(u.name, ''), a.detail FROM audit a"
	    " LEFT JOIN users u ON u.id = a.actor_id WHERE a.org_id = ?"
	    " AND a.action = 'programme.adviser_access' ORDER BY a.seq DESC LIMIT ?", &rc, "ii",
	    org_id, (int64_t)limit);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		json_t *j = json_loads(db_col_text(st, 2), 0, NULL);
		const char *m = json_string_value(json_object_get(j, "method"));
		const char *p = json_string_value(json_object_get(j, "path"));
		v[n].at = db_col_int(st, 0);
		v[n].who = dup(a, db_col_text(st, 1));
		v[n].detail = arena_printf(a, "%s %s", m ? m : "", p ? p : "");
		json_decref(j);
		n++;
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}

/* ---------------------------------------------------------------- comments */

int64_t
programme_consent_via(struct db *db, int64_t user_id, int64_t org_id)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	/* The same conditions as principal_load (domain/authz.c). */
	st = db_query(db, "SELECT c.programme_id FROM programme_consents c"
	    " JOIN programme_participants pp ON pp.programme_id = c.programme_id AND pp.org_id = c.org_id"
	    " JOIN programme_advisers pa ON pa.programme_id = c.programme_id"
	    " JOIN programmes pr ON pr.id = c.programme_id"
	    " JOIN memberships m ON m.org_id = pr.org_id AND m.user_id = pa.user_id"
	    "  AND m.role = 'regional_adviser'"
	    " WHERE pa.user_id = ? AND c.org_id = ? AND c.withdrawn_at IS NULL"
	    " ORDER BY c.programme_id LIMIT 1", &rc, "ii", user_id, org_id);
	if (rc == 1)
		id = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : id;
}

int
programme_comment_add(struct db *db, int64_t programme_id, int64_t org_id,
    const char *object_type, int64_t object_id, const char *body, int64_t actor, int64_t now)
{
	int64_t id = db_insert(db, "INSERT INTO programme_comments (programme_id, org_id,"
	    " object_type, object_id, body, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id", "iisisii", programme_id, org_id, object_type, object_id, body, actor,
	    now);

	if (id < 0)
		return -1;
	return audit_json(db, org_id, actor, "programme.comment", object_type, object_id,
	    json_pack("{s:I, s:s}", "programme", (json_int_t)programme_id, "body", body), now) ?
	    -1 : 0;
}

int
programme_comments(struct db *db, struct arena *a, int64_t org_id, const char *object_type,
    int64_t object_id, struct prog_comment **out)
{
	struct db_stmt *st;
	struct prog_comment *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT c.id, c.created_at, COALESCE(u.name, ''), c.body, p.title"
	    " FROM programme_comments c JOIN programmes p ON p.id = c.programme_id"
	    " LEFT JOIN users u ON u.id = c.user_id"
	    " WHERE c.org_id = ? AND c.object_type = ? AND c.object_id = ?"
	    " ORDER BY c.created_at, c.id", &rc, "isi", org_id, object_type, object_id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		v[n].id = db_col_int(st, 0);
		v[n].at = db_col_int(st, 1);
		v[n].who = dup(a, db_col_text(st, 2));
		v[n].body = dup(a, db_col_text(st, 3));
		v[n].programme_title = dup(a, db_col_text(st, 4));
		n++;
		rc = db_step(st);
	}
	PROG_LIST_DONE(st, rc, v, out, n);
}
