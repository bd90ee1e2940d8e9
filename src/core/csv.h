/*
 * csv.h - an RFC 4180 reader: quoted fields with "" escapes and embedded
 * newlines, CRLF or LF line ends, a UTF-8 BOM skipped. Strict: a quote inside
 * an unquoted field, or an unterminated quote, is an error with its line.
 */
#ifndef SKOLESEC_CSV_H
#define SKOLESEC_CSV_H

#include <stddef.h>

struct arena;

struct csv {
	const char *s;
	size_t len, pos;
	int line;		/* line where the current record started (1-based) */
	char sep;
	const char *err;	/* set when csv_next returns -1 */
};

void csv_init(struct csv *c, const char *s, size_t len, char sep);
/* Reads one record into fields (arena strings). Returns the field count,
 * 0 at end of input, -1 on a syntax error or more than maxf fields. */
int csv_next(struct csv *c, struct arena *a, char **fields, int maxf);

#endif
