/*
 * authz.h - the one place that decides who may do what.
 *
 * A principal is the logged-in user with their memberships (organisation ×
 * role, and for school leaders the schools they lead). Every route names an
 * action; the router asks authz_allows() with the organisation from the URL
 * before the handler runs, and handlers that touch one school ask again with
 * that school. Data is then read only through org-scoped queries.
 */
#ifndef SKOLESEC_AUTHZ_H
#define SKOLESEC_AUTHZ_H

#include <stdint.h>

struct db;
struct arena;

enum role {
	R_ORG_ADMIN,
	R_ADVISER,
	R_SCHOOL_LEADER,
	R_DPO,
	R_READER,
	R_NATIONAL_EDITOR,
	R_REGIONAL_ADVISER,
	R_VENDOR_EDITOR,
	R__COUNT
};

enum action {
	A_PUBLIC,		/* anyone, logged in or not */
	A_LOGIN,		/* any logged-in user, no organisation involved */
	A_ORG_VIEW,		/* see the organisation's overview */
	A_SCHOOL_VIEW,
	A_SCHOOL_EDIT,
	A_USERS_VIEW,
	A_USERS_MANAGE,		/* invite, set roles */
	A_AUDIT_VIEW,
	A_CATALOGUE_EDIT,	/* national catalogue: accept, merge, edit tools */
	A_INVENTORY_VIEW,	/* the organisation's tool inventory and screenings */
	A_INVENTORY_EDIT,	/* add/change inventory rows, propose tools */
	A_SCREENING_EDIT,	/* carry out the initial screening */
	A_MATURITY_VIEW,
	A_MATURITY_EDIT,	/* answer maturity rounds */
	/* issue 4: assessments and decisions */
	A_ASSESS_VIEW,		/* read ROS, DPIA, DBA, versions, decisions */
	A_ASSESS_EDIT,		/* write drafts, comment, send on in the workflow */
	A_DPO_ADVICE,		/* write the DPO's advice (Art. 35(2)) */
	A_ASSESS_APPROVE,	/* approve a version, accept risk, set the risk matrix */
	A_DECISION_EDIT,	/* set a tool's status for the organisation */
	/* issue 6: priorities, action plan, status report */
	A_PLAN_VIEW,
	A_PLAN_EDIT,
	A_REPORT_SIGN,		/* sign off the status report */
	/* issue 7: programmes (advisory service) */
	A_PROGRAMME_MANAGE,	/* run a programme: phases, applications, workshops */
	A_PROGRAMME_JOIN,	/* apply, grant or withdraw adviser access, mandate */
	A_PROGRAMME_COMMENT,	/* comment on a municipality's work: through consent only */
	/* issue 5: sharing */
	A_SHARE_PUBLISH,	/* publish an approved assessment to a network or nationally */
	A_SHARE_ADOPT,		/* adopt a published assessment, take upstream changes */
	A_SHARE_NETWORK,	/* create and manage sharing networks */
	A_ENDORSE,		/* endorse a published version, curate resources (national editor) */
	A_RESOURCE_EDIT,	/* write and publish resources in the resource bank */
	A__COUNT
};

struct membership {
	int64_t id, org_id;
	enum role role;
	const char *org_name;
	const char *org_kind;
	int64_t *schools;	/* school leaders only */
	int nschools;
};

struct principal {
	int64_t user_id;
	const char *email, *name, *lang;
	struct membership *m;
	int nm;
	int64_t session_id;
	/* Issue 7: organisations whose data the user may read as a programme
	 * adviser (an active consent of a participating municipality to a
	 * programme whose adviser team includes the user). Not memberships:
	 * they give only the consent set of actions (authz.c). */
	int64_t *consent_orgs;
	int nconsent;
};

const char *role_name(enum role r);		/* stable key, e.g. "org_admin" */
const char *role_label(enum role r);		/* msgid for display */
int role_parse(const char *s, enum role *out) __attribute__((warn_unused_result));
/* Which roles an organisation of this kind may grant. */
int role_fits_kind(enum role r, const char *kind);

/* Loads the user's memberships; NULL on error. */
struct principal *principal_load(struct db *db, struct arena *a, int64_t user_id);

/* May p do action in organisation org_id (and, when school_id > 0, for that
 * school)? Default deny. */
int authz_allows(const struct principal *p, enum action act, int64_t org_id,
    int64_t school_id);
/* For routes without an organisation in the URL (e.g. the national
 * catalogue): does any of p's memberships grant act? */
int authz_allows_any(const struct principal *p, enum action act);
/* Does p's access to org_id cover every school (not school-limited)? */
int authz_all_schools(const struct principal *p, int64_t org_id);
int authz_is_member(const struct principal *p, int64_t org_id);
/* 1 when p may do act in org_id only through a programme consent (no
 * membership grants it): app.c audits such accesses in org_id's chain. */
int authz_via_consent(const struct principal *p, enum action act, int64_t org_id);
/* 1 when act is in the fixed set that a consent grants. */
int authz_consent_action(enum action act);

#endif
