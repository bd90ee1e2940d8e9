/*
 * fuzz_inventory_csv.c - inv_csv_parse on arbitrary files. Inventory imports
 * come from every spreadsheet program and encoding there is; the parser must
 * refuse bad files with messages (and no rows), never crash, and every row
 * it accepts must satisfy what the database writer relies on: a tool and a
 * school from the context (the school one the importer may write), values
 * that pass the domain checks again, no (tool, school) pair twice. Accepted
 * rows are exported and parsed again, which must give the same rows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/inventory.h"
#include "domain/inventory_csv.h"
#include "http/form.h"
#include "core/arena.h"
#include "core/buf.h"

static const struct inv_tool tools[] = {
	{ 1, "Kahoot!", "Kahoot! ASA" }, { 2, "Book Creator", "" }, { 3, "Læringsbrett", "Æ" },
	{ 4, "Twin", "" }, { 5, "twin", "" },
};
static const struct inv_csv_school schools[] = {
	{ 11, "Nordnes skole", 1 }, { 12, "Slettebakken skole", 0 }, { 13, "Åstveit skole", 1 },
};

static void
check(const struct inv_csv_result *res, int n, int org_wide)
{
	struct arena a;

	arena_init(&a, 16u << 20);
	for (int i = 0; i < n; i++) {
		const struct inv_row *r = &res->rows[i].row;
		struct inv_input in;
		struct inv_row again;
		const char *err[IF__COUNT];
		int ok = 0;
		for (size_t k = 0; k < sizeof(tools) / sizeof(tools[0]); k++)
			ok |= tools[k].id == r->tool_id;
		if (!ok)
			abort();
		if (r->school_id == 0 ? !org_wide : !(r->school_id == 11 || r->school_id == 13))
			abort();
		if (r->pupils < -1 || r->pupils > INV_MAX_PUPILS || !inv_state_label(r->state))
			abort();
		if (!utf8_valid(r->purpose, strlen(r->purpose)) ||
		    !utf8_valid(r->usage_rules, strlen(r->usage_rules)))
			abort();
		/* The stored values pass the checks again unchanged. */
		memset(&in, 0, sizeof(in));
		in.tool_id = r->tool_id;
		in.school_id = r->school_id;
		in.grades = r->grades;
		in.pupils = r->pupils >= 0 ? arena_printf(&a, "%lld", (long long)r->pupils) : "";
		in.purpose = r->purpose;
		in.responsible = r->responsible;
		in.since = r->since;
		in.state = r->state;
		in.usage_rules = r->usage_rules;
		in.data = r->data;
		in.feide = r->feide;
		if (inv_check_values(&a, &in, &again, err) != 0 || strcmp(again.grades, r->grades) ||
		    strcmp(again.since, r->since))
			abort();
		for (int k = 0; k < i; k++)
			if (res->rows[k].row.tool_id == r->tool_id &&
			    res->rows[k].row.school_id == r->school_id)
				abort();
	}
	arena_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct inv_csv_result res, back;
	struct inv_csv_ctx ctx = { tools, 5, schools, 3, 1 };
	struct inv_row *rows;
	struct buf b;
	int n;

	/* The first byte picks the importer: administrator or school leader. */
	if (size > 0) {
		ctx.org_wide = data[0] & 1;
		data++;
		size--;
	}
	arena_init(&a, 256u << 20);
	memset(&res, 0, sizeof(res));
	n = inv_csv_parse(&a, (const char *)data, size, &ctx, &res);
	if (n < 0) {
		if (res.nrows != 0 || res.nerrors == 0)
			abort();
	} else {
		if (res.nerrors != 0 || n != res.nrows)
			abort();
		check(&res, n, ctx.org_wide);
		rows = arena_alloc(&a, sizeof(*rows) * (size_t)(n + 1));
		if (rows == NULL)
			abort();
		for (int i = 0; i < n; i++) {
			rows[i] = res.rows[i].row;
			for (size_t k = 0; k < sizeof(tools) / sizeof(tools[0]); k++)
				if (tools[k].id == rows[i].tool_id)
					rows[i].tool_name = tools[k].name;
			for (size_t k = 0; k < sizeof(schools) / sizeof(schools[0]); k++)
				if (schools[k].id == rows[i].school_id)
					rows[i].school_name = schools[k].name;
		}
		buf_init(&b, 64u << 20, &a);
		inv_csv_export(&b, &a, rows, n, res.sep);
		memset(&back, 0, sizeof(back));
		if (buf_err(&b) || inv_csv_parse(&a, b.p, b.len, &ctx, &back) != n)
			abort();
		for (int i = 0; i < n; i++)
			if (back.rows[i].row.tool_id != rows[i].tool_id ||
			    back.rows[i].row.school_id != rows[i].school_id ||
			    strcmp(back.rows[i].row.purpose, rows[i].purpose) ||
			    strcmp(back.rows[i].row.usage_rules, rows[i].usage_rules) ||
			    strcmp(back.rows[i].row.responsible, rows[i].responsible))
				abort();
	}
	arena_free(&a);
	return 0;
}
