/*
 * search.c - full-text search over published assessments and resources;
 * see search.h for why both engines' SQL live here.
 *
 * SQLite: an FTS5 table whose rowid encodes the document (id * 2 + type), so
 * replacing a document is a delete by rowid, not a scan; the user's words go
 * in as quoted prefix terms (search_fts5_query), ranked by bm25 with the
 * title weighted above the body. PostgreSQL: a table with a generated
 * tsvector (title weight A, body weight B) under a GIN index, matched with
 * websearch_to_tsquery('norwegian', text), which stems Norwegian words and
 * never raises an error on odd input, ranked by ts_rank.
 *
 * The rest of each query (columns, visibility, filters) is one text shared
 * by all variants through macros, so the engines cannot drift apart.
 */
#include <string.h>

#include "search.h"
#include "../db/db.h"
#include "assessment_int.h"
#include "../core/arena.h"
#include "../core/buf.h"

int
search_put(struct db *db, enum search_doc t, int64_t id, const char *title, const char *body)
{
	const char *type = t == SD_PUB ? "pub" : "resource";

	if (db_kind(db) == DB_PG)
		return db_run(db, "INSERT INTO share_fts (doc_type, doc_id, title, body) VALUES (?, ?, ?, ?)"
		    " ON CONFLICT (doc_type, doc_id) DO UPDATE SET title = excluded.title, body = excluded.body",
		    "siss", type, id, title, body) < 0 ? -1 : 0;
	if (search_drop(db, t, id))
		return -1;
	return db_run(db, "INSERT INTO share_fts (rowid, doc_type, doc_id, title, body) VALUES (?, ?, ?, ?, ?)",
	    "isiss", id * 2 + (int64_t)t, type, id, title, body) < 0 ? -1 : 0;
}

int
search_drop(struct db *db, enum search_doc t, int64_t id)
{
	if (db_kind(db) == DB_PG)
		return db_run(db, "DELETE FROM share_fts WHERE doc_type = ? AND doc_id = ?", "si",
		    t == SD_PUB ? "pub" : "resource", id) < 0 ? -1 : 0;
	return db_run(db, "DELETE FROM share_fts WHERE rowid = ?", "i", id * 2 + (int64_t)t) < 0 ? -1 : 0;
}

/* A word byte: ASCII letters and digits, and every byte of a multi-byte
 * UTF-8 sequence (æ, ø, å and other scripts); the tokenizer folds case. */
static int
word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

char *
search_fts5_query(struct arena *a, const char *text)
{
	struct buf b;
	const char *p = text ? text : "";
	int words = 0;

	buf_init(&b, 4096, a);
	while (*p) {
		const char *s;
		if (!word_byte((unsigned char)*p)) {
			p++;
			continue;
		}
		for (s = p; *p && word_byte((unsigned char)*p); p++)
			;
		if (words++ > 0)
			buf_puts(&b, " ");
		/* A word holds no quote, so the quoted string needs no escape. */
		buf_puts(&b, "\"");
		buf_put(&b, s, (size_t)(p - s));
		buf_puts(&b, "\"*");
	}
	if (words == 0 || buf_err(&b))
		return NULL;
	return arena_strdup(a, buf_str(&b));
}

/* ---- published assessments ---------------------------------------------- */

#define PUB_COLS \
	"SELECT p.id, p.org_id, COALESCE(p.source_id, 0), COALESCE(p.network_id, 0)," \
	" p.published_at, COALESCE(p.endorsed_at, 0), (SELECT name FROM orgs WHERE id = p.org_id)," \
	" p.kind, p.title, p.scope," \
	" p.conclusions, p.top_risks, p.pub_version," \
	" (SELECT COUNT(*) FROM share_adoptions a JOIN share_pubs b ON b.id = a.base_pub_id" \
	"  WHERE b.org_id = p.org_id AND COALESCE(b.source_id, -b.id) = COALESCE(p.source_id, -p.id))"

/* Binds: viewer, viewer, kind, kind, tool, tool, scope, scope, endorsed. */
#define PUB_WHERE \
	" p.latest = 1 AND (p.scope = 'national'" \
	"  OR p.org_id IN (SELECT org_id FROM memberships WHERE user_id = ?)" \
	"  OR p.network_id IN (SELECT nm.network_id FROM share_network_members nm" \
	"   JOIN memberships m ON m.org_id = nm.org_id WHERE m.user_id = ?))" \
	" AND (? = '' OR p.kind = ?)" \
	" AND (? = 0 OR p.id IN (SELECT pub_id FROM share_pub_tools WHERE tool_id = ?))" \
	" AND (? = '' OR p.scope = ?) AND (? = 0 OR p.endorsed_at IS NOT NULL)"

static const char pub_plain[] = PUB_COLS
	" FROM share_pubs p WHERE" PUB_WHERE
	" ORDER BY p.published_at DESC, p.id DESC LIMIT ? OFFSET ?";
/* SQLite: candidates from the index alone, then a point lookup per
 * candidate for visibility and filters, so no join order is left to the
 * planner (with statistics older than the data it would scan share_pubs per
 * match). The candidates are the newest matches (at least 2,000), ranked
 * among themselves by bm25 with the title weighted 4:1 (rank, configured in
 * migration 011): ranking every match of a word that is in half of 20,000
 * documents costs ~20 ms, ranking the newest 2,000 ~3 ms, and for such a
 * word the newest relevant ones are what a person looks for. Binds: match,
 * candidates, then PUB_WHERE's, limit, offset. */
static const char pub_sqlite_ids[] =
	"SELECT f.id FROM (SELECT rowid / 2 AS id, rank AS rk FROM share_fts"
	" WHERE share_fts MATCH ? AND rowid % 2 = 0 ORDER BY rowid DESC LIMIT ?) f"
	" WHERE EXISTS (SELECT 1 FROM share_pubs p WHERE p.id = f.id AND" PUB_WHERE ")"
	" ORDER BY f.rk, f.id DESC LIMIT ? OFFSET ?";
/* One table with a key equality: read by rowid whatever the statistics
 * (a join here would let stale statistics choose a scan). */
static const char pub_by_id[] = PUB_COLS " FROM share_pubs p WHERE p.id = ?";
/* PostgreSQL: the same candidates (the newest matches, at least 2,000),
 * ranked among themselves: ts_rank reads each match's tsvector from the
 * heap, which for a word in half of 20,000 documents costs ~10x the rest.
 * The candidates are ids only (a backward walk of the primary key); the
 * tsvector is read for those alone. */
static const char pub_pg[] = PUB_COLS
	" FROM (SELECT doc_id FROM share_fts WHERE doc_type = 'pub'"
	"  AND tsv @@ websearch_to_tsquery('norwegian', ?) ORDER BY doc_id DESC LIMIT ?) m"
	" JOIN share_fts f ON f.doc_type = 'pub' AND f.doc_id = m.doc_id"
	" JOIN share_pubs p ON p.id = m.doc_id WHERE" PUB_WHERE
	" ORDER BY ts_rank(f.tsv, websearch_to_tsquery('norwegian', ?)) DESC, p.id DESC LIMIT ? OFFSET ?";

/* ---- resources ---------------------------------------------------------- */

#define RES_COLS \
	"SELECT r.id, r.org_id, r.updated_at, o.name, r.kind, r.title, r.tags," \
	" r.competency_goal, r.scope, r.curated"

/* Binds: viewer, viewer, kind, kind, scope, scope, curated. Drafts are seen
 * by the author organisation only. */
#define RES_WHERE \
	" (r.scope = 'national'" \
	"  OR r.org_id IN (SELECT org_id FROM memberships WHERE user_id = ?)" \
	"  OR (r.scope = 'network' AND r.network_id IN (SELECT nm.network_id FROM share_network_members nm" \
	"   JOIN memberships m ON m.org_id = nm.org_id WHERE m.user_id = ?)))" \
	" AND (? = '' OR r.kind = ?) AND (? = '' OR r.scope = ?) AND (? = 0 OR r.curated = 1)"

static const char res_plain[] = RES_COLS
	" FROM resources r JOIN orgs o ON o.id = r.org_id WHERE" RES_WHERE
	" ORDER BY r.curated DESC, r.updated_at DESC, r.id DESC LIMIT ? OFFSET ?";
static const char res_sqlite[] = RES_COLS
	" FROM share_fts JOIN resources r ON r.id = share_fts.rowid / 2"
	" JOIN orgs o ON o.id = r.org_id"
	" WHERE share_fts MATCH ? AND share_fts.doc_type = 'resource' AND" RES_WHERE
	" ORDER BY bm25(share_fts, 0.0, 0.0, 4.0, 1.0), r.id DESC LIMIT ? OFFSET ?";
static const char res_pg[] = RES_COLS
	" FROM share_fts f JOIN resources r ON r.id = f.doc_id JOIN orgs o ON o.id = r.org_id"
	" WHERE f.doc_type = 'resource' AND f.tsv @@ websearch_to_tsquery('norwegian', ?) AND" RES_WHERE
	" ORDER BY ts_rank(f.tsv, websearch_to_tsquery('norwegian', ?)) DESC, r.id DESC LIMIT ? OFFSET ?";

/* ---- running a query ---------------------------------------------------- */

static const char *
s_or_empty(const char *s)
{
	return s ? s : "";
}

/*
 * Prepares the variant for the engine and the text, and binds everything
 * in placeholder order. *mode: 0 plain, 1 SQLite match, 2 PostgreSQL match.
 */
static struct db_stmt *
prepare(struct db *db, struct arena *a, const struct search_filter *f, int pubs,
    const char *plain, const char *lite, const char *pg)
{
	char *fts = search_fts5_query(a, f->text);
	int mode = fts == NULL ? 0 : db_kind(db) == DB_PG ? 2 : 1;
	struct db_stmt *st = db_prepare(db, mode == 0 ? plain : mode == 1 ? lite : pg);
	int i = 1;

	if (st == NULL)
		return NULL;
	if (mode != 0) {
		db_bind_text(st, i++, mode == 1 ? fts : f->text);
		if (pubs) {	/* candidates: enough for this page after filtering */
			int64_t c = (int64_t)(f->offset > 0 ? f->offset : 0) +
			    20 * (int64_t)(f->limit > 0 ? f->limit : 50) + 200;
			db_bind_int(st, i++, c > 2000 ? c : 2000);
		}
	}
	db_bind_int(st, i++, f->viewer);
	db_bind_int(st, i++, f->viewer);
	db_bind_text(st, i++, s_or_empty(f->kind));
	db_bind_text(st, i++, s_or_empty(f->kind));
	if (pubs) {
		db_bind_int(st, i++, f->tool_id);
		db_bind_int(st, i++, f->tool_id);
	}
	db_bind_text(st, i++, s_or_empty(f->scope));
	db_bind_text(st, i++, s_or_empty(f->scope));
	db_bind_int(st, i++, f->endorsed ? 1 : 0);
	if (mode == 2)
		db_bind_text(st, i++, f->text);
	db_bind_int(st, i++, f->limit > 0 ? f->limit : 50);
	db_bind_int(st, i++, f->offset > 0 ? f->offset : 0);
	return st;
}

static void
read_pub(struct arena *a, struct db_stmt *st, struct pub_row *p)
{
	share_read_pub_row(a, st, p);
	p->adopters = (int)db_col_int(st, 13);
}

/* SQLite with words: ids in rank order, then each row by its id. */
static int
pubs_by_ids(struct db *db, struct arena *a, struct db_stmt *st, struct pub_row **out)
{
	struct pub_row *v = NULL;
	int64_t *ids = NULL;
	int n = 0, cap = 0, rc;

	while ((rc = db_step(st)) == 1) {
		if ((ids = arena_grow(a, ids, n, &cap, sizeof(*ids))) == NULL) {
			rc = -1;
			break;
		}
		ids[n++] = db_col_int(st, 0);
	}
	db_reset(st);
	if (rc < 0 || (v = arena_alloc(a, sizeof(*v) * (size_t)(n + 1))) == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		struct db_stmt *one = db_query(db, pub_by_id, &rc, "i", ids[i]);
		if (rc == 1)
			read_pub(a, one, &v[i]);
		if (one)
			db_reset(one);
		if (rc != 1)
			return -1;	/* a row seen a moment ago is gone: only an error */
	}
	*out = v;
	return n;
}

int
search_pubs(struct db *db, struct arena *a, const struct search_filter *f, struct pub_row **out)
{
	struct db_stmt *st = prepare(db, a, f, 1, pub_plain, pub_sqlite_ids, pub_pg);
	struct pub_row *v = NULL;
	int n = 0, cap = 0, rc;

	if (st == NULL)
		return -1;
	if (db_kind(db) == DB_SQLITE && search_fts5_query(a, f->text) != NULL)
		return pubs_by_ids(db, a, st, out);
	while ((rc = db_step(st)) == 1) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		read_pub(a, st, &v[n++]);
	}
	db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
search_resources(struct db *db, struct arena *a, const struct search_filter *f, struct res_row **out)
{
	struct db_stmt *st = prepare(db, a, f, 0, res_plain, res_sqlite, res_pg);
	struct res_row *v = NULL;
	int n = 0, cap = 0, rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == 1) {
		struct res_row *p;
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		p = &v[n++];
		p->id = db_col_int(st, 0);
		p->org_id = db_col_int(st, 1);
		p->updated_at = db_col_int(st, 2);
		p->org_name = as_dup(a, db_col_text(st, 3));
		p->kind = as_dup(a, db_col_text(st, 4));
		p->title = as_dup(a, db_col_text(st, 5));
		p->tags = as_dup(a, db_col_text(st, 6));
		p->competency_goal = as_dup(a, db_col_text(st, 7));
		p->scope = as_dup(a, db_col_text(st, 8));
		p->curated = (int)db_col_int(st, 9);
	}
	db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}
