/*
 * inventory.c - an organisation's tools in use: the list with filters, the
 * form to add or change a row, and deletion.
 *
 * Every row is checked against r->who twice: the route's action on the
 * organisation (app.c), then the row's school here, because school leaders
 * hold inventory rights only for their own schools and may only read the
 * rows for the whole organisation. Values are checked by the domain module
 * (inventory_validate), which the CSV import uses too.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "inventory.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/catalogue.h"
#include "../domain/inventory.h"
#include "../domain/org.h"
#include "../domain/screening.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/num.h"
#include "../core/buf.h"

/* ---- shared helpers ---- */

const char *
inv_whole_label(const char *kind)
{
	if (kind && strcmp(kind, "municipality") == 0)
		return N_("Whole municipality");
	if (kind && strcmp(kind, "county") == 0)
		return N_("Whole county");
	return N_("Whole organisation");
}

void
inv_doc_status(struct req *r, int has, int needs)
{
	if (has)
		html_t(r, "Yes");
	else if (needs == 1) {
		html_lit(r, "<span class=\"ds-tag\" data-color=\"warning\">");
		html_t(r, "No – needed");
		html_lit(r, "</span>");
	} else if (needs == 0)
		html_t(r, "Not needed");
	else
		html_t(r, "No");
}

static const char *const state_keys[] = { "in_use", "trial", "phasing_out", NULL };

static const struct field filter_fields[] = {
	{ "school", F_TEXT, 0, 20, 0, 0, NULL },
	{ "state", F_ENUM, 0, 20, 0, 0, state_keys },
};

int
inv_read_filter(struct req *r, struct inv_filter *f, const char **school_raw)
{
	struct fval v[2];

	memset(f, 0, sizeof(*f));
	*school_raw = "";
	if (form_read(r, filter_fields, 2, v)) {
		page_error(r, 400, "The address has malformed parameters.");
		return -1;
	}
	if (v[0].s == NULL || strcmp(v[0].s, "all") == 0)
		f->school = 0;
	else if (strcmp(v[0].s, "org") == 0)
		f->school = -1;
	else if (num_parse_i64(v[0].s, 1, INT64_MAX, &f->school)) {
		page_error(r, 400, "The address has malformed parameters.");
		return -1;
	}
	*school_raw = v[0].s ? v[0].s : "";
	f->state = v[1].s;
	return 0;
}

int
inv_page_row(struct req *r, struct inv_row *row, struct org *o)
{
	int64_t id = param_id(r, "id");
	int rc;

	if (page_load_org(r, o))
		return -1;
	rc = id ? inventory_get(r->db, &r->arena, r->org_id, id, row) : 0;
	if (rc != 1) {
		page_error(r, rc < 0 ? 500 : 404, "There is no such row in this organisation's inventory.");
		return -1;
	}
	/* School leaders see their schools' rows and the organisation's. */
	if (!authz_allows(r->who, A_INVENTORY_VIEW, r->org_id, row->school_id)) {
		page_error(r, 403, "You do not have access to this page.");
		return -1;
	}
	return 0;
}

static void
link(struct req *r, const char *suffix, const char *label)
{
	html_lit(r, "<li><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_attr(r, suffix);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</a></li>");
}

/* ---- the list ---- */

static const char *const list_msgs[] = { "deleted", NULL };
static const struct field list_msg_field[] = {
	{ "m", F_ENUM, 0, 20, 0, 0, list_msgs },
};

void
page_inventory(struct req *r)
{
	struct org o;
	struct inv_filter f;
	struct inv_row *rows;
	struct school *sch;
	struct fval mv[1];
	const char *sraw;
	int n, ns, edit = authz_allows(r->who, A_INVENTORY_EDIT, r->org_id, 0);

	if (page_load_org(r, &o) || inv_read_filter(r, &f, &sraw))
		return;
	form_read(r, list_msg_field, 1, mv);
	if ((n = inventory_list(r->db, &r->arena, r->org_id, r->who, &f, &rows)) < 0 ||
	    (ns = school_list(r->db, &r->arena, r->org_id, r->who, &sch)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Tools in use"));
	org_nav(r, o.name, "/inventory");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Tools in use");
	html_lit(r, "</h1>");
	if (mv[0].s)
		alert(r, "success", "The row has been deleted.");
	html_lit(r, "<ul class=\"ds-list inventory-actions\">");
	if (edit) {
		link(r, "/inventory/new", N_("Add a tool"));
		link(r, "/inventory/import", N_("Import from a CSV file"));
		link(r, "/tools/propose", N_("Propose a tool that is missing from the catalogue"));
	}
	link(r, "/inventory/export.csv", N_("Export to CSV"));
	link(r, "/inventory/export.csv?sep=semicolon", N_("Export to CSV for Excel (semicolons)"));
	link(r, "/inventory/template.csv", N_("Download an empty CSV template"));
	if (o.number && (strcmp(o.kind, "municipality") == 0 || strcmp(o.kind, "county") == 0)) {
		html_lit(r, "<li><a class=\"ds-link\" href=\"/public/");
		html_attr(r, o.number);
		html_lit(r, "\">");
		html_t(r, "Public page");
		html_lit(r, "</a></li>");
	}
	html_lit(r, "</ul>");

	/* Filters: a GET form, so a filtered list has its own address. */
	html_lit(r, "<form class=\"inventory-filter\" method=\"get\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory\"><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-school\">");
	html_t(r, "School");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-school\" name=\"school\"><option value=\"all\">");
	html_t(r, "All");
	html_lit(r, "</option><option value=\"org\"");
	if (f.school < 0)
		html_lit(r, " selected");
	html_lit(r, ">");
	html_t(r, inv_whole_label(o.kind));
	html_lit(r, "</option>");
	for (int i = 0; i < ns; i++) {
		html_lit(r, "<option value=\"");
		html_int(r, sch[i].id);
		html_lit(r, "\"");
		if (f.school == sch[i].id)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_text(r, sch[i].name);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select></div><div class=\"ds-field\"><label class=\"ds-label\" for=\"f-state\">");
	html_t(r, "State");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-state\" name=\"state\"><option value=\"\">");
	html_t(r, "All");
	html_lit(r, "</option>");
	for (int i = 0; i < inv_nstates; i++) {
		html_lit(r, "<option value=\"");
		html_attr(r, inv_states[i].key);
		html_lit(r, "\"");
		if (f.state && strcmp(f.state, inv_states[i].key) == 0)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_t(r, inv_states[i].label);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select></div><button class=\"ds-button\" data-variant=\"secondary\" type=\"submit\">");
	html_t(r, "Filter");
	html_lit(r, "</button></form>");

	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, f.school || f.state ? N_("No rows match the filter.") :
		    N_("No tools are registered yet."));
		html_lit(r, "</p>");
		layout_end(r);
		return;
	}
	/* A wide table: the wrapper scrolls sideways on small screens, so it
	 * is a named, focusable region (keyboard users can scroll it). */
	html_lit(r, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"inv-caption\">"
	    "<table class=\"ds-table\" data-zebra=\"true\"><caption id=\"inv-caption\">");
	html_t(r, "Tools in use");
	html_lit(r, " (");
	html_int(r, n);
	html_lit(r, ")</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Tool");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Vendor");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "School");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Grades");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Pupils");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "State");
	html_lit(r, "</th><th scope=\"col\"><abbr title=\"");
	html_t(r, "Risk and vulnerability assessment");
	html_lit(r, "\">ROS</abbr></th><th scope=\"col\"><abbr title=\"");
	html_t(r, "Data protection impact assessment");
	html_lit(r, "\">DPIA</abbr></th><th scope=\"col\"><abbr title=\"");
	html_t(r, "Data processing agreement");
	html_lit(r, "\">DBA</abbr></th><th scope=\"col\">");
	html_t(r, "Public");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Screening");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct inv_row *w = &rows[i];
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/inventory/");
		html_int(r, w->id);
		html_lit(r, "\">");
		html_text(r, w->tool_name);
		html_lit(r, "</a></th><td>");
		html_text(r, w->vendor_name);
		html_lit(r, "</td><td>");
		if (w->school_id > 0)
			html_text(r, w->school_name);
		else
			html_t(r, inv_whole_label(o.kind));
		html_lit(r, "</td><td>");
		html_text(r, w->grades);
		html_lit(r, "</td><td>");
		if (w->pupils >= 0)
			html_int(r, w->pupils);
		html_lit(r, "</td><td>");
		html_t(r, inv_state_label(w->state) ? inv_state_label(w->state) : w->state);
		html_lit(r, "</td><td>");
		inv_doc_status(r, w->has_ros, w->needs_ros);
		html_lit(r, "</td><td>");
		inv_doc_status(r, w->has_dpia, w->needs_dpia);
		html_lit(r, "</td><td>");
		inv_doc_status(r, w->has_dba, w->needs_dba);
		html_lit(r, "</td><td>");
		html_t(r, w->public_ ? N_("Yes") : N_("No"));
		html_lit(r, "</td><td><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/inventory/");
		html_int(r, w->id);
		html_lit(r, "/screening\">");
		if (w->screened_at) {
			html_t(r, "Screened");
			html_lit(r, " ");
			html_time(r, w->screened_at);
		} else
			html_t(r, "Not screened");
		html_lit(r, "</a></td></tr>");
	}
	html_lit(r, "</tbody></table></div>");
	layout_end(r);
}

/* ---- the form ---- */

enum { FF_TOOL, FF_SCHOOL, FF_GRADES, FF_PUPILS, FF_PURPOSE, FF_RESPONSIBLE, FF_SINCE,
	FF_STATE, FF_ROS, FF_DPIA, FF_DBA, FF_PUBLIC, FF_RULES, FF__COUNT };
#define FF_MAX (FF__COUNT + 64)

/* The anchors of the fields, by enum inv_field, for the error summary. */
static const char *const if_anchor[IF__COUNT] = {
	[IF_TOOL] = "tool", [IF_SCHOOL] = "school", [IF_GRADES] = "grades", [IF_PUPILS] = "pupils",
	[IF_PURPOSE] = "purpose", [IF_DATA] = "data", [IF_FEIDE] = "feide",
	[IF_RESPONSIBLE] = "responsible", [IF_SINCE] = "since", [IF_STATE] = "state",
	[IF_RULES] = "usage_rules",
};

/* The declared fields: fixed ones, then a checkbox per data category
 * ("data_<key>") and per Feide attribute ("feide_<key>"). */
static int
row_fields(struct req *r, struct field *f)
{
	static const struct field fixed[FF__COUNT] = {
		[FF_TOOL] = { "tool", F_INT, 0, 20, 0, INT64_MAX, NULL },
		[FF_SCHOOL] = { "school", F_INT, 0, 20, 0, INT64_MAX, NULL },
		[FF_GRADES] = { "grades", F_TEXT, 0, INV_MAX_GRADES, 0, 0, NULL },
		[FF_PUPILS] = { "pupils", F_TEXT, 0, 20, 0, 0, NULL },
		[FF_PURPOSE] = { "purpose", F_MULTILINE, 0, INV_MAX_PURPOSE, 0, 0, NULL },
		[FF_RESPONSIBLE] = { "responsible", F_TEXT, 0, INV_MAX_RESPONSIBLE, 0, 0, NULL },
		[FF_SINCE] = { "since", F_TEXT, 0, 20, 0, 0, NULL },
		[FF_STATE] = { "state", F_ENUM, 1, 20, 0, 0, state_keys },
		[FF_ROS] = { "has_ros", F_BOOL, 0, 3, 0, 0, NULL },
		[FF_DPIA] = { "has_dpia", F_BOOL, 0, 3, 0, 0, NULL },
		[FF_DBA] = { "has_dba", F_BOOL, 0, 3, 0, 0, NULL },
		[FF_PUBLIC] = { "public", F_BOOL, 0, 3, 0, 0, NULL },
		[FF_RULES] = { "usage_rules", F_MULTILINE, 0, INV_MAX_RULES, 0, 0, NULL },
	};
	int n = FF__COUNT, nk;
	const struct cat_key *k;

	memcpy(f, fixed, sizeof(fixed));
	for (int s = 0; s < 2; s++) {
		k = catalogue_set_keys(s == 0 ? CS_DATA : CS_FEIDE, &nk);
		for (int i = 0; i < nk && i < 32 && n < FF_MAX; i++) {
			memset(&f[n], 0, sizeof(f[n]));
			f[n].name = arena_printf(&r->arena, "%s_%s", s == 0 ? "data" : "feide", k[i].key);
			f[n].type = F_BOOL;
			f[n].maxlen = 3;
			n++;
		}
	}
	return n;
}

/* Reads the posted form into in; err[] gets the form-level problems. */
static int
read_row_form(struct req *r, struct inv_input *in, const char *err[IF__COUNT])
{
	struct field f[FF_MAX];
	struct fval v[FF_MAX];
	int n = row_fields(r, f), nd, bad = 0;

	(void)catalogue_set_keys(CS_DATA, &nd);
	memset(in, 0, sizeof(*in));
	for (int i = 0; i < IF__COUNT; i++)
		err[i] = NULL;
	form_read(r, f, n, v);
	in->tool_id = v[FF_TOOL].err ? 0 : v[FF_TOOL].i;
	in->school_id = v[FF_SCHOOL].err ? -1 : v[FF_SCHOOL].i;
	in->grades = v[FF_GRADES].s ? v[FF_GRADES].s : "";
	in->pupils = v[FF_PUPILS].s;
	in->purpose = v[FF_PURPOSE].s ? v[FF_PURPOSE].s : "";
	in->responsible = v[FF_RESPONSIBLE].s ? v[FF_RESPONSIBLE].s : "";
	in->since = v[FF_SINCE].s;
	in->state = v[FF_STATE].s;
	in->usage_rules = v[FF_RULES].s ? v[FF_RULES].s : "";
	in->has_ros = (int)v[FF_ROS].i;
	in->has_dpia = (int)v[FF_DPIA].i;
	in->has_dba = (int)v[FF_DBA].i;
	in->public_ = (int)v[FF_PUBLIC].i;
	for (int i = FF__COUNT; i < n; i++) {
		int k = i - FF__COUNT, feide = k >= nd;
		if (v[i].err) {
			err[feide ? IF_FEIDE : IF_DATA] = v[i].err;
			bad++;
		} else if (v[i].i) {
			if (feide)
				in->feide |= 1u << (k - nd);
			else
				in->data |= 1u << k;
		}
	}
	{
		static const struct { int ff, inf; } map[] = {
			{ FF_TOOL, IF_TOOL }, { FF_SCHOOL, IF_SCHOOL }, { FF_GRADES, IF_GRADES },
			{ FF_PUPILS, IF_PUPILS }, { FF_PURPOSE, IF_PURPOSE },
			{ FF_RESPONSIBLE, IF_RESPONSIBLE }, { FF_SINCE, IF_SINCE },
			{ FF_STATE, IF_STATE }, { FF_RULES, IF_RULES },
			{ FF_ROS, IF_STATE }, { FF_DPIA, IF_STATE }, { FF_DBA, IF_STATE },
			{ FF_PUBLIC, IF_STATE },
		};
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (v[map[i].ff].err && !err[map[i].inf]) {
				err[map[i].inf] = v[map[i].ff].err;
				bad++;
			}
	}
	return bad;
}

static struct inv_input
input_of(struct req *r, const struct inv_row *w)
{
	struct inv_input in;

	memset(&in, 0, sizeof(in));
	in.tool_id = w->tool_id;
	in.school_id = w->school_id;
	in.grades = w->grades;
	in.pupils = w->pupils >= 0 ? arena_printf(&r->arena, "%lld", (long long)w->pupils) : "";
	in.purpose = w->purpose;
	in.responsible = w->responsible;
	in.since = w->since;
	in.state = w->state;
	in.usage_rules = w->usage_rules;
	in.data = w->data;
	in.feide = w->feide;
	in.has_ros = w->has_ros;
	in.has_dpia = w->has_dpia;
	in.has_dba = w->has_dba;
	in.public_ = w->public_;
	return in;
}

static void
field_error(struct req *r, const char *id, const char *err)
{
	if (!err)
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
	if (!err)
		return;
	html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-");
	html_attr(r, id);
	html_lit(r, "\"");
}

static void
textarea(struct req *r, const char *name, const char *label, const char *value, const char *err)
{
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label><textarea class=\"ds-input\" rows=\"3\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\" name=\"");
	html_attr(r, name);
	html_lit(r, "\"");
	invalid_attrs(r, name, err);
	html_lit(r, ">");
	html_text(r, value ? value : "");
	html_lit(r, "</textarea>");
	field_error(r, name, err);
	html_lit(r, "</div>");
}

void
inv_checkbox(struct req *r, const char *name, const char *label, int checked)
{
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"f-");
	html_attr(r, name);
	html_lit(r, "\" name=\"");
	html_attr(r, name);
	html_lit(r, "\"");
	if (checked)
		html_lit(r, " checked");
	html_lit(r, "><label class=\"ds-label\" data-weight=\"regular\" for=\"f-");
	html_attr(r, name);
	html_lit(r, "\">");
	html_t(r, label);
	html_lit(r, "</label></div>");
}

static void
key_group(struct req *r, enum cat_set set, const char *prefix, const char *legend,
    unsigned mask, const char *err)
{
	int n;
	const struct cat_key *k = catalogue_set_keys(set, &n);

	html_lit(r, "<fieldset class=\"ds-fieldset school-choice\" id=\"f-");
	html_attr(r, prefix);
	html_lit(r, "\"");
	if (err) {
		html_lit(r, " aria-describedby=\"e-");
		html_attr(r, prefix);
		html_lit(r, "\"");
	}
	html_lit(r, "><legend class=\"ds-label\">");
	html_t(r, legend);
	html_lit(r, "</legend>");
	field_error(r, prefix, err);
	for (int i = 0; i < n && i < 32; i++)
		inv_checkbox(r, arena_printf(&r->arena, "%s_%s", prefix, k[i].key), k[i].label,
		    (mask >> i) & 1);
	html_lit(r, "</fieldset>");
}

/* The add/edit form. action is the path it posts to; keep_tool is the
 * row's current tool (listed even when no longer in the picker). */
static void
row_form(struct req *r, const struct org *o, const char *action, const struct inv_input *in,
    const char *err[IF__COUNT], int64_t keep_tool, const char *keep_tool_name)
{
	struct inv_tool *tools;
	struct school *sch;
	int nt = inventory_tools(r->db, &r->arena, r->org_id, &tools);
	int ns = school_list(r->db, &r->arena, r->org_id, r->who, &sch);
	int whole = inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, 0), listed = 0;
	struct fval ev[IF__COUNT];

	if (nt < 0 || ns < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	memset(ev, 0, sizeof(ev));
	for (int i = 0; err && i < IF__COUNT; i++)
		ev[i].err = err[i];
	form_error_summary(r, if_anchor, ev, IF__COUNT);
	html_lit(r, "<form class=\"stack\" method=\"post\" action=\"");
	html_attr(r, action);
	html_lit(r, "\" novalidate>");
	form_csrf(r);

	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-tool\">");
	html_t(r, "Tool");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-tool\" name=\"tool\" required");
	invalid_attrs(r, "tool", err ? err[IF_TOOL] : NULL);
	html_lit(r, "><option value=\"\">");
	html_t(r, "Choose a tool");
	html_lit(r, "</option>");
	for (int i = 0; i < nt; i++) {
		html_lit(r, "<option value=\"");
		html_int(r, tools[i].id);
		html_lit(r, "\"");
		if (tools[i].id == in->tool_id) {
			html_lit(r, " selected");
			listed = 1;
		}
		html_lit(r, ">");
		html_text(r, tools[i].name);
		if (*tools[i].vendor) {
			html_lit(r, " (");
			html_text(r, tools[i].vendor);
			html_lit(r, ")");
		}
		html_lit(r, "</option>");
	}
	if (!listed && keep_tool > 0 && keep_tool_name) {
		html_lit(r, "<option value=\"");
		html_int(r, keep_tool);
		html_lit(r, "\" selected>");
		html_text(r, keep_tool_name);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	field_error(r, "tool", err ? err[IF_TOOL] : NULL);
	html_lit(r, "</div>");

	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-school\">");
	html_t(r, "School");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-school\" name=\"school\"");
	invalid_attrs(r, "school", err ? err[IF_SCHOOL] : NULL);
	html_lit(r, ">");
	if (whole) {
		html_lit(r, "<option value=\"0\">");
		html_t(r, inv_whole_label(o->kind));
		html_lit(r, "</option>");
	}
	for (int i = 0; i < ns; i++) {
		if (!inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, sch[i].id))
			continue;
		html_lit(r, "<option value=\"");
		html_int(r, sch[i].id);
		html_lit(r, "\"");
		if (sch[i].id == in->school_id)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_text(r, sch[i].name);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	field_error(r, "school", err ? err[IF_SCHOOL] : NULL);
	html_lit(r, "</div>");

	form_input(r, "grades", N_("Grades (for example 1-4 or 8,9,10)"), "text", in->grades,
	    err ? err[IF_GRADES] : NULL, 0, "off");
	form_input(r, "pupils", N_("Approximate number of pupils"), "text", in->pupils,
	    err ? err[IF_PUPILS] : NULL, 0, "off");
	textarea(r, "purpose", N_("Purpose"), in->purpose, err ? err[IF_PURPOSE] : NULL);
	key_group(r, CS_DATA, "data", N_("Personal data processed"), in->data,
	    err ? err[IF_DATA] : NULL);
	key_group(r, CS_FEIDE, "feide", N_("Feide attributes enabled"), in->feide,
	    err ? err[IF_FEIDE] : NULL);
	form_input(r, "responsible", N_("Responsible person"), "text", in->responsible,
	    err ? err[IF_RESPONSIBLE] : NULL, 0, "off");
	form_input(r, "since", N_("In use since (YYYY-MM-DD)"), "date", in->since,
	    err ? err[IF_SINCE] : NULL, 0, "off");

	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-state\">");
	html_t(r, "State");
	html_lit(r, "</label><select class=\"ds-input\" id=\"f-state\" name=\"state\"");
	invalid_attrs(r, "state", err ? err[IF_STATE] : NULL);
	html_lit(r, ">");
	for (int i = 0; i < inv_nstates; i++) {
		html_lit(r, "<option value=\"");
		html_attr(r, inv_states[i].key);
		html_lit(r, "\"");
		if (in->state && strcmp(in->state, inv_states[i].key) == 0)
			html_lit(r, " selected");
		html_lit(r, ">");
		html_t(r, inv_states[i].label);
		html_lit(r, "</option>");
	}
	html_lit(r, "</select>");
	field_error(r, "state", err ? err[IF_STATE] : NULL);
	html_lit(r, "</div>");

	html_lit(r, "<fieldset class=\"ds-fieldset school-choice\"><legend class=\"ds-label\">");
	html_t(r, "Documents that exist");
	html_lit(r, "</legend>");
	inv_checkbox(r, "has_ros", N_("Risk and vulnerability assessment (ROS)"), in->has_ros);
	inv_checkbox(r, "has_dpia", N_("Data protection impact assessment (DPIA)"), in->has_dpia);
	inv_checkbox(r, "has_dba", N_("Data processing agreement (DBA)"), in->has_dba);
	html_lit(r, "</fieldset><fieldset class=\"ds-fieldset school-choice\"><legend class=\"ds-label\">");
	html_t(r, "Public transparency page");
	html_lit(r, "</legend>");
	inv_checkbox(r, "public", N_("Show this row on the public page"), in->public_);
	html_lit(r, "</fieldset>");
	textarea(r, "usage_rules", N_("Usage rules (shown on the public page when the row is public)"),
	    in->usage_rules, err ? err[IF_RULES] : NULL);
	html_lit(r, "<button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Save");
	html_lit(r, "</button></form>");
}

static void
new_page(struct req *r, const struct org *o, const struct inv_input *in, const char *err[IF__COUNT])
{
	struct inv_input blank;

	if (in == NULL) {
		memset(&blank, 0, sizeof(blank));
		blank.state = "in_use";
		blank.school_id = -1;
		in = &blank;
	}
	layout_begin(r, T(r, "Add a tool"));
	org_nav(r, o->name, "/inventory");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Add a tool");
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "Register a tool the organisation or one of its schools uses. Is the tool missing from the list? Propose it for the catalogue first.");
	html_lit(r, " <a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/tools/propose\">");
	html_t(r, "Propose a tool");
	html_lit(r, "</a></p>");
	row_form(r, o, arena_printf(&r->arena, "/o/%lld/inventory/new", (long long)r->org_id), in,
	    err, 0, NULL);
	layout_end(r);
}

void
page_inventory_new(struct req *r)
{
	struct org o;

	if (page_load_org(r, &o))
		return;
	new_page(r, &o, NULL, NULL);
}

/* Merges the form's problems with the domain's (the form's first). */
static int
merge_errors(const char *form[IF__COUNT], const char *dom[IF__COUNT], const char *out[IF__COUNT])
{
	int n = 0;

	for (int i = 0; i < IF__COUNT; i++) {
		out[i] = form[i] ? form[i] : dom[i];
		n += out[i] != NULL;
	}
	return n;
}

void
page_inventory_create(struct req *r)
{
	struct org o;
	struct inv_input in;
	struct inv_row row;
	const char *ferr[IF__COUNT], *derr[IF__COUNT], *err[IF__COUNT];
	int64_t id;
	int n;

	if (page_load_org(r, &o))
		return;
	read_row_form(r, &in, ferr);
	/* The school decides who may write the row: a school leader only for
	 * their own schools, never for the whole organisation. */
	if (in.school_id >= 0 && !inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, in.school_id)) {
		page_error(r, 403, "You can only register tools for your own schools.");
		return;
	}
	if ((n = inventory_validate(r->db, &r->arena, r->org_id, 0, &in, &row, derr)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	n = merge_errors(ferr, derr, err);
	if (n == 0 && (id = inventory_find(r->db, r->org_id, row.tool_id, row.school_id)) != 0) {
		if (id < 0) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		err[IF_TOOL] = N_("This tool is already registered for this school. Change the existing row instead.");
		n = 1;
	}
	if (n) {
		r->status = 400;
		new_page(r, &o, &in, err);
		return;
	}
	if (db_begin(r->db) ||
	    (id = inventory_create(r->db, &r->arena, r->org_id, &row, "form", r->who->user_id,
	    now_s())) <= 0 || db_commit(r->db)) {
		log_err("inventory create: %s", db_errmsg(r->db));
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/inventory/%lld?m=created",
	    (long long)r->org_id, (long long)id));
}

/* ---- one row ---- */

static const char *const row_msgs[] = { "created", "saved", NULL };
static const struct field row_msg_field[] = {
	{ "m", F_ENUM, 0, 20, 0, 0, row_msgs },
};

static void
facts(struct req *r, const struct org *o, const struct inv_row *w)
{
	int n;
	const struct cat_key *k;

	html_lit(r, "<dl class=\"facts\"><dt>");
	html_t(r, "Vendor");
	html_lit(r, "</dt><dd>");
	html_text(r, *w->vendor_name ? w->vendor_name : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Grades");
	html_lit(r, "</dt><dd>");
	html_text(r, *w->grades ? w->grades : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Pupils");
	html_lit(r, "</dt><dd>");
	if (w->pupils >= 0)
		html_int(r, w->pupils);
	else
		html_lit(r, "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Purpose");
	html_lit(r, "</dt><dd>");
	html_text(r, *w->purpose ? w->purpose : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "Personal data processed");
	html_lit(r, "</dt><dd>");
	k = catalogue_set_keys(CS_DATA, &n);
	for (int i = 0, first = 1; i < n && i < 32; i++)
		if ((w->data >> i) & 1) {
			if (!first)
				html_lit(r, ", ");
			html_t(r, k[i].label);
			first = 0;
		}
	html_lit(r, "</dd><dt>");
	html_t(r, "Feide attributes enabled");
	html_lit(r, "</dt><dd>");
	k = catalogue_set_keys(CS_FEIDE, &n);
	for (int i = 0, first = 1; i < n && i < 32; i++)
		if ((w->feide >> i) & 1) {
			if (!first)
				html_lit(r, ", ");
			html_t(r, k[i].label);
			first = 0;
		}
	html_lit(r, "</dd><dt>");
	html_t(r, "Responsible person");
	html_lit(r, "</dt><dd>");
	html_text(r, *w->responsible ? w->responsible : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "In use since");
	html_lit(r, "</dt><dd>");
	html_text(r, *w->since ? w->since : "–");
	html_lit(r, "</dd><dt>");
	html_t(r, "State");
	html_lit(r, "</dt><dd>");
	html_t(r, inv_state_label(w->state) ? inv_state_label(w->state) : w->state);
	html_lit(r, "</dd><dt>ROS</dt><dd>");
	inv_doc_status(r, w->has_ros, w->needs_ros);
	html_lit(r, "</dd><dt>DPIA</dt><dd>");
	inv_doc_status(r, w->has_dpia, w->needs_dpia);
	html_lit(r, "</dd><dt>DBA</dt><dd>");
	inv_doc_status(r, w->has_dba, w->needs_dba);
	html_lit(r, "</dd><dt>");
	html_t(r, "Public");
	html_lit(r, "</dt><dd>");
	html_t(r, w->public_ ? N_("Yes") : N_("No"));
	html_lit(r, "</dd><dt>");
	html_t(r, "Usage rules");
	html_lit(r, "</dt><dd>");
	html_text(r, *w->usage_rules ? w->usage_rules : "–");
	html_lit(r, "</dd></dl>");
	(void)o;
}

static void
row_page(struct req *r, const struct org *o, const struct inv_row *w, const struct inv_input *in,
    const char *err[IF__COUNT], const char *notice, const char *delete_err)
{
	int edit = inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, w->school_id);
	struct inv_input cur;
	struct todo *todos;
	int nt = todo_list(r->db, &r->arena, r->org_id, w->id, &todos);

	layout_begin(r, w->tool_name);
	org_nav(r, o->name, "/inventory");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, w->tool_name);
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	if (w->school_id > 0)
		html_text(r, w->school_name);
	else
		html_t(r, inv_whole_label(o->kind));
	html_lit(r, "</p>");
	if (notice)
		alert(r, "success", notice);
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory/");
	html_int(r, w->id);
	html_lit(r, "/screening\">");
	if (w->screened_at) {
		html_t(r, "Initial screening");
		html_lit(r, " (");
		html_time(r, w->screened_at);
		html_lit(r, ")");
	} else
		html_t(r, "Initial screening: not done yet");
	html_lit(r, "</a></p>");
	if (nt > 0) {
		int open = 0;
		for (int i = 0; i < nt; i++)
			open += strcmp(todos[i].status, "open") == 0;
		if (open) {
			html_lit(r, "<h2 class=\"ds-heading\" data-size=\"sm\">");
			html_t(r, "Open to-dos");
			html_lit(r, "</h2><ul class=\"ds-list\">");
			for (int i = 0; i < nt; i++)
				if (strcmp(todos[i].status, "open") == 0) {
					html_lit(r, "<li>");
					html_text(r, todos[i].title);
					html_lit(r, "</li>");
				}
			html_lit(r, "</ul>");
		}
	}
	if (edit) {
		if (in == NULL) {
			cur = input_of(r, w);
			in = &cur;
		}
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
		html_t(r, "Change");
		html_lit(r, "</h2>");
		row_form(r, o, arena_printf(&r->arena, "/o/%lld/inventory/%lld", (long long)r->org_id,
		    (long long)w->id), in, err, w->tool_id, w->tool_name);
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
		html_t(r, "Delete");
		html_lit(r, "</h2><form class=\"stack\" method=\"post\" action=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/inventory/");
		html_int(r, w->id);
		html_lit(r, "/delete\">");
		form_csrf(r);
		html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"checkbox\" id=\"f-confirm\" name=\"confirm\"");
		invalid_attrs(r, "confirm", delete_err);
		html_lit(r, "><label class=\"ds-label\" data-weight=\"regular\" for=\"f-confirm\">");
		html_t(r, "Yes, delete this row with its screenings and to-dos");
		html_lit(r, "</label>");
		field_error(r, "confirm", delete_err);
		html_lit(r, "</div><button class=\"ds-button\" data-variant=\"secondary\" data-color=\"danger\" type=\"submit\">");
		html_t(r, "Delete the row");
		html_lit(r, "</button></form>");
	} else {
		facts(r, o, w);
		if (w->school_id == 0 && authz_allows(r->who, A_INVENTORY_EDIT, r->org_id, 0)) {
			html_lit(r, "<p class=\"ds-paragraph\">");
			html_t(r, "This row is for the whole organisation; only those who work for all its schools can change it.");
			html_lit(r, "</p>");
		}
	}
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory\">");
	html_t(r, "Back to tools in use");
	html_lit(r, "</a></p>");
	layout_end(r);
}

void
page_inventory_row(struct req *r)
{
	struct org o;
	struct inv_row w;
	struct fval mv[1];

	if (inv_page_row(r, &w, &o))
		return;
	form_read(r, row_msg_field, 1, mv);
	row_page(r, &o, &w, NULL, NULL, mv[0].s == NULL ? NULL :
	    strcmp(mv[0].s, "created") == 0 ? N_("The tool has been added.") :
	    N_("The changes have been saved."), NULL);
}

void
page_inventory_update(struct req *r)
{
	struct org o;
	struct inv_row w, row;
	struct inv_input in;
	const char *ferr[IF__COUNT], *derr[IF__COUNT], *err[IF__COUNT];
	int n, rc;

	if (inv_page_row(r, &w, &o))
		return;
	if (!inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, w.school_id)) {
		page_error(r, 403, "You can only change rows for your own schools.");
		return;
	}
	read_row_form(r, &in, ferr);
	if (in.school_id >= 0 && !inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, in.school_id)) {
		page_error(r, 403, "You can only register tools for your own schools.");
		return;
	}
	if (inventory_validate(r->db, &r->arena, r->org_id, w.tool_id, &in, &row, derr) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	n = merge_errors(ferr, derr, err);
	if (n == 0) {
		if (db_begin(r->db)) {
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		rc = inventory_update(r->db, &r->arena, r->org_id, w.id, &row, "form", r->who->user_id,
		    now_s());
		if (rc == 1 && db_commit(r->db) == 0) {
			req_redirect(r, arena_printf(&r->arena, "/o/%lld/inventory/%lld?m=saved",
			    (long long)r->org_id, (long long)w.id));
			return;
		}
		db_rollback(r->db);
		if (rc != 2) {
			log_err("inventory update: %s", db_errmsg(r->db));
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		err[IF_TOOL] = N_("This tool is already registered for this school. Change the existing row instead.");
	}
	r->status = 400;
	row_page(r, &o, &w, &in, err, NULL, NULL);
}

static const struct field delete_fields[] = {
	{ "confirm", F_BOOL, 1, 3, 0, 0, NULL },
};

void
page_inventory_delete(struct req *r)
{
	struct org o;
	struct inv_row w;
	struct fval v[1];
	int rc;

	if (inv_page_row(r, &w, &o))
		return;
	if (!inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, w.school_id)) {
		page_error(r, 403, "You can only change rows for your own schools.");
		return;
	}
	if (form_read(r, delete_fields, 1, v)) {
		r->status = 400;
		row_page(r, &o, &w, NULL, NULL, NULL,
		    N_("Tick the box to confirm that the row shall be deleted."));
		return;
	}
	if (db_begin(r->db) ||
	    (rc = inventory_delete(r->db, &r->arena, r->org_id, w.id, r->who->user_id, now_s())) != 1 ||
	    db_commit(r->db)) {
		log_err("inventory delete: %s", db_errmsg(r->db));
		db_rollback(r->db);
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/inventory?m=deleted", (long long)r->org_id));
}
