/*
 * multipart.h - a strict, bounded multipart/form-data parser (RFC 7578 on
 * RFC 2046), for the few routes that take a file (RF_UPLOAD).
 *
 * Why our own and not libmicrohttpd's post processor: the body is already
 * in memory (bounded by the route's limit), the pipeline must see the CSRF
 * part before any handler runs, and a strict parser that refuses anything a
 * browser would not send is smaller to fuzz than a tolerant streaming one.
 *
 * What "strict" means here: the boundary comes from the Content-Type header
 * only (1-70 characters of RFC 2046's bchars); the body starts with the first
 * delimiter (no preamble) and ends with the close delimiter (optionally one
 * CRLF, nothing else); every line break in the framing is CRLF; a part has a
 * Content-Disposition "form-data" header with a quoted or token `name` and
 * optionally `filename`, and at most a Content-Type besides; any other
 * header, parameter, duplicate or bare CR/LF is an error with a message.
 *
 * Memory: part data points into the body (not copied); names, filenames and
 * content types are arena copies. Nothing is allocated outside the arena.
 */
#ifndef SKOLESEC_MULTIPART_H
#define SKOLESEC_MULTIPART_H

#include <stddef.h>

struct arena;

#define MULTIPART_BOUNDARY_MAX 70

struct mpart {
	const char *name;	/* the form field name: non-empty, valid UTF-8 */
	const char *filename;	/* as sent (may be ""), or NULL when not a file */
	const char *ctype;	/* the part's Content-Type, or NULL */
	const char *data;	/* into the body; may hold NUL bytes */
	size_t len;
};

/*
 * The boundary parameter of a Content-Type header value of type
 * multipart/form-data, as an arena string. Returns NULL with err set to a
 * msgid when the type is another one or the boundary is missing or invalid.
 */
const char *multipart_boundary(struct arena *a, const char *content_type, const char **err);

/*
 * Splits body[0..len) into at most maxparts parts. Returns the number of
 * parts (>= 1), or -1 with err set to a msgid saying what is wrong.
 */
int multipart_parse(struct arena *a, const char *body, size_t len, const char *boundary,
    struct mpart *out, int maxparts, const char **err) __attribute__((warn_unused_result));

/* 1 when the Content-Type header value names multipart/form-data. */
int multipart_is(const char *content_type);

#endif
