/*
 * catalogue.c - the national tool catalogue screens: search, a tool's facts,
 * the editor's forms (create, edit, accept, reject, merge), the proposal
 * queue, vendors, and a municipality's proposal form.
 *
 * Everything works without JavaScript: the search is a GET form, each
 * editor action a small POST form. Set-valued facts are checkbox groups
 * named "<set>-<key>" (each a declared F_BOOL), so nothing undeclared is
 * read. Who sees a proposal is decided by the domain (catalogue_visible):
 * a tool proposed by another organisation is answered with 404, as if it
 * did not exist.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "catalogue.h"
#include "pages.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/catalogue.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define PAGE_SIZE 25

/* ---- who is asking ------------------------------------------------------ */

/* The organisations whose proposals r->who may see: those where they may
 * see the inventory (proposals are part of that work). */
static struct cat_viewer
viewer_of(struct req *r)
{
	struct cat_viewer v = { NULL, 0, 0 };
	int64_t *orgs = arena_alloc(&r->arena, sizeof(*orgs) * (size_t)(r->who ? r->who->nm + 1 : 1));

	v.editor = authz_allows_any(r->who, A_CATALOGUE_EDIT);
	for (int i = 0; orgs && r->who && i < r->who->nm; i++) {
		int64_t o = r->who->m[i].org_id;
		int dup = 0;
		for (int k = 0; k < v.norgs; k++)
			dup |= orgs[k] == o;
		if (!dup && authz_allows(r->who, A_INVENTORY_VIEW, o, 0))
			orgs[v.norgs++] = o;
	}
	v.orgs = orgs;
	return v;
}

/* The national organisation in whose change log the editor's work goes. */
static int64_t
editor_org(struct req *r)
{
	for (int i = 0; r->who && i < r->who->nm; i++)
		if (r->who->m[i].role == R_NATIONAL_EDITOR)
			return r->who->m[i].org_id;
	return 0;
}

/* The first organisation where the user may propose a tool, or 0. */
static int64_t
propose_org(struct req *r)
{
	for (int i = 0; r->who && i < r->who->nm; i++)
		if (authz_allows(r->who, A_INVENTORY_EDIT, r->who->m[i].org_id, 0))
			return r->who->m[i].org_id;
	return 0;
}

static void
server_error(struct req *r, const char *what)
{
	log_err("catalogue: %s: %s", what, db_errmsg(r->db));
	page_error(r, 500, "Something went wrong. Try again.");
}

/* The page of one catalogue object: kind is "tools" or "vendors". */
static void
object_redirect(struct req *r, const char *kind, int64_t id)
{
	req_redirect(r, arena_printf(&r->arena, "/catalogue/%s/%lld", kind, (long long)id));
}

static void
tool_redirect(struct req *r, int64_t id)
{
	object_redirect(r, "tools", id);
}

/* Ends a write begun with db_begin(); rc is what the domain call returned
 * (-1 when db_begin failed): above 0 done, 0 input refused, below 0 error.
 * When done it commits and redirects to the page of object id of kind
 * (see object_redirect). Returns 1 when the input was refused (rolled back,
 * status 400): the caller shows the form again; 0 when the response (the
 * redirect or the error page) has been sent. */
static int
write_done(struct req *r, int64_t rc, const char *what, const char *kind, int64_t id)
{
	if (rc < 0 || (rc > 0 && db_commit(r->db))) {
		db_rollback(r->db);
		server_error(r, what);
		return 0;
	}
	if (rc == 0) {
		db_rollback(r->db);
		r->status = 400;
		return 1;
	}
	object_redirect(r, kind, id);
	return 0;
}

/* ---- small writers ------------------------------------------------------ */

static void
heading(struct req *r, const char *msgid)
{
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, msgid);
	html_lit(r, "</h1>");
}

/* The link back to the catalogue at the top of its pages. */
static void
back_link(struct req *r)
{
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/catalogue\">");
	html_t(r, "Tool catalogue");
	html_lit(r, "</a></p>");
}

/* Starts a catalogue page titled msgid: layout, back link, heading. */
static void
page_begin(struct req *r, const char *msgid)
{
	layout_begin(r, T(r, msgid));
	back_link(r);
	heading(r, msgid);
}

static void
h2(struct req *r, const char *msgid)
{
	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, msgid);
	html_lit(r, "</h2>");
}

static void
para(struct req *r, const char *msgid)
{
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, msgid);
	html_lit(r, "</p>");
}

static void
not_known(struct req *r)
{
	html_lit(r, "<span class=\"not-known\">");
	html_t(r, "Not known");
	html_lit(r, "</span>");
}

static void
text_or_unknown(struct req *r, const char *s)
{
	if (s)
		html_text(r, s);
	else
		not_known(r);
}

static void
field_error(struct req *r, const char *id, const char *err)
{
	if (err == NULL)
		return;
	html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-");
	html_attr(r, id);
	html_lit(r, "\">");
	html_t(r, err);
	html_lit(r, "</div>");
}

static void
invalid_attrs(struct req *r, const char *id, const char *err)
{
	if (err == NULL)
		return;
	html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-");
	html_attr(r, id);
	html_lit(r, "\"");
}

/* A <select> of keys with translated labels; empty_label adds a first,
 * empty option (NULL: none). */
static void
select_keys(struct req *r, const char *name, const char *label, const char *const *keys,
    const char *(*labelfn)(const char *), const char *cur, const char *err,
    const char *empty_label)
{
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	invalid_attrs(r, name, err);
	html_lit(r, ">");
	if (empty_label) {
		html_lit(r, "<option value=\"\">");
		html_t(r, empty_label);
		html_lit(r, "</option>");
	}
	for (int i = 0; keys[i]; i++) {
		html_lit(r, "<option value=\"");
		html_attr(r, keys[i]);
		html_lit(r, "\"");
		if (cur && strcmp(cur, keys[i]) == 0)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_t(r, labelfn(keys[i]));
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	field_error(r, name, err);
	html_lit(r, "</div>");
}

static const char *login_label(const char *k) { return catalogue_key_label(CS_LOGINS, k); }
static const char *platform_label(const char *k) { return catalogue_key_label(CS_PLATFORMS, k); }

/* The keys of a set as a NULL-terminated array (for F_ENUM and selects). */
static const char *const *
set_choices(struct req *r, enum cat_set s)
{
	int n;
	const struct cat_key *k = catalogue_set_keys(s, &n);
	const char **c = arena_alloc(&r->arena, sizeof(*c) * (size_t)(n + 1));

	for (int i = 0; c && i < n; i++)
		c[i] = k[i].key;
	return c;
}

static void
textarea(struct req *r, const char *name, const char *label, const char *value,
    const char *err, const char *hint)
{
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label>");
	if (hint) {
		html_lit(r, "<div class=\"ds-paragraph\" data-size=\"sm\" id=\"h-");
		html_attr(r, name);
		html_lit(r, "\">");
		html_t(r, hint);
		html_lit(r, "</div>");
	}
	html_lit(r, "<textarea class=\"ds-input\" rows=\"4\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	if (hint && !err) {
		html_lit(r, " aria-describedby=\"h-");
		html_attr(r, name);
		html_lit(r, "\"");
	}
	invalid_attrs(r, name, err);
	html_lit(r, ">");
	html_text(r, value ? value : "");
	html_lit(r, "</textarea>");
	field_error(r, name, err);
	html_lit(r, "</div>");
}

/* Checkboxes of one set, named "<set>-<key>". */
static void
set_checkboxes(struct req *r, enum cat_set s, const char *cur, const char *err)
{
	int n;
	const struct cat_key *k = catalogue_set_keys(s, &n);
	const char *set = catalogue_set_name(s);

	html_lit(r, "<fieldset class=\"ds-fieldset school-choice\" id=\"f-");
	html_attr(r, set);
	html_lit(r, "\"");
	if (err) {
		html_lit(r, " aria-describedby=\"e-");
		html_attr(r, set);
		html_lit(r, "\"");
	}
	html_lit(r, "><legend class=\"ds-label\">");
	html_t(r, catalogue_set_label(s));
	html_lit(r, "</legend>");
	field_error(r, set, err);
	for (int i = 0; i < n; i++) {
		html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"f-");
		html_attr(r, set);
		html_lit(r, "-");
		html_attr(r, k[i].key);
		html_lit(r, "\" name=\"");
		html_attr(r, set);
		html_lit(r, "-");
		html_attr(r, k[i].key);
		html_lit(r, "\"");
		if (catalogue_set_has(cur, k[i].key))
			html_lit(r, " checked");
		html_lit(r, "><label class=\"ds-label\" data-weight=\"regular\" for=\"f-");
		html_attr(r, set);
		html_lit(r, "-");
		html_attr(r, k[i].key);
		html_lit(r, "\">");
		html_t(r, k[i].label);
		html_lit(r, "</label></div>");
	}
	html_lit(r, "</fieldset>");
}

/* The labels of a set's keys, or "Not known". */
static void
set_text(struct req *r, enum cat_set s, const char *set)
{
	int n, first = 1;
	const struct cat_key *k = catalogue_set_keys(s, &n);

	for (int i = 0; i < n; i++)
		if (catalogue_set_has(set, k[i].key)) {
			if (!first)
				html_lit(r, ", ");
			html_t(r, k[i].label);
			first = 0;
		}
	if (first)
		not_known(r);
}

/* An error summary from (field id, msgid) pairs; ids without "f-". */
static void
error_summary(struct req *r, const char *const *ids, const char *const *msgs, int n)
{
	int any = 0;

	for (int i = 0; i < n; i++)
		any |= msgs[i] != NULL;
	if (!any)
		return;
	html_lit(r, "<div class=\"ds-error-summary\" role=\"alert\" tabindex=\"-1\"><h2 class=\"ds-heading\" data-size=\"xs\">");
	html_t(r, "Please correct the following");
	html_lit(r, "</h2><ul class=\"ds-list\">");
	for (int i = 0; i < n; i++) {
		if (!msgs[i])
			continue;
		html_lit(r, "<li><a class=\"ds-link\" href=\"#f-");
		html_attr(r, ids[i]);
		html_lit(r, "\">");
		html_t(r, msgs[i]);
		html_lit(r, "</a></li>");
	}
	html_lit(r, "</ul></div>");
}

static void
tool_error_summary(struct req *r, const struct tool_errs *e)
{
	const char *ids[8 + CS__COUNT] = { "name", "vendor", "category", "universe", "description",
		"website", "hosting_countries", "subprocessors" };
	const char *msgs[8 + CS__COUNT] = { e->name, e->vendor, e->category, e->universe,
		e->description, e->website, e->hosting_countries, e->subprocessors };

	for (int s = 0; s < CS__COUNT; s++) {
		ids[8 + s] = catalogue_set_name((enum cat_set)s);
		msgs[8 + s] = e->sets[s];
	}
	error_summary(r, ids, msgs, 8 + CS__COUNT);
}

/* A link to the catalogue search keeping the current filters, at page p. */
static void
search_link(struct req *r, const struct cat_query *q, int64_t page)
{
	html_lit(r, "/catalogue?q=");
	html_urlarg(r, q->q ? q->q : "");
	if (q->category) {
		html_lit(r, "&amp;category=");
		html_urlarg(r, q->category);
	}
	if (q->universe) {
		html_lit(r, "&amp;universe=");
		html_urlarg(r, q->universe);
	}
	if (q->login) {
		html_lit(r, "&amp;login=");
		html_urlarg(r, q->login);
	}
	if (q->platform) {
		html_lit(r, "&amp;platform=");
		html_urlarg(r, q->platform);
	}
	if (q->status) {
		html_lit(r, "&amp;status=");
		html_urlarg(r, q->status);
	}
	html_lit(r, "&amp;page=");
	html_int(r, page);
}

static void
tool_link(struct req *r, int64_t id, const char *name)
{
	html_lit(r, "<a class=\"ds-link\" href=\"/catalogue/tools/");
	html_int(r, id);
	html_lit(r, "\">");
	html_text(r, name);
	html_lit(r, "</a>");
}

static void
vendor_link(struct req *r, int64_t id, const char *name)
{
	if (id <= 0 || name == NULL) {
		not_known(r);
		return;
	}
	html_lit(r, "<a class=\"ds-link\" href=\"/catalogue/vendors/");
	html_int(r, id);
	html_lit(r, "\">");
	html_text(r, name);
	html_lit(r, "</a>");
}

static void
status_text(struct req *r, const struct tool *t, const struct cat_viewer *v)
{
	int own = 0;

	for (int i = 0; i < v->norgs; i++)
		own |= t->proposed_by && v->orgs[i] == t->proposed_by;
	if (strcmp(t->status, "proposed") == 0 && own && !v->editor)
		html_t(r, "Proposed by your organisation");
	else
		html_t(r, catalogue_status_label(t->status));
}

/* ---- search --------------------------------------------------------------- */

void
page_catalogue(struct req *r)
{
	struct cat_viewer v = viewer_of(r);
	const char *const *logins = set_choices(r, CS_LOGINS), *const *platforms = set_choices(r, CS_PLATFORMS);
	const struct field f[] = {
		{ "q", F_TEXT, 0, 200, 0, 0, NULL },
		{ "category", F_ENUM, 0, 40, 0, 0, catalogue_categories },
		{ "universe", F_ENUM, 0, 40, 0, 0, catalogue_universes },
		{ "login", F_ENUM, 0, 40, 0, 0, logins },
		{ "platform", F_ENUM, 0, 40, 0, 0, platforms },
		{ "status", F_ENUM, 0, 40, 0, 0, catalogue_statuses },
		{ "page", F_INT, 0, 10, 1, 100000, NULL },
	};
	struct fval fv[7];
	struct cat_query q;
	struct tool *t = NULL;
	int64_t total = 0, page;
	int n = 0, bad;
	int64_t porg = propose_org(r);

	if (logins == NULL || platforms == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	bad = form_read(r, f, 7, fv);
	memset(&q, 0, sizeof(q));
	q.q = fv[0].err ? NULL : fv[0].s;
	q.category = fv[1].err ? NULL : fv[1].s;
	q.universe = fv[2].err ? NULL : fv[2].s;
	q.login = fv[3].err ? NULL : fv[3].s;
	q.platform = fv[4].err ? NULL : fv[4].s;
	q.status = fv[5].err || !v.editor ? NULL : fv[5].s;
	page = fv[6].err || fv[6].s == NULL ? 1 : fv[6].i;
	q.limit = PAGE_SIZE;
	q.offset = (page - 1) * PAGE_SIZE;
	if (!bad && (n = catalogue_search(r->db, &r->arena, &v, &q, &t, &total)) < 0) {
		server_error(r, "search");
		return;
	}
	if (bad)
		r->status = 400;
	layout_begin(r, T(r, "Tool catalogue"));
	heading(r, N_("Tool catalogue"));
	para(r, N_("The national catalogue of digital tools used in Norwegian schools, kept by the"
	    " national editor. Facts that are not known are left empty rather than guessed."));
	html_lit(r, "<ul class=\"ds-list catalogue-links\">");
	if (v.editor) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/catalogue/proposals\">");
		html_t(r, "Proposals awaiting review");
		html_lit(r, "</a></li><li><a class=\"ds-link\" href=\"/catalogue/tools/new\">");
		html_t(r, "Add a tool");
		html_lit(r, "</a></li>");
	}
	if (porg) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
		html_int(r, porg);
		html_lit(r, "/tools/propose\">");
		html_t(r, "Propose a tool that is missing");
		html_lit(r, "</a></li>");
	}
	html_lit(r, "<li><a class=\"ds-link\" href=\"/catalogue/vendors\">");
	html_t(r, "Vendors");
	html_lit(r, "</a></li></ul>");

	html_lit(r, "<form class=\"stack\" method=\"get\" action=\"/catalogue\" role=\"search\">");
	if (bad) {
		static const char *const ids[] = { "q", "category", "universe", "login", "platform", "status", "page" };
		const char *msgs[7];
		for (int i = 0; i < 7; i++)
			msgs[i] = fv[i].err;
		error_summary(r, ids, msgs, 7);
	}
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-q\">");
	html_t(r, "Search by name, vendor or description");
	html_lit(r, "</label><input class=\"ds-input\" type=\"search\" id=\"f-q\" name=\"q\"");
	html_attrkv(r, "value", q.q);
	invalid_attrs(r, "q", fv[0].err);
	html_lit(r, ">");
	field_error(r, "q", fv[0].err);
	html_lit(r, "</div><div class=\"filters\">");
	select_keys(r, "category", N_("Category"), catalogue_categories, catalogue_category_label,
	    q.category, fv[1].err, N_("All categories"));
	select_keys(r, "universe", N_("Universe"), catalogue_universes, catalogue_universe_label,
	    q.universe, fv[2].err, N_("All universes"));
	select_keys(r, "login", N_("Login"), logins, login_label, q.login, fv[3].err, N_("Any login"));
	select_keys(r, "platform", N_("Platform"), platforms, platform_label, q.platform, fv[4].err,
	    N_("Any platform"));
	if (v.editor)
		select_keys(r, "status", N_("Status"), catalogue_statuses, catalogue_status_label,
		    q.status, fv[5].err, N_("In the catalogue and proposed"));
	html_lit(r, "</div><button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Search");
	html_lit(r, "</button></form>");

	if (bad) {
		layout_end(r);
		return;
	}
	html_lit(r, "<p class=\"ds-paragraph\" role=\"status\" id=\"result-count\">");
	html_int(r, total);
	html_lit(r, " ");
	html_t(r, total == 1 ? N_("tool found") : N_("tools found"));
	html_lit(r, "</p>");
	if (n > 0) {
		html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
		html_t(r, "Tools");
		html_lit(r, "</caption><thead><tr><th scope=\"col\">");
		html_t(r, "Name");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Vendor");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Category");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Login");
		html_lit(r, "</th><th scope=\"col\">");
		html_t(r, "Status");
		html_lit(r, "</th></tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<tr><td>");
			tool_link(r, t[i].id, t[i].name);
			html_lit(r, "</td><td>");
			text_or_unknown(r, t[i].vendor_name);
			html_lit(r, "</td><td>");
			html_t(r, catalogue_category_label(t[i].category));
			html_lit(r, "</td><td>");
			set_text(r, CS_LOGINS, t[i].sets[CS_LOGINS]);
			html_lit(r, "</td><td>");
			status_text(r, &t[i], &v);
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	if (total > PAGE_SIZE) {
		int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
		html_lit(r, "<nav class=\"pager\" aria-label=\"");
		html_t(r, "Pages");
		html_lit(r, "\"><p class=\"ds-paragraph\">");
		if (page > 1) {
			html_lit(r, "<a class=\"ds-link\" rel=\"prev\" href=\"");
			search_link(r, &q, page - 1);
			html_lit(r, "\">");
			html_t(r, "Previous page");
			html_lit(r, "</a> ");
		}
		html_t(r, "Page");
		html_lit(r, " ");
		html_int(r, page);
		html_lit(r, " / ");
		html_int(r, pages);
		if (page < pages) {
			html_lit(r, " <a class=\"ds-link\" rel=\"next\" href=\"");
			search_link(r, &q, page + 1);
			html_lit(r, "\">");
			html_t(r, "Next page");
			html_lit(r, "</a>");
		}
		html_lit(r, "</p></nav>");
	}
	layout_end(r);
}

/* ---- the tool form ---------------------------------------------------------- */

#define TOOL_BASE_FIELDS 8
#define TOOL_MAX_FIELDS (TOOL_BASE_FIELDS + 64)

/* Declares the tool form's fields: 8 base fields, then one checkbox per
 * key of each set. Returns the number of fields. */
static int
tool_fields(struct field *f)
{
	static const struct field base[TOOL_BASE_FIELDS] = {
		{ "name", F_TEXT, 1, 200, 0, 0, NULL },
		{ "vendor", F_INT, 0, 20, 1, INT64_MAX, NULL },
		{ "category", F_ENUM, 1, 40, 0, 0, catalogue_categories },
		{ "universe", F_ENUM, 0, 40, 0, 0, catalogue_universes },
		{ "description", F_MULTILINE, 0, 4000, 0, 0, NULL },
		{ "website", F_TEXT, 0, 500, 0, 0, NULL },
		{ "hosting_countries", F_TEXT, 0, 500, 0, 0, NULL },
		{ "subprocessors", F_MULTILINE, 0, 4000, 0, 0, NULL },
	};
	int n = TOOL_BASE_FIELDS;

	memcpy(f, base, sizeof(base));
	for (int s = 0; s < CS__COUNT; s++) {
		int nk;
		const struct cat_key *k = catalogue_set_keys((enum cat_set)s, &nk);
		for (int i = 0; i < nk && n < TOOL_MAX_FIELDS; i++, n++) {
			memset(&f[n], 0, sizeof(f[n]));
			f[n].type = F_BOOL;
			f[n].maxlen = 3;
			f[n].name = k[i].key;	/* prefixed below */
		}
	}
	return n;
}

/* Reads the tool form into t. Field-level problems of the form itself go to
 * e; returns their number (0: ready for the domain checks). */
static int
read_tool_form(struct req *r, struct tool *t, struct tool_errs *e)
{
	struct field f[TOOL_MAX_FIELDS];
	struct fval v[TOOL_MAX_FIELDS];
	int n = tool_fields(f), k = TOOL_BASE_FIELDS, bad;

	/* Checkbox names are "<set>-<key>". */
	for (int s = 0; s < CS__COUNT; s++) {
		int nk;
		catalogue_set_keys((enum cat_set)s, &nk);
		for (int i = 0; i < nk; i++, k++)
			f[k].name = arena_printf(&r->arena, "%s-%s", catalogue_set_name((enum cat_set)s), f[k].name);
	}
	bad = form_read(r, f, n, v);
	memset(t, 0, sizeof(*t));
	memset(e, 0, sizeof(*e));
	t->name = v[0].s;
	t->vendor_id = v[1].s ? v[1].i : 0;
	t->category = v[2].s;
	t->universe = v[3].s;
	t->description = v[4].s;
	t->website = v[5].s;
	t->hosting_countries = v[6].s;
	t->subprocessors = v[7].s;
	e->name = v[0].err;
	e->vendor = v[1].err;
	e->category = v[2].err;
	e->universe = v[3].err;
	e->description = v[4].err;
	e->website = v[5].err;
	e->hosting_countries = v[6].err;
	e->subprocessors = v[7].err;
	k = TOOL_BASE_FIELDS;
	for (int s = 0; s < CS__COUNT; s++) {
		int nk;
		const struct cat_key *keys = catalogue_set_keys((enum cat_set)s, &nk);
		struct buf b;
		buf_init(&b, 1024, &r->arena);
		for (int i = 0; i < nk; i++, k++) {
			if (v[k].err)
				e->sets[s] = v[k].err;
			if (v[k].i) {
				if (b.len)
					buf_putc(&b, ',');
				buf_puts(&b, keys[i].key);
			}
		}
		t->sets[s] = buf_str(&b) ? buf_str(&b) : "";
	}
	return bad;
}

static void
vendor_select(struct req *r, const char *name, const char *label, const struct vendor *vs, int nv,
    int64_t cur, const char *err, const char *empty_label)
{
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\"");
	html_attrkv(r, "name", name);
	invalid_attrs(r, name, err);
	html_lit(r, "><option value=\"\">");
	html_t(r, empty_label);
	html_lit(r, "</option>");
	for (int i = 0; i < nv; i++) {
		html_lit(r, "<option value=\"");
		html_int(r, vs[i].id);
		html_lit(r, "\"");
		if (vs[i].id == cur)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_text(r, vs[i].name);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	field_error(r, name, err);
	html_lit(r, "</div>");
}

/* The editor's full form for a new tool (id 0) or an existing one. */
static void
tool_form(struct req *r, int64_t id, const struct tool *t, const struct tool_errs *e)
{
	struct cat_viewer v = viewer_of(r);
	struct vendor *vs = NULL;
	int nv = vendor_list(r->db, &r->arena, &v, &vs);

	if (e)
		tool_error_summary(r, e);
	html_lit(r, "<form class=\"stack tool-form\" method=\"post\" action=\"/catalogue/tools");
	if (id) {
		html_lit(r, "/");
		html_int(r, id);
	}
	html_lit(r, "\" novalidate>");
	form_csrf(r);
	form_input(r, "name", "Name", "text", t ? t->name : NULL, e ? e->name : NULL, 1, "off");
	vendor_select(r, "vendor", N_("Vendor"), vs, nv < 0 ? 0 : nv, t ? t->vendor_id : 0,
	    e ? e->vendor : NULL, N_("Not known"));
	select_keys(r, "category", N_("Category"), catalogue_categories, catalogue_category_label,
	    t ? t->category : NULL, e ? e->category : NULL, N_("Choose a category"));
	select_keys(r, "universe", N_("Universe"), catalogue_universes, catalogue_universe_label,
	    t && t->universe ? t->universe : "standalone", e ? e->universe : NULL, NULL);
	textarea(r, "description", N_("Description"), t ? t->description : NULL,
	    e ? e->description : NULL, NULL);
	form_input(r, "website", "Website", "url", t ? t->website : NULL, e ? e->website : NULL, 0, "off");
	for (int s = 0; s < CS__COUNT; s++)
		set_checkboxes(r, (enum cat_set)s, t ? t->sets[s] : NULL, e ? e->sets[s] : NULL);
	form_input(r, "hosting_countries", "Hosting countries (two-letter codes, like NO, SE, IE)",
	    "text", t ? t->hosting_countries : NULL, e ? e->hosting_countries : NULL, 0, "off");
	textarea(r, "subprocessors", N_("Sub-processors"), t ? t->subprocessors : NULL,
	    e ? e->subprocessors : NULL, N_("One per line, with the country where it processes data."));
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, id ? N_("Save changes") : N_("Add the tool"));
	html_lit(r, "</button></form>");
}

static void
new_tool_page(struct req *r, const struct tool *t, const struct tool_errs *e)
{
	page_begin(r, N_("Add a tool"));
	para(r, N_("Fill in only what is known from a reliable source; leave the rest empty."));
	tool_form(r, 0, t, e);
	layout_end(r);
}

void
page_tool_new(struct req *r)
{
	new_tool_page(r, NULL, NULL);
}

void
page_tool_create(struct req *r)
{
	struct tool t;
	struct tool_errs e;
	int64_t id;

	if (read_tool_form(r, &t, &e)) {
		r->status = 400;
		new_tool_page(r, &t, &e);
		return;
	}
	id = db_begin(r->db) ? -1 : catalogue_tool_create(r->db, &r->arena, &t, &e, editor_org(r),
	    r->who->user_id, now_s());
	if (write_done(r, id, "tool create", "tools", id))
		new_tool_page(r, &t, &e);
}

/* ---- one tool ------------------------------------------------------------- */

static void
fact_row(struct req *r, const char *label)
{
	html_lit(r, "<dt>");
	html_t(r, label);
	html_lit(r, "</dt><dd>");
}

static void
fact_text(struct req *r, const char *label, const char *value)
{
	fact_row(r, label);
	if (value && *value)
		html_text(r, value);
	else
		not_known(r);
	html_lit(r, "</dd>");
}

static void
fact_url(struct req *r, const char *label, const char *url)
{
	fact_row(r, label);
	/* Only http(s) addresses are ever stored (catalogue_url_valid). */
	if (url && catalogue_url_valid(url)) {
		html_lit(r, "<a class=\"ds-link\" rel=\"noopener noreferrer\" href=\"");
		html_attr(r, url);
		html_lit(r, "\">");
		html_text(r, url);
		html_lit(r, "</a>");
	} else
		not_known(r);
	html_lit(r, "</dd>");
}

static void
tool_facts_dl(struct req *r, const struct tool *t)
{
	html_lit(r, "<dl class=\"facts tool-facts\">");
	fact_row(r, N_("Vendor"));
	vendor_link(r, t->vendor_id, t->vendor_name);
	html_lit(r, "</dd>");
	fact_row(r, N_("Category"));
	html_t(r, catalogue_category_label(t->category));
	html_lit(r, "</dd>");
	fact_row(r, N_("Universe"));
	html_t(r, catalogue_universe_label(t->universe));
	html_lit(r, "</dd>");
	fact_text(r, N_("Description"), t->description);
	fact_url(r, N_("Website"), t->website);
	for (int s = 0; s < CS__COUNT; s++) {
		fact_row(r, catalogue_set_label((enum cat_set)s));
		set_text(r, (enum cat_set)s, t->sets[s]);
		html_lit(r, "</dd>");
	}
	fact_text(r, N_("Hosting countries"), t->hosting_countries);
	fact_row(r, N_("Sub-processors"));
	if (t->subprocessors && *t->subprocessors) {
		const char *p = t->subprocessors;
		html_lit(r, "<ul class=\"ds-list\">");
		while (*p) {
			size_t len = strcspn(p, "\n");
			html_lit(r, "<li>");
			html_text(r, arena_strndup(&r->arena, p, len));
			html_lit(r, "</li>");
			p += len;
			if (*p)
				p++;
		}
		html_lit(r, "</ul>");
	} else
		not_known(r);
	html_lit(r, "</dd>");
	if (t->source_url)
		fact_url(r, N_("Source"), t->source_url);
	fact_row(r, N_("Last changed"));
	html_time(r, t->updated_at);
	html_lit(r, "</dd></dl>");
}

/* The detail page, with the editor's forms. edit/e re-show a failed edit;
 * notice/color an outcome (of accept, reject or merge). */
static void
tool_page(struct req *r, const struct tool *t, const struct tool *edit, const struct tool_errs *e,
    const char *notice, const char *color)
{
	struct cat_viewer v = viewer_of(r);

	layout_begin(r, t->name);
	back_link(r);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, t->name);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, color, notice);
	html_lit(r, "<p class=\"ds-paragraph tool-status\"><strong>");
	html_t(r, "Status");
	html_lit(r, ":</strong> ");
	status_text(r, t, &v);
	if (t->proposed_by && v.editor && t->proposer_name) {
		html_lit(r, " (");
		html_t(r, "proposed by");
		html_lit(r, " ");
		html_text(r, t->proposer_name);
		html_lit(r, ")");
	}
	html_lit(r, "</p>");
	if (strcmp(t->status, "proposed") == 0)
		alert(r, "info", "This tool is proposed by a school owner. The school owner can use it in its"
		    " inventory now; other school owners see it when the national editor has accepted it.");
	else if (strcmp(t->status, "rejected") == 0) {
		html_lit(r, "<div class=\"ds-alert\" data-color=\"warning\"><p class=\"ds-paragraph\">");
		html_t(r, "The national editor rejected this proposal. Reason:");
		html_lit(r, " ");
		html_text(r, t->status_reason);
		html_lit(r, "</p></div>");
	} else if (strcmp(t->status, "merged") == 0 && t->merged_into) {
		html_lit(r, "<div class=\"ds-alert\" data-color=\"info\"><p class=\"ds-paragraph\">");
		html_t(r, "This tool is merged into another entry of the catalogue:");
		html_lit(r, " ");
		tool_link(r, t->merged_into, t->merged_name ? t->merged_name : "?");
		html_lit(r, "</p></div>");
	}
	tool_facts_dl(r, t);
	if (!v.editor) {
		layout_end(r);
		return;
	}
	if (strcmp(t->status, "proposed") == 0 || strcmp(t->status, "rejected") == 0) {
		h2(r, N_("Accept"));
		html_lit(r, "<form method=\"post\" action=\"/catalogue/tools/");
		html_int(r, t->id);
		html_lit(r, "/accept\">");
		form_csrf(r);
		html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
		html_t(r, "Accept into the catalogue");
		html_lit(r, "</button></form>");
	}
	if (strcmp(t->status, "proposed") == 0) {
		h2(r, N_("Reject"));
		html_lit(r, "<form class=\"stack\" method=\"post\" action=\"/catalogue/tools/");
		html_int(r, t->id);
		html_lit(r, "/reject\">");
		form_csrf(r);
		textarea(r, "reason", N_("Reason (shown to the school owner that proposed it)"), NULL, NULL, NULL);
		html_lit(r, "<button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
		html_t(r, "Reject the proposal");
		html_lit(r, "</button></form>");
	}
	if (strcmp(t->status, "proposed") == 0 || strcmp(t->status, "accepted") == 0) {
		struct cat_query q;
		struct tool *acc = NULL;
		int64_t total;
		int na;
		struct cat_viewer pub = { NULL, 0, 0 };

		memset(&q, 0, sizeof(q));
		q.public_only = 1;
		q.limit = CAT_SEARCH_MAX;
		na = catalogue_search(r->db, &r->arena, &pub, &q, &acc, &total);
		h2(r, N_("Merge into another tool"));
		para(r, N_("Use this when the tool is already in the catalogue under another entry."
		    " Inventories that use this entry will show the other one."));
		html_lit(r, "<form class=\"stack\" method=\"post\" action=\"/catalogue/tools/");
		html_int(r, t->id);
		html_lit(r, "/merge\">");
		form_csrf(r);
		html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-target\">");
		html_t(r, "The tool to merge into");
		html_lit(r, "</label><select class=\"ds-input\" id=\"f-target\" name=\"target\">");
		for (int i = 0; i < na; i++) {
			if (acc[i].id == t->id)
				continue;
			html_lit(r, "<option value=\"");
			html_int(r, acc[i].id);
			html_lit(r, "\">");
			html_text(r, acc[i].name);
			if (acc[i].vendor_name) {
				html_lit(r, " (");
				html_text(r, acc[i].vendor_name);
				html_lit(r, ")");
			}
			html_lit(r, "</option>");
		}
		html_lit(r, "</select></div><button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
		html_t(r, "Merge");
		html_lit(r, "</button></form>");
	}
	h2(r, N_("Edit the facts"));
	tool_form(r, t->id, edit ? edit : t, e);
	layout_end(r);
}

/* Loads the tool of the :id parameter that the user may see; 404 else. */
static int
load_tool(struct req *r, struct tool *t)
{
	struct cat_viewer v = viewer_of(r);
	int64_t id = param_id(r, "id");
	int rc = id ? catalogue_get(r->db, &r->arena, id, t) : 0;

	if (rc < 0) {
		server_error(r, "tool get");
		return -1;
	}
	if (rc == 0 || !catalogue_visible(t, &v)) {
		page_error(r, 404, "There is no such tool in the catalogue.");
		return -1;
	}
	return 0;
}

void
page_tool(struct req *r)
{
	struct tool t;

	if (load_tool(r, &t) == 0)
		tool_page(r, &t, NULL, NULL, NULL, NULL);
}

void
page_tool_update(struct req *r)
{
	struct tool t, edit;
	struct tool_errs e;
	int rc;

	if (load_tool(r, &t))
		return;
	if (read_tool_form(r, &edit, &e)) {
		r->status = 400;
		tool_page(r, &t, &edit, &e, NULL, NULL);
		return;
	}
	rc = db_begin(r->db) ? -1 : catalogue_tool_update(r->db, &r->arena, t.id, &edit, &e,
	    editor_org(r), r->who->user_id, now_s());
	if (write_done(r, rc, "tool update", "tools", t.id))
		tool_page(r, &t, &edit, &e, NULL, NULL);
}

/* Shows the outcome of accept/reject/merge: a redirect when done, the page
 * with a message otherwise. */
static void
review_done(struct req *r, const struct tool *t, int rc, int status, const char *msg)
{
	if (rc < 0) {
		db_rollback(r->db);
		server_error(r, "review");
		return;
	}
	if (rc != CR_OK) {
		db_rollback(r->db);
		r->status = status;
		tool_page(r, t, NULL, NULL, msg, "danger");
		return;
	}
	if (db_commit(r->db)) {
		db_rollback(r->db);
		server_error(r, "review commit");
		return;
	}
	tool_redirect(r, t->id);
}

static const char *state_msg = N_("This cannot be done with the tool in its current status.");

void
page_tool_accept(struct req *r)
{
	struct tool t;
	int rc;

	if (load_tool(r, &t))
		return;
	if (db_begin(r->db)) {
		server_error(r, "begin");
		return;
	}
	rc = catalogue_accept(r->db, t.id, editor_org(r), r->who->user_id, now_s());
	review_done(r, &t, rc, 409, rc == CR_TARGET ?
	    N_("A tool with this name is already in the catalogue. Merge the proposal into it instead.") :
	    state_msg);
}

void
page_tool_reject(struct req *r)
{
	/* Not "required": an empty reason gets its own message below. */
	static const struct field f[] = { { "reason", F_MULTILINE, 0, 1000, 0, 0, NULL } };
	struct fval v[1];
	struct tool t;
	int rc;
	const char *clean;

	if (load_tool(r, &t))
		return;
	clean = form_read(r, f, 1, v) || v[0].s == NULL ? NULL : catalogue_lines_clean(&r->arena, v[0].s);
	if (clean == NULL || *clean == '\0') {
		r->status = 400;
		tool_page(r, &t, NULL, NULL, v[0].err ? v[0].err : N_("Give a reason for the rejection."),
		    "danger");
		return;
	}
	if (db_begin(r->db)) {
		server_error(r, "begin");
		return;
	}
	rc = catalogue_reject(r->db, t.id, v[0].s, editor_org(r), r->who->user_id, now_s());
	review_done(r, &t, rc, rc == CR_REASON ? 400 : 409,
	    rc == CR_REASON ? N_("Give a reason for the rejection.") : state_msg);
}

void
page_tool_merge(struct req *r)
{
	static const struct field f[] = { { "target", F_INT, 1, 20, 1, INT64_MAX, NULL } };
	struct fval v[1];
	struct tool t;
	int rc;

	if (load_tool(r, &t))
		return;
	if (form_read(r, f, 1, v)) {
		r->status = 400;
		tool_page(r, &t, NULL, NULL, N_("Choose a tool in the catalogue other than this one."),
		    "danger");
		return;
	}
	if (db_begin(r->db)) {
		server_error(r, "begin");
		return;
	}
	rc = catalogue_merge(r->db, t.id, v[0].i, editor_org(r), r->who->user_id, now_s());
	review_done(r, &t, rc, rc == CR_TARGET ? 400 : 409, rc == CR_TARGET ?
	    N_("Choose a tool in the catalogue other than this one.") : state_msg);
}

/* ---- the editor's queue ------------------------------------------------------ */

void
page_catalogue_proposals(struct req *r)
{
	struct tool *t;
	int n = catalogue_proposals(r->db, &r->arena, &t);

	if (n < 0) {
		server_error(r, "proposals");
		return;
	}
	page_begin(r, N_("Proposals awaiting review"));
	if (n == 0) {
		para(r, N_("No proposals await review."));
		layout_end(r);
		return;
	}
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Proposals awaiting review");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Name");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Vendor");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Proposed by");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Proposed");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td>");
		tool_link(r, t[i].id, t[i].name);
		html_lit(r, "</td><td>");
		text_or_unknown(r, t[i].vendor_name);
		html_lit(r, "</td><td>");
		html_text(r, t[i].proposer_name ? t[i].proposer_name : "");
		html_lit(r, "</td><td>");
		html_time(r, t[i].created_at);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	layout_end(r);
}

/* ---- vendors ---------------------------------------------------------------- */

static const struct field vendor_fields[] = {
	{ "name", F_TEXT, 1, 200, 0, 0, NULL },
	{ "orgnr", F_TEXT, 0, 40, 0, 0, NULL },
	{ "country", F_TEXT, 0, 10, 0, 0, NULL },
	{ "website", F_TEXT, 0, 500, 0, 0, NULL },
	{ "contact", F_TEXT, 0, 200, 0, 0, NULL },
};

static int
read_vendor_form(struct req *r, struct vendor *vd, struct vendor_errs *e)
{
	struct fval v[5];
	int bad = form_read(r, vendor_fields, 5, v);

	memset(vd, 0, sizeof(*vd));
	vd->name = v[0].s;
	vd->orgnr = v[1].s;
	vd->country = v[2].s;
	vd->website = v[3].s;
	vd->contact = v[4].s;
	e->name = v[0].err;
	e->orgnr = v[1].err;
	e->country = v[2].err;
	e->website = v[3].err;
	e->contact = v[4].err;
	return bad;
}

static void
vendor_form(struct req *r, int64_t id, const struct vendor *vd, const struct vendor_errs *e)
{
	if (e) {
		static const char *const ids[] = { "name", "orgnr", "country", "website", "contact" };
		const char *msgs[5] = { e->name, e->orgnr, e->country, e->website, e->contact };
		error_summary(r, ids, msgs, 5);
	}
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/catalogue/vendors");
	if (id) {
		html_lit(r, "/");
		html_int(r, id);
	}
	html_lit(r, "\" novalidate>");
	form_csrf(r);
	form_input(r, "name", "Name", "text", vd ? vd->name : NULL, e ? e->name : NULL, 1, "off");
	form_input(r, "country", "Country (two-letter code, like NO or SE)", "text",
	    vd ? vd->country : NULL, e ? e->country : NULL, 0, "off");
	form_input(r, "orgnr", "Organisation number", "text", vd ? vd->orgnr : NULL,
	    e ? e->orgnr : NULL, 0, "off");
	form_input(r, "website", "Website", "url", vd ? vd->website : NULL, e ? e->website : NULL, 0, "off");
	form_input(r, "contact", "Contact for schools and municipalities", "text",
	    vd ? vd->contact : NULL, e ? e->contact : NULL, 0, "off");
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, id ? N_("Save changes") : N_("Add the vendor"));
	html_lit(r, "</button></form>");
}

static void
vendors_page(struct req *r, const struct vendor *edit, const struct vendor_errs *e)
{
	struct cat_viewer v = viewer_of(r);
	struct vendor *vs;
	int n = vendor_list(r->db, &r->arena, &v, &vs);

	if (n < 0) {
		server_error(r, "vendors");
		return;
	}
	page_begin(r, N_("Vendors"));
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Vendors");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Name");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Country");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Organisation number");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td>");
		vendor_link(r, vs[i].id, vs[i].name);
		html_lit(r, "</td><td>");
		text_or_unknown(r, vs[i].country);
		html_lit(r, "</td><td>");
		text_or_unknown(r, vs[i].orgnr);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
	if (v.editor) {
		h2(r, N_("Add a vendor"));
		vendor_form(r, 0, edit, e);
	}
	layout_end(r);
}

void
page_vendors(struct req *r)
{
	vendors_page(r, NULL, NULL);
}

void
page_vendor_create(struct req *r)
{
	struct vendor vd;
	struct vendor_errs e;
	int64_t id;

	if (read_vendor_form(r, &vd, &e)) {
		r->status = 400;
		vendors_page(r, &vd, &e);
		return;
	}
	id = db_begin(r->db) ? -1 : vendor_create(r->db, &r->arena, &vd, &e, editor_org(r),
	    r->who->user_id, now_s());
	if (write_done(r, id, "vendor create", "vendors", id))
		vendors_page(r, &vd, &e);
}

static void
vendor_page(struct req *r, const struct vendor *vd, const struct vendor *edit,
    const struct vendor_errs *e)
{
	struct cat_viewer v = viewer_of(r);
	struct tool *t;
	int n = catalogue_vendor_tools(r->db, &r->arena, &v, vd->id, &t);

	if (n < 0) {
		server_error(r, "vendor tools");
		return;
	}
	layout_begin(r, vd->name);
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/catalogue/vendors\">");
	html_t(r, "Vendors");
	html_lit(r, "</a></p><h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, vd->name);
	html_lit(r, "</h1><dl class=\"facts\">");
	fact_text(r, N_("Country"), vd->country);
	fact_text(r, N_("Organisation number"), vd->orgnr);
	fact_url(r, N_("Website"), vd->website);
	fact_text(r, N_("Contact for schools and municipalities"), vd->contact);
	html_lit(r, "</dl>");
	h2(r, N_("Tools"));
	if (n == 0)
		para(r, N_("No tools of this vendor are in the catalogue."));
	else {
		html_lit(r, "<ul class=\"ds-list\">");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<li>");
			tool_link(r, t[i].id, t[i].name);
			if (strcmp(t[i].status, "accepted") != 0) {
				html_lit(r, " (");
				status_text(r, &t[i], &v);
				html_lit(r, ")");
			}
			html_lit(r, "</li>");
		}
		html_lit(r, "</ul>");
	}
	if (v.editor) {
		h2(r, N_("Edit the vendor"));
		vendor_form(r, vd->id, edit ? edit : vd, e);
	}
	layout_end(r);
}

static int
load_vendor(struct req *r, struct vendor *vd)
{
	struct cat_viewer v = viewer_of(r);
	int64_t id = param_id(r, "id");
	int rc = id ? vendor_get(r->db, &r->arena, id, vd) : 0;

	if (rc == 1 && (rc = vendor_visible(r->db, vd, &v)) < 0)
		rc = -1;
	if (rc < 0) {
		server_error(r, "vendor get");
		return -1;
	}
	if (rc == 0) {
		page_error(r, 404, "There is no such vendor in the catalogue.");
		return -1;
	}
	return 0;
}

void
page_vendor(struct req *r)
{
	struct vendor vd;

	if (load_vendor(r, &vd) == 0)
		vendor_page(r, &vd, NULL, NULL);
}

void
page_vendor_update(struct req *r)
{
	struct vendor vd, edit;
	struct vendor_errs e;
	int rc;

	if (load_vendor(r, &vd))
		return;
	if (read_vendor_form(r, &edit, &e)) {
		r->status = 400;
		vendor_page(r, &vd, &edit, &e);
		return;
	}
	rc = db_begin(r->db) ? -1 : vendor_update(r->db, &r->arena, vd.id, &edit, &e, editor_org(r),
	    r->who->user_id, now_s());
	if (write_done(r, rc, "vendor update", "vendors", vd.id))
		vendor_page(r, &vd, &edit, &e);
}

/* ---- a municipality's proposal ---------------------------------------------- */

static const struct field propose_fields[] = {
	{ "name", F_TEXT, 1, 200, 0, 0, NULL },
	{ "vendor", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "new_vendor", F_TEXT, 0, 200, 0, 0, NULL },
	{ "category", F_ENUM, 1, 40, 0, 0, catalogue_categories },
	{ "website", F_TEXT, 0, 500, 0, 0, NULL },
	{ "description", F_MULTILINE, 0, 4000, 0, 0, NULL },
};

static void
propose_page(struct req *r, const struct tool *t, const char *new_vendor, const struct tool_errs *e)
{
	int64_t org = r->org_id;
	struct cat_viewer v = { &org, 1, 0 };
	struct vendor *vs = NULL;
	int nv = vendor_list(r->db, &r->arena, &v, &vs);

	if (nv < 0) {
		server_error(r, "vendor list");
		return;
	}
	layout_begin(r, T(r, "Propose a tool"));
	heading(r, N_("Propose a tool"));
	para(r, N_("Propose a tool that is not in the national catalogue. Your organisation can use it"
	    " in its inventory at once; other school owners see it when the national editor has"
	    " accepted it. Search the catalogue first: the tool may be there under another name."));
	if (e) {
		static const char *const ids[] = { "name", "vendor", "category", "website", "description" };
		const char *msgs[5] = { e->name, e->vendor, e->category, e->website, e->description };
		error_summary(r, ids, msgs, 5);
	}
	html_lit(r, "<form class=\"stack narrow\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/tools/propose\" novalidate>");
	form_csrf(r);
	form_input(r, "name", "Name", "text", t ? t->name : NULL, e ? e->name : NULL, 1, "off");
	vendor_select(r, "vendor", N_("Vendor"), vs, nv, t ? t->vendor_id : 0, e ? e->vendor : NULL,
	    N_("Not in the list, or not known"));
	form_input(r, "new_vendor", "Or a new vendor's name", "text", new_vendor, NULL, 0, "off");
	select_keys(r, "category", N_("Category"), catalogue_categories, catalogue_category_label,
	    t ? t->category : NULL, e ? e->category : NULL, N_("Choose a category"));
	form_input(r, "website", "Website", "url", t ? t->website : NULL, e ? e->website : NULL, 0, "off");
	textarea(r, "description", N_("Description"), t ? t->description : NULL,
	    e ? e->description : NULL, N_("What the tool is used for in school."));
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Propose the tool");
	html_lit(r, "</button></form>");
	layout_end(r);
}

void
page_tool_propose(struct req *r)
{
	propose_page(r, NULL, NULL, NULL);
}

void
page_tool_propose_post(struct req *r)
{
	struct fval v[6];
	struct tool t;
	struct tool_errs e;
	int bad = form_read(r, propose_fields, 6, v);
	int64_t id;

	memset(&t, 0, sizeof(t));
	memset(&e, 0, sizeof(e));
	t.name = v[0].s;
	t.vendor_id = v[1].s ? v[1].i : 0;
	t.category = v[3].s;
	t.website = v[4].s;
	t.description = v[5].s;
	if (bad) {
		e.name = v[0].err;
		e.vendor = v[1].err ? v[1].err : v[2].err;
		e.category = v[3].err;
		e.website = v[4].err;
		e.description = v[5].err;
		r->status = 400;
		propose_page(r, &t, v[2].s, &e);
		return;
	}
	id = db_begin(r->db) ? -1 : catalogue_propose(r->db, &r->arena, r->org_id, &t, v[2].s, &e,
	    r->who->user_id, now_s());
	if (write_done(r, id, "propose", "tools", id))
		propose_page(r, &t, v[2].s, &e);
}
