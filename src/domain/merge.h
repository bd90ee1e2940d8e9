/*
 * merge.h - three-way merge of assessment items by stable uid (issue 5).
 *
 * An adopter's assessment started as a copy of a published version (base).
 * When the source publishes a new version (theirs) while the adopter has
 * edited its copy (ours), every item falls in one of a few cases:
 *
 *   upstream \ local   untouched      changed          removed
 *   unchanged          keep           keep             keep removed
 *   changed            take theirs    CONFLICT*        CONFLICT
 *   removed            remove         CONFLICT         nothing to do
 *   added              add            (n/a)            (n/a)
 *   (* no conflict when both made the same change)
 * Items the adopter added itself are kept where they stood. Local fields
 * (local = 1 on either side) keep the adopter's content always: a published
 * version never carries local content, so "theirs" has nothing to offer
 * there beyond the flag itself, which is taken.
 *
 * merge_plan() classifies (pure; no database); merge_apply() builds the
 * result from the plan and the adopter's choice per conflict. Order: the
 * upstream order, with the adopter's own items after the item they followed.
 */
#ifndef SKOLESEC_MERGE_H
#define SKOLESEC_MERGE_H

#include "assessment.h"

enum mg_side { MG_NONE, MG_SAME, MG_ADDED, MG_CHANGED, MG_REMOVED };
enum mg_action {
	MA_KEEP,	/* nothing changes for the adopter */
	MA_TAKE,	/* take theirs (changed upstream, untouched locally) */
	MA_ADD,		/* new upstream item */
	MA_REMOVE,	/* removed upstream, untouched locally */
	MA_CONFLICT	/* both sides changed it: the adopter chooses */
};
enum mg_choice { MC_DEFAULT, MC_MINE, MC_THEIRS, MC_EDIT };

struct mg_row {
	const char *uid;
	const struct as_item *base, *theirs, *ours;	/* NULL when absent */
	enum mg_side upstream, local;
	enum mg_action action;
	int local_field;	/* content is the adopter's own */
};

struct mg_plan {
	struct mg_row *rows;	/* result order (see above); removed ones last */
	int n;
	int nconflicts, nauto;	/* auto = TAKE + ADD + REMOVE */
};

/* Two items are equal when kind, section, local flag and data (as JSON
 * values, key order ignored) are equal; position is not content. */
int merge_item_equal(const struct as_item *a, const struct as_item *b);

int merge_plan(struct arena *, const struct as_item *base, int nbase,
    const struct as_item *theirs, int ntheirs, const struct as_item *ours, int nours,
    struct mg_plan *out);

/*
 * The merged items. choice[i] (may be NULL: all MC_DEFAULT) and edit[i]
 * (data for MC_EDIT) apply to rows[i]. MC_DEFAULT means the plan's action,
 * and for a conflict "keep mine". `take_auto` 0 leaves the automatic actions
 * undone (an adopter who only resolves one item). Positions are renumbered
 * 1..n. Returns the count, or -1 on a bad choice (MC_EDIT without data).
 */
int merge_apply(struct arena *, const struct mg_plan *p, const enum mg_choice *choice,
    const char *const *edit, int take_auto, struct as_item **out);

const char *merge_side_label(enum mg_side s);	/* msgid */

#endif
