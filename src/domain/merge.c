/*
 * merge.c - three-way merge of assessment items by uid; see merge.h for the
 * case table. Pure: no database, allocation only from the caller's arena.
 *
 * Lookups go through uid-sorted pointer arrays (binary search), so a plan
 * over a few hundred items costs a few sorts and a JSON comparison per item
 * that differs textually.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "merge.h"
#include "../core/arena.h"
#include "../core/msgid.h"

struct index {
	const struct as_item **v;
	int n;
};

static int
by_uid(const void *a, const void *b)
{
	const struct as_item *x = *(const struct as_item *const *)a;
	const struct as_item *y = *(const struct as_item *const *)b;
	return strcmp(x->uid, y->uid);
}

static int
index_build(struct arena *a, const struct as_item *items, int n, struct index *ix)
{
	ix->n = n;
	ix->v = arena_alloc(a, sizeof(*ix->v) * (size_t)(n > 0 ? n : 1));
	if (ix->v == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		ix->v[i] = &items[i];
	qsort(ix->v, (size_t)n, sizeof(*ix->v), by_uid);
	return 0;
}

static const struct as_item *
index_find(const struct index *ix, const char *uid)
{
	int lo = 0, hi = ix->n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c = strcmp(uid, ix->v[mid]->uid);
		if (c == 0)
			return ix->v[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
data_equal(const char *x, const char *y)
{
	json_t *a, *b;
	int eq;

	if (strcmp(x ? x : "", y ? y : "") == 0)
		return 1;
	a = json_loads(x ? x : "null", JSON_DECODE_ANY, NULL);
	b = json_loads(y ? y : "null", JSON_DECODE_ANY, NULL);
	eq = a && b && json_equal(a, b);
	json_decref(a);
	json_decref(b);
	return eq;
}

/* Kind, section and local flag; the content is compared separately. */
static int
meta_equal(const struct as_item *a, const struct as_item *b)
{
	return strcmp(a->kind, b->kind) == 0 && strcmp(a->section, b->section) == 0 &&
	    a->local == b->local;
}

int
merge_item_equal(const struct as_item *a, const struct as_item *b)
{
	return meta_equal(a, b) && data_equal(a->data, b->data);
}

/* How one side stands against the base; with_data 0 ignores the content
 * (a published local field carries none). */
static enum mg_side
side(const struct as_item *base, const struct as_item *x, int with_data)
{
	if (base == NULL)
		return x ? MG_ADDED : MG_NONE;
	if (x == NULL)
		return MG_REMOVED;
	if (!meta_equal(base, x) || (with_data && !data_equal(base->data, x->data)))
		return MG_CHANGED;
	return MG_SAME;
}

static void
classify(struct mg_row *r)
{
	r->local_field = (r->base && r->base->local) || (r->theirs && r->theirs->local) ||
	    (r->ours && r->ours->local);
	r->upstream = side(r->base, r->theirs, !r->local_field);
	r->local = side(r->base, r->ours, 1);

	switch (r->upstream) {
	case MG_NONE:
	case MG_SAME:
		r->action = MA_KEEP;
		break;
	case MG_ADDED:
		if (r->ours == NULL)
			r->action = MA_ADD;
		else
			r->action = merge_item_equal(r->ours, r->theirs) ? MA_KEEP : MA_CONFLICT;
		break;
	case MG_CHANGED:
		if (r->local_field && r->ours)
			r->action = MA_TAKE;	/* their flags, our content */
		else if (r->local == MG_SAME)
			r->action = MA_TAKE;
		else if (r->local == MG_CHANGED && merge_item_equal(r->ours, r->theirs))
			r->action = MA_KEEP;
		else
			r->action = MA_CONFLICT;
		break;
	case MG_REMOVED:
		r->action = r->local == MG_SAME ? MA_REMOVE : MA_CONFLICT;
		break;
	}
}

int
merge_plan(struct arena *a, const struct as_item *base, int nbase,
    const struct as_item *theirs, int ntheirs, const struct as_item *ours, int nours,
    struct mg_plan *out)
{
	struct index ib, it, io;
	int cap = ntheirs + nours + 1, n = 0;
	struct mg_row *rows;

	memset(out, 0, sizeof(*out));
	if (index_build(a, base, nbase, &ib) || index_build(a, theirs, ntheirs, &it) ||
	    index_build(a, ours, nours, &io))
		return -1;
	if ((rows = arena_alloc(a, sizeof(*rows) * (size_t)cap)) == NULL)
		return -1;

	/* Upstream order first. */
	for (int i = 0; i < ntheirs; i++) {
		rows[n].uid = theirs[i].uid;
		rows[n].theirs = &theirs[i];
		n++;
	}
	/* Then every item of ours that upstream no longer (or never) had,
	 * placed after the item it followed in ours. */
	int anchor = -1;
	for (int i = 0; i < nours; i++) {
		const char *uid = ours[i].uid;
		if (index_find(&it, uid)) {
			for (int k = 0; k < n; k++)
				if (rows[k].theirs && strcmp(rows[k].uid, uid) == 0) {
					anchor = k;
					break;
				}
			continue;
		}
		int at = anchor + 1;
		memmove(&rows[at + 1], &rows[at], sizeof(*rows) * (size_t)(n - at));
		memset(&rows[at], 0, sizeof(rows[at]));
		rows[at].uid = uid;
		n++;
		anchor = at;
	}
	for (int i = 0; i < n; i++) {
		rows[i].base = index_find(&ib, rows[i].uid);
		rows[i].ours = index_find(&io, rows[i].uid);
		if (rows[i].theirs == NULL)
			rows[i].theirs = index_find(&it, rows[i].uid);
		classify(&rows[i]);
		if (rows[i].action == MA_CONFLICT)
			out->nconflicts++;
		else if (rows[i].action != MA_KEEP)
			out->nauto++;
	}
	out->rows = rows;
	out->n = n;
	return 0;
}

/* theirs' item with ours' content (a local field). */
static struct as_item
with_content(const struct as_item *t, const struct as_item *o)
{
	struct as_item r = *t;

	if (o) {
		r.data = o->data;
		r.l = o->l, r.c = o->c, r.rl = o->rl, r.rc = o->rc;
	}
	return r;
}

int
merge_apply(struct arena *a, const struct mg_plan *p, const enum mg_choice *choice,
    const char *const *edit, int take_auto, struct as_item **out)
{
	struct as_item *res = arena_alloc(a, sizeof(*res) * (size_t)(p->n > 0 ? p->n : 1));
	int n = 0;

	if (res == NULL)
		return -1;
	for (int i = 0; i < p->n; i++) {
		const struct mg_row *r = &p->rows[i];
		enum mg_choice c = choice ? choice[i] : MC_DEFAULT;
		const struct as_item *pick = NULL;
		struct as_item tmp;

		if (c == MC_EDIT) {
			const struct as_item *from = r->theirs ? r->theirs : r->ours;
			if (edit == NULL || edit[i] == NULL || from == NULL)
				return -1;
			tmp = *from;
			tmp.data = edit[i];
			res[n++] = tmp;
			continue;
		}
		if (c == MC_MINE)
			pick = r->ours;
		else if (c == MC_THEIRS)
			pick = r->theirs;
		else
			switch (r->action) {
			case MA_KEEP:
			case MA_CONFLICT:
				pick = r->ours;
				break;
			case MA_TAKE:
			case MA_ADD:
				pick = take_auto ? r->theirs : r->ours;
				break;
			case MA_REMOVE:
				pick = take_auto ? NULL : r->ours;
				break;
			}
		if (pick == NULL)
			continue;
		if (pick == r->theirs && r->local_field)
			tmp = with_content(r->theirs, r->ours);
		else
			tmp = *pick;
		res[n++] = tmp;
	}
	for (int i = 0; i < n; i++)
		res[i].position = i + 1;
	*out = res;
	return n;
}

const char *
merge_side_label(enum mg_side s)
{
	switch (s) {
	case MG_SAME: return N_("Unchanged");
	case MG_ADDED: return N_("Added");
	case MG_CHANGED: return N_("Changed");
	case MG_REMOVED: return N_("Removed");
	default: return N_("Not present");
	}
}
