/*
 * xlsx.h - one table as an XLSX workbook (libxlsxwriter), for exports.
 *
 * libxlsxwriter (Debian's 1.0.x) writes only to a named file, so the
 * workbook is written to a private temporary file (mkstemp under $TMPDIR or
 * /tmp), read back into the caller's buffer and unlinked at once. Cells are
 * written as strings (never formulas: a cell starting with '=' stays text)
 * or, for columns marked numeric, as numbers when the whole cell parses as
 * an integer. The header row is bold and frozen.
 */
#ifndef SKOLESEC_XLSX_H
#define SKOLESEC_XLSX_H

struct buf;

/* sheet: the sheet's name (at most 31 bytes, none of []:*?/\). numeric may
 * be NULL. 0, or -1 on failure (nothing usable in out). */
int xlsx_table(struct buf *out, const char *sheet, int ncols, const char *const *header,
    const char *const *cells, int nrows, const int *numeric) __attribute__((warn_unused_result));

#endif
