/*
 * report.h - the status report for the kommunedirektør: everything the
 * report shows, collected once (report_load) so that the HTML print view and
 * the PDF draw the same figures. Read-only, apart from the sign-off.
 *
 * Contents: maturity (latest round, area scores for the radar), assessment
 * coverage (tools in use with ROS/DPIA/DBA; assessments approved per kind),
 * tool decisions per status, the top residual risks (highest residual L×C
 * first), plan progress, overdue measures, the top of the priority list, and
 * the stored sign-offs.
 *
 * A sign-off (org admin, A_REPORT_SIGN) stores the report date and the key
 * figures as JSON, so what was signed stays readable after the data moves.
 */
#ifndef SKOLESEC_REPORT_H
#define SKOLESEC_REPORT_H

#include <stdint.h>

#include "dashboard.h"
#include "maturity.h"
#include "org.h"
#include "plan.h"
#include "priority.h"

#define WUR __attribute__((warn_unused_result))

#define REPORT_TOP_RISKS 10
#define REPORT_TOP_PRIORITIES 5
#define REPORT_NDECISIONS 5
#define REPORT_COMMENT_MAX 1000

extern const char *const report_decision_keys[REPORT_NDECISIONS];
extern const char *const report_decision_labels[REPORT_NDECISIONS];	/* msgids */

struct report_risk {
	int64_t assessment_id;
	const char *assessment, *uid, *title;
	int score, residual;	/* inherent and residual L×C */
};

struct report_signoff {
	int64_t id, signed_at;
	const char *date, *by, *comment;
};

struct report {
	struct org org;
	char date[11];			/* YYYY-MM-DD, the day it was made */
	int has_maturity;
	struct mat_round round;
	const struct mat_set *set;
	struct mat_score score;
	struct dash_tools tools;
	struct dash_coverage cov;
	int64_t assess_total[3], assess_approved[3];	/* ros, dpia, dba */
	int64_t decisions[REPORT_NDECISIONS];
	int accept_max, measures_max;
	struct report_risk *risks;	/* top REPORT_TOP_RISKS by residual */
	int nrisks, nallrisks;	/* shown in the report; all (risks[] holds all) */
	int64_t high_risks;		/* residual above measures_max, all of them */
	struct plan_progress progress;
	struct measure *overdue;
	int noverdue;
	struct prio_row *top;		/* the top of the priority list */
	int ntop;
	struct report_signoff *signoffs;	/* newest first */
	int nsignoffs;
};

/* 0 ok, 1 no such organisation, -1 error. */
int report_load(struct db *db, struct arena *a, int64_t org_id, int64_t now,
    struct report *out) WUR;

/* Only the risks part: every risk of org, highest residual first, into
 * o->risks (nallrisks; nrisks capped), with the matrix and high_risks. */
int report_risks(struct db *db, struct arena *a, int64_t org_id, struct report *o) WUR;

/* Stores a sign-off of rep (in the caller's transaction, audited). Returns
 * the id or -1. */
int64_t report_sign(struct db *db, const struct report *rep, const char *comment,
    int64_t actor, int64_t now) WUR;

#endif
