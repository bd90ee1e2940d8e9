/*
 * pdfdoc.c - the flowing PDF writer over cairo + pango; see pdfdoc.h.
 *
 * Units are PDF points (1/72 in). One PangoLayout is reused for every text
 * block (set font, width and text, measure, draw), which keeps a long table
 * cheap: pango's costly part is shaping, done once per cell. Colours are
 * opaque (no alpha), so nothing needs transparency groups.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "pdfdoc.h"
#include "../core/buf.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.693		/* 20 mm */
#define BOTTOM (PAGE_H - MARGIN - 18)	/* room for the footer */
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define CELL_PAD 3.0
#define MAX_COLS 12
#define PI 3.14159265358979323846

/* The build links no libm (nothing else needs it), so the few numeric
 * helpers the charts use are here. */
static double dmax(double a, double b) { return a > b ? a : b; }
static double dmin(double a, double b) { return a < b ? a : b; }

/* sin by its Taylor series after reducing x to [-pi, pi]: error < 1e-7,
 * far below a point at chart scale. */
static double
tsin(double x)
{
	double term, sum;

	while (x > PI)
		x -= 2 * PI;
	while (x < -PI)
		x += 2 * PI;
	term = sum = x;
	for (int k = 1; k < 12; k++) {
		term *= -x * x / ((2 * k) * (2 * k + 1));
		sum += term;
	}
	return sum;
}
static double tcos(double x) { return tsin(x + PI / 2); }

enum font { F_BODY, F_BOLD, F_SMALL, F_H1, F_H2, F_H3, F__N };

static const char *const font_spec[F__N] = {
	"DejaVu Sans 9.5", "DejaVu Sans Bold 9.5", "DejaVu Sans 8",
	"DejaVu Sans Bold 18", "DejaVu Sans Bold 13", "DejaVu Sans Bold 11",
};

struct pdfdoc {
	struct buf *out;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *font[F__N];
	struct pdf_meta meta;
	double y;
	int page;
};

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;

	buf_put(b, data, len);
	return buf_err(b) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void
rgb(cairo_t *cr, unsigned hex)
{
	cairo_set_source_rgb(cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0,
	    (hex & 255) / 255.0);
}

/* Lays out text in font f, width w (0: unbounded); returns its height. */
static double
layout(struct pdfdoc *d, enum font f, double w, const char *text)
{
	int pw, ph;

	pango_layout_set_font_description(d->lay, d->font[f]);
	pango_layout_set_width(d->lay, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_text(d->lay, text ? text : "", -1);
	pango_layout_get_size(d->lay, &pw, &ph);
	return (double)ph / PANGO_SCALE;
}

static double
layout_width(struct pdfdoc *d)
{
	int pw, ph;

	pango_layout_get_size(d->lay, &pw, &ph);
	return (double)pw / PANGO_SCALE;
}

static void
draw_at(struct pdfdoc *d, double x, double y, unsigned colour)
{
	rgb(d->cr, colour);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, d->lay);
}

static void
footer(struct pdfdoc *d)
{
	char num[48];

	snprintf(num, sizeof(num), "%s %d", d->meta.page_word ? d->meta.page_word : "", d->page);
	if (d->meta.footer) {
		layout(d, F_SMALL, CONTENT_W - 80, d->meta.footer);
		draw_at(d, MARGIN, PAGE_H - MARGIN + 2, 0x555555);
	}
	layout(d, F_SMALL, 0, num);
	draw_at(d, PAGE_W - MARGIN - layout_width(d), PAGE_H - MARGIN + 2, 0x555555);
}

static void
new_page(struct pdfdoc *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

/* Starts a new page when h more points do not fit (unless the page is
 * still empty: a block taller than a page is drawn and clipped). */
static void
ensure(struct pdfdoc *d, double h)
{
	if (d->y + h > BOTTOM && d->y > MARGIN + 1)
		new_page(d);
}

static void
iso_date(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

/*
 * Fontconfig keeps its parsed configuration for the life of the process;
 * LeakSanitizer reports that as a leak at exit. Releasing it at exit keeps
 * the sanitizer builds honest about our own leaks. FcFini is looked up at
 * run time (fontconfig is loaded by pango, not linked by us directly).
 */
static void
release_fonts(void)
{
	void (*fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");

	cairo_debug_reset_static_data();
	if (fini)
		fini();
}

static void
register_release(void)
{
	atexit(release_fonts);
}

struct pdfdoc *
pdf_begin(struct buf *out, const struct pdf_meta *meta)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct pdfdoc *d = calloc(1, sizeof(*d));
	char date[32];

	if (d == NULL)
		return NULL;
	pthread_once(&once, register_release);
	d->out = out;
	d->meta = *meta;
	d->surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	d->cr = cairo_create(d->surface);
	d->lay = pango_cairo_create_layout(d->cr);
	for (int i = 0; i < F__N; i++)
		d->font[i] = pango_font_description_from_string(font_spec[i]);
	pango_layout_set_wrap(d->lay, PANGO_WRAP_WORD_CHAR);
	if (meta->title)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, meta->title);
	if (meta->author)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, meta->author);
	if (meta->subject)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
	if (meta->creator)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, meta->creator);
	if (meta->created) {
		iso_date(meta->created, date);
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	}
	d->page = 1;
	d->y = MARGIN;
	cairo_set_line_width(d->cr, 0.6);
	return d;
}

int
pdf_end(struct pdfdoc *d)
{
	int bad;

	footer(d);
	cairo_show_page(d->cr);
	g_object_unref(d->lay);
	for (int i = 0; i < F__N; i++)
		pango_font_description_free(d->font[i]);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	bad = cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS || buf_err(d->out);
	cairo_surface_destroy(d->surface);
	free(d);
	return bad ? -1 : 0;
}

static void
block(struct pdfdoc *d, enum font f, const char *text, unsigned colour, double before, double after)
{
	double h;

	d->y += before;
	h = layout(d, f, CONTENT_W, text);
	ensure(d, h + (f >= F_H1 ? 40 : 0));	/* keep a heading with what follows */
	layout(d, f, CONTENT_W, text);	/* a page break drew the footer with the layout */
	draw_at(d, MARGIN, d->y, colour);
	d->y += h + after;
}

void
pdf_heading(struct pdfdoc *d, int level, const char *text)
{
	enum font f = level <= 1 ? F_H1 : level == 2 ? F_H2 : F_H3;

	block(d, f, text, 0x1e2b3c, level <= 1 ? 0 : 8, 4);
}

void pdf_para(struct pdfdoc *d, const char *text) { block(d, F_BODY, text, 0x111111, 0, 4); }
void pdf_note(struct pdfdoc *d, const char *text) { block(d, F_SMALL, text, 0x555555, 0, 3); }
void pdf_space(struct pdfdoc *d, double pt) { d->y += pt; }

void
pdf_kv(struct pdfdoc *d, const char *label, const char *value)
{
	double lw = CONTENT_W * 0.45, h1, h2;

	h1 = layout(d, F_BOLD, lw - 6, label);
	h2 = layout(d, F_BODY, CONTENT_W - lw, value);
	ensure(d, dmax(h1, h2));
	layout(d, F_BOLD, lw - 6, label);
	draw_at(d, MARGIN, d->y, 0x111111);
	layout(d, F_BODY, CONTENT_W - lw, value);
	draw_at(d, MARGIN + lw, d->y, 0x111111);
	d->y += dmax(h1, h2) + 2;
}

/* Height of one table row: its tallest cell. */
static double
row_height(struct pdfdoc *d, int ncols, const double *cw, const char *const *cells, enum font f)
{
	double h = 0;

	for (int c = 0; c < ncols; c++)
		h = dmax(h, layout(d, f, cw[c] - 2 * CELL_PAD, cells[c]));
	return h + 2 * CELL_PAD;
}

static void
draw_row(struct pdfdoc *d, int ncols, const double *cw, const char *const *cells, enum font f,
    double h, unsigned bg)
{
	double x = MARGIN;

	if (bg) {
		rgb(d->cr, bg);
		cairo_rectangle(d->cr, MARGIN, d->y, CONTENT_W, h);
		cairo_fill(d->cr);
	}
	for (int c = 0; c < ncols; c++) {
		layout(d, f, cw[c] - 2 * CELL_PAD, cells[c]);
		draw_at(d, x + CELL_PAD, d->y + CELL_PAD, 0x111111);
		x += cw[c];
	}
	rgb(d->cr, 0xb0b7c0);
	cairo_move_to(d->cr, MARGIN, d->y + h);
	cairo_line_to(d->cr, MARGIN + CONTENT_W, d->y + h);
	cairo_stroke(d->cr);
	d->y += h;
}

void
pdf_table(struct pdfdoc *d, int ncols, const double *widths, const char *const *header,
    const char *const *cells, int nrows)
{
	double cw[MAX_COLS], total = 0, hh;

	if (ncols < 1 || ncols > MAX_COLS)
		return;
	for (int c = 0; c < ncols; c++)
		total += widths[c];
	for (int c = 0; c < ncols; c++)
		cw[c] = CONTENT_W * widths[c] / (total > 0 ? total : 1);
	hh = row_height(d, ncols, cw, header, F_BOLD);
	ensure(d, hh + (nrows > 0 ? row_height(d, ncols, cw, cells, F_BODY) : 0));
	draw_row(d, ncols, cw, header, F_BOLD, hh, 0xe6ebf0);
	for (int i = 0; i < nrows; i++) {
		const char *const *row = cells + (size_t)i * (size_t)ncols;
		double h = row_height(d, ncols, cw, row, F_BODY);

		if (d->y + h > BOTTOM) {
			new_page(d);
			draw_row(d, ncols, cw, header, F_BOLD, hh, 0xe6ebf0);
		}
		draw_row(d, ncols, cw, row, F_BODY, h, 0);
	}
	d->y += 6;
}

void
pdf_bars(struct pdfdoc *d, int n, const char *const *labels, const double *values, double max,
    const char *const *texts)
{
	double lw = CONTENT_W * 0.38, bw = CONTENT_W - lw - 40, rowh = 16;

	for (int i = 0; i < n; i++) {
		double v = max > 0 ? dmin(dmax(values[i], 0), max) / max : 0;
		double h = dmax(rowh, layout(d, F_BODY, lw - 6, labels[i]) + 4);

		ensure(d, h);
		layout(d, F_BODY, lw - 6, labels[i]);
		draw_at(d, MARGIN, d->y + 2, 0x111111);
		rgb(d->cr, 0xf0f2f5);
		cairo_rectangle(d->cr, MARGIN + lw, d->y + 3, bw, rowh - 6);
		cairo_fill(d->cr);
		rgb(d->cr, 0x1e5aa8);
		cairo_rectangle(d->cr, MARGIN + lw, d->y + 3, bw * v, rowh - 6);
		cairo_fill(d->cr);
		layout(d, F_BODY, 0, texts[i]);
		draw_at(d, MARGIN + lw + bw + 6, d->y + 2, 0x111111);
		d->y += h;
	}
	d->y += 6;
}

static void
radar_point(double cx, double cy, double r, int i, int n, double *x, double *y)
{
	double a = -PI / 2 + 2 * PI * i / n;

	*x = cx + r * tcos(a);
	*y = cy + r * tsin(a);
}

void
pdf_radar(struct pdfdoc *d, int n, const char *const *labels, const double *values, const int *has)
{
	double size = 250, r = 80, cx = MARGIN + CONTENT_W / 2, cy, x, y;
	cairo_t *cr = d->cr;

	if (n < 3)
		return;
	ensure(d, size);
	cy = d->y + size / 2;
	/* The value polygon first (light fill), then the grid over it. */
	for (int i = 0; i < n; i++) {
		radar_point(cx, cy, r * (has[i] ? dmin(dmax(values[i], 0), 100) / 100 : 0), i, n, &x, &y);
		if (i == 0)
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
	}
	cairo_close_path(cr);
	rgb(cr, 0xc9daf2);
	cairo_fill_preserve(cr);
	rgb(cr, 0x1e5aa8);
	cairo_set_line_width(cr, 1.6);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.5);
	rgb(cr, 0x9aa3ad);
	for (int ring = 1; ring <= 5; ring++) {
		for (int i = 0; i <= n; i++) {
			radar_point(cx, cy, r * ring / 5, i % n, n, &x, &y);
			if (i == 0)
				cairo_move_to(cr, x, y);
			else
				cairo_line_to(cr, x, y);
		}
		cairo_stroke(cr);
	}
	for (int i = 0; i < n; i++) {
		double lx, ly, tw, th;

		radar_point(cx, cy, r, i, n, &x, &y);
		cairo_move_to(cr, cx, cy);
		cairo_line_to(cr, x, y);
		cairo_stroke(cr);
		/* Markers: filled where there is a value, hollow where none. */
		radar_point(cx, cy, r * (has[i] ? dmin(dmax(values[i], 0), 100) / 100 : 0), i, n, &x, &y);
		rgb(cr, 0x1e5aa8);
		cairo_arc(cr, x, y, 2.5, 0, 2 * PI);
		if (has[i])
			cairo_fill(cr);
		else
			cairo_stroke(cr);
		radar_point(cx, cy, r + 10, i, n, &lx, &ly);
		th = layout(d, F_SMALL, 100, labels[i]);
		tw = layout_width(d);
		if (lx < cx - 5)
			lx -= tw;
		else if (lx <= cx + 5)
			lx -= tw / 2;
		if (ly < cy - 5)
			ly -= th;
		else if (ly <= cy + 5)
			ly -= th / 2;
		draw_at(d, lx, ly, 0x111111);
	}
	cairo_set_line_width(cr, 0.6);
	d->y += size + 6;
}
