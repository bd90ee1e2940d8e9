/*
 * inventory_public.c - the public transparency page of a school owner,
 * /public/<kommunenummer or fylkesnummer>, without login: per school, the
 * tools marked public with vendor, state, usage rules and whether ROS, DPIA
 * and data processing agreement exist. Only rows marked public appear, and
 * only those fields: grades, pupil numbers, purpose and the responsible
 * person stay internal. The school owner's decision on each tool (issue 4)
 * is shown beside it, with its conditions.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "inventory.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/decision.h"
#include "../domain/inventory.h"
#include "../domain/org.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/request.h"
#include "../core/buf.h"

/* The decision on a tool: its status and conditions, or "no decision". */
static void
decision_cell(struct req *r, const struct decision *d, int nd, int64_t tool)
{
	for (int i = 0; i < nd; i++)
		if (d[i].tool_id == tool && decision_status_label(d[i].status)) {
			html_t(r, decision_status_label(d[i].status));
			if (*d[i].conditions) {
				html_lit(r, ": ");
				html_text(r, d[i].conditions);
			}
			return;
		}
	html_t(r, "No decision yet");
}

static void
table(struct req *r, const char *caption, const struct inv_row *rows, int n, int64_t school,
    const struct decision *d, int nd)
{
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_text(r, caption);
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Tool");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Vendor");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "State");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Decision");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Usage rules");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Risk assessment (ROS)");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Impact assessment (DPIA)");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Data processing agreement");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct inv_row *w = &rows[i];
		if (w->school_id != school)
			continue;
		html_lit(r, "<tr><th scope=\"row\">");
		html_text(r, w->tool_name);
		html_lit(r, "</th><td>");
		html_text(r, w->vendor_name);
		html_lit(r, "</td><td>");
		html_t(r, inv_state_label(w->state) ? inv_state_label(w->state) : w->state);
		html_lit(r, "</td><td>");
		decision_cell(r, d, nd, w->tool_id);
		html_lit(r, "</td><td>");
		html_text(r, w->usage_rules);
		html_lit(r, "</td><td>");
		html_t(r, w->has_ros ? N_("Yes") : N_("No"));
		html_lit(r, "</td><td>");
		html_t(r, w->has_dpia ? N_("Yes") : N_("No"));
		html_lit(r, "</td><td>");
		html_t(r, w->has_dba ? N_("Yes") : N_("No"));
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

void
page_public(struct req *r)
{
	const char *num = req_param(r, "number");
	struct org o;
	struct inv_row *rows;
	int64_t id;
	size_t len = num ? strlen(num) : 0;
	struct decision *d;
	int n, nd, whole = 0;

	/* Kommunenummer (4 digits) or fylkesnummer (2). */
	if ((len != 4 && len != 2) || strspn(num, "0123456789") != len) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	if ((id = inventory_public_org(r->db, num)) <= 0 || org_get(r->db, &r->arena, id, &o) != 1) {
		page_error(r, id < 0 ? 500 : 404, "There is no page at this address.");
		return;
	}
	if ((n = inventory_list_public(r->db, &r->arena, id, &rows)) < 0 ||
	    (nd = decision_public(r->db, &r->arena, id, &d)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, o.name);
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Digital tools in the schools of");
	html_lit(r, " ");
	html_text(r, o.name);
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "The school owner publishes here which digital tools its schools use, how they may be used, and whether a risk assessment (ROS), a data protection impact assessment (DPIA) and a data processing agreement are in place.");
	html_lit(r, "</p>");
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No tools have been published yet.");
		html_lit(r, "</p>");
		layout_end(r);
		return;
	}
	for (int i = 0; i < n; i++)
		whole |= rows[i].school_id == 0;
	if (whole) {
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
		html_t(r, inv_whole_label(o.kind));
		html_lit(r, "</h2>");
		table(r, T(r, inv_whole_label(o.kind)), rows, n, 0, d, nd);
	}
	/* Rows come ordered by school name: one section per school. */
	for (int i = 0; i < n; i++) {
		if (rows[i].school_id == 0 || (i > 0 && rows[i - 1].school_id == rows[i].school_id))
			continue;
		html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
		html_text(r, rows[i].school_name);
		html_lit(r, "</h2>");
		table(r, rows[i].school_name, rows, n, rows[i].school_id, d, nd);
	}
	layout_end(r);
}
