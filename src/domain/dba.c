/*
 * dba.c - the DBA register and the signed agreement; see dba.h.
 *
 * The register is built from four scoped queries (agreements, their items,
 * their tools, their documents) merged in C by assessment id, so the page
 * costs the same few queries however many agreements an organisation has.
 *
 * Documents are stored base64-encoded (libsodium) because both engines bind
 * text the same way; the SHA-256 is kept beside it so a downloaded file can
 * be checked against what was uploaded.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/msgid.h"
#include "dba.h"
#include "audit.h"
#include "../db/db.h"
#include "../http/form.h"
#include "../core/arena.h"
#include "../core/num.h"
#include "../core/buf.h"

static const char E_FAIL[] = N_("Something went wrong. Try again.");

void
dba_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Days since 1970-01-01 of a YYYY-MM-DD date, or -1 when it is not one. */
static long
day_number(const char *s)
{
	int y, m, d;

	return num_parse_date(s, 1970, &y, &m, &d) ? -1 : num_day_number(y, m, d);
}

int
dba_days_between(const char *today, const char *date)
{
	long a = day_number(today), b = day_number(date);

	return a < 0 || b < 0 ? DBA_NO_DATE : (int)(b - a);
}

/* ------------------------------------------------------------ register */

static int
find(struct dba_row *rows, int n, int64_t id)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (rows[mid].id == id)
			return mid;
		if (rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static const char *
jstr(struct arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return arena_strdup(a, s ? s : "");
}

const char *
dba_json_str(struct arena *a, const char *json, const char *key)
{
	json_t *o = json_loads(json ? json : "", 0, NULL);
	const char *s = arena_strdup(a, "");

	if (json_is_object(o)) {
		const char *v = json_string_value(json_object_get(o, key));
		if (v)
			s = arena_strdup(a, v);
	}
	json_decref(o);
	return s ? s : "";
}

/* One item of an agreement: counts, or the agreement field it holds. */
static void
take_item(struct arena *a, struct dba_row *w, const char *uid, const char *kind,
    const char *data)
{
	json_t *o = json_loads(data ? data : "", 0, NULL);

	if (!json_is_object(o)) {
		json_decref(o);
		return;
	}
	if (strcmp(kind, "check") == 0) {
		const char *s = json_string_value(json_object_get(o, "status"));
		s = s ? s : "";
		if (!strcmp(s, "ok"))
			w->ok++;
		else if (!strcmp(s, "deviation"))
			w->deviation++;
		else if (!strcmp(s, "missing"))
			w->missing++;
		else if (!strcmp(s, "na"))
			w->na++;
		else
			w->open++;
	} else if (strcmp(kind, "subprocessor") == 0) {
		const char *b = json_string_value(json_object_get(o, "transfer_basis"));
		w->nsub++;
		if (b == NULL || *b == '\0' || strcmp(b, "none") == 0)
			w->nsub_nobasis++;
	} else if (strcmp(kind, "field") == 0) {
		static const struct { const char *uid; size_t off; } f[] = {
			{ "dba.agreement.template", offsetof(struct dba_row, template_name) },
			{ "dba.agreement.template_version", offsetof(struct dba_row, template_version) },
			{ "dba.agreement.signed", offsetof(struct dba_row, signed_on) },
			{ "dba.agreement.signatory_controller", offsetof(struct dba_row, sign_controller) },
			{ "dba.agreement.signatory_processor", offsetof(struct dba_row, sign_processor) },
			{ "dba.agreement.expires", offsetof(struct dba_row, expires) },
		};
		for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			const char **slot = (const char **)((char *)w + f[i].off);
			/* The header's expiry wins over the field (see dba.h). */
			if (strcmp(uid, f[i].uid) == 0 && !(**slot && f[i].off ==
			    offsetof(struct dba_row, expires)))
				*slot = jstr(a, o, "value");
		}
	}
	json_decref(o);
}

static int
read_heads(struct db *db, struct arena *a, int64_t org_id, struct dba_row **out)
{
	struct dba_row *rows = NULL;
	struct db_stmt *st;
	int rc, n = 0, cap = 0;

	st = db_query(db, "SELECT a.id, a.title, a.status, COALESCE(v.name, ''),"
	    " COALESCE(a.expires_on, '') FROM assessments a LEFT JOIN vendors v ON v.id = a.vendor_id"
	    " WHERE a.org_id = ? AND a.kind = 'dba' ORDER BY a.id", &rc, "i", org_id);
	for (; rc == 1; rc = db_step(st)) {
		struct dba_row *w;
		if ((rows = arena_grow(a, rows, n, &cap, sizeof(*rows))) == NULL) {
			rc = -1;
			break;
		}
		w = &rows[n++];
		memset(w, 0, sizeof(*w));
		w->id = db_col_int(st, 0);
		w->title = arena_strdup(a, db_col_text(st, 1));
		w->status = arena_strdup(a, db_col_text(st, 2));
		w->vendor = arena_strdup(a, db_col_text(st, 3));
		w->expires = arena_strdup(a, db_col_text(st, 4));
		w->tools = w->template_name = w->template_version = w->signed_on = "";
		w->sign_controller = w->sign_processor = "";
	}
	if (st)
		db_reset(st);
	*out = rows;
	return rc < 0 ? -1 : n;
}

int
dba_register(struct db *db, struct arena *a, int64_t org_id, const char *today,
    struct dba_row **out)
{
	struct dba_row *rows;
	struct db_stmt *st;
	int n, rc, k;

	if ((n = read_heads(db, a, org_id, &rows)) <= 0) {
		*out = NULL;
		return n;
	}
	st = db_query(db, "SELECT i.assessment_id, i.uid, i.kind, i.data FROM assessment_items i"
	    " JOIN assessments a ON a.id = i.assessment_id WHERE a.org_id = ? AND a.kind = 'dba'"
	    " AND i.kind IN ('field', 'check', 'subprocessor')", &rc, "i", org_id);
	for (; rc == 1; rc = db_step(st))
		if ((k = find(rows, n, db_col_int(st, 0))) >= 0)
			take_item(a, &rows[k], db_col_text(st, 1), db_col_text(st, 2),
			    db_col_text(st, 3));
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	/* Tools in name order; the vendor falls back to the first tool's. */
	st = db_query(db, "SELECT at.assessment_id, t.name, COALESCE(v.name, '')"
	    " FROM assessment_tools at JOIN assessments a ON a.id = at.assessment_id"
	    " JOIN tools t ON t.id = at.tool_id LEFT JOIN vendors v ON v.id = t.vendor_id"
	    " WHERE a.org_id = ? AND a.kind = 'dba' ORDER BY t.name, t.id", &rc, "i", org_id);
	for (; rc == 1; rc = db_step(st))
		if ((k = find(rows, n, db_col_int(st, 0))) >= 0) {
			struct dba_row *w = &rows[k];
			w->tools = *w->tools ? arena_printf(a, "%s, %s", w->tools, db_col_text(st, 1)) :
			    arena_strdup(a, db_col_text(st, 1));
			if (*w->vendor == '\0')
				w->vendor = arena_strdup(a, db_col_text(st, 2));
		}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	st = db_query(db, "SELECT assessment_id FROM documents WHERE org_id = ?"
	    " AND assessment_id IS NOT NULL", &rc, "i", org_id);
	for (; rc == 1; rc = db_step(st))
		if ((k = find(rows, n, db_col_int(st, 0))) >= 0)
			rows[k].has_doc = 1;
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++)
		rows[i].days_left = dba_days_between(today, rows[i].expires);
	*out = rows;
	return n;
}

/* ----------------------------------------------------------- documents */

const char *
dba_clean_filename(struct arena *a, const char *name)
{
	const char *base = name ? name : "";
	size_t n;
	char *o;

	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if ((o = arena_strdup(a, base)) == NULL)
		return "agreement.pdf";
	n = 0;
	for (const char *p = o; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			o[n++] = *p;
	o[n] = '\0';
	if (n > 120) {
		n = 120;
		while (n > 0 && ((unsigned char)o[n] & 0xc0) == 0x80)
			n--;	/* do not cut a character in two */
		o[n] = '\0';
	}
	if (n == 0 || !utf8_valid(o, n))
		return "agreement.pdf";
	return o;
}

int64_t
dba_doc_store(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    int64_t assessment_id, const char *filename, const void *data, size_t len,
    const char **err, int *status)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	const char *name = dba_clean_filename(a, filename), *st_s;
	size_t blen;
	char *b64;
	int64_t id = -1, now = (int64_t)time(NULL);
	struct db_stmt *st;
	int rc, own;

	*status = 400;
	if (len == 0) {
		*err = N_("Choose the signed agreement as a PDF file.");
		return -1;
	}
	if (len > DBA_PDF_MAX) {
		*status = 413;
		*err = N_("The file is larger than 10 MB.");
		return -1;
	}
	if (len < 5 || memcmp(data, "%PDF-", 5) != 0) {
		*err = N_("The file is not a PDF document.");
		return -1;
	}
	*status = 500;
	*err = E_FAIL;
	blen = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	if ((b64 = arena_alloc(a, blen)) == NULL)
		return -1;
	sodium_bin2base64(b64, blen, data, len, sodium_base64_VARIANT_ORIGINAL);
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	/* Inside the caller's transaction when there is one (demo data). */
	own = !db->in_tx;
	if (own && db_begin(db))
		return -1;
	st = db_query(db, "SELECT status FROM assessments WHERE id = ? AND org_id = ? AND kind = 'dba'",
	    &rc, "ii", assessment_id, org_id);
	st_s = rc == 1 ? arena_strdup(a, db_col_text(st, 0)) : NULL;
	if (st)
		db_reset(st);
	if (rc <= 0) {
		if (rc == 0) {
			*status = 404;
			*err = N_("There is no such agreement in this organisation.");
		}
		goto fail;
	}
	if (strcmp(st_s, "draft") != 0) {
		*status = 409;
		*err = N_("The signed agreement can be replaced only while the DBA is a draft."
		    " Start a revision to change it.");
		goto fail;
	}
	if (db_run(db, "DELETE FROM documents WHERE org_id = ? AND assessment_id = ?", "ii",
	    org_id, assessment_id) < 0)
		goto fail;
	id = db_insert(db, "INSERT INTO documents (org_id, assessment_id, filename, mime, size,"
	    " sha256, content, uploaded_by, uploaded_at) VALUES (?, ?, ?, 'application/pdf', ?, ?, ?,"
	    " ?, ?) RETURNING id", "iisissii", org_id, assessment_id, name, (int64_t)len, hex, b64,
	    user_id, now);
	if (id <= 0 || audit_json(db, org_id, user_id, "dba.document.upload", "assessment",
	    assessment_id, json_pack("{s:s, s:I, s:s}", "filename", name, "size", (json_int_t)len,
	    "sha256", hex), now) || (own && db_commit(db)))
		goto fail;
	*err = NULL;
	*status = 303;
	return id;
fail:
	if (own)
		db_rollback(db);
	return -1;
}

int
dba_doc_get(struct db *db, struct arena *a, int64_t org_id, int64_t assessment_id,
    struct dba_doc *out, const unsigned char **content, size_t *len)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT d.id, d.size, d.uploaded_at, d.filename, d.sha256,"
	    " COALESCE(u.name, ''), d.content FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by"
	    " WHERE d.org_id = ? AND d.assessment_id = ? ORDER BY d.id DESC LIMIT 1", &rc, "ii",
	    org_id, assessment_id);
	if (rc == 1) {
		out->id = db_col_int(st, 0);
		out->size = db_col_int(st, 1);
		out->uploaded_at = db_col_int(st, 2);
		out->filename = arena_strdup(a, db_col_text(st, 3));
		out->sha256 = arena_strdup(a, db_col_text(st, 4));
		out->uploader = arena_strdup(a, db_col_text(st, 5));
		if (content) {
			const char *b64 = db_col_text(st, 6);
			size_t bl = strlen(b64), max = bl / 4 * 3 + 3;
			unsigned char *bin = arena_alloc(a, max);
			if (bin == NULL || sodium_base642bin(bin, max, b64, bl, NULL, len, NULL,
			    sodium_base64_VARIANT_ORIGINAL) != 0)
				rc = -1;
			*content = bin;
		}
	}
	if (st)
		db_reset(st);
	return rc;
}
