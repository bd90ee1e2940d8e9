/*
 * decision.h - the school owner's decision on a tool (issue 4): under
 * review, approved, approved with conditions, not approved, being phased
 * out; with conditions, usage rules for teachers, the reason, links to the
 * ROS, DPIA and DBA behind it, who decided and when, and for "not approved"
 * and "phasing out" the exit checklist (inform users, delete content,
 * deactivate accounts, ask the vendor to delete).
 *
 * One current row per (organisation, tool); the audit log keeps the history.
 *
 * "Ready for Feide activation" (KS: the Feide administrator activates a
 * service only after ROS and DBA): the tool has a ROS and a DBA that count as
 * approved, and the decision is not "not approved" or "phasing out". An
 * assessment counts as approved when it has a frozen approved version and
 * does not need review (a revision in progress keeps the approved version in
 * force). The ROS/DPIA/DBA used are the ones linked from the decision, else
 * any of the organisation's assessments of that kind covering the tool.
 *
 * The rules on values are pure (decision_check) and unit-tested; every
 * write is org-scoped and audited in the same transaction.
 */
#ifndef SKOLESEC_DECISION_H
#define SKOLESEC_DECISION_H

#include <stdint.h>

#include "catalogue.h"

struct db;
struct arena;

extern const struct cat_key decision_statuses[];	/* key + msgid, in workflow order */
extern const int decision_nstatuses;
extern const struct cat_key decision_exit_steps[];	/* bit i: step i done */
extern const int decision_nexit;

#define DECISION_MAX_TEXT 4000

/* Msgid of a status key, NULL when s is not one. */
const char *decision_status_label(const char *s);
/* 1 when the status asks for the exit checklist. */
int decision_needs_exit(const char *status);
/* The Feide rule (see above), pure. */
int decision_feide_ready(const char *status, int ros_ok, int dba_ok);

/* One assessment behind a decision, for links and pickers. */
struct dec_assessment {
	int64_t id;
	const char *kind, *title, *status;
	int version, approved;		/* approved: counts as approved (see above) */
};

struct decision {
	int64_t tool_id, id;		/* id 0: no decision yet */
	const char *tool_name, *vendor_name;
	const char *status;		/* "" when no decision yet */
	const char *conditions, *usage_rules, *reason;
	int64_t ros_id, dpia_id, dba_id;	/* 0 when not linked */
	unsigned exit_steps;
	const char *decided_by;		/* name, "" when unknown */
	int64_t decided_at;
	/* The assessment in use per kind (linked, else covering), or NULL. */
	const struct dec_assessment *ros, *dpia, *dba;
	int feide_ready;
	int64_t screening_id;		/* decision_get only: the tool's latest screening, 0 none */
};

/* The organisation's tools: those in its inventory and those it has
 * decided on, in name order. Returns the count or -1. */
int decision_list(struct db *, struct arena *, int64_t org_id, struct decision **out)
    __attribute__((warn_unused_result));
/* One tool of that list: 1 found, 0 not (not in the inventory and no
 * decision, or no such tool), -1 error. cands (may be NULL) gets the
 * organisation's assessments covering the tool, for the link pickers. */
int decision_get(struct db *, struct arena *, int64_t org_id, int64_t tool_id,
    struct decision *out, struct dec_assessment **cands, int *ncands)
    __attribute__((warn_unused_result));
/* Decisions with a status, for the public page (tool_id, status,
 * conditions, usage_rules filled). Returns the count or -1. */
int decision_public(struct db *, struct arena *, int64_t org_id, struct decision **out)
    __attribute__((warn_unused_result));

struct decision_input {
	const char *status, *conditions, *usage_rules, *reason;
	int64_t ros_id, dpia_id, dba_id;	/* 0: none */
	unsigned exit_steps;
};
enum dec_field { DF_STATUS, DF_CONDITIONS, DF_RULES, DF_REASON, DF_ROS, DF_DPIA, DF_DBA,
	DF_EXIT, DF__COUNT };

/* Pure checks: a known status; conditions for "approved with conditions";
 * a reason for "not approved" and "phasing out"; exit steps only with those
 * two; texts within DECISION_MAX_TEXT. err[f] gets a msgid per bad field.
 * Returns the number of errors. */
int decision_check(const struct decision_input *in, const char *err[DF__COUNT]);

/*
 * Saves the decision on tool_id (which must be in decision_get's list), in
 * its own transaction, audited. Links must be the organisation's assessments
 * of the right kind covering the tool. Returns 0 saved, the number of field
 * errors (> 0, err filled, nothing changed), or -1 on a database error.
 */
int decision_save(struct db *, struct arena *, int64_t org_id, int64_t tool_id,
    const struct decision_input *in, const char *err[DF__COUNT], int64_t actor, int64_t now)
    __attribute__((warn_unused_result));

#endif
