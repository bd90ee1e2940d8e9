/*
 * authz.c - the permission table and its checks; see authz.h.
 *
 * The table is data so it can be read (and tested) as a whole: a row per
 * action, a column per role. School leaders hold organisation-level rights
 * for their own schools only; authz_allows() narrows them when a school is
 * named, and list queries use authz_all_schools() to filter.
 */
#include <string.h>

#include "authz.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../core/arena.h"
#include "../core/buf.h"

static const char *const names[R__COUNT] = {
	"org_admin", "adviser", "school_leader", "dpo", "reader",
	"national_editor", "regional_adviser", "vendor_editor",
};

static const char *const labels[R__COUNT] = {
	N_("Organisation administrator"), N_("Adviser"), N_("School leader"),
	N_("Data protection officer"), N_("Reader"), N_("National editor"),
	N_("Regional adviser"), N_("Vendor editor"),
};

/*                         admin adv  lead dpo  read nat  reg  vend */
static const unsigned char table[A__COUNT][R__COUNT] = {
	[A_PUBLIC]       = { 1,    1,   1,   1,   1,   1,   1,   1 },
	[A_LOGIN]        = { 1,    1,   1,   1,   1,   1,   1,   1 },
	[A_ORG_VIEW]     = { 1,    1,   1,   1,   1,   1,   1,   1 },
	[A_SCHOOL_VIEW]  = { 1,    1,   1,   1,   1,   0,   0,   0 },
	[A_SCHOOL_EDIT]  = { 1,    1,   1,   0,   0,   0,   0,   0 },
	[A_USERS_VIEW]   = { 1,    1,   0,   1,   0,   1,   1,   1 },
	[A_USERS_MANAGE] = { 1,    0,   0,   0,   0,   1,   1,   1 },
	[A_AUDIT_VIEW]   = { 1,    0,   0,   1,   0,   1,   1,   1 },
	[A_CATALOGUE_EDIT] = { 0,  0,   0,   0,   0,   1,   0,   0 },
	[A_INVENTORY_VIEW] = { 1,  1,   1,   1,   1,   0,   0,   0 },
	[A_INVENTORY_EDIT] = { 1,  1,   1,   0,   0,   0,   0,   0 },
	[A_SCREENING_EDIT] = { 1,  1,   0,   0,   0,   0,   0,   0 },
	[A_MATURITY_VIEW]  = { 1,  1,   0,   1,   1,   0,   0,   0 },
	[A_MATURITY_EDIT]  = { 1,  1,   0,   0,   0,   0,   0,   0 },
	[A_ASSESS_VIEW]    = { 1,  1,   1,   1,   1,   0,   0,   0 },
	[A_ASSESS_EDIT]    = { 1,  1,   0,   0,   0,   0,   0,   0 },
	[A_DPO_ADVICE]     = { 0,  0,   0,   1,   0,   0,   0,   0 },
	[A_ASSESS_APPROVE] = { 1,  0,   0,   0,   0,   0,   0,   0 },
	[A_DECISION_EDIT]  = { 1,  1,   0,   0,   0,   0,   0,   0 },
	[A_PLAN_VIEW]      = { 1,  1,   1,   1,   1,   0,   0,   0 },
	[A_PLAN_EDIT]      = { 1,  1,   0,   0,   0,   0,   0,   0 },
	[A_REPORT_SIGN]    = { 1,  0,   0,   0,   0,   0,   0,   0 },
	[A_PROGRAMME_MANAGE] = { 0, 0,  0,   0,   0,   0,   1,   0 },
	[A_PROGRAMME_JOIN] = { 1,  0,   0,   0,   0,   0,   0,   0 },
	[A_PROGRAMME_COMMENT] = { 0, 0, 0,   0,   0,   0,   0,   0 },
	[A_SHARE_PUBLISH]  = { 1,  0,   0,   0,   0,   0,   0,   0 },
	[A_SHARE_ADOPT]    = { 1,  1,   0,   0,   0,   0,   0,   0 },
	[A_SHARE_NETWORK]  = { 1,  0,   0,   0,   0,   0,   1,   0 },
	[A_ENDORSE]        = { 0,  0,   0,   0,   0,   1,   0,   0 },
	[A_RESOURCE_EDIT]  = { 1,  1,   0,   0,   0,   1,   1,   0 },
};

/* What a programme consent grants a programme's advisers in a participating
 * municipality (issue 7): reading its kartlegging, assessments and plan, and
 * commenting. Never edit, approve, users or audit actions. */
static const unsigned char consent_set[A__COUNT] = {
	[A_ORG_VIEW] = 1, [A_INVENTORY_VIEW] = 1, [A_MATURITY_VIEW] = 1,
	[A_ASSESS_VIEW] = 1, [A_PLAN_VIEW] = 1, [A_PROGRAMME_COMMENT] = 1,
};

/* The roles that make sense in each kind of organisation. The national
 * editor, regional adviser and vendor editor administer their own
 * organisations (KS, a network, a vendor) and so hold the user rights there. */
int
role_fits_kind(enum role r, const char *kind)
{
	if (strcmp(kind, "municipality") == 0 || strcmp(kind, "county") == 0)
		return r <= R_READER;
	if (strcmp(kind, "national") == 0)
		return r == R_NATIONAL_EDITOR || r == R_READER;
	if (strcmp(kind, "network") == 0)
		return r == R_REGIONAL_ADVISER || r == R_READER;
	if (strcmp(kind, "vendor") == 0)
		return r == R_VENDOR_EDITOR || r == R_READER;
	return 0;
}

const char *role_name(enum role r) { return r < R__COUNT ? names[r] : "?"; }
const char *role_label(enum role r) { return r < R__COUNT ? labels[r] : "?"; }

int
role_parse(const char *s, enum role *out)
{
	int i;

	for (i = 0; s && i < R__COUNT; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

struct principal *
principal_load(struct db *db, struct arena *a, int64_t user_id)
{
	struct principal *p = arena_alloc(a, sizeof(*p));
	struct db_stmt *st;
	int rc, n = 0, cap = 8;

	if (p == NULL)
		return NULL;
	st = db_query(db, "SELECT email, name, lang FROM users WHERE id = ? AND disabled = 0",
	    &rc, "i", user_id);
	if (rc != 1) {
		if (st)
			db_reset(st);
		return NULL;
	}
	p->user_id = user_id;
	p->email = arena_strdup(a, db_col_text(st, 0));
	p->name = arena_strdup(a, db_col_text(st, 1));
	p->lang = arena_strdup(a, db_col_text(st, 2));
	db_reset(st);

	p->m = arena_alloc(a, sizeof(*p->m) * (size_t)cap);
	st = db_query(db, "SELECT m.id, m.org_id, m.role, o.name, o.kind FROM memberships m"
	    " JOIN orgs o ON o.id = m.org_id WHERE m.user_id = ? ORDER BY o.name, m.role",
	    &rc, "i", user_id);
	while (rc == 1 && (p->m = arena_grow(a, p->m, n, &cap, sizeof(*p->m))) != NULL) {
		enum role r;
		if (role_parse(db_col_text(st, 2), &r) == 0) {
			p->m[n].id = db_col_int(st, 0);
			p->m[n].org_id = db_col_int(st, 1);
			p->m[n].role = r;
			p->m[n].org_name = arena_strdup(a, db_col_text(st, 3));
			p->m[n].org_kind = arena_strdup(a, db_col_text(st, 4));
			n++;
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return NULL;
	p->nm = n;

	/* Schools of school-leader memberships: one query for all of them. */
	st = db_query(db, "SELECT ms.membership_id, ms.school_id FROM membership_schools ms"
	    " JOIN memberships m ON m.id = ms.membership_id WHERE m.user_id = ?",
	    &rc, "i", user_id);
	while (rc == 1) {
		int64_t mid = db_col_int(st, 0), sid = db_col_int(st, 1);
		for (int i = 0; i < n; i++) {
			struct membership *m = &p->m[i];
			if (m->id != mid)
				continue;
			int64_t *ns = arena_alloc(a, sizeof(*ns) * (size_t)(m->nschools + 1));
			if (ns) {
				if (m->nschools)
					memcpy(ns, m->schools, sizeof(*ns) * (size_t)m->nschools);
				ns[m->nschools++] = sid;
				m->schools = ns;
			}
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return NULL;

	/* Consented organisations (issue 7), read on every request so that a
	 * withdrawal takes effect at once. The adviser must still hold the
	 * regional adviser role in the network that runs the programme. */
	cap = 4;
	n = 0;
	p->consent_orgs = arena_alloc(a, sizeof(*p->consent_orgs) * (size_t)cap);
	st = db_query(db, "SELECT DISTINCT c.org_id FROM programme_consents c"
	    " JOIN programme_participants pp ON pp.programme_id = c.programme_id AND pp.org_id = c.org_id"
	    " JOIN programme_advisers pa ON pa.programme_id = c.programme_id"
	    " JOIN programmes pr ON pr.id = c.programme_id"
	    " JOIN memberships m ON m.org_id = pr.org_id AND m.user_id = pa.user_id"
	    "  AND m.role = 'regional_adviser'"
	    " WHERE pa.user_id = ? AND c.withdrawn_at IS NULL", &rc, "i", user_id);
	while (rc == 1 && (p->consent_orgs = arena_grow(a, p->consent_orgs, n, &cap,
	    sizeof(*p->consent_orgs))) != NULL) {
		p->consent_orgs[n++] = db_col_int(st, 0);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || p->consent_orgs == NULL)
		return NULL;
	p->nconsent = n;
	return p;
}

int
authz_is_member(const struct principal *p, int64_t org_id)
{
	for (int i = 0; p && i < p->nm; i++)
		if (p->m[i].org_id == org_id)
			return 1;
	return 0;
}

static int
consented(const struct principal *p, int64_t org_id)
{
	for (int i = 0; p && i < p->nconsent; i++)
		if (p->consent_orgs[i] == org_id)
			return 1;
	return 0;
}

int
authz_consent_action(enum action act)
{
	return act < A__COUNT && consent_set[act];
}

int
authz_all_schools(const struct principal *p, int64_t org_id)
{
	for (int i = 0; p && i < p->nm; i++)
		if (p->m[i].org_id == org_id && p->m[i].role != R_SCHOOL_LEADER &&
		    table[A_SCHOOL_VIEW][p->m[i].role])
			return 1;
	/* A consented adviser reads the whole municipality, not one school. */
	return consented(p, org_id);
}

int
authz_allows_any(const struct principal *p, enum action act)
{
	if (act == A_PUBLIC)
		return 1;
	if (p == NULL || act >= A__COUNT)
		return 0;
	if (act == A_LOGIN)
		return 1;
	for (int i = 0; i < p->nm; i++)
		if (table[act][p->m[i].role])
			return 1;
	return 0;
}

int
authz_allows(const struct principal *p, enum action act, int64_t org_id,
    int64_t school_id)
{
	int i, k;

	if (act == A_PUBLIC)
		return 1;
	if (p == NULL || act >= A__COUNT)
		return 0;
	if (act == A_LOGIN)
		return 1;
	for (i = 0; i < p->nm; i++) {
		const struct membership *m = &p->m[i];
		if (m->org_id != org_id || !table[act][m->role])
			continue;
		if (m->role != R_SCHOOL_LEADER || school_id <= 0)
			return 1;
		for (k = 0; k < m->nschools; k++)
			if (m->schools[k] == school_id)
				return 1;
	}
	return consent_set[act] && consented(p, org_id);
}

int
authz_via_consent(const struct principal *p, enum action act, int64_t org_id)
{
	if (p == NULL || act >= A__COUNT || act == A_PUBLIC || act == A_LOGIN ||
	    !consent_set[act] || !consented(p, org_id))
		return 0;
	for (int i = 0; i < p->nm; i++)
		if (p->m[i].org_id == org_id && table[act][p->m[i].role])
			return 0;
	return 1;
}
