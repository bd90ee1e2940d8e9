/*
 * assessment.h - ROS, DPIA and DBA as one kind of document: a header, items
 * with stable ids, a workflow, frozen versions, a comparison, comments.
 *
 * Why one module for three kinds: the workflow (draft -> DPO advice ->
 * approval -> approved -> needs review), versioning, comparison, comments and
 * sharing (issue 5) are the same for all three; only the items differ, and
 * those come from the template (template.h). Kind-specific screens (ROS risk
 * table, DPIA levels and conclusions, DBA register) are pages over these
 * functions; kind-specific columns (level, parent_id, vendor_id, expires_on,
 * scope) live on the header.
 *
 * Item ids (uid) are given once and never change: template items keep the
 * template's uid ("scope.description"); items a user adds get
 * "<kind>-<16 hex>" from a random source. Versions are compared, and adopted
 * copies merged, by uid.
 *
 * Item data is a JSON object (text). Keys by kind:
 *   field        {"value": "..."}
 *   risk         {"title","description","event" (catalogue uid or ""),
 *                 "property": ["c","i","a"], "pupil_consequence", "causes",
 *                 "controls", "likelihood", "consequence", "measures",
 *                 "res_likelihood", "res_consequence", "owner"}   (numbers 0 = unset)
 *   measure      {"title","owner","due","status"}
 *   check        {"status": "ok|deviation|missing|na", "note"}
 *   subprocessor {"name","country","purpose","transfer_basis":
 *                 "eea|adequacy|dpf|scc|bcr|none", "tia_ref"}
 *   conclusion   {"service","result": "acceptable|conditions|not_acceptable",
 *                 "conditions"}
 *   dpo_advice   {"text"}                 written only with A_DPO_ADVICE
 *   acceptance   {"decision": "accepted|not_accepted", "comment"}  only with
 *                 A_ASSESS_APPROVE (the org admin's risk acceptance)
 *
 * Rules every writer enforces (here, not in pages): items change only while
 * the status is draft (or dpo_advice for the dpo_advice item); an approved
 * version is never changed (assessment_versions rows are insert-only); every
 * change is audited in the same transaction; every query is scoped by org_id
 * (another organisation's id reads as "not found").
 */
#ifndef SKOLESEC_ASSESSMENT_H
#define SKOLESEC_ASSESSMENT_H

#include <stdint.h>

struct db;
struct arena;
struct tmpl;
struct principal;

struct assessment {
	int64_t id, org_id, parent_id, screening_id, vendor_id;
	int64_t created_at, updated_at;
	const char *kind, *title, *template_urn, *level, *status;
	const char *review_date, *review_reason, *expires_on, *scope;  /* "" when unset */
	int template_version, version;
	int64_t *tools;			/* tool ids covered */
	int ntools;
};

struct as_item {
	int64_t id;
	const char *uid, *kind, *section, *data;	/* data: JSON object text */
	int position, local;
	int l, c, rl, rc;		/* risk numbers; 0 = unset */
	int64_t updated_at;
};

/* Lookups: 1 found, 0 not found (or another organisation's), -1 error. */
int assessment_get(struct db *, struct arena *, int64_t org_id, int64_t id,
    struct assessment *out) __attribute__((warn_unused_result));
/* All of an organisation's assessments of a kind (NULL: all), newest first. */
int assessment_list(struct db *, struct arena *, int64_t org_id, const char *kind,
    struct assessment **out) __attribute__((warn_unused_result));
/* Items in position order. */
int assessment_items(struct db *, struct arena *, int64_t assessment_id,
    struct as_item **out) __attribute__((warn_unused_result));
int assessment_item(struct db *, struct arena *, int64_t assessment_id,
    const char *uid, struct as_item *out) __attribute__((warn_unused_result));

/*
 * Creates a draft from the current template of `a->kind` with the template's
 * items (empty values), covering tools[0..ntools). Returns the new id or -1;
 * err gets a msgid on refusal (e.g. a tool that is not in the catalogue).
 */
int64_t assessment_create(struct db *, struct arena *, int64_t user_id,
    const struct assessment *a, const char **err);
int assessment_update_header(struct db *, struct arena *, int64_t user_id,
    const struct assessment *a, const char **err) __attribute__((warn_unused_result));

/*
 * Saves an item's data (a JSON object text, validated against the kind's
 * keys). p decides the dpo_advice/acceptance items. New uid on add. Returns
 * 0, or -1 with err a msgid ("This version is approved and cannot be
 * changed. Start a revision to change it." and the like).
 */
int assessment_item_save(struct db *, struct arena *, const struct principal *p,
    int64_t org_id, int64_t assessment_id, const char *uid, const char *data,
    const char **err) __attribute__((warn_unused_result));
const char *assessment_item_add(struct db *, struct arena *, const struct principal *p,
    int64_t org_id, int64_t assessment_id, const char *kind, const char *section,
    const char *data, const char **err);
int assessment_item_delete(struct db *, struct arena *, const struct principal *p,
    int64_t org_id, int64_t assessment_id, const char *uid, const char **err)
    __attribute__((warn_unused_result));

/*
 * Workflow. Allowed moves and who may make them:
 *   draft -> dpo_advice            A_ASSESS_EDIT  ("send to the DPO")
 *   dpo_advice -> approval         A_DPO_ADVICE   (DPIA: advice must be written)
 *   dpo_advice|approval -> draft   A_ASSESS_EDIT or A_ASSESS_APPROVE (send back)
 *   approval -> approved           A_ASSESS_APPROVE: freezes version N+1
 *   approved|needs_review -> draft A_ASSESS_EDIT  ("start a revision")
 *   approved -> needs_review       by assessment_check_reviews() only
 * Returns 0, or -1 with err a msgid. Records an assessment_steps row.
 */
int assessment_transition(struct db *, struct arena *, const struct principal *p,
    int64_t org_id, int64_t assessment_id, const char *to, const char *comment,
    const char **err) __attribute__((warn_unused_result));
/* Marks approved assessments whose review date has passed (today: YYYY-MM-DD),
 * or whose tools' catalogue facts changed after approval, as needs_review. */
int assessment_check_reviews(struct db *, struct arena *, int64_t org_id,
    const char *today) __attribute__((warn_unused_result));

/* A frozen version: the header and items as at approval. */
struct as_version {
	int version;
	int64_t approved_at;
	const char *approved_by;	/* name */
	struct assessment head;
	struct as_item *items;
	int nitems;
};
int assessment_version(struct db *, struct arena *, int64_t org_id, int64_t assessment_id,
    int version, struct as_version *out) __attribute__((warn_unused_result));

/* Comparison by uid (pure). */
enum as_change { AC_SAME, AC_ADDED, AC_REMOVED, AC_CHANGED, AC_MOVED };
struct as_diff {
	enum as_change change;
	const struct as_item *old, *new;	/* NULL when absent */
};
int assessment_diff(struct arena *, const struct as_item *old, int nold,
    const struct as_item *new_, int nnew, struct as_diff **out);

/* The snapshot JSON of (head, items) and its parse: used for versions and
 * (issue 5) for published bundles. */
char *assessment_snapshot(struct arena *, const struct assessment *h,
    const struct as_item *items, int n);
int assessment_snapshot_parse(struct arena *, const char *json, struct assessment *h,
    struct as_item **items, int *n);

/* Comments per item ("" = the assessment as a whole). assessment_comment_add
 * returns 1 added, 0 no such assessment/item in the organisation, -2 body
 * empty or over 4000 bytes, -1 error. */
struct as_comment {
	int64_t id, created_at;
	const char *item_uid, *body, *author;
};
int assessment_comment_add(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    int64_t assessment_id, const char *item_uid, const char *body)
    __attribute__((warn_unused_result));
int assessment_comments(struct db *, struct arena *, int64_t assessment_id,
    struct as_comment **out) __attribute__((warn_unused_result));

/*
 * Keeps inventory.has_ros/has_dpia/has_dba of the organisation in step with
 * its approved assessments (via assessment_tools). Called in the transaction
 * of every approval and status change.
 */
int assessment_sync_inventory(struct db *, int64_t org_id) __attribute__((warn_unused_result));

/* Labels (msgids) of a status and a kind. */
const char *assessment_status_label(const char *status);
const char *assessment_kind_label(const char *kind);

/* ---- additions by the core slice (additive to the lead's contract) ---- */

/* May p change an item of item_kind while the assessment has `status`?
 * 1 yes; 0 no, with err the msgid saying why (permission or status). The
 * writers apply the same rule; pages use it to show or hide forms. Besides
 * draft, the dpo_advice item is open in dpo_advice and the acceptance item
 * in approval (the org admin accepts the risk just before approving). */
int assessment_item_writable(const struct principal *p, int64_t org_id, const char *status,
    const char *item_kind, const char **err);

/* The workflow rule of assessment_transition without changing anything:
 * 1 allowed; 0 a valid move p may not make (err: who may); -1 not a move
 * from h's status (err says so). */
int assessment_move_allowed(const struct principal *p, const struct assessment *h,
    const char *to, const char **err);

/* The frozen versions (version, approved_at, approved_by only; head and
 * items empty), newest first. */
int assessment_version_list(struct db *, struct arena *, int64_t assessment_id,
    struct as_version **out) __attribute__((warn_unused_result));

/* Workflow history, oldest first. */
struct as_step {
	int64_t at;
	const char *from, *to, *comment, *author;
};
int assessment_steps(struct db *, struct arena *, int64_t assessment_id,
    struct as_step **out) __attribute__((warn_unused_result));

/* Canonical item data of a kind with every key present (empty values):
 * what a new item holds. NULL for an unknown kind. */
const char *assessment_item_default(const char *item_kind);

#endif
