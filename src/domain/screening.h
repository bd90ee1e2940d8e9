/*
 * screening.h - the initial screening (innledende vurdering) of a tool in
 * the inventory: which of ROS, DPIA and DBA are needed, and why.
 *
 * screening_evaluate() is the rule set, pure and without a database, so it
 * can be read and unit-tested as a whole:
 *   - no personal data (and no Feide attributes): nothing is needed;
 *   - personal data: a ROS is always needed (GDPR Art. 32; KS: always);
 *   - the vendor processes personal data on the school owner's behalf: DBA
 *     (Art. 28);
 *   - DPIA (Art. 35): two or more of the nine EDPB/WP248 criteria, or a case
 *     on Datatilsynet's Art. 35(4) list whatever the count. Pupils are
 *     children and so always "vulnerable data subjects".
 * screening_save() stores the answers and the result, marks the inventory
 * row, and keeps the row's to-dos in step (see screening.c for the rules).
 */
#ifndef SKOLESEC_SCREENING_H
#define SKOLESEC_SCREENING_H

#include <stdint.h>

struct db;
struct arena;

/* The questions; bit i of screening_in.q answers question i with yes. */
enum sq {
	SQ_PERSONAL, SQ_PUPILS, SQ_PARENTS, SQ_STAFF, SQ_VULNERABLE_OTHER,
	SQ_SPECIAL, SQ_CRIMINAL, SQ_LOCATION, SQ_PROCESSOR, SQ_OUTSIDE_EEA,
	SQ_MONITORING, SQ_MONITORING_STAFF, SQ_EVALUATION, SQ_PUPIL_EVALUATION,
	SQ_AUTOMATED, SQ_LARGE_SCALE, SQ_MATCHING, SQ_NEW_TECH, SQ_PREVENTS_RIGHTS,
	SQ__COUNT
};
/* The nine criteria of WP248 rev.01 (EDPB-endorsed), in its order. */
enum scrit {
	C_EVALUATION, C_AUTOMATED, C_MONITORING, C_SENSITIVE, C_LARGE_SCALE,
	C_MATCHING, C_VULNERABLE, C_NEW_TECH, C_PREVENTS_RIGHTS, C__COUNT
};
/* Cases of Datatilsynet's list under Art. 35(4) that concern schools. */
enum slisted {
	L_PUPIL_EVALUATION, L_STAFF_MONITORING, L_LOCATION, L_NEW_TECH,
	L_LARGE_SCALE_SPECIAL, L__COUNT
};

struct screening_item {
	const char *key, *label;	/* stable key; msgid */
};
extern const struct screening_item screening_questions[SQ__COUNT];
extern const struct screening_item screening_criteria[C__COUNT];
extern const struct screening_item screening_listed[L__COUNT];

struct screening_in {
	unsigned q;		/* bit per enum sq */
	unsigned feide;		/* bits of the catalogue's CS_FEIDE keys the tool receives */
};

#define SCREEN_MAX_REASONS 16
struct screening_out {
	int personal, needs_ros, needs_dpia, needs_dba;
	unsigned criteria, listed;	/* bits of enum scrit / enum slisted */
	int ncriteria, nlisted;
	const char *reasons[SCREEN_MAX_REASONS];	/* reason keys, in reading order */
	int nreasons;
};

void screening_evaluate(const struct screening_in *in, struct screening_out *out);
/* The plain-language explanation (msgid) of a reason key, NULL if unknown. */
const char *screening_reason_text(const char *key);
/* Stable key of a question/criterion/case index. */
int screening_question_index(const char *key);

/* A stored screening. */
struct screening_rec {
	int64_t id, inventory_id, screened_at;
	const char *screened_by;	/* the user's name, "" when unknown */
	struct screening_in in;
	struct screening_out out;
};
/* The latest screening of an inventory row: 1 found, 0 none, -1 error. */
int screening_latest(struct db *db, struct arena *a, int64_t org_id, int64_t inventory_id,
    struct screening_rec *out) __attribute__((warn_unused_result));

/* Stores a screening of an inventory row of org (which the caller has
 * loaded), in the caller's transaction: the screening, the row's needs,
 * to-dos, audit. Returns the screening id, 0 when the row is not org's,
 * -1 on error. */
int64_t screening_save(struct db *db, struct arena *a, int64_t org_id, int64_t inventory_id,
    const struct screening_in *in, const struct screening_out *out, int64_t actor, int64_t now);

struct todo {
	int64_t id, inventory_id, created_at, done_at;
	const char *kind, *title, *status, *source;
};
/* To-dos of one inventory row (open first, newest first). */
int todo_list(struct db *db, struct arena *a, int64_t org_id, int64_t inventory_id,
    struct todo **out) __attribute__((warn_unused_result));

#endif
