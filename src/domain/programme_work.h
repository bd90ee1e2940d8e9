/*
 * programme_work.h - joint sessions (samlinger) with attendance per
 * municipality, and the work between sessions as tasks per participant
 * (issue 7). Network-scoped writes take net_id and touch only programmes
 * of that network; a municipality reads and completes only its own tasks.
 */
#ifndef SKOLESEC_PROGRAMME_WORK_H
#define SKOLESEC_PROGRAMME_WORK_H

#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

struct prog_workshop {
	int64_t id;
	const char *title, *held_on, *place, *agenda, *materials;
	int online;
	int attended;			/* municipalities marked present */
};

/* Creates a workshop: its id, 0 when the programme is not the network's, -1. */
int64_t programme_workshop_add(struct db *db, int64_t net_id, int64_t id, const char *title,
    const char *held_on, const char *place, int online, const char *agenda,
    const char *materials, int64_t actor, int64_t now) WUR;
int programme_workshops(struct db *db, struct arena *a, int64_t id,
    struct prog_workshop **out) WUR;
/* Sets attendance of workshop wid: the participants in present[] attended,
 * the others not. 0, 1 no such workshop of the network's programme, -1. */
int programme_attendance_set(struct db *db, int64_t net_id, int64_t id, int64_t wid,
    const int64_t *present, int npresent, int64_t actor, int64_t now) WUR;
/* Whether org_id attended workshop wid: 1 yes, 0 no or unknown. */
int programme_attended(struct db *db, int64_t wid, int64_t org_id);

struct prog_task {
	int64_t id, org_id, done_at;
	const char *title, *due_on, *org_name;
};
/* Adds a task for one participant (org_id) or every participant (0).
 * Returns the number of tasks made, -1 on error. Audited per municipality. */
int programme_task_add(struct db *db, int64_t net_id, int64_t id, int64_t org_id,
    const char *title, const char *due_on, int64_t actor, int64_t now) WUR;
/* Tasks of programme id: every participant's (org_id 0) or one's. */
int programme_tasks(struct db *db, struct arena *a, int64_t id, int64_t org_id,
    struct prog_task **out) WUR;
/* Marks org_id's task done: 0, 1 not its task or done already, -1. */
int programme_task_done(struct db *db, int64_t org_id, int64_t task_id, int64_t actor,
    int64_t now) WUR;

/* ---- per participant: documents and competency goals ---- */

#define PROG_DOC_KINDS 4
/* Keys of the four documents: mandate, målbilde, omfang, prosjektplan. */
extern const char *const prog_doc_kinds[PROG_DOC_KINDS];
const char *prog_doc_label(int kind);		/* msgid */

struct prog_doc {
	int version;			/* latest version, 0: none yet */
	const char *body;		/* of the latest version */
	int64_t created_at, approved_at;	/* approved_at 0: not approved */
	int approved_version;		/* latest approved version, 0: none */
};
/* Saves a new version of document kind (index into prog_doc_kinds):
 * returns its number, 0 when org_id does not take part, -1. Audited. */
int programme_doc_save(struct db *db, int64_t id, int64_t org_id, int kind, const char *body,
    int64_t actor, int64_t now) WUR;
/* Approves the latest version: 0, 1 nothing to approve, -1. Audited. */
int programme_doc_approve(struct db *db, int64_t id, int64_t org_id, int kind, int64_t actor,
    int64_t now) WUR;
/* The four documents of org_id in programme id. 0 or -1. */
int programme_docs(struct db *db, struct arena *a, int64_t id, int64_t org_id,
    struct prog_doc out[PROG_DOC_KINDS]) WUR;

struct prog_goal {
	int reached;
	const char *evidence;
};
/* Marks the three goals (arrays of PROG_GOALS_N): 0, 1 not a participant, -1. */
#define PROG_GOALS_N 3
int programme_goals_save(struct db *db, int64_t id, int64_t org_id, const int *reached,
    const char *const *evidence, int64_t actor, int64_t now) WUR;
int programme_goals(struct db *db, struct arena *a, int64_t id, int64_t org_id,
    struct prog_goal out[PROG_GOALS_N]) WUR;
/* For the adviser team: per participant of programme id, the approved
 * documents and reached goals, by org_id (arrays of n, matched by orgs[]). */
int programme_progress(struct db *db, int64_t id, const int64_t *orgs, int n, int *docs,
    int *goals) WUR;

#endif
