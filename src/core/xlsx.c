/*
 * xlsx.c - one table as an XLSX file; see xlsx.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "xlsx.h"
#include "buf.h"

/* 1 with *v when s is a whole decimal integer. */
static int
as_int(const char *s, double *v)
{
	char *end;
	long long x;

	if (s == NULL || *s == '\0' || strlen(s) > 15)
		return 0;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end != '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return 0;
	*v = (double)x;
	return 1;
}

static int
write_book(const char *path, const char *sheet, int ncols, const char *const *header,
    const char *const *cells, int nrows, const int *numeric)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *bold;
	int bad = 0;

	if (wb == NULL)
		return -1;
	ws = workbook_add_worksheet(wb, sheet);
	bold = workbook_add_format(wb);
	if (ws == NULL || bold == NULL) {
		workbook_close(wb);
		return -1;
	}
	format_set_bold(bold);
	worksheet_freeze_panes(ws, 1, 0);
	for (int c = 0; c < ncols; c++) {
		bad |= worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], bold) != LXW_NO_ERROR;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, numeric && numeric[c] ? 10 : 28, NULL);
	}
	for (int r = 0; r < nrows && !bad; r++)
		for (int c = 0; c < ncols; c++) {
			const char *s = cells[(size_t)r * (size_t)ncols + (size_t)c];
			double v;

			if (s == NULL || *s == '\0')
				continue;
			if (numeric && numeric[c] && as_int(s, &v))
				bad |= worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v, NULL) != LXW_NO_ERROR;
			else
				bad |= worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, s, NULL) != LXW_NO_ERROR;
		}
	bad |= workbook_close(wb) != LXW_NO_ERROR;
	return bad ? -1 : 0;
}

int
xlsx_table(struct buf *out, const char *sheet, int ncols, const char *const *header,
    const char *const *cells, int nrows, const int *numeric)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	int fd, rc;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (snprintf(path, sizeof(path), "%s/skolesec-xlsx-XXXXXX", dir) >= (int)sizeof(path))
		return -1;
	if ((fd = mkstemp(path)) < 0)
		return -1;
	close(fd);
	rc = write_book(path, sheet, ncols, header, cells, nrows, numeric);
	if (rc == 0)
		rc = buf_load_file(out, path);
	unlink(path);
	return rc ? -1 : 0;
}
