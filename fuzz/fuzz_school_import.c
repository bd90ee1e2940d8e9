/*
 * fuzz_school_import.c - school_parse on arbitrary files: CSV, or JSON when
 * the text starts with '['. Imports are uploaded by school owners and come
 * from spreadsheets of every kind; the parser must refuse bad files with a
 * message, never crash, and every row it accepts must satisfy the checks
 * the database writer relies on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/org.h"
#include "http/form.h"
#include "core/arena.h"
#include "core/buf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf err;
	struct import_result res;
	struct school *rows = NULL;
	int n;

	arena_init(&a, 256u << 20);
	buf_init(&err, 1 << 20, &a);
	memset(&res, 0, sizeof(res));
	res.errors = &err;
	n = school_parse(&a, (const char *)data, size, &rows, &res);
	if (n < 0) {
		if (res.rows != 0)
			abort();
	} else {
		if (res.rows != n)
			abort();
		for (int i = 0; i < n; i++) {
			const struct school *s = &rows[i];
			if (!orgnr_valid(s->orgnr) || s->name[0] == '\0' ||
			    !utf8_valid(s->name, strlen(s->name)) ||
			    strlen(s->kommunenummer) != 4 || s->pupils < -1 || s->pupils > 100000 ||
			    (s->private_ != 0 && s->private_ != 1) || (s->active != 0 && s->active != 1) ||
			    (strcmp(s->level, "grunnskole") && strcmp(s->level, "videregaende") &&
			    strcmp(s->level, "begge")))
				abort();
			for (int k = 0; k < i; k++)
				if (strcmp(rows[k].orgnr, s->orgnr) == 0)
					abort();
		}
	}
	arena_free(&a);
	return 0;
}
