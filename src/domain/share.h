/*
 * share.h - sharing assessments across organisations (issue 5): networks,
 * publishing an approved version, the library, adopting, following the
 * source (three-way merge, merge.h), endorsement, the national view per
 * tool, and bundles that move a published version between installations.
 *
 * The safety rule behind every function: another organisation only ever
 * reads share_pubs.snapshot, which is built here from a frozen, approved
 * version with local fields, DPO advice, risk acceptance and withheld
 * fields emptied, and with the publisher's internal ids removed. No function
 * here reads another organisation's assessments table.
 *
 * Writers run in their own transaction (or the caller's) and audit in it.
 * Refusals return -1 with *err a msgid for the page; database errors return
 * -1 with *err NULL.
 */
#ifndef SKOLESEC_SHARE_H
#define SKOLESEC_SHARE_H

#include <stdint.h>

#include "assessment.h"
#include "merge.h"
#include "search.h"

struct db;
struct arena;

/* The refusal for a publication that is absent or not visible: pages answer
 * it with 404, like any id that does not exist. */
#define SHARE_E_NOPUB "There is no such published assessment."

/* ---- networks ---- */
struct share_network {
	int64_t id, owner_org_id;
	const char *name, *owner_name;
	int nmembers;
	int own;		/* the organisation manages it */
};
/* Networks the organisation owns or belongs to. */
int share_networks(struct db *, struct arena *, int64_t org_id, struct share_network **out)
    __attribute__((warn_unused_result));
/* members: kommunenummer/fylkesnummer separated by commas or spaces; the
 * owner is always a member. Returns the id or -1. */
int64_t share_network_create(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    const char *name, const char *members, const char **err);
/* 1 when org_id may publish to the network (owner or member). */
int share_network_usable(struct db *, int64_t org_id, int64_t network_id);

/* ---- publishing ---- */
struct share_publish {
	int64_t assessment_id;
	const char *scope;		/* national | network */
	int64_t network_id;		/* scope network */
	const char *withheld;		/* uids separated by commas/spaces, may be "" */
};
/* Publishes the assessment's last approved version. Returns the
 * publication id or -1. */
int64_t share_publish(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    const struct share_publish *in, const char **err);

/* A publication as another organisation may see it. */
struct share_pub {
	struct pub_row row;
	const char *template_urn, *withheld, *endorsed_org_name, *snapshot;
	int template_version;
	struct assessment head;		/* from the snapshot; ids zero */
	struct as_item *items;
	int nitems;
	int64_t *tools;
	const char **tool_names, **tool_urns;	/* urn "" for tools without one */
	int ntools;
};
/*
 * Loads a publication if the viewer may see it: viewer_org > 0 decides by
 * that organisation (org-scoped routes), else viewer_user by all their
 * memberships. Returns 1, 0 (absent or not visible) or -1.
 */
int share_pub_get(struct db *, struct arena *, int64_t viewer_user, int64_t viewer_org,
    int64_t pub_id, struct share_pub *out) __attribute__((warn_unused_result));
/* The organisation's own publications (every version), newest first. */
int share_pubs_of(struct db *, struct arena *, int64_t org_id, struct pub_row **out)
    __attribute__((warn_unused_result));

/* National editor: endorses a version and may mark more items local
 * (uids as for withheld). editor_org is the editor's national organisation
 * (the audit goes there). 0 or -1. */
int share_endorse(struct db *, struct arena *, int64_t user_id, int64_t editor_org,
    int64_t pub_id, const char *more_local, const char **err)
    __attribute__((warn_unused_result));

/* ---- adopting and following ---- */
/* Creates the organisation's own draft from a visible publication. Returns
 * the new assessment id or -1. */
int64_t share_adopt(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    int64_t pub_id, const char **err);

struct share_adoption {
	int64_t id, assessment_id, base_pub_id, latest_pub_id, publisher_id;
	int base_version, latest_version;
	const char *title, *publisher, *status;
	int64_t adopted_at, updated_at;
};
/* The organisation's adoptions, with the newest visible version of each
 * source (latest_version > base_version: an update is waiting). */
int share_adoptions(struct db *, struct arena *, int64_t org_id, struct share_adoption **out)
    __attribute__((warn_unused_result));
int share_adoption_get(struct db *, struct arena *, int64_t org_id, int64_t adoption_id,
    struct share_adoption *out) __attribute__((warn_unused_result));
/* The adoption of an assessment (0 when it is not adopted). */
int share_adoption_of(struct db *, struct arena *, int64_t org_id, int64_t assessment_id,
    struct share_adoption *out) __attribute__((warn_unused_result));

/* The three-way plan: base = adopted version, theirs = latest, ours = the
 * organisation's items now. 0 or -1. */
int share_update_plan(struct db *, struct arena *, int64_t org_id,
    const struct share_adoption *ad, struct mg_plan *plan) __attribute__((warn_unused_result));
/*
 * Takes the upstream changes: automatic ones all, conflicts by choice[i]
 * (edit[i]: the new value text of a field item for MC_EDIT). target_pub is
 * the version the adopter reviewed; a newer one refuses. The adoption then
 * records target_pub as its base. 0 or -1.
 */
int share_update_apply(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    const struct share_adoption *ad, int64_t target_pub, const struct mg_plan *plan,
    const enum mg_choice *choice, const char *const *edit, const char **err)
    __attribute__((warn_unused_result));

/* Counts of adopters of the series of a publication. */
int share_adopter_count(struct db *, int64_t pub_id);

/* ---- the national view per tool ---- */
#define SHARE_MIN_COUNT 5
struct share_tool_view {
	const char *tool_name;
	int users;			/* municipalities with the tool in their inventory */
	int status[5];			/* tool_decisions per status, in share_status_keys order */
};
extern const char *const share_status_keys[5];
/* 1 found, 0 no such tool, -1 error. Counts below SHARE_MIN_COUNT are the
 * page's to hide. */
int share_tool_view(struct db *, struct arena *, int64_t tool_id, struct share_tool_view *out)
    __attribute__((warn_unused_result));

/* ---- bundles (share_bundle.c) ---- */
struct share_bundle {
	const char *kind, *title, *template_urn, *publisher;
	int template_version, version;
	int64_t published_at;
	const char **tool_urns;
	int ntools;
	struct as_item *items;
	int nitems;
	const char *scope_text;
};
/* The bundle JSON of a publication (text in the arena) or NULL. */
char *share_bundle_export(struct arena *, const struct share_pub *p);
/* Parses and validates strictly (no unknown keys, types, sizes, unique
 * uids, item kinds). 0, or -1 with err filled (names the key). */
int share_bundle_parse(struct arena *, const char *json, size_t len, struct share_bundle *out,
    char *err, int errlen) __attribute__((warn_unused_result));
/* Creates the organisation's own draft from a bundle whose template this
 * installation knows. Returns the new assessment id or -1. */
int64_t share_bundle_import(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    const struct share_bundle *b, const char **err);

/* Internal, shared by share.c and share_bundle.c: inserts the draft with
 * items (uids kept, local content already empty). Returns the id or -1. */
int64_t share_create_draft(struct db *, int64_t user_id, int64_t org_id,
    const struct assessment *head, const int64_t *tools, int ntools,
    const struct as_item *items, int nitems, int64_t now);
/* An item's data (JSON object text) with every value emptied, keys kept. */
const char *share_blank_data(struct arena *, const char *data);

#endif
