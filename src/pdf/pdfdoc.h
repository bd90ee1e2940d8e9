/*
 * pdfdoc.h - a small flowing-document PDF writer over cairo and pango, for
 * reports (the status report of issue 6; the cohort report of issue 7).
 *
 * The caller adds blocks top to bottom (headings, paragraphs, key/value
 * lines, tables, charts); the writer wraps text with pango (real text, so
 * æøå are searchable and copyable), breaks pages when a block does not fit
 * (a table repeats its header row on the next page), and numbers the pages.
 * Charts are drawn natively with cairo paths, and each chart's numbers are
 * expected to be printed as a table beside it, as on the web pages.
 *
 * Output goes into a struct buf (cairo writes through a stream callback), so
 * nothing touches the file system. Fonts: "DejaVu Sans" (fonts-dejavu-core).
 *
 * Archiving: cairo 1.16 writes PDF 1.5 with document info (title, author,
 * subject, creator, dates) but cannot write PDF/A (no XMP metadata stream,
 * no OutputIntent, transparency not ruled out), so these files are not
 * PDF/A-2; see docs/domain-model.md.
 *
 * Not thread-affine: each call makes its own surface; pango's cairo font map
 * is per thread. One pdfdoc belongs to one request.
 */
#ifndef SKOLESEC_PDFDOC_H
#define SKOLESEC_PDFDOC_H

#include <stdint.h>

struct buf;
struct pdfdoc;

struct pdf_meta {
	const char *title, *author, *subject, *creator;
	int64_t created;	/* Unix seconds, 0: none */
	const char *footer;	/* left of the page number, may be NULL */
	const char *page_word;	/* "Side" / "Page", before the number */
};

/* A4 portrait, 20 mm margins. NULL on allocation failure. */
struct pdfdoc *pdf_begin(struct buf *out, const struct pdf_meta *meta);
/* Finishes the document into out and frees d. 0, or -1 when cairo or the
 * buffer failed (out then holds no usable PDF). */
int pdf_end(struct pdfdoc *d);

/* level 1 (title), 2 (section) or 3 (sub-section). */
void pdf_heading(struct pdfdoc *d, int level, const char *text);
void pdf_para(struct pdfdoc *d, const char *text);
/* A muted, smaller line (dates, notes). */
void pdf_note(struct pdfdoc *d, const char *text);
/* "label: value" lines in two columns. */
void pdf_kv(struct pdfdoc *d, const char *label, const char *value);
void pdf_space(struct pdfdoc *d, double pt);

/*
 * A table: ncols columns with relative widths (summing to any total),
 * a header row and nrows rows of cells (row-major, ncols per row). Text
 * wraps in its cell; rows never split across pages.
 */
void pdf_table(struct pdfdoc *d, int ncols, const double *widths, const char *const *header,
    const char *const *cells, int nrows);

/* Horizontal bars: n labelled values 0..max with their text (e.g. "12"). */
void pdf_bars(struct pdfdoc *d, int n, const char *const *labels, const double *values,
    double max, const char *const *texts);

/* A radar (spider) chart of n axes, values 0..100; has[i] 0 means no value
 * (drawn at the centre, marked hollow). n >= 3. */
void pdf_radar(struct pdfdoc *d, int n, const char *const *labels, const double *values,
    const int *has);

#endif
