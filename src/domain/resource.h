/*
 * resource.h - the resource bank (ressursbank): guides, templates, routines
 * and presentations written in Markdown by an organisation and published to
 * a network or nationally; the national editor curates (features) them.
 *
 * Markdown is rendered by cmark in safe mode (the default since cmark 0.29:
 * raw HTML is replaced by a comment, javascript:/vbscript:/file:/data: links
 * are dropped), so the rendered text is the one piece of HTML a page writes
 * that did not come from the escaping writer; resource_render() is the only
 * producer of it.
 */
#ifndef SKOLESEC_RESOURCE_H
#define SKOLESEC_RESOURCE_H

#include <stdint.h>

struct db;
struct arena;

struct resource {
	int64_t id, org_id, network_id, created_at, updated_at;
	const char *kind, *title, *body, *tags, *competency_goal, *scope, *org_name;
	int curated;
};

extern const char *const resource_kinds[];	/* NULL-terminated keys */
extern const char *const resource_scopes[];	/* draft, national, network */
const char *resource_kind_label(const char *kind);	/* msgid */
const char *resource_scope_label(const char *scope);	/* msgid */

/* A resource the user may read (author organisation's member, national, or
 * network member). 1, 0 (absent or hidden), -1. */
int resource_get(struct db *, struct arena *, int64_t viewer_user, int64_t id,
    struct resource *out) __attribute__((warn_unused_result));
/* The author organisation's own resource (for editing). 1, 0, -1. */
int resource_get_own(struct db *, struct arena *, int64_t org_id, int64_t id,
    struct resource *out) __attribute__((warn_unused_result));

/* Creates (in->id 0) or updates the organisation's resource. Returns the id,
 * or -1 (*err a msgid on refusal, NULL on a database error). */
int64_t resource_save(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    const struct resource *in, const char **err);

/* National editor: mark a visible national resource as curated or not. */
int resource_curate(struct db *, int64_t user_id, int64_t editor_org, int64_t id, int on)
    __attribute__((warn_unused_result));

/* Markdown to HTML in safe mode, in the arena; NULL on failure. */
char *resource_render(struct arena *, const char *markdown);

#endif
