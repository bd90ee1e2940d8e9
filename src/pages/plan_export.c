/*
 * plan_export.c - the priority list, the action plan and the inventory as
 * files: CSV (RFC 4180, CRLF, UTF-8 with BOM, formula guard of
 * inventory_csv.c's inv_csv_cell) and XLSX (core/xlsx.c).
 *
 * Each export is first a table of strings (header + cells), then written in
 * the asked format, so CSV and XLSX always hold the same columns. The
 * inventory's XLSX is made from its CSV export read back with the strict
 * CSV reader: one definition of the inventory's columns (inventory_csv.c),
 * and the formula guard's apostrophe is dropped again since XLSX cells are
 * typed strings that a spreadsheet never runs.
 */
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "pages.h"
#include "plan.h"
#include "../app.h"
#include "../core/csv.h"
#include "../core/xlsx.h"
#include "../db/db.h"
#include "../domain/inventory.h"
#include "../domain/inventory_csv.h"
#include "../domain/org.h"
#include "../domain/plan.h"
#include "../domain/priority.h"
#include "../html/i18n.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define MAX_COLS 16

struct table {
	const char *name;		/* file name stem, e.g. "tiltaksplan" */
	int ncols, nrows;
	const char *const *header;
	const char **cells;
	const int *numeric;		/* XLSX: columns written as numbers */
};

static void
headers(struct req *r, const char *name, const char *ext, const char *ctype)
{
	r->ctype = ctype;
	req_add_header(r, "Content-Disposition", arena_printf(&r->arena,
	    "attachment; filename=\"%s-%lld.%s\"", name, (long long)r->org_id, ext));
	req_add_header(r, "Cache-Control", "no-store");
}

static void
emit(struct req *r, const struct table *t, int xlsx)
{
	if (xlsx) {
		struct buf b;

		buf_init(&b, 32u << 20, &r->arena);
		if (xlsx_table(&b, t->name, t->ncols, t->header, t->cells, t->nrows, t->numeric)) {
			log_err("xlsx export %s failed", t->name);
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
		buf_put(&r->out, b.p, b.len);
		headers(r, t->name, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
		return;
	}
	buf_puts(&r->out, "\xEF\xBB\xBF");
	for (int i = -1; i < t->nrows; i++) {
		const char *const *row = i < 0 ? t->header : t->cells + (size_t)i * (size_t)t->ncols;
		for (int c = 0; c < t->ncols; c++) {
			if (c)
				buf_putc(&r->out, ',');
			inv_csv_cell(&r->out, row[c], ',');
		}
		buf_puts(&r->out, "\r\n");
	}
	headers(r, t->name, "csv", "text/csv; charset=utf-8");
}

static const char *
num(struct req *r, int64_t v)
{
	return arena_printf(&r->arena, "%lld", (long long)v);
}

static void
priorities(struct req *r, int xlsx)
{
	static const char *const header[] = { "rang", "type", "navn", "poeng", "beregnet",
		"justering", "begrunnelse", "grunner" };
	static const int numeric[] = { 1, 0, 0, 1, 1, 1, 0, 0 };
	struct table t = { "prioriteringer", 8, 0, header, NULL, numeric };
	struct prio_row *rows;
	char today[11];
	int n;

	priority_today(now_s(), today);
	if ((n = priority_load(r->db, &r->arena, r->org_id, today, &rows)) < 0 ||
	    (t.cells = arena_alloc(&r->arena, sizeof(char *) * 8 * (size_t)(n + 1))) == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct prio_row *p = &rows[i];
		const char **c = t.cells + 8 * i;
		struct buf why;

		buf_init(&why, 4096, &r->arena);
		for (int k = 0; k < p->nreasons; k++)
			buf_printf(&why, "%s%s (+%d)", k ? "; " : "", i18n_get("nb", p->reason[k].msgid),
			    p->reason[k].points);
		c[0] = num(r, i + 1);
		c[1] = p->kind == PRIO_TOOL ? "verktøy" : "modenhet";
		c[2] = p->title;
		c[3] = num(r, p->score);
		c[4] = num(r, p->base);
		c[5] = num(r, p->adjust);
		c[6] = p->move_reason ? p->move_reason : "";
		c[7] = buf_str(&why);
	}
	t.nrows = n;
	emit(r, &t, xlsx);
}

static void
plan(struct req *r, int xlsx)
{
	static const char *const header[] = { "id", "tiltak", "beskrivelse", "kilde", "opphav",
		"eier", "frist", "prioritet", "status", "innsats", "kompetansemaal", "forfalt" };
	static const int numeric[] = { 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0 };
	struct table t = { "tiltaksplan", 12, 0, header, NULL, numeric };
	struct measure *v;
	char today[11];
	int n;

	priority_today(now_s(), today);
	if ((n = plan_list(r->db, &r->arena, r->org_id, &v)) < 0 ||
	    (t.cells = arena_alloc(&r->arena, sizeof(char *) * 12 * (size_t)(n + 1))) == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct measure *m = &v[i];
		const char **c = t.cells + 12 * i;

		c[0] = num(r, m->id);
		c[1] = m->title;
		c[2] = m->description;
		c[3] = i18n_get("nb", plan_source_label(m->source));
		c[4] = m->origin;
		c[5] = m->owner;
		c[6] = m->due_date;
		c[7] = num(r, m->priority);
		c[8] = i18n_get("nb", plan_status_label(m->status));
		c[9] = i18n_get("nb", plan_effort_label(m->effort));
		c[10] = m->goal ? num(r, m->goal) : "";
		c[11] = plan_overdue(m, today) ? "ja" : "nei";
	}
	t.nrows = n;
	emit(r, &t, xlsx);
}

void page_priorities_csv(struct req *r) { priorities(r, 0); }
void page_priorities_xlsx(struct req *r) { priorities(r, 1); }
void page_plan_csv(struct req *r) { plan(r, 0); }
void page_plan_xlsx(struct req *r) { plan(r, 1); }

/* Drops the CSV formula guard: "'=x" was written for "=x". */
static char *
unguard(char *s)
{
	if (s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@' ||
	    s[1] == '\t' || s[1] == '\r'))
		return s + 1;
	return s;
}

void
page_inventory_xlsx(struct req *r)
{
	static const int numeric[MAX_COLS] = { 0, 0, 0, 1 };	/* elever */
	struct inv_filter f = { 0, NULL };
	struct inv_row *rows;
	struct buf b;
	struct csv c;
	struct table t = { "verktoy", 0, 0, NULL, NULL, numeric };
	char *fields[MAX_COLS], **hdr = NULL;
	int n, nf, cap = 0, ncells = 0;

	if ((n = inventory_list(r->db, &r->arena, r->org_id, r->who, &f, &rows)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	buf_init(&b, 32u << 20, &r->arena);
	inv_csv_export(&b, &r->arena, rows, n, ',');
	csv_init(&c, b.p, b.len, ',');
	while ((nf = csv_next(&c, &r->arena, fields, MAX_COLS)) > 0) {
		if (hdr == NULL) {
			if ((hdr = arena_alloc(&r->arena, sizeof(char *) * (size_t)nf)) == NULL)
				break;
			memcpy(hdr, fields, sizeof(char *) * (size_t)nf);
			t.ncols = nf;
			continue;
		}
		for (int k = 0; k < t.ncols; k++) {
			if ((t.cells = arena_grow(&r->arena, t.cells, ncells, &cap, sizeof(char *))) == NULL) {
				page_error(r, 500, "Something went wrong. Try again.");
				return;
			}
			t.cells[ncells++] = k < nf ? unguard(fields[k]) : "";
		}
		t.nrows++;
	}
	if (nf < 0 || hdr == NULL) {
		log_err("inventory xlsx: own CSV unreadable: %s", c.err ? c.err : "?");
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	t.header = (const char *const *)hdr;
	emit(r, &t, 1);
}
