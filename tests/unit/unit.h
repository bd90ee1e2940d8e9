/*
 * unit.h - shared includes and helpers for the cmocka unit tests.
 *
 * Every system header a test needs is included here, before cmocka and
 * before any project header, because core/buf.h poisons strcpy & co. and a
 * system header read after it would trip over the poison. Each test file
 * includes this first, then the project headers it tests ("core/buf.h";
 * the Makefile passes -Isrc).
 *
 * Run a test binary with CMOCKA_MESSAGE_OUTPUT=TAP (as `make unit` does) to
 * get TAP; without it cmocka prints its own summary.
 */
#ifndef SKOLESEC_UNIT_H
#define SKOLESEC_UNIT_H

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/request.h"

/* cmocka's assert_string_equal dereferences NULL; this one reports it. */
#define assert_str(actual, expected) do { \
		const char *_a = (actual), *_e = (expected); \
		if (_a == NULL || _e == NULL) { \
			if (_a != _e) \
				fail_msg("%s is %s, expected %s%s%s", #actual, \
				    _a ? _a : "NULL", _e ? "\"" : "", _e ? _e : "NULL", \
				    _e ? "\"" : ""); \
		} else \
			assert_string_equal(_a, _e); \
	} while (0)

/* A bare request for code that writes into r->out or r->params: its own
 * arena, an output buffer, language nb. Free it with unit_req_free(). */
static inline struct req *
unit_req_new(void)
{
	struct req *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	arena_init(&r->arena, 8u << 20);
	buf_init(&r->out, 1u << 20, &r->arena);
	r->lang = "nb";
	r->query = "";
	return r;
}

static inline void
unit_req_free(struct req *r)
{
	if (r == NULL)
		return;
	arena_free(&r->arena);
	free(r);
}

/* The request's output so far, as a string (fails the test on a buf error). */
static inline const char *
unit_out(struct req *r)
{
	const char *s = buf_str(&r->out);

	assert_non_null(s);
	return s;
}

#endif
