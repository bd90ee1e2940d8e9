/*
 * inventory_csv.c - inventory export, template and import; see
 * inventory_csv.h for the format.
 *
 * Import runs in three passes so nothing is written unless the whole file is
 * good: decode (encoding decided from the bytes), parse and check every line
 * against the organisation's tools and schools (no database: the fuzzer
 * drives this part), then match existing rows and write. Every problem is
 * collected with its line, so a file can be fixed in one go.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/msgid.h"
#include "audit.h"
#include "catalogue.h"
#include "inventory.h"
#include "inventory_csv.h"
#include "../db/db.h"
#include "../http/form.h"
#include "../core/arena.h"
#include "../core/csv.h"
#include "../core/buf.h"

enum col {
	COL_TOOL, COL_SCHOOL, COL_GRADES, COL_PUPILS, COL_PURPOSE, COL_DATA, COL_FEIDE,
	COL_RESPONSIBLE, COL_SINCE, COL_STATE, COL_ROS, COL_DPIA, COL_DBA, COL_PUBLIC,
	COL_RULES
};

/* Header names: the Norwegian one is written; all are accepted. */
static const char *const col_names[INV_CSV_NCOLS][4] = {
	[COL_TOOL] = { "verktøy", "verktoy", "tool", NULL },
	[COL_SCHOOL] = { "skole", "school", NULL, NULL },
	[COL_GRADES] = { "trinn", "grades", NULL, NULL },
	[COL_PUPILS] = { "elever", "pupils", NULL, NULL },
	[COL_PURPOSE] = { "formål", "formal", "purpose", NULL },
	[COL_DATA] = { "personopplysninger", "data_categories", NULL, NULL },
	[COL_FEIDE] = { "feide_attributter", "feide_attributes", NULL, NULL },
	[COL_RESPONSIBLE] = { "ansvarlig", "responsible", NULL, NULL },
	[COL_SINCE] = { "siden", "since", NULL, NULL },
	[COL_STATE] = { "status", "state", NULL, NULL },
	[COL_ROS] = { "ros", "has_ros", NULL, NULL },
	[COL_DPIA] = { "dpia", "has_dpia", NULL, NULL },
	[COL_DBA] = { "dba", "has_dba", NULL, NULL },
	[COL_PUBLIC] = { "offentlig", "public", NULL, NULL },
	[COL_RULES] = { "bruksregler", "usage_rules", NULL, NULL },
};

/* States as written in the file; the keys are accepted too. */
static const char *const state_words[3][2] = {
	{ "in_use", "i bruk" }, { "trial", "utprøving" }, { "phasing_out", "utfases" },
};

/* Line errors are listed up to the cap and counted beyond it; an error
 * about the whole file (line 0) is always listed, first. */
#define FILE_ERRORS 4

static void
add_error(struct arena *a, struct inv_csv_result *res, int line, const char *msgid, const char *arg)
{
	int at;

	if (res->nerrors >= INV_CSV_MAX_ERRORS + (line == 0 ? FILE_ERRORS : 0)) {
		res->more_errors++;
		return;
	}
	if (res->errors == NULL) {
		res->errors = arena_alloc(a, sizeof(*res->errors) * (INV_CSV_MAX_ERRORS + FILE_ERRORS));
		if (res->errors == NULL) {
			res->more_errors++;
			return;
		}
	}
	at = res->nerrors;
	if (line == 0) {
		while (at > 0 && res->errors[at - 1].line != 0)
			at--;
		memmove(&res->errors[at + 1], &res->errors[at],
		    sizeof(*res->errors) * (size_t)(res->nerrors - at));
	}
	res->errors[at].line = line;
	res->errors[at].msgid = msgid;
	res->errors[at].arg = arg ? arena_strdup(a, arg) : NULL;
	res->nerrors++;
}

/* ---- encoding ---- */

static int
line_of(const char *s, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++)
		line += s[i] == '\n';
	return line;
}

/* Length of a well-formed UTF-8 sequence of two or more bytes at s[i], or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t i, size_t len)
{
	unsigned c = s[i];
	size_t n;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (i + n > len)
		return 0;
	return utf8_valid((const char *)s + i, n) ? n : 0;
}

/* Windows-1252's 0x80-0x9F; 0 marks the five bytes it leaves undefined. */
static const unsigned short cp1252_hi[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static void
put_cp(struct buf *b, unsigned cp)
{
	char u[3];

	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, u, 2);
	} else {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_put(b, u, 3);
	}
}

int
inv_csv_decode(struct arena *a, const char *in, size_t len, const char **out, size_t *outlen,
    struct inv_csv_result *res)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i, bad = (size_t)-1, good = (size_t)-1;
	const char *nul;
	struct buf b;

	if (len > INV_CSV_MAX_BYTES) {
		add_error(a, res, 0, N_("The file is larger than 10 MB. Split it into smaller files."), NULL);
		return -1;
	}
	if (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff))) {
		add_error(a, res, 0, N_("The file is UTF-16 text. Save it as \"CSV UTF-8\" or \"CSV (semicolon separated)\" and try again."), NULL);
		return -1;
	}
	if ((nul = memchr(in, '\0', len)) != NULL) {
		add_error(a, res, line_of(in, (size_t)(nul - in)),
		    N_("The file holds NUL bytes, so it is not a text file. Save it as CSV and try again."), NULL);
		return -1;
	}
	if (len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
		if (!utf8_valid(in + 3, len - 3)) {
			for (i = 3; i < len && bad == (size_t)-1;) {
				size_t n = s[i] < 0x80 ? 1 : utf8_seq(s, i, len);
				if (n == 0)
					bad = i;
				i += n ? n : 1;
			}
			add_error(a, res, line_of(in, bad), N_("The file is marked as UTF-8, but this line is not valid UTF-8 (mixed encodings). Save the file again as \"CSV UTF-8\"."), NULL);
			return -1;
		}
		res->enc = ENC_UTF8_BOM;
		*out = in + 3;
		*outlen = len - 3;
		return 0;
	}
	if (utf8_valid(in, len)) {
		res->enc = ENC_UTF8;
		*out = in;
		*outlen = len;
		return 0;
	}
	/* Not UTF-8. Windows-1252 text of Norwegian words never holds a
	 * well-formed multi-byte UTF-8 sequence (that would take e.g. "Ã¸");
	 * a file with both was put together from two sources. */
	for (i = 0; i < len;) {
		size_t n = s[i] < 0x80 ? 1 : utf8_seq(s, i, len);
		if (n == 0 && bad == (size_t)-1)
			bad = i;
		if (n > 1 && good == (size_t)-1)
			good = i;
		i += n ? n : 1;
	}
	if (good != (size_t)-1) {
		char ln[16];
		snprintf(ln, sizeof(ln), "%d", line_of(in, good));
		add_error(a, res, line_of(in, bad), N_("The file mixes two encodings: this line is Windows-1252, but this line is UTF-8"), ln);
		return -1;
	}
	buf_init(&b, len * 3 + 1, a);
	for (i = 0; i < len; i++) {
		unsigned c = s[i];
		if (c < 0x80)
			buf_putc(&b, (char)c);
		else if (c >= 0xa0)
			put_cp(&b, c);
		else if (cp1252_hi[c - 0x80])
			put_cp(&b, cp1252_hi[c - 0x80]);
		else {
			char hex[8];
			snprintf(hex, sizeof(hex), "0x%02X", c);
			add_error(a, res, line_of(in, i), N_("The file is neither UTF-8 nor Windows-1252: this byte has no meaning in Windows-1252"), hex);
			return -1;
		}
	}
	if (buf_str(&b) == NULL) {
		add_error(a, res, 0, N_("The file is too large to read."), NULL);
		return -1;
	}
	res->enc = ENC_CP1252;
	*outlen = b.len;
	*out = buf_str(&b);
	return 0;
}

/* ---- writing ---- */

void
inv_csv_cell(struct buf *b, const char *s, char sep)
{
	int quote = 0, guard;

	s = s ? s : "";
	/* A spreadsheet would run these as formulas (CSV injection): a
	 * leading apostrophe makes the cell text. */
	guard = *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r';
	for (const char *p = s; *p; p++)
		if (*p == sep || *p == '"' || *p == '\n' || *p == '\r')
			quote = 1;
	if (quote)
		buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

static void
header(struct buf *b, char sep)
{
	buf_puts(b, "\xEF\xBB\xBF");
	for (int c = 0; c < INV_CSV_NCOLS; c++) {
		if (c)
			buf_putc(b, sep);
		inv_csv_cell(b, col_names[c][0], sep);
	}
	buf_puts(b, "\r\n");
}

static const char *
state_word(const char *key)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(key, state_words[i][0]) == 0)
			return state_words[i][1];
	return key;
}

void
inv_csv_export(struct buf *b, struct arena *a, const struct inv_row *rows, int n, char sep)
{
	header(b, sep);
	for (int i = 0; i < n; i++) {
		const struct inv_row *r = &rows[i];
		const char *v[INV_CSV_NCOLS];
		v[COL_TOOL] = r->tool_name;
		v[COL_SCHOOL] = r->school_id > 0 ? r->school_name : "";
		v[COL_GRADES] = r->grades;
		v[COL_PUPILS] = r->pupils >= 0 ? arena_printf(a, "%lld", (long long)r->pupils) : "";
		v[COL_PURPOSE] = r->purpose;
		v[COL_DATA] = inv_keys_str(a, CS_DATA, r->data);
		v[COL_FEIDE] = inv_keys_str(a, CS_FEIDE, r->feide);
		v[COL_RESPONSIBLE] = r->responsible;
		v[COL_SINCE] = r->since;
		v[COL_STATE] = state_word(r->state);
		v[COL_ROS] = r->has_ros ? "ja" : "nei";
		v[COL_DPIA] = r->has_dpia ? "ja" : "nei";
		v[COL_DBA] = r->has_dba ? "ja" : "nei";
		v[COL_PUBLIC] = r->public_ ? "ja" : "nei";
		v[COL_RULES] = r->usage_rules;
		for (int c = 0; c < INV_CSV_NCOLS; c++) {
			if (c)
				buf_putc(b, sep);
			inv_csv_cell(b, v[c], sep);
		}
		buf_puts(b, "\r\n");
	}
}

void
inv_csv_template(struct buf *b, const char *tool, const char *school, char sep)
{
	const char *v[INV_CSV_NCOLS] = {
		[COL_TOOL] = tool && *tool ? tool : "Kahoot!",
		[COL_SCHOOL] = school && *school ? school : "",
		[COL_GRADES] = "5-7",
		[COL_PUPILS] = "120",
		[COL_PURPOSE] = "Quiz og repetisjon i undervisningen",
		[COL_DATA] = "name,schoolwork",
		[COL_FEIDE] = "userid,profile",
		[COL_RESPONSIBLE] = "Rektor",
		[COL_SINCE] = "2023-08-15",
		[COL_STATE] = "i bruk",
		[COL_ROS] = "ja",
		[COL_DPIA] = "nei",
		[COL_DBA] = "ja",
		[COL_PUBLIC] = "ja",
		[COL_RULES] = "Elevene bruker kallenavn, ikke fullt navn.",
	};

	header(b, sep);
	for (int c = 0; c < INV_CSV_NCOLS; c++) {
		if (c)
			buf_putc(b, sep);
		inv_csv_cell(b, v[c], sep);
	}
	buf_puts(b, "\r\n");
}

/* ---- reading ---- */

/* The separator is whichever of ';' and ',' the header line uses more,
 * outside quotes. */
static char
detect_sep(const char *s, size_t len)
{
	int semi = 0, comma = 0, q = 0;

	for (size_t i = 0; i < len && s[i] != '\n' && !(s[i] == '\r' && !q); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == ';')
			semi++;
		else if (!q && s[i] == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

static int
parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "ja", "j", "yes", "y", "1", "true", "x", NULL };
	static const char *const no[] = { "nei", "n", "no", "0", "false", "", NULL };

	for (int i = 0; yes[i]; i++)
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
	for (int i = 0; no[i]; i++)
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	return -1;
}

/* Undoes the export's formula guard: "'=x" was written for "=x". */
static char *
unguard(char *s)
{
	if (s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@' ||
	    s[1] == '\t' || s[1] == '\r'))
		return s + 1;
	return s;
}

/* Maps header cells to columns: map[i] is the column of field i. */
static int
read_header(struct arena *a, char **f, int nf, int *map, struct inv_csv_result *res)
{
	int seen[INV_CSV_NCOLS] = { 0 }, bad = 0;

	for (int i = 0; i < nf; i++) {
		char *k = catalogue_casefold(a, f[i]);
		map[i] = -1;
		for (int c = 0; k && c < INV_CSV_NCOLS; c++)
			for (int j = 0; j < 4 && col_names[c][j]; j++)
				if (strcmp(k, col_names[c][j]) == 0)
					map[i] = c;
		if (map[i] < 0) {
			add_error(a, res, 1, N_("Unknown column"), f[i]);
			bad = 1;
		} else if (seen[map[i]]++) {
			add_error(a, res, 1, N_("Column appears twice"), f[i]);
			bad = 1;
		}
	}
	for (int c = 0; c < INV_CSV_NCOLS; c++)
		if (!seen[c]) {
			add_error(a, res, 1, N_("Column missing"), col_names[c][0]);
			bad = 1;
		}
	return bad ? -1 : 0;
}

static const char *
state_key(struct arena *a, const char *v)
{
	char *k = catalogue_casefold(a, v);

	if (k == NULL)
		return v;
	if (*k == '\0')
		return "";
	for (int i = 0; i < 3; i++)
		if (strcmp(k, state_words[i][0]) == 0 || strcmp(k, state_words[i][1]) == 0 ||
		    (i == 1 && strcmp(k, "utproving") == 0))
			return state_words[i][0];
	return v;	/* reported by the value check */
}

/* One data line (fields already in column order) into row. Returns 0 or -1
 * (errors added). */
/* Casefolded tool and school names, computed once per file. */
struct folded {
	char **tools, **schools;
};

static int
read_line(struct arena *a, const struct inv_csv_ctx *ctx, const struct folded *fo,
    char *const *v, int line, struct inv_row *row, struct inv_csv_result *res)
{
	struct inv_input in;
	const char *err[IF__COUNT], *bad;
	int nbad = 0, flag[4];
	static const int fcol[IF__COUNT] = {
		[IF_TOOL] = COL_TOOL, [IF_SCHOOL] = COL_SCHOOL, [IF_GRADES] = COL_GRADES,
		[IF_PUPILS] = COL_PUPILS, [IF_PURPOSE] = COL_PURPOSE, [IF_DATA] = COL_DATA,
		[IF_FEIDE] = COL_FEIDE, [IF_RESPONSIBLE] = COL_RESPONSIBLE, [IF_SINCE] = COL_SINCE,
		[IF_STATE] = COL_STATE, [IF_RULES] = COL_RULES,
	};
	char *tool = catalogue_casefold(a, v[COL_TOOL]);
	char *school = catalogue_casefold(a, v[COL_SCHOOL]);

	memset(&in, 0, sizeof(in));
	if (tool == NULL || school == NULL)
		return -1;
	if (*tool == '\0') {
		add_error(a, res, line, N_("The tool is missing"), NULL);
		nbad++;
	} else {
		int hits = 0;
		for (int i = 0; i < ctx->ntools; i++) {
			if (fo->tools[i] && strcmp(fo->tools[i], tool) == 0) {
				in.tool_id = ctx->tools[i].id;
				hits++;
			}
		}
		if (hits == 0) {
			add_error(a, res, line, N_("No tool with this name in the catalogue or among your proposals"), v[COL_TOOL]);
			nbad++;
		} else if (hits > 1) {
			add_error(a, res, line, N_("Several tools have this name; add this one in the form instead"), v[COL_TOOL]);
			nbad++;
		}
	}
	if (*school == '\0' || !strcmp(school, "hele kommunen") || !strcmp(school, "hele fylket") ||
	    !strcmp(school, "hele organisasjonen")) {
		in.school_id = 0;
		if (!ctx->org_wide) {
			add_error(a, res, line, N_("You can only change rows for your own schools, not for the whole organisation"), NULL);
			nbad++;
		}
	} else {
		int hit = -1;
		for (int i = 0; i < ctx->nschools; i++)
			if (fo->schools[i] && strcmp(fo->schools[i], school) == 0)
				hit = i;
		if (hit < 0) {
			add_error(a, res, line, N_("No school with this name in your organisation"), v[COL_SCHOOL]);
			nbad++;
		} else if (!ctx->schools[hit].allowed) {
			add_error(a, res, line, N_("You can only change rows for your own schools"), v[COL_SCHOOL]);
			nbad++;
		} else
			in.school_id = ctx->schools[hit].id;
	}
	in.grades = v[COL_GRADES];
	in.pupils = v[COL_PUPILS];
	in.purpose = v[COL_PURPOSE];
	in.responsible = v[COL_RESPONSIBLE];
	in.since = v[COL_SINCE];
	in.state = state_key(a, v[COL_STATE]);
	in.usage_rules = v[COL_RULES];
	if (inv_parse_keys(a, CS_DATA, v[COL_DATA], &in.data, &bad)) {
		add_error(a, res, line, N_("Unknown data category"), bad ? bad : v[COL_DATA]);
		nbad++;
	}
	if (inv_parse_keys(a, CS_FEIDE, v[COL_FEIDE], &in.feide, &bad)) {
		add_error(a, res, line, N_("Unknown Feide attribute"), bad ? bad : v[COL_FEIDE]);
		nbad++;
	}
	for (int k = 0; k < 4; k++) {
		static const int bcol[4] = { COL_ROS, COL_DPIA, COL_DBA, COL_PUBLIC };
		char *t = catalogue_casefold(a, v[bcol[k]]);
		if (t == NULL || parse_bool(t, &flag[k])) {
			add_error(a, res, line, N_("Write ja or nei"),
			    arena_printf(a, "%s: %s", col_names[bcol[k]][0], v[bcol[k]]));
			nbad++;
			flag[k] = 0;
		}
	}
	in.has_ros = flag[0];
	in.has_dpia = flag[1];
	in.has_dba = flag[2];
	in.public_ = flag[3];
	inv_check_values(a, &in, row, err);
	for (int i = IF_GRADES; i < IF__COUNT; i++)
		if (err[i]) {
			add_error(a, res, line, err[i], v[fcol[i]]);
			nbad++;
		}
	return nbad ? -1 : 0;
}

/* (tool, school) pairs seen so far, for duplicates within a file: open
 * addressing, grown at half load, so a 20000-line file stays linear. */
struct pairs {
	struct arena *a;
	struct { int64_t tool, school; int line; } *slot;
	size_t cap, n;
};

static size_t
pair_hash(int64_t t, int64_t s, size_t cap)
{
	uint64_t h = (uint64_t)t * 0x9e3779b97f4a7c15u ^ ((uint64_t)s + 0x632be59bd9b4e019u) * 0xbf58476d1ce4e5b9u;

	return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

/* The line an equal pair was first seen on; 0 when new (then recorded);
 * -1 out of memory. */
static int
seen_pair(struct pairs *p, int64_t tool, int64_t school, int line)
{
	size_t i;

	if (2 * (p->n + 1) > p->cap) {
		struct pairs np = { p->a, NULL, p->cap ? p->cap * 2 : 256, 0 };
		np.slot = arena_alloc(p->a, sizeof(*np.slot) * np.cap);
		if (np.slot == NULL)
			return -1;
		for (i = 0; i < p->cap; i++)
			if (p->slot[i].line)
				(void)seen_pair(&np, p->slot[i].tool, p->slot[i].school, p->slot[i].line);
		*p = np;
	}
	for (i = pair_hash(tool, school, p->cap); p->slot[i].line; i = (i + 1) & (p->cap - 1))
		if (p->slot[i].tool == tool && p->slot[i].school == school)
			return p->slot[i].line;
	p->slot[i].tool = tool;
	p->slot[i].school = school;
	p->slot[i].line = line;
	p->n++;
	return 0;
}

int
inv_csv_parse(struct arena *a, const char *bytes, size_t len, const struct inv_csv_ctx *ctx,
    struct inv_csv_result *res)
{
	const char *text;
	size_t tlen;
	struct csv c;
	char *f[64];
	int map[64], nf, cap = 64, bad = 0;
	struct folded fo;
	struct pairs dup;

	res->rows = NULL;
	res->nrows = 0;
	if (inv_csv_decode(a, bytes, len, &text, &tlen, res))
		return -1;
	res->sep = detect_sep(text, tlen);
	csv_init(&c, text, tlen, res->sep);
	nf = csv_next(&c, a, f, 64);
	if (nf <= 0) {
		add_error(a, res, 1, nf == 0 ? N_("The file is empty: the first line must name the columns") :
		    N_("The line has a quote in the wrong place, a quoted value that never ends, or too many columns"), NULL);
		return -1;
	}
	if (read_header(a, f, nf, map, res))
		return -1;
	fo.tools = arena_alloc(a, sizeof(char *) * (size_t)(ctx->ntools + 1));
	fo.schools = arena_alloc(a, sizeof(char *) * (size_t)(ctx->nschools + 1));
	if (fo.tools == NULL || fo.schools == NULL) {
		add_error(a, res, 0, N_("The file is too large to read."), NULL);
		return -1;
	}
	for (int i = 0; i < ctx->ntools; i++)
		fo.tools[i] = catalogue_casefold(a, ctx->tools[i].name);
	for (int i = 0; i < ctx->nschools; i++)
		fo.schools[i] = catalogue_casefold(a, ctx->schools[i].name);
	memset(&dup, 0, sizeof(dup));
	dup.a = a;
	res->rows = arena_alloc(a, sizeof(*res->rows) * (size_t)cap);
	for (;;) {
		char *v[INV_CSV_NCOLS];
		int line, empty = 1;
		nf = csv_next(&c, a, f, 64);
		if (nf == 0)
			break;
		if (nf < 0) {
			add_error(a, res, c.line, N_("The line has a quote in the wrong place, a quoted value that never ends, or too many columns"), NULL);
			bad = 1;
			break;	/* where the next line starts is unknown */
		}
		/* csv_next leaves c.line after the record; its first line is
		 * what a person looks for. Count the record's own newlines. */
		line = c.line - 1;
		for (int i = 0; i < nf; i++)
			for (const char *p = f[i]; *p; p++)
				line -= *p == '\n';
		for (int i = 0; i < nf; i++)
			if (f[i][strspn(f[i], " \t")] != '\0')
				empty = 0;
		if (empty)
			continue;	/* blank lines, also ";;;;" from a spreadsheet */
		if (++res->lines > INV_CSV_MAX_LINES) {
			add_error(a, res, 0, N_("The file has more than 20000 lines. Split it into smaller files."), NULL);
			bad = 1;
			break;
		}
		if (nf != INV_CSV_NCOLS) {
			add_error(a, res, line, N_("The line does not have the same number of columns as the header"),
			    arena_printf(a, "%d", nf));
			bad = 1;
			continue;
		}
		for (int i = 0; i < nf; i++)
			v[map[i]] = unguard(f[i]);
		res->rows = arena_grow(a, res->rows, res->nrows, &cap, sizeof(*res->rows));
		if (res->rows == NULL) {
			add_error(a, res, 0, N_("The file is too large to read."), NULL);
			return -1;
		}
		{
			struct inv_csv_line *l = &res->rows[res->nrows];
			int prev;
			memset(l, 0, sizeof(*l));
			l->line = line;
			if (read_line(a, ctx, &fo, v, line, &l->row, res)) {
				bad = 1;
				continue;
			}
			if ((prev = seen_pair(&dup, l->row.tool_id, l->row.school_id, l->line)) < 0) {
				add_error(a, res, 0, N_("The file is too large to read."), NULL);
				return -1;
			}
			if (prev > 0) {
				add_error(a, res, line, N_("The same tool and school are already on line"),
				    arena_printf(a, "%d", prev));
				bad = 1;
				continue;
			}
			res->nrows++;
		}
	}
	if (!bad && res->nerrors == 0 && res->lines == 0)
		add_error(a, res, 0, N_("The file has no lines below the header."), NULL);
	if (bad || res->nerrors) {
		res->nrows = 0;
		return -1;
	}
	return res->nrows;
}

/* ---- import ---- */

int
inv_csv_import(struct db *db, struct arena *a, int64_t org_id, const struct principal *p,
    const char *bytes, size_t len, int64_t actor, int64_t now, struct inv_csv_result *res)
{
	struct arena work;
	struct inv_csv_ctx ctx;
	struct inv_tool *tools;
	struct inv_csv_school *schools;
	struct inv_csv_result pr;
	struct db_stmt *st;
	int rc, n, ret = -1, cap = 64, ns = 0;

	memset(res, 0, sizeof(*res));
	memset(&pr, 0, sizeof(pr));
	memset(&ctx, 0, sizeof(ctx));
	/* Decoding and parsing a 10 MB file takes several times its size;
	 * that memory is the import's own, not the request's. */
	arena_init(&work, 512u << 20);
	if ((ctx.ntools = inventory_tools(db, &work, org_id, &tools)) < 0)
		goto out;
	ctx.tools = tools;
	schools = arena_alloc(&work, sizeof(*schools) * (size_t)cap);
	st = db_query(db, "SELECT id, name FROM schools WHERE org_id = ? ORDER BY id", &rc, "i", org_id);
	while (rc == 1 && schools) {
		if ((schools = arena_grow(&work, schools, ns, &cap, sizeof(*schools))) == NULL) {
			break;
		}
		schools[ns].id = db_col_int(st, 0);
		schools[ns].name = arena_strdup(&work, db_col_text(st, 1));
		schools[ns].allowed = inventory_can(p, A_INVENTORY_EDIT, org_id, schools[ns].id);
		ns++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || schools == NULL)
		goto out;
	ctx.schools = schools;
	ctx.nschools = ns;
	ctx.org_wide = inventory_can(p, A_INVENTORY_EDIT, org_id, 0);

	n = inv_csv_parse(&work, bytes, len, &ctx, &pr);
	res->enc = pr.enc;
	res->sep = pr.sep;
	res->lines = pr.lines;
	if (n < 0) {
		ret = 1;
		goto copy_errors;
	}
	res->updates = arena_alloc(a, sizeof(*res->updates) * (size_t)(n + 1));
	if (res->updates == NULL)
		goto out;
	for (int i = 0; i < n; i++) {
		struct inv_csv_line *l = &pr.rows[i];
		int64_t id = inventory_find(db, org_id, l->row.tool_id, l->row.school_id);
		if (id < 0)
			goto out;
		l->existing = id;
		/* Names for the audit record and the report. */
		for (int k = 0; k < ctx.ntools; k++)
			if (ctx.tools[k].id == l->row.tool_id)
				l->row.tool_name = ctx.tools[k].name;
		for (int k = 0; k < ns; k++)
			if (schools[k].id == l->row.school_id)
				l->row.school_name = schools[k].name;
		if (id > 0) {
			rc = inventory_update(db, &work, org_id, id, &l->row, "import", actor, now);
			if (rc != 1)
				goto out;
			res->updated++;
			res->updates[res->nupdates] = *l;
			res->updates[res->nupdates].row.tool_name = arena_strdup(a, l->row.tool_name);
			res->updates[res->nupdates].row.school_name = arena_strdup(a, l->row.school_name);
			res->nupdates++;
		} else {
			if (inventory_create(db, &work, org_id, &l->row, "import", actor, now) <= 0)
				goto out;
			res->created++;
		}
	}
	{
		char detail[160];
		snprintf(detail, sizeof(detail), "{\"created\":%d,\"lines\":%d,\"updated\":%d}",
		    res->created, res->lines, res->updated);
		if (audit_log(db, org_id, actor, "inventory.import", "inventory", 0, detail, now))
			goto out;
	}
	ret = 0;
	goto out;
copy_errors:
	res->errors = arena_alloc(a, sizeof(*res->errors) * (size_t)(pr.nerrors + 1));
	if (res->errors == NULL) {
		ret = -1;
		goto out;
	}
	for (int i = 0; i < pr.nerrors; i++) {
		res->errors[i] = pr.errors[i];
		res->errors[i].arg = pr.errors[i].arg ? arena_strdup(a, pr.errors[i].arg) : NULL;
	}
	res->nerrors = pr.nerrors;
	res->more_errors = pr.more_errors;
out:
	arena_free(&work);
	return ret;
}
