/*
 * fuzz_form.c - form_decode + form_check on arbitrary request bodies, with a
 * declared field of every type. This is the path every POST body and query
 * string takes, so it must never crash, read out of bounds or hand a
 * handler a value that breaks the promises in form.h (whole-parsed numbers,
 * valid UTF-8 without control bytes, trimmed text, choices from the list).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "http/request.h"
#include "core/arena.h"
#include "core/buf.h"

static const char *const levels[] = { "grunnskole", "videregaende", "begge", NULL };

static const struct field fields[] = {
	{ "name", F_TEXT, 1, 0, 0, 0, NULL },
	{ "note", F_MULTILINE, 0, 2000, 0, 0, NULL },
	{ "email", F_EMAIL, 0, 0, 0, 0, NULL },
	{ "password", F_PASSWORD, 0, 64, 0, 0, NULL },
	{ "pupils", F_INT, 0, 0, 0, 100000, NULL },
	{ "level", F_ENUM, 0, 0, 0, 0, levels },
	{ "private", F_BOOL, 0, 0, 0, 0, NULL },
	{ "school", F_MULTI, 0, 0, 1, 1000000, NULL },
};
#define NF ((int)(sizeof(fields) / sizeof(fields[0])))

static int
has_ctl(const char *s, int allow_nl)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0x7f || (c < 0x20 && !(allow_nl && (c == '\n' || c == '\r' || c == '\t'))))
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct kv kv[64];
	struct fval v[NF];
	int n;

	arena_init(&a, 8u << 20);
	n = form_decode(&a, (const char *)data, size, kv, 64);
	if (n > 64)
		abort();
	if (n >= 0) {
		int nerr = form_check(&a, kv, n, fields, NF, v), seen = 0;
		for (int i = 0; i < NF; i++) {
			const struct field *f = &fields[i];
			if (v[i].err) {
				seen++;
				continue;
			}
			if (f->required && v[i].s == NULL && !(f->type == F_BOOL && v[i].i))
				abort();
			if (v[i].s == NULL)
				continue;
			switch (f->type) {
			case F_TEXT:
			case F_EMAIL:
			case F_MULTILINE:
			case F_PASSWORD:
				if (!utf8_valid(v[i].s, strlen(v[i].s)) ||
				    has_ctl(v[i].s, f->type == F_MULTILINE || f->type == F_PASSWORD) ||
				    strlen(v[i].s) > (f->maxlen ? f->maxlen : 200))
					abort();
				if (f->type == F_EMAIL && !email_valid(v[i].s))
					abort();
				if ((f->type == F_TEXT || f->type == F_EMAIL) &&
				    (v[i].s[0] == ' ' || v[i].s[0] == '\0'))
					abort();
				break;
			case F_INT:
				if (v[i].i < f->min || v[i].i > f->max)
					abort();
				break;
			case F_ENUM: {
				int ok = 0;
				for (int k = 0; levels[k]; k++)
					ok |= v[i].s == levels[k];
				if (!ok)
					abort();
				break;
			}
			case F_BOOL:
				if (v[i].i != 1)
					abort();
				break;
			case F_MULTI:
				if (v[i].nmulti < 1 || v[i].nmulti > FORM_MAX_MULTI)
					abort();
				for (int k = 0; k < v[i].nmulti; k++)
					if (v[i].multi[k] < f->min || v[i].multi[k] > f->max)
						abort();
				break;
			}
		}
		if (seen != nerr)
			abort();
	}
	arena_free(&a);
	return 0;
}
