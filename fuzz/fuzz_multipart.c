/*
 * fuzz_multipart.c - multipart_boundary + multipart_parse (http/multipart.c)
 * on arbitrary input: the first line is the Content-Type header value, the
 * rest the body. This is the path every upload takes before the CSRF check,
 * so it must never crash or read out of bounds, and what it accepts must
 * keep multipart.h's promises: parts lie inside the body, in order and apart,
 * each with a non-empty UTF-8 name without control bytes; an error always
 * comes with a message and a success never does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"
#include "http/form.h"
#include "core/arena.h"
#include "core/buf.h"

#define MAXPARTS 16

static int
clean(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return utf8_valid(s, strlen(s));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct mpart parts[MAXPARTS];
	const uint8_t *nl = memchr(data, '\n', size);
	const char *body, *err = NULL, *boundary;
	size_t blen;
	char *ct;
	int n;

	if (nl == NULL)
		return 0;
	arena_init(&a, 8u << 20);
	ct = arena_strndup(&a, (const char *)data, (size_t)(nl - data));
	/* A heap copy of exactly the body, so ASan sees any read past its end. */
	blen = size - (size_t)(nl - data) - 1;
	body = blen ? malloc(blen) : NULL;
	if (blen)
		memcpy((char *)body, nl + 1, blen);
	boundary = multipart_boundary(&a, ct, &err);
	if ((boundary == NULL) != (err != NULL))
		abort();
	if (boundary && (boundary[0] == '\0' || strlen(boundary) > MULTIPART_BOUNDARY_MAX))
		abort();
	n = multipart_parse(&a, body, blen, boundary ? boundary : "fuzz", parts, MAXPARTS, &err);
	if ((n < 0) != (err != NULL) || n == 0 || n > MAXPARTS)
		abort();
	for (int i = 0; i < n; i++) {
		const struct mpart *m = &parts[i];
		if (m->name == NULL || m->name[0] == '\0' || !clean(m->name))
			abort();
		if ((m->filename && !clean(m->filename)) || (m->ctype && !clean(m->ctype)))
			abort();
		if (m->data < body || m->data + m->len > body + blen)
			abort();
		if (i && m->data < parts[i - 1].data + parts[i - 1].len)
			abort();
	}
	free((char *)body);
	arena_free(&a);
	return 0;
}
