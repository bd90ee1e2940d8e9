/*
 * dba.c - the DBA (data processing agreement, GDPR Art. 28) pages: the
 * register with its renewal list, the DBA block in the generic assessment
 * view, and the signed PDF upload and download.
 *
 * The checklist lines and sub-processors are assessment items that the
 * generic view (pages/assess*.c) edits; these pages summarise them per
 * agreement so a school owner sees at a glance which agreements deviate
 * from the template, lack a transfer basis or are due for renewal.
 *
 * The upload is the one multipart/form-data form: app.c has already parsed
 * the parts and checked the CSRF part; the file is checked by its bytes in
 * the domain (dba_doc_store), never by the type the browser claims.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "dba.h"
#include "../app.h"
#include "../domain/assessment.h"
#include "../domain/authz.h"
#include "../domain/dba.h"
#include "../domain/org.h"
#include "../domain/template.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/multipart.h"
#include "../http/request.h"
#include "../core/buf.h"

static const char *
template_label(const char *v)
{
	if (!strcmp(v, "digdir"))
		return N_("Digdir's data processing agreement");
	if (!strcmp(v, "eu-scc-2021-915"))
		return N_("EU standard contractual clauses (2021/915)");
	if (!strcmp(v, "vendor"))
		return N_("The vendor's own agreement");
	if (!strcmp(v, "other"))
		return N_("Other template");
	return N_("Not stated");
}

static const char *
basis_label(const char *v)
{
	static const char *const k[] = { "eea", "adequacy", "dpf", "scc", "bcr", NULL };
	static const char *const l[] = { N_("Within the EEA"), N_("Adequacy decision"),
	    N_("EU–US Data Privacy Framework"), N_("Standard contractual clauses (SCC)"),
	    N_("Binding corporate rules (BCR)") };

	for (int i = 0; k[i]; i++)
		if (v && !strcmp(v, k[i]))
			return l[i];
	return N_("No transfer basis");
}

static void
text_or_dash(struct req *r, const char *s)
{
	if (s && *s)
		html_text(r, s);
	else
		html_t(r, "Not stated");
}

static void
assessment_link(struct req *r, int64_t id, const char *suffix)
{
	html_lit(r, "/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/");
	html_int(r, id);
	html_attr(r, suffix);
}

/* Expiry as words and a tag, never colour alone. */
static void
expiry(struct req *r, const struct dba_row *w)
{
	text_or_dash(r, w->expires);
	if (w->days_left == DBA_NO_DATE)
		return;
	if (w->days_left < 0) {
		html_lit(r, " <span class=\"ds-tag\" data-color=\"danger\">");
		html_t(r, "Expired");
		html_lit(r, "</span>");
	} else if (w->days_left <= DBA_RENEW_DAYS) {
		html_lit(r, " <span class=\"ds-tag\" data-color=\"warning\">");
		html_t(r, "Due for renewal");
		html_lit(r, "</span> ");
		html_t(r, "Days left:");
		html_lit(r, " ");
		html_int(r, w->days_left);
	}
}

static void
checklist_counts(struct req *r, const struct dba_row *w)
{
	static const char *const lab[] = { N_("In order"), N_("Deviation"), N_("Missing"),
	    N_("Not relevant"), N_("Not assessed") };
	const int v[] = { w->ok, w->deviation, w->missing, w->na, w->open };
	int first = 1;

	for (int i = 0; i < 5; i++) {
		if (v[i] == 0)
			continue;
		if (!first)
			html_lit(r, ", ");
		html_t(r, lab[i]);
		html_lit(r, ": ");
		html_int(r, v[i]);
		first = 0;
	}
	if (first)
		html_t(r, "No checklist lines");
}

static void
signatories(struct req *r, const struct dba_row *w)
{
	text_or_dash(r, w->sign_controller);
	html_lit(r, " / ");
	text_or_dash(r, w->sign_processor);
}

static void
subprocessor_summary(struct req *r, const struct dba_row *w)
{
	html_int(r, w->nsub);
	if (w->nsub_nobasis) {
		html_lit(r, " <span class=\"ds-tag\" data-color=\"danger\">");
		html_t(r, "Without transfer basis:");
		html_lit(r, " ");
		html_int(r, w->nsub_nobasis);
		html_lit(r, "</span>");
	}
}

/* ---- the register ---- */

static void
th(struct req *r, const char *msgid)
{
	html_lit(r, "<th scope=\"col\">");
	html_t(r, msgid);
	html_lit(r, "</th>");
}

static void
renewal_table(struct req *r, const struct dba_row *rows, int n)
{
	const struct dba_row **due = arena_alloc(&r->arena, sizeof(*due) * (size_t)(n + 1));
	int nd = 0;

	for (int i = 0; due && i < n; i++)
		if (rows[i].days_left != DBA_NO_DATE && rows[i].days_left <= DBA_RENEW_DAYS) {
			int k = nd++;
			/* Insertion by days left: the most urgent first. */
			while (k > 0 && due[k - 1]->days_left > rows[i].days_left) {
				due[k] = due[k - 1];
				k--;
			}
			due[k] = &rows[i];
		}
	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\" id=\"renewals\">");
	html_t(r, "Due for renewal");
	html_lit(r, "</h2>");
	if (nd == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No agreement has expired or expires within 90 days.");
		html_lit(r, "</p>");
		return;
	}
	html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
	html_t(r, "Agreements that have expired or expire within 90 days");
	html_lit(r, "</caption><thead><tr>");
	th(r, N_("Agreement"));
	th(r, N_("Vendor"));
	th(r, N_("Expires"));
	html_lit(r, "</tr></thead><tbody>");
	for (int i = 0; i < nd; i++) {
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"");
		assessment_link(r, due[i]->id, "");
		html_lit(r, "\">");
		html_text(r, due[i]->title);
		html_lit(r, "</a></th><td>");
		text_or_dash(r, due[i]->vendor);
		html_lit(r, "</td><td>");
		expiry(r, due[i]);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

void
page_dba_register(struct req *r)
{
	struct org o;
	struct dba_row *rows;
	char today[11];
	int n;

	if (page_load_org(r, &o))
		return;
	dba_today(today);
	if ((n = dba_register(r->db, &r->arena, r->org_id, today, &rows)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	layout_begin(r, T(r, "Data processing agreements"));
	org_nav(r, o.name, "/dba");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Data processing agreements");
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, "Every vendor that processes personal data on your behalf needs a data processing"
	    " agreement (GDPR Art. 28). Here you see all agreements, their checklist and which are"
	    " due for renewal.");
	html_lit(r, "</p>");
	if (authz_allows(r->who, A_ASSESS_EDIT, r->org_id, 0)) {
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/assessments/new?kind=dba\">");
		html_t(r, "Register a new data processing agreement");
		html_lit(r, "</a></p>");
	}
	renewal_table(r, rows, n);
	html_lit(r, "<h2 class=\"ds-heading\" data-size=\"md\">");
	html_t(r, "All agreements");
	html_lit(r, "</h2>");
	if (n == 0) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No data processing agreements are registered yet.");
		html_lit(r, "</p>");
		layout_end(r);
		return;
	}
	/* A region that scrolls sideways must be reachable by keyboard. */
	html_lit(r, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"dba-all\">"
	    "<table class=\"ds-table\" data-zebra=\"true\"><caption id=\"dba-all\">");
	html_t(r, "Data processing agreements");
	html_lit(r, "</caption><thead><tr>");
	th(r, N_("Agreement"));
	th(r, N_("Vendor"));
	th(r, N_("Tools covered"));
	th(r, N_("Template and version"));
	th(r, N_("Signed"));
	th(r, N_("Signatories (school owner / vendor)"));
	th(r, N_("Expires"));
	th(r, N_("Checklist"));
	th(r, N_("Sub-processors"));
	th(r, N_("Signed document"));
	th(r, N_("Status"));
	html_lit(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct dba_row *w = &rows[i];
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"");
		assessment_link(r, w->id, "");
		html_lit(r, "\">");
		html_text(r, w->title);
		html_lit(r, "</a></th><td>");
		text_or_dash(r, w->vendor);
		html_lit(r, "</td><td>");
		text_or_dash(r, w->tools);
		html_lit(r, "</td><td>");
		html_t(r, template_label(w->template_name));
		if (*w->template_version) {
			html_lit(r, ", ");
			html_text(r, w->template_version);
		}
		html_lit(r, "</td><td>");
		text_or_dash(r, w->signed_on);
		html_lit(r, "</td><td>");
		signatories(r, w);
		html_lit(r, "</td><td>");
		expiry(r, w);
		html_lit(r, "</td><td>");
		checklist_counts(r, w);
		html_lit(r, "</td><td>");
		subprocessor_summary(r, w);
		html_lit(r, "</td><td>");
		if (w->has_doc) {
			html_lit(r, "<a class=\"ds-link\" href=\"");
			assessment_link(r, w->id, "/document.pdf");
			html_lit(r, "\">");
			html_t(r, "PDF");
			html_lit(r, "</a>");
		} else
			html_t(r, "No");
		html_lit(r, "</td><td>");
		html_t(r, assessment_status_label(w->status));
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table></div>");
	layout_end(r);
}

/* ---- the block in the assessment view ---- */

static void
subprocessor_table(struct req *r, const struct as_item *items, int n)
{
	static const char *const keys[] = { "name", "country", "purpose", "transfer_basis", "tia_ref" };
	static const char *const heads[] = { N_("Sub-processor"), N_("Country"), N_("Purpose"),
	    N_("Transfer basis"), N_("Transfer impact assessment") };
	int any = 0;

	for (int i = 0; i < n; i++) {
		if (strcmp(items[i].kind, "subprocessor") != 0)
			continue;
		if (!any++) {
			html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
			html_t(r, "Sub-processors and transfer basis");
			html_lit(r, "</caption><thead><tr>");
			for (int k = 0; k < 5; k++)
				th(r, heads[k]);
			html_lit(r, "</tr></thead><tbody>");
		}
		for (int k = 0; k < 5; k++) {
			const char *v = dba_json_str(&r->arena, items[i].data, keys[k]);
			if (k == 0)
				html_lit(r, "<tr><th scope=\"row\">");
			else
				html_lit(r, "<td>");
			if (k == 3)
				html_t(r, basis_label(v));
			else
				text_or_dash(r, v);
			if (k == 0)
				html_lit(r, "</th>");
			else
				html_lit(r, "</td>");
		}
		html_lit(r, "</tr>");
	}
	if (any)
		html_lit(r, "</tbody></table>");
	else {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "No sub-processors are registered for this agreement.");
		html_lit(r, "</p>");
	}
}

/* The clauses that are not in order, with the note written for each: what
 * a school owner must follow up with the vendor. */
static void
deviation_table(struct req *r, const struct assessment *a, const struct as_item *items, int n)
{
	const struct tmpl *t = template_find(a->template_urn, a->template_version);
	int any = 0;

	for (int i = 0; i < n; i++) {
		const struct titem *ti;
		const char *st;
		if (strcmp(items[i].kind, "check") != 0)
			continue;
		st = dba_json_str(&r->arena, items[i].data, "status");
		if (strcmp(st, "deviation") != 0 && strcmp(st, "missing") != 0)
			continue;
		if (!any++) {
			html_lit(r, "<table class=\"ds-table\" data-zebra=\"true\"><caption>");
			html_t(r, "Clauses with a deviation or missing");
			html_lit(r, "</caption><thead><tr>");
			th(r, N_("Clause"));
			th(r, N_("Status"));
			th(r, N_("Note"));
			html_lit(r, "</tr></thead><tbody>");
		}
		ti = t ? template_item(t, items[i].uid, NULL) : NULL;
		html_lit(r, "<tr><th scope=\"row\">");
		if (ti)
			html_text(r, tr_pick(&ti->label, r->lang));
		else
			html_text(r, items[i].uid);
		html_lit(r, "</th><td>");
		html_t(r, strcmp(st, "deviation") == 0 ? N_("Deviation") : N_("Missing"));
		html_lit(r, "</td><td>");
		text_or_dash(r, dba_json_str(&r->arena, items[i].data, "note"));
		html_lit(r, "</td></tr>");
	}
	if (any)
		html_lit(r, "</tbody></table>");
}

static void
document_section(struct req *r, const struct assessment *a)
{
	struct dba_doc d;
	int rc = dba_doc_get(r->db, &r->arena, r->org_id, a->id, &d, NULL, NULL);

	html_lit(r, "<h3 class=\"ds-heading\" data-size=\"sm\" id=\"document\">");
	html_t(r, "Signed agreement");
	html_lit(r, "</h3>");
	if (rc == 1) {
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
		assessment_link(r, a->id, "/document.pdf");
		html_lit(r, "\">");
		html_t(r, "Download the signed agreement (PDF)");
		html_lit(r, "</a>: ");
		html_text(r, d.filename);
		html_lit(r, ", ");
		html_int(r, (d.size + 1023) / 1024);
		html_lit(r, " kB, ");
		html_time(r, d.uploaded_at);
		if (*d.uploader) {
			html_lit(r, ", ");
			html_text(r, d.uploader);
		}
		html_lit(r, ". SHA-256: <code>");
		html_text(r, d.sha256);
		html_lit(r, "</code></p>");
	} else {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, rc < 0 ? N_("The document could not be read.") :
		    N_("No signed agreement is uploaded."));
		html_lit(r, "</p>");
	}
	if (strcmp(a->status, "draft") != 0 || !authz_allows(r->who, A_ASSESS_EDIT, r->org_id, 0))
		return;
	html_lit(r, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
	assessment_link(r, a->id, "/document");
	html_lit(r, "\">");
	form_csrf(r);
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-file\">");
	html_t(r, "The signed agreement (PDF, at most 10 MB)");
	html_lit(r, "</label><input class=\"ds-input\" id=\"f-file\" name=\"file\" type=\"file\""
	    " accept=\"application/pdf,.pdf\" required></div><button class=\"ds-button\" type=\"submit\">");
	html_t(r, rc == 1 ? N_("Replace the document") : N_("Upload"));
	html_lit(r, "</button></form>");
}

void
dba_block(struct req *r, const struct assessment *a, const struct as_item *items, int n)
{
	struct dba_row *rows, *w = NULL;
	char today[11];
	int nr;

	dba_today(today);
	nr = dba_register(r->db, &r->arena, r->org_id, today, &rows);
	for (int i = 0; i < nr; i++)
		if (rows[i].id == a->id)
			w = &rows[i];
	html_lit(r, "<section class=\"dba-block\" aria-labelledby=\"dba-h\"><h2 class=\"ds-heading\""
	    " data-size=\"md\" id=\"dba-h\">");
	html_t(r, "The agreement in the register");
	html_lit(r, "</h2>");
	if (w) {
		static const char *const lab[] = { N_("Vendor"), N_("Tools covered"),
		    N_("Template and version"), N_("Signed"), N_("Signatories (school owner / vendor)"),
		    N_("Expires"), N_("Checklist"), N_("Sub-processors") };
		html_lit(r, "<table class=\"ds-table\"><caption>");
		html_t(r, "Summary of the agreement");
		html_lit(r, "</caption><tbody>");
		for (int k = 0; k < 8; k++) {
			html_lit(r, "<tr><th scope=\"row\">");
			html_t(r, lab[k]);
			html_lit(r, "</th><td>");
			switch (k) {
			case 0: text_or_dash(r, w->vendor); break;
			case 1: text_or_dash(r, w->tools); break;
			case 2:
				html_t(r, template_label(w->template_name));
				if (*w->template_version) {
					html_lit(r, ", ");
					html_text(r, w->template_version);
				}
				break;
			case 3: text_or_dash(r, w->signed_on); break;
			case 4: signatories(r, w); break;
			case 5: expiry(r, w); break;
			case 6: checklist_counts(r, w); break;
			default: subprocessor_summary(r, w); break;
			}
			html_lit(r, "</td></tr>");
		}
		html_lit(r, "</tbody></table>");
	}
	deviation_table(r, a, items, n);
	subprocessor_table(r, items, n);
	document_section(r, a);
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/dba\">");
	html_t(r, "All data processing agreements");
	html_lit(r, "</a></p></section>");
}

/* ---- the signed document ---- */

static void
upload_failed(struct req *r, int status, const char *msgid, int64_t id)
{
	buf_reset(&r->out);
	r->status = status;
	layout_begin(r, T(r, "The document was not saved"));
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "The document was not saved");
	html_lit(r, "</h1>");
	alert(r, "danger", msgid);
	if (id > 0) {
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"");
		assessment_link(r, id, "#document");
		html_lit(r, "\">");
		html_t(r, "Back to the agreement");
		html_lit(r, "</a></p>");
	}
	layout_end(r);
}

void
page_dba_upload(struct req *r)
{
	int64_t id = param_id(r, "id"), doc;
	const struct mpart *file = NULL;
	struct assessment a;
	const char *err;
	int status, rc;

	/* Which agreement first: another organisation's id is a 404 whatever
	 * the body holds. */
	rc = id ? assessment_get(r->db, &r->arena, r->org_id, id, &a) : 0;
	if (rc != 1 || strcmp(a.kind, "dba") != 0) {
		page_error(r, rc < 0 ? 500 : 404, "There is no such agreement in this organisation.");
		return;
	}
	for (int i = 0; i < r->nparts; i++)
		if (strcmp(r->parts[i].name, "file") == 0 && r->parts[i].filename) {
			if (file) {
				upload_failed(r, 400, N_("Send one file only."), id);
				return;
			}
			file = &r->parts[i];
		}
	if (file == NULL) {
		upload_failed(r, 400, N_("Choose the signed agreement as a PDF file."), id);
		return;
	}
	doc = dba_doc_store(r->db, &r->arena, r->who->user_id, r->org_id, id, file->filename,
	    file->data, file->len, &err, &status);
	if (doc < 0) {
		upload_failed(r, status, err, status == 404 ? 0 : id);
		return;
	}
	{
		struct buf b;
		buf_init(&b, 256, &r->arena);
		buf_printf(&b, "/o/%lld/assessments/%lld#document", (long long)r->org_id, (long long)id);
		req_redirect(r, buf_str(&b));
	}
}

void
page_dba_download(struct req *r)
{
	int64_t id = param_id(r, "id");
	struct dba_doc d;
	const unsigned char *bin = NULL;
	size_t len = 0;
	int rc = id ? dba_doc_get(r->db, &r->arena, r->org_id, id, &d, &bin, &len) : 0;
	struct buf h;

	if (rc != 1) {
		page_error(r, rc < 0 ? 500 : 404, "There is no signed agreement for this assessment.");
		return;
	}
	/* The stored name is shown on the page; the download gets a plain one
	 * so no header ever carries user text. */
	buf_init(&h, 128, &r->arena);
	buf_printf(&h, "attachment; filename=\"dba-%lld.pdf\"", (long long)id);
	r->ctype = "application/pdf";
	req_add_header(r, "Content-Disposition", buf_str(&h));
	req_add_header(r, "Cache-Control", "private, no-store");
	buf_put(&r->out, bin, len);
}
