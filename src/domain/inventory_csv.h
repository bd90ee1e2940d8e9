/*
 * inventory_csv.h - the inventory as a spreadsheet file: export, template
 * and all-or-nothing import.
 *
 * The file has a header of Norwegian column names (any order; English keys
 * are accepted too) and one line per tool and school:
 *   verktøy, skole, trinn, elever, formål, personopplysninger,
 *   feide_attributter, ansvarlig, siden, status, ros, dpia, dba, offentlig,
 *   bruksregler
 * skole empty (or "hele kommunen") means the whole organisation; lists of
 * keys are comma-separated; yes/no columns take ja/nei.
 *
 * Export is RFC 4180 with CRLF, UTF-8 with a BOM (so Excel reads æøå), and
 * safe to open in a spreadsheet: a cell starting with = + - @ TAB or CR gets
 * a leading apostrophe, so it is shown as text and never run as a formula.
 * Import strips that apostrophe again, so an export imports unchanged.
 *
 * Import reads UTF-8 with or without BOM, or Windows-1252 (what Excel's
 * plain "CSV" writes in Norway), decided from the bytes: valid UTF-8 is
 * UTF-8; otherwise, when no well-formed multi-byte UTF-8 sequence appears,
 * Windows-1252 (its five undefined bytes are errors); a file with both is
 * refused as mixed. The separator, ',' or ';', is taken from the header.
 */
#ifndef SKOLESEC_INVENTORY_CSV_H
#define SKOLESEC_INVENTORY_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "inventory.h"

#define INV_CSV_MAX_BYTES (10u << 20)	/* 10 MB */
#define INV_CSV_MAX_LINES 20000
#define INV_CSV_MAX_ERRORS 200
#define INV_CSV_NCOLS 15

struct buf;

enum inv_enc { ENC_UTF8, ENC_UTF8_BOM, ENC_CP1252 };

/* One problem: line 0 is about the whole file. msgid is a msgid; arg, when
 * not NULL, is the offending value or a line number, shown after it. */
struct inv_csv_error {
	int line;
	const char *msgid, *arg;
};

struct inv_csv_line {
	int line;
	int64_t existing;	/* id of the row this line updates, 0: a new row */
	struct inv_row row;
};

struct inv_csv_result {
	enum inv_enc enc;
	char sep;
	int lines;		/* data lines read (blank ones not counted) */
	int created, updated;
	struct inv_csv_line *rows;	/* inv_csv_parse: every row */
	int nrows;
	struct inv_csv_line *updates;	/* inv_csv_import: lines that updated a row */
	int nupdates;
	struct inv_csv_error *errors;
	int nerrors, more_errors;	/* listed, and left unlisted past the cap */
};

/* What names in a file mean for one organisation and importer. */
struct inv_csv_school {
	int64_t id;
	const char *name;
	int allowed;		/* the importer may write rows for it */
};
struct inv_csv_ctx {
	const struct inv_tool *tools;	/* usable by the organisation */
	int ntools;
	const struct inv_csv_school *schools;	/* all of the organisation's */
	int nschools;
	int org_wide;		/* may write rows for the whole organisation */
};

/* ---- pieces, exposed for unit tests ---- */

/* Decides the encoding and returns the text as UTF-8 (without BOM) in *out.
 * 0, or -1 with one error added to res. */
int inv_csv_decode(struct arena *a, const char *in, size_t len, const char **out,
    size_t *outlen, struct inv_csv_result *res);
/* Appends one cell, quoted when needed, with the formula guard. */
void inv_csv_cell(struct buf *b, const char *s, char sep);

/* ---- whole files ---- */

/* Header and rows (BOM first). sep is ',' or ';'. */
void inv_csv_export(struct buf *b, struct arena *a, const struct inv_row *rows, int n, char sep);
/* Header and one example line using the given tool and school names. */
void inv_csv_template(struct buf *b, const char *tool, const char *school, char sep);

/* Reads and checks a whole file against ctx, without a database. Returns
 * the number of rows, or -1 when anything is wrong (errors in res; no rows). */
int inv_csv_parse(struct arena *a, const char *bytes, size_t len, const struct inv_csv_ctx *ctx,
    struct inv_csv_result *res);

/* Parses with the organisation's tools and schools and p's rights, matches
 * lines to existing rows (same tool and school: the line updates that row),
 * and writes everything in the caller's transaction, audited. Returns 0
 * done, 1 refused (errors in res, nothing written), -1 database error.
 * Errors and rows live in a; the work memory is freed before returning. */
int inv_csv_import(struct db *db, struct arena *a, int64_t org_id, const struct principal *p,
    const char *bytes, size_t len, int64_t actor, int64_t now, struct inv_csv_result *res);

#endif
