/*
 * buf.h - the one bounded string builder (after curl's dynbuf and sqlite3_str).
 *
 * A buf grows up to a maximum set at init; any append past that, or any
 * allocation failure, sets a sticky error and further appends are ignored.
 * Callers build freely and check buf_err() once at the end. The bytes are
 * always NUL-terminated so they can be handed to C APIs, but the length is
 * what counts (bodies may hold NULs).
 *
 * Memory comes from an arena when one is given (request lifetime, never freed
 * by hand) and from the heap otherwise (owner calls buf_free or buf_detach).
 */
#ifndef SKOLESEC_BUF_H
#define SKOLESEC_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct arena;

struct buf {
	char *p;
	size_t len, cap, max;
	int err;
	struct arena *a;
};

void buf_init(struct buf *b, size_t max, struct arena *a);
void buf_put(struct buf *b, const void *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Returns the string (never NULL: "" on an empty buf), or NULL after an error. */
const char *buf_str(const struct buf *b);
static inline int buf_err(const struct buf *b) { return b->err; }
/* Appends all of fp (read to its end, not closed). 0, or -1 with errno
 * set: EFBIG when it does not fit within the maximum, else the read error. */
int buf_read_fp(struct buf *b, FILE *fp) __attribute__((warn_unused_result));
/* Opens path, appends all of it, closes it; -1 with errno as above or from
 * fopen. The one way the program reads a whole file (data, catalogues). */
int buf_load_file(struct buf *b, const char *path) __attribute__((warn_unused_result));
/* Heap bufs only: hands the bytes to the caller, who frees them. */
char *buf_detach(struct buf *b, size_t *len);
void buf_free(struct buf *b);

#include "banned.h"
#endif
