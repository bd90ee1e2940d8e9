/*
 * report_pdf.h - the status report (domain/report.h) as a PDF, drawn with
 * the pdfdoc writer: the same sections, numbers and order as the HTML print
 * view, charts drawn natively with their numbers in tables beside them.
 */
#ifndef SKOLESEC_REPORT_PDF_H
#define SKOLESEC_REPORT_PDF_H

#include <stdint.h>

struct buf;
struct arena;
struct report;

/* Writes the PDF into out in language lang ("nb", "nn", "en"); a is for
 * scratch strings. 0 or -1. */
int report_pdf(struct buf *out, struct arena *a, const struct report *rep, const char *lang,
    int64_t now) __attribute__((warn_unused_result));

#endif
