/*
 * priority.h - the priority list: what a school owner should fix first
 * (issue 6, competency goal 2).
 *
 * The list is computed, never stored: a pure function (priority_score_*)
 * turns facts about a tool or a maturity answer into a score and the list of
 * reasons behind it, and a loader (priority_load) gathers those facts from
 * the inventory, assessments, risks and the latest maturity round in a
 * handful of org-scoped queries. Only the human part is stored: a move of a
 * row (adjust points with a written reason, table priority_moves).
 *
 * The formula (docs/domain-model.md, "Priority list"), for a tool:
 *   pupils exposed (sum over inventory rows): 0 → 0, 1-99 → 5,
 *     100-499 → 10, 500-1999 → 15, 2000 or more → 20
 *   young pupils: youngest grade 1-4 → 10, 5-7 → 5
 *   data: special categories (health, special needs) → 15;
 *     otherwise other sensitive data (national identity number, grades,
 *     absence, photos, location, messages) → 8
 *   Feide: national identity number (userid-nin) → 10; otherwise
 *     profile, e-mail or groups → 3
 *   ROS: missing → 15, expired → 10 (a ROS is always needed)
 *   DPIA: needed (screening) and missing → 20, expired → 12
 *   DBA: needed (screening; or not screened and personal data) and
 *     missing → 15, expired → 10
 *   not screened yet → 5
 *   high residual risks (residual L×C above the matrix's measures_max):
 *     10 each, at most 30
 * and for a low maturity answer of the latest round: level 0 → 25,
 * level 1 → 15. The score shown is the sum plus the row's manual adjust.
 * Rows sort by score (high first), then by title, then by key, so equal
 * scores keep a stable order.
 */
#ifndef SKOLESEC_PRIORITY_H
#define SKOLESEC_PRIORITY_H

#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

#define PRIO_MAX_REASONS 12
#define PRIO_ADJUST_MAX 100	/* |adjust| of a manual move */
#define PRIO_REASON_MAX 1000	/* bytes of a move's reason */

/* A document's state for one tool. */
enum prio_doc { DOC_OK, DOC_MISSING, DOC_EXPIRED, DOC_NOT_NEEDED };

/* The facts about one tool, aggregated over its inventory rows. */
struct prio_tool {
	int64_t tool_id;
	const char *name;
	int64_t pupils;		/* sum of the rows' pupils (unknown: 0) */
	int youngest;		/* lowest grade named on any row, 0: none */
	unsigned data, feide;	/* union of the rows' bits (CS_DATA, CS_FEIDE) */
	enum prio_doc ros, dpia, dba;
	int screened;		/* every row screened */
	int high_risks;		/* residual risks above measures_max */
};

struct prio_reason {
	const char *msgid;	/* what counts, e.g. "DPIA needed but missing" */
	int points;
	int64_t value;		/* a number shown with it (pupils, risks), -1: none */
};

enum prio_kind { PRIO_TOOL, PRIO_MATURITY };

struct prio_row {
	enum prio_kind kind;
	const char *key;	/* "tool:<id>" or "maturity:<question URN>" */
	const char *title;	/* tool name or question text */
	int64_t tool_id;	/* PRIO_TOOL */
	int64_t round_id;	/* PRIO_MATURITY: the round */
	const char *question_urn;
	int level;		/* PRIO_MATURITY: the answer's level */
	int base;		/* the formula's score */
	int adjust;		/* manual move, 0: none */
	const char *move_reason, *moved_by;	/* NULL when not moved */
	int64_t moved_at;
	int score;		/* base + adjust */
	struct prio_reason reason[PRIO_MAX_REASONS];
	int nreasons;
	int measures;		/* measures already made from this row */
};

/* ---- pure (unit-tested) ---- */

/* The score of a tool, with its reasons. Fills kind, base, score, reasons. */
void priority_score_tool(const struct prio_tool *t, struct prio_row *out);
/* The score of a low maturity answer (level 0 or 1; other levels score 0). */
void priority_score_maturity(int level, struct prio_row *out);
/* Points for pupils exposed. */
int priority_pupil_points(int64_t pupils);
/* The lowest grade in a canonical grades string ("1-4", "3,8-10"), 0: none. */
int priority_youngest(const char *grades);
/* Sorts rows: score descending, then title, then key. */
void priority_sort(struct prio_row *rows, int n);
/* The residual score of a risk: res L×C when both are set, else L×C, else 0. */
int priority_residual(int64_t l, int64_t c, int64_t rl, int64_t rc, int has_l, int has_rl);

/* ---- database ---- */

/* The organisation's risk matrix thresholds (defaults 4 and 12 when it has
 * none). 0 or -1. */
int priority_matrix(struct db *db, int64_t org_id, int *accept_max, int *measures_max) WUR;

/* The whole list for org, sorted, with moves applied. today is YYYY-MM-DD.
 * Returns the row count or -1. */
int priority_load(struct db *db, struct arena *a, int64_t org_id, const char *today,
    struct prio_row **out) WUR;

/* Stores a move of row `key` (checked to be a row of the current list by the
 * caller) in the caller's transaction, audited. 0 or -1. */
int priority_move(struct db *db, int64_t org_id, const char *key, int adjust,
    const char *reason, int64_t actor, int64_t now) WUR;

/* Today's date in UTC as YYYY-MM-DD into out[11]. */
void priority_today(int64_t now, char out[11]);

#endif
