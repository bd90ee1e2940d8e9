/*
 * programme.h - the regional advisory service (veiledertjeneste, issue 7):
 * programmes with five phases, recruitment (public page, information
 * meeting, applications with a deadline), participants, consent to adviser
 * access with its audit, advisers' comments, and the cohort dashboard.
 * Workshops, tasks, documents and goals: programme_work.h; the evaluation:
 * programme_eval.h.
 *
 * Scoping: a programme belongs to the network that runs it (programmes.
 * org_id); functions taking net_id only find programmes of that network.
 * A participant's rows carry the municipality's org_id and are read with it.
 * Every change is audited in the caller's transaction: programme changes in
 * the network's chain, a municipality's own acts (apply, consent) in its
 * chain, and decisions about a municipality (accept, decline) in both.
 */
#ifndef SKOLESEC_PROGRAMME_H
#define SKOLESEC_PROGRAMME_H

#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

#define PROG_PHASES 5
#define PROG_GOALS 3

/* Phase names and competency goals from the pilot invitation: msgids. */
const char *prog_phase_name(int position);		/* 1..5 */
const char *prog_phase_activities(int position);	/* default activities */
const char *prog_goal_text(int goal);			/* 1..3 */

/* 1 when s is a real calendar date written YYYY-MM-DD. */
int prog_date_ok(const char *s);
/* now (Unix seconds) as YYYY-MM-DD in UTC. */
void prog_today(int64_t now, char out[11]);

struct prog_phase {
	int position;
	const char *starts_on, *ends_on, *activities;
	const char *moved_from_start, *moved_from_end;	/* NULL when never moved */
	int64_t moved_at;
};

struct programme {
	int64_t id, org_id;
	const char *title, *gives, *demands, *contact_name, *contact_email;
	const char *meeting_on, *meeting_time, *meeting_link, *apply_by;
	const char *org_name;		/* the network */
	int64_t created_at;
	struct prog_phase phase[PROG_PHASES];
};

struct prog_fields {			/* what a network writes when creating one */
	const char *title, *gives, *demands, *contact_name, *contact_email;
	const char *meeting_on, *meeting_time, *meeting_link, *apply_by;
	const char *starts_on;		/* first day of Oppstart */
};

/* Creates a programme with its five phases (one month each from starts_on,
 * default activities) and the creator in the adviser team. Returns the id
 * or -1. Audited in the network's chain. */
int64_t programme_create(struct db *db, int64_t net_id, const struct prog_fields *f,
    int64_t actor, int64_t now) WUR;
/* Loads programme id with phases: 1 found, 0 not, -1 error. net_id 0: any
 * network (the public page). */
int programme_get(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    struct programme *out) WUR;
/* Programmes of a network (net_id > 0), or every programme (net_id 0),
 * newest first, without phases. Count or -1. */
int programme_list(struct db *db, struct arena *a, int64_t net_id, struct programme **out) WUR;
/* Moves phase `position`: 0 done, 1 no such programme or bad range, -1 error. */
int programme_phase_move(struct db *db, int64_t net_id, int64_t id, int position,
    const char *starts_on, const char *ends_on, const char *activities, int64_t actor,
    int64_t now) WUR;
/* Is the user in the programme's adviser team? 1/0/-1. */
int programme_is_adviser(struct db *db, int64_t id, int64_t user_id) WUR;

struct prog_adviser {
	int64_t user_id;
	const char *name, *email;
	int in_team;
};
/* The network's regional advisers, each marked whether in programme id's
 * team (only team members are returned when team_only). Count or -1. */
int programme_advisers(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    int team_only, struct prog_adviser **out) WUR;
/* Adds (add 1) or removes a user of the team: 0 done; 1 not a regional
 * adviser of the network, nothing to change, or the last one; -1 error. */
int programme_adviser_set(struct db *db, int64_t net_id, int64_t id, int64_t user_id, int add,
    int64_t actor, int64_t now) WUR;

/* ---- recruitment ---- */

/* Information meeting registration: 0 stored, 1 already registered, -1. */
int programme_register(struct db *db, int64_t id, const char *name, const char *email,
    const char *organisation, int64_t now) WUR;
int programme_registrations(struct db *db, int64_t id) WUR;	/* count or -1 */
struct prog_registration {
	const char *name, *email, *organisation;
	int64_t at;
};
/* The registrations of programme id (of network net_id), oldest first. */
int programme_registration_list(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    struct prog_registration **out) WUR;

enum prog_apply_result { PA_OK = 0, PA_CLOSED = 1, PA_DUPLICATE = 2, PA_NOT_FOUND = 3 };
/* Applies on behalf of municipality org_id. Returns enum prog_apply_result
 * or -1. PA_CLOSED when today (UTC) is after the deadline. Audited in the
 * municipality's chain. */
int programme_apply(struct db *db, int64_t id, int64_t org_id, const char *contact_name,
    const char *contact_email, const char *motivation, int64_t actor, int64_t now) WUR;

struct prog_application {
	int64_t id, programme_id, org_id, created_at, decided_at;
	const char *org_name, *contact_name, *contact_email, *motivation, *status, *message;
	const char *programme_title;
};
/* Applications to programme id (net_id its network), oldest first. */
int programme_applications(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    struct prog_application **out) WUR;
/* A municipality's applications to any programme, newest first. */
int programme_applications_of(struct db *db, struct arena *a, int64_t org_id,
    struct prog_application **out) WUR;
/* Accepts (participant from now) or declines a pending application with a
 * message: 0 done, 1 not found or not pending, -1 error. */
int programme_decide(struct db *db, int64_t net_id, int64_t id, int64_t app_id, int accept,
    const char *message, int64_t actor, int64_t now) WUR;

/* ---- participants and consent ---- */

struct prog_participant {
	int64_t programme_id, org_id, joined_at;
	int phase;
	int consent;			/* an active consent */
	int64_t consent_at;
	const char *org_name, *programme_title, *network_name;
};
/* Participants of a programme (network-scoped), by name. */
int programme_participants(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    struct prog_participant **out) WUR;
/* The programmes a municipality takes part in. */
int programme_participations(struct db *db, struct arena *a, int64_t org_id,
    struct prog_participant **out) WUR;
/* Sets a participant's phase: 0, 1 not a participant, -1. */
int programme_set_phase(struct db *db, int64_t net_id, int64_t id, int64_t org_id, int phase,
    int64_t actor, int64_t now) WUR;

/* Grants (grant 1) or withdraws (0) the adviser team's access to org_id's
 * data: 0 done, 1 not a participant or nothing to change, -1 error.
 * Audited in the municipality's chain. */
int programme_consent(struct db *db, int64_t id, int64_t org_id, int grant, int64_t actor,
    int64_t now) WUR;
/* Records one adviser access through consent in org_id's chain, in its own
 * transaction (called by app.c before the handler). 0 or -1. */
int programme_audit_access(struct db *db, int64_t user_id, int64_t org_id, const char *method,
    const char *path, int64_t now) WUR;

struct prog_access {
	int64_t at;
	const char *who, *detail;
};
/* The latest adviser accesses recorded for org_id (at most limit). */
int programme_access_log(struct db *db, struct arena *a, int64_t org_id, int limit,
    struct prog_access **out) WUR;

/* ---- comments ---- */

struct prog_comment {
	int64_t id, at;
	const char *who, *body, *programme_title;
};
/* The programme (of the user's adviser teams) through which user_id holds
 * an active consent for org_id: its id, 0 none, -1 error. */
int64_t programme_consent_via(struct db *db, int64_t user_id, int64_t org_id) WUR;
/* Adds a comment; audited in the municipality's chain. 0 or -1. */
int programme_comment_add(struct db *db, int64_t programme_id, int64_t org_id,
    const char *object_type, int64_t object_id, const char *body, int64_t actor,
    int64_t now) WUR;
int programme_comments(struct db *db, struct arena *a, int64_t org_id, const char *object_type,
    int64_t object_id, struct prog_comment **out) WUR;

/* ---- the cohort dashboard ---- */

struct prog_dash_row {
	int64_t org_id;
	const char *org_name;
	int phase;
	int consent;
	/* Only filled with consent: */
	int has_score, has_change;
	double score, change;
	int tools;			/* distinct tools in the inventory */
	int tools_assessed;		/* of those, with an assessment or decision */
	int measures, measures_done;	/* action plan */
	int64_t last_activity;		/* latest audit event (not adviser access) */
	/* Programme data (always shown to the adviser team): */
	int tasks_overdue;
};
/* One row per participant (name order). Count or -1. */
int programme_dashboard(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    int64_t now, struct prog_dash_row **out) WUR;

#endif
