/*
 * inventory_io.c - the inventory as a CSV file: export (with the list's
 * filters), an empty template, and the import form.
 *
 * The central pipeline accepts only urlencoded forms for now, so the file
 * is pasted into a text field ("csv"). That field carries the file's bytes
 * as they are: the import decides the encoding itself (UTF-8 or
 * Windows-1252), so the field is read raw here rather than through the
 * UTF-8-only text check of http/form.c; its size and presence are checked
 * here instead. A file upload replaces the text field once the pipeline
 * reads multipart bodies.
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
#include "../domain/inventory_csv.h"
#include "../domain/org.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

static const char *const seps[] = { "comma", "semicolon", NULL };
static const struct field sep_field[] = {
	{ "sep", F_ENUM, 0, 20, 0, 0, seps },
};

static int
read_sep(struct req *r, char *sep)
{
	struct fval v[1];

	if (form_read(r, sep_field, 1, v)) {
		page_error(r, 400, "The address has malformed parameters.");
		return -1;
	}
	*sep = v[0].s && strcmp(v[0].s, "semicolon") == 0 ? ';' : ',';
	return 0;
}

static void
csv_headers(struct req *r, const struct org *o, const char *what)
{
	char *id = arena_strdup(&r->arena, o->number ? o->number : "");

	/* The organisation's number names the file; only safe characters go
	 * into the header, else the id. */
	for (char *p = id; p && *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-'))
			*p = '_';
	if (id == NULL || *id == '\0')
		id = arena_printf(&r->arena, "%lld", (long long)o->id);
	r->ctype = "text/csv; charset=utf-8";
	req_add_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"%s-%s.csv\"", what, id ? id : "org"));
	req_add_header(r, "Cache-Control", "no-store");
}

void
page_inventory_export(struct req *r)
{
	struct org o;
	struct inv_filter f;
	struct inv_row *rows;
	const char *sraw;
	char sep;
	int n;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	if (inv_read_filter(r, &f, &sraw) || read_sep(r, &sep))
		return;
	if ((n = inventory_list(r->db, &r->arena, r->org_id, r->who, &f, &rows)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	csv_headers(r, &o, "verktoy");
	inv_csv_export(&r->out, &r->arena, rows, n, sep);
}

void
page_inventory_template(struct req *r)
{
	struct org o;
	struct inv_tool *tools;
	struct school *sch;
	const char *school = "";
	char sep;
	int nt, ns;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	if (read_sep(r, &sep))
		return;
	if ((nt = inventory_tools(r->db, &r->arena, r->org_id, &tools)) < 0 ||
	    (ns = school_list(r->db, &r->arena, r->org_id, r->who, &sch)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	/* The example line names a real tool and school, so it imports. */
	for (int i = 0; i < ns && !*school; i++)
		if (inventory_can(r->who, A_INVENTORY_EDIT, r->org_id, sch[i].id))
			school = sch[i].name;
	csv_headers(r, &o, "verktoy-mal");
	inv_csv_template(&r->out, nt > 0 ? tools[0].name : NULL, school, sep);
}

/* The key lists the file may use, so nobody has to guess them. */
static void
key_table(struct req *r, enum cat_set set, const char *caption)
{
	int n;
	const struct cat_key *k = catalogue_set_keys(set, &n);

	html_lit(r, "<table class=\"ds-table\" data-size=\"sm\"><caption>");
	html_t(r, caption);
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Key");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Meaning");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><td><code>");
		html_text(r, k[i].key);
		html_lit(r, "</code></td><td>");
		html_t(r, k[i].label);
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
import_page(struct req *r, const struct org *o, const struct inv_csv_result *res, int done,
    const char *field_err)
{
	layout_begin(r, T(r, "Import tools from a CSV file"));
	org_nav(r, o->name, "/inventory");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, "Import tools from a CSV file");
	html_lit(r, "</h1>");
	if (done && res) {
		html_lit(r, "<div class=\"ds-alert\" data-color=\"success\" role=\"status\"><p class=\"ds-paragraph\">");
		html_t(r, "The file has been imported.");
		html_lit(r, " ");
		html_t(r, "New rows:");
		html_lit(r, " ");
		html_int(r, res->created);
		html_lit(r, ". ");
		html_t(r, "Updated rows:");
		html_lit(r, " ");
		html_int(r, res->updated);
		html_lit(r, ".</p>");
		if (res->enc == ENC_CP1252) {
			html_lit(r, "<p class=\"ds-paragraph\">");
			html_t(r, "The file was read as Windows-1252 (what Excel writes for plain CSV).");
			html_lit(r, "</p>");
		}
		html_lit(r, "</div>");
		if (res->nupdates) {
			html_lit(r, "<h2 class=\"ds-heading\" data-size=\"sm\">");
			html_t(r, "Lines that updated an existing row (same tool and school)");
			html_lit(r, "</h2><ul class=\"ds-list\">");
			for (int i = 0; i < res->nupdates; i++) {
				html_lit(r, "<li>");
				html_t(r, "Line");
				html_lit(r, " ");
				html_int(r, res->updates[i].line);
				html_lit(r, ": ");
				html_text(r, res->updates[i].row.tool_name);
				html_lit(r, " – ");
				if (res->updates[i].row.school_id > 0)
					html_text(r, res->updates[i].row.school_name);
				else
					html_t(r, inv_whole_label(o->kind));
				html_lit(r, "</li>");
			}
			html_lit(r, "</ul>");
		}
	} else if (res && res->nerrors) {
		html_lit(r, "<div class=\"ds-error-summary import-errors\" role=\"alert\" tabindex=\"-1\"><h2 class=\"ds-heading\" data-size=\"xs\">");
		html_t(r, "Nothing was imported. Correct these problems in the file and try again:");
		html_lit(r, "</h2><ul class=\"ds-list\">");
		for (int i = 0; i < res->nerrors; i++) {
			const struct inv_csv_error *e = &res->errors[i];
			html_lit(r, "<li>");
			if (e->line > 0) {
				html_t(r, "Line");
				html_lit(r, " ");
				html_int(r, e->line);
				html_lit(r, ": ");
			}
			html_t(r, e->msgid);
			if (e->arg) {
				html_lit(r, ": <q>");
				html_text(r, e->arg);
				html_lit(r, "</q>");
			}
			html_lit(r, "</li>");
		}
		if (res->more_errors) {
			html_lit(r, "<li>");
			html_t(r, "More problems not listed:");
			html_lit(r, " ");
			html_int(r, res->more_errors);
			html_lit(r, "</li>");
		}
		html_lit(r, "</ul></div>");
	}
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "Paste the contents of a CSV file with one line per tool and school. The first line names the columns, as in the template. All lines are checked first: if any line has a problem, nothing is imported. A line with the same tool and school as an existing row updates that row. Leave the school empty for a row that covers the whole organisation.");
	html_lit(r, "</p><p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory/template.csv\">");
	html_t(r, "Download an empty CSV template");
	html_lit(r, "</a> · <a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory/template.csv?sep=semicolon\">");
	html_t(r, "Template for Excel (semicolons)");
	html_lit(r, "</a></p><form class=\"stack\" method=\"post\" action=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/inventory/import\">");
	form_csrf(r);
	html_lit(r, "<div class=\"ds-field\"><label class=\"ds-label\" for=\"f-csv\">");
	html_t(r, "Contents of the CSV file (at most 10 MB and 20000 lines)");
	html_lit(r, "</label><textarea class=\"ds-input csv-input\" rows=\"12\" id=\"f-csv\" name=\"csv\" required");
	if (field_err)
		html_lit(r, " aria-invalid=\"true\" aria-describedby=\"e-csv\"");
	html_lit(r, "></textarea>");
	if (field_err) {
		html_lit(r, "<div class=\"ds-validation-message\" data-color=\"danger\" id=\"e-csv\">");
		html_t(r, field_err);
		html_lit(r, "</div>");
	}
	html_lit(r, "</div><button class=\"ds-button\" data-variant=\"primary\" type=\"submit\">");
	html_t(r, "Import");
	html_lit(r, "</button></form><h2 class=\"ds-heading\" data-size=\"sm\">");
	html_t(r, "Values the columns take");
	html_lit(r, "</h2><p class=\"ds-paragraph\">");
	html_t(r, "status: i bruk, utprøving or utfases. ros, dpia, dba and offentlig: ja or nei. trinn: for example 1-4 or 8,9,10. siden: YYYY-MM-DD (or DD.MM.YYYY). personopplysninger and feide_attributter: keys from the tables below, separated by commas.");
	html_lit(r, "</p>");
	key_table(r, CS_DATA, N_("Keys for personopplysninger"));
	key_table(r, CS_FEIDE, N_("Keys for feide_attributter"));
	layout_end(r);
}

void
page_inventory_import(struct req *r)
{
	struct org o;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	import_page(r, &o, NULL, 0, NULL);
}

void
page_inventory_import_post(struct req *r)
{
	struct org o;
	struct inv_csv_result res;
	const char *csv = NULL;
	int seen = 0, rc;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	for (int i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].k, "csv") == 0) {
			seen++;
			csv = r->form[i].v;
		}
	if (seen != 1 || csv == NULL || *csv == '\0') {
		r->status = 400;
		import_page(r, &o, NULL, 0, seen > 1 ? N_("The field was sent more than once.") :
		    seen && csv == NULL ? N_("The file holds NUL bytes, so it is not a text file. Save it as CSV and try again.") :
		    N_("Paste the contents of the CSV file."));
		return;
	}
	if (strlen(csv) > INV_CSV_MAX_BYTES) {
		r->status = 400;
		import_page(r, &o, NULL, 0, N_("The file is larger than 10 MB. Split it into smaller files."));
		return;
	}
	if (db_begin(r->db)) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	rc = inv_csv_import(r->db, &r->arena, r->org_id, r->who, csv, strlen(csv), r->who->user_id,
	    now_s(), &res);
	if (rc != 0 || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == 1) {
			r->status = 400;
			import_page(r, &o, &res, 0, NULL);
			return;
		}
		log_err("inventory import: %s", db_errmsg(r->db));
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	import_page(r, &o, &res, 1, NULL);
}
