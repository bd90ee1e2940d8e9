/*
 * audit.c - the change log of an organisation, newest first, 100 a page.
 */
#include "pages.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/org.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/buf.h"

static const struct field fields[] = {
	{ "before", F_INT, 0, 20, 1, INT64_MAX, NULL },
};

void
page_audit(struct req *r)
{
	struct fval v[1];
	struct org o;
	struct db_stmt *st;
	int rc, n = 0;
	int64_t last = 0;

	if (form_read(r, fields, 1, v)) {
		page_error(r, 400, "The address has malformed parameters.");
		return;
	}
	if (org_get(r->db, &r->arena, r->org_id, &o) != 1) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	layout_begin(r, T(r, "Change log"));
	org_nav(r, o.name, "/audit");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Change log");
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "Every change is recorded here. Each entry is sealed with the previous"
	    " one, so that a changed or deleted entry is detected ('skolesec audit verify').");
	html_lit(r, "</p><table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Change log");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">");
	html_t(r, "Time (UTC)");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Who");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Action");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Details");
	html_lit(r, "</th></tr></thead><tbody>");
	st = db_query(r->db, "SELECT a.seq, a.at, u.name, a.action, a.detail FROM audit a"
	    " LEFT JOIN users u ON u.id = a.actor_id WHERE a.org_id = ? AND a.seq < ?"
	    " ORDER BY a.seq DESC LIMIT 100", &rc, "ii", r->org_id,
	    v[0].s ? v[0].i : INT64_MAX);
	while (rc == 1) {
		last = db_col_int(st, 0);
		html_lit(r, "<tr><td>");
		html_int(r, last);
		html_lit(r, "</td><td>");
		html_time(r, db_col_int(st, 1));
		html_lit(r, "</td><td>");
		html_text(r, db_col_text(st, 2) ? db_col_text(st, 2) : T(r, "system"));
		html_lit(r, "</td><td>");
		html_text(r, db_col_text(st, 3));
		html_lit(r, "</td><td><code>");
		html_text(r, db_col_text(st, 4));
		html_lit(r, "</code></td></tr>");
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	html_lit(r, "</tbody></table>");
	if (n == 100 && last > 1) {
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/audit?before=");
		html_int(r, last);
		html_lit(r, "\">");
		html_t(r, "Older entries");
		html_lit(r, "</a></p>");
	}
	layout_end(r);
}
