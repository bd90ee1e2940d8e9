/*
 * plan.h - the action plan (tiltaksplan): measures with owner, due date,
 * priority, status, effort, competency goal and comments, each linked back
 * to where it came from (a risk, a screening to-do, a low maturity answer, a
 * row of the priority list, or nothing).
 *
 * Values are checked here (plan_check), so forms and any later import share
 * the rules. A measure's source is verified to belong to the same
 * organisation when it is created (a link to another tenant's risk is
 * refused, not stored). Every change is audited in the caller's
 * transaction.
 *
 * Overdue: status not_started or in_progress and due_date before today.
 * Progress: counts by status; done share = done / (all - postponed).
 */
#ifndef SKOLESEC_PLAN_H
#define SKOLESEC_PLAN_H

#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

#define PLAN_TITLE_MAX 200
#define PLAN_TEXT_MAX 4000
#define PLAN_OWNER_MAX 200
#define PLAN_COMMENT_MAX 2000

extern const char *const plan_statuses[];	/* not_started in_progress done postponed */
extern const char *const plan_efforts[];	/* small medium large */
extern const char *const plan_sources[];	/* risk todo maturity priority free */

struct measure {
	int64_t id, org_id;
	const char *title, *description, *source;
	int64_t assessment_id;		/* risk */
	const char *item_uid;		/* risk, "" otherwise */
	int64_t todo_id;		/* todo */
	int64_t round_id;		/* maturity */
	const char *question_urn;	/* maturity, "" otherwise */
	int64_t tool_id;		/* priority */
	const char *owner, *due_date;	/* due_date "" when none */
	int priority;			/* 1 high, 2 medium, 3 low */
	const char *status, *effort;
	int goal;			/* 0 none, 1..3 */
	int64_t created_at, updated_at, done_at;
	/* Filled by plan_list/plan_get: what the source is called. */
	const char *origin;		/* risk/to-do title, tool name, question URN */
	const char *set_urn, *set_version;	/* maturity: the round's set */
};

enum plan_field { PF_TITLE, PF_DESC, PF_OWNER, PF_DUE, PF_PRIORITY, PF_STATUS, PF_EFFORT,
	PF_GOAL, PF__COUNT };

/* msgids of a status, an effort, a source; the key itself when unknown. */
const char *plan_status_label(const char *s);
const char *plan_effort_label(const char *s);
const char *plan_source_label(const char *s);

/* Checks title, description, owner, due date, priority, status, effort and
 * goal of m (source fields are not checked here). err[] gets a msgid per bad
 * field; the due date is rewritten to canonical form. Returns the count. */
int plan_check(struct arena *a, struct measure *m, const char *err[PF__COUNT]);

/* 1 when m is overdue on today (YYYY-MM-DD). */
int plan_overdue(const struct measure *m, const char *today);

struct plan_progress {
	int64_t total, not_started, in_progress, done, postponed, overdue;
	int percent_done;	/* of those not postponed, rounded down; 0 when none */
};
/* Pure: counts over a list. */
void plan_progress_of(const struct measure *v, int n, const char *today, struct plan_progress *p);
/* From the database (one query). 0 or -1. */
int plan_progress(struct db *db, int64_t org_id, const char *today, struct plan_progress *p) WUR;

/* Every measure of org with its origin, ordered by priority, due date, id.
 * Count or -1. */
int plan_list(struct db *db, struct arena *a, int64_t org_id, struct measure **out) WUR;
/* 1 found, 0 not (or another organisation's), -1 error. */
int plan_get(struct db *db, struct arena *a, int64_t org_id, int64_t id, struct measure *out) WUR;

/* Is the source named by m an object of org (risk item, open or done to-do,
 * maturity round with that question, tool in the inventory)? 1 yes, 0 no,
 * -1 error. "free" is always 1. */
int plan_source_ok(struct db *db, int64_t org_id, const struct measure *m) WUR;
/* A title for a new measure from its source ("" when none). */
const char *plan_source_title(struct db *db, struct arena *a, int64_t org_id, const struct measure *m);

/* The "title" of a risk item's JSON body ("" when none). */
const char *plan_risk_title(struct arena *a, const char *json);

/* Creates a measure (checked first by the caller). Returns the id or -1. */
int64_t plan_create(struct db *db, int64_t org_id, const struct measure *m, int64_t actor,
    int64_t now) WUR;
/* Updates the editable fields. 1 done, 0 not found, -1 error. *finished is
 * set when the status became 'done' by this update. */
int plan_update(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    const struct measure *m, int64_t actor, int64_t now, int *finished) WUR;

struct plan_comment {
	int64_t id, created_at;
	const char *body, *author;
};
int plan_comments(struct db *db, struct arena *a, int64_t org_id, int64_t measure_id,
    struct plan_comment **out) WUR;
/* 1 added, 0 measure not found, -1 error. */
int plan_comment_add(struct db *db, int64_t org_id, int64_t measure_id, const char *body,
    int64_t actor, int64_t now) WUR;

#endif
