/*
 * test_assessment.c - assessments (domain/assessment*.c) and the risk
 * matrix (domain/riskmatrix.c).
 *
 * Why these tests: the risk maths decides which risks a municipality must
 * act on, so scores, zones and residual risk are pinned with worked examples
 * on the national 5x5 default and a 4x4 matrix; versions are compared item by
 * item, so the diff is pinned on small hand-made lists (same, changed, moved,
 * added, removed in place); and the workflow rules (only the DPO writes
 * advice, only the org admin approves and accepts risk, an approved version
 * cannot change, a revision keeps the frozen version) are checked against a
 * real database: SQLite in memory, and PostgreSQL when SKOLESEC_TEST_PG
 * names the test cluster (a fresh database per test).
 */
#include "unit.h"
#include "db/db.h"
#include "unitdb.h"
#include "db/migrate.h"
#include "domain/assessment.h"
#include "domain/authz.h"
#include "domain/org.h"
#include "domain/riskmatrix.h"
#include "domain/template.h"
#include "domain/user.h"
#include "html/heatmap.h"

#define NOW 1700000000

static const char *pg_dir;
static int pg_seq;

/* ---------------------------------------------------------- pure maths */

static void
default_matrix_scores_and_zones(void **state)
{
	struct risk_matrix m;

	(void)state;
	risk_matrix_default(&m);
	assert_int_equal(m.size, 5);
	assert_int_equal(m.is_default, 1);
	assert_int_equal(risk_score(&m, 3, 4), 12);
	assert_int_equal(risk_score(&m, 0, 4), 0);	/* unset */
	assert_int_equal(risk_score(&m, 6, 1), 0);	/* outside the matrix */
	assert_int_equal(risk_zone(&m, 2, 2), RZ_ACCEPT);	/* 4: green */
	assert_int_equal(risk_zone(&m, 1, 5), RZ_MEASURES);	/* 5: yellow */
	assert_int_equal(risk_zone(&m, 3, 4), RZ_MEASURES);	/* 12: yellow */
	assert_int_equal(risk_zone(&m, 4, 4), RZ_REJECT);	/* 16: red */
	assert_int_equal(risk_zone(&m, 5, 5), RZ_REJECT);
	assert_int_equal(risk_zone(&m, 0, 0), RZ_NONE);
}

static void
residual_risk_after_measures_on_a_4x4_matrix(void **state)
{
	struct risk_matrix m;

	(void)state;
	risk_matrix_default(&m);
	m.size = 4;
	m.accept_max = 3;
	m.measures_max = 8;
	/* Shared links: likely (3) x serious (4) = 12, red. Measures (sharing
	 * limited to the organisation) bring likelihood to 1: 1 x 4 = 4, yellow;
	 * training brings consequence to 3 as well: 3, green. */
	assert_int_equal(risk_score(&m, 3, 4), 12);
	assert_int_equal(risk_zone(&m, 3, 4), RZ_REJECT);
	assert_int_equal(risk_zone(&m, 1, 4), RZ_MEASURES);
	assert_int_equal(risk_zone(&m, 1, 3), RZ_ACCEPT);
	assert_int_equal(risk_score(&m, 5, 1), 0);	/* class 5 does not exist in 4x4 */
}

static struct as_item
it(const char *uid, const char *data, int pos)
{
	struct as_item x;

	memset(&x, 0, sizeof(x));
	x.uid = uid;
	x.kind = "risk";
	x.section = "risks";
	x.data = data;
	x.position = pos;
	return x;
}

static void
diff_by_uid_keeps_removed_items_in_place(void **state)
{
	struct arena a;
	struct as_diff *d;
	struct as_item old[4] = { it("a", "{}", 1), it("b", "{\"x\":1}", 2), it("c", "{}", 3),
	    it("d", "{}", 4) };
	/* b changed, c removed, a moved (position), e added, d same. */
	struct as_item nw[4] = { it("a", "{}", 9), it("b", "{\"x\":2}", 2), it("d", "{}", 4),
	    it("e", "{}", 5) };
	int n;

	(void)state;
	arena_init(&a, 1u << 20);
	n = assessment_diff(&a, old, 4, nw, 4, &d);
	assert_int_equal(n, 5);
	assert_int_equal(d[0].change, AC_MOVED);
	assert_str(d[0].new->uid, "a");
	assert_int_equal(d[1].change, AC_CHANGED);
	assert_str(d[1].old->data, "{\"x\":1}");
	assert_str(d[1].new->data, "{\"x\":2}");
	assert_int_equal(d[2].change, AC_REMOVED);	/* c, after b where it was */
	assert_str(d[2].old->uid, "c");
	assert_null(d[2].new);
	assert_int_equal(d[3].change, AC_SAME);
	assert_int_equal(d[4].change, AC_ADDED);
	assert_null(d[4].old);
	/* Removing the first item puts it first; comparing with nothing adds all. */
	n = assessment_diff(&a, old, 1, nw + 1, 1, &d);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].change, AC_REMOVED);
	assert_int_equal(d[1].change, AC_ADDED);
	n = assessment_diff(&a, NULL, 0, nw, 4, &d);
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(d[i].change, AC_ADDED);
	arena_free(&a);
}

static void
snapshot_round_trips_header_and_items(void **state)
{
	struct arena a;
	struct assessment h, back;
	int64_t tools[2] = { 7, 9 };
	struct as_item items[2] = { it("r1", "{\"consequence\":4,\"likelihood\":3,\"res_consequence\":2,"
	    "\"res_likelihood\":1,\"title\":\"Delte lenker «æøå»\"}", 1), it("f", "{\"value\":\"\"}", 2) };
	struct as_item *bi;
	char *s;
	int n;

	(void)state;
	arena_init(&a, 1u << 20);
	items[0].l = 3;		/* as copied from the data on save */
	items[0].c = 4;
	items[0].rl = 1;
	items[0].rc = 2;
	memset(&h, 0, sizeof(h));
	h.id = 5;
	h.org_id = 3;
	h.kind = "ros";
	h.title = "ROS <Kahoot>";
	h.template_urn = "urn:x";
	h.template_version = 1;
	h.level = "";
	h.status = "approved";
	h.version = 2;
	h.tools = tools;
	h.ntools = 2;
	s = assessment_snapshot(&a, &h, items, 2);
	assert_non_null(s);
	assert_int_equal(assessment_snapshot_parse(&a, s, &back, &bi, &n), 0);
	assert_int_equal(n, 2);
	assert_str(back.title, "ROS <Kahoot>");
	assert_int_equal(back.version, 2);
	assert_int_equal(back.ntools, 2);
	assert_int_equal(back.tools[1], 9);
	assert_str(bi[0].data, items[0].data);	/* canonical text survives */
	assert_int_equal(bi[0].l, 3);
	assert_int_equal(bi[0].rc, 2);
	assert_int_equal(assessment_snapshot_parse(&a, "{\"head\":1}", &back, &bi, &n), -1);
	/* Format 1 (data as an object) reads back canonical, numbers included. */
	assert_int_equal(assessment_snapshot_parse(&a, "{\"format\":1,\"head\":{\"title\":\"T\"},"
	    "\"items\":[{\"uid\":\"r\",\"kind\":\"risk\",\"data\":{\"title\":\"x\",\"likelihood\":2}}]}",
	    &back, &bi, &n), 0);
	assert_int_equal(n, 1);
	assert_str(bi[0].data, "{\"likelihood\":2,\"title\":\"x\"}");
	assert_int_equal(bi[0].l, 2);
	arena_free(&a);
}

static void
heatmap_counts_cells_and_escapes_labels(void **state)
{
	struct req *r = unit_req_new();
	struct risk_matrix m;
	heat_counts before, after;
	const char *out;

	(void)state;
	risk_matrix_default(&m);
	m.size = 4;
	m.is_default = 0;
	m.lik[3] = "Ofte <b>";
	memset(before, 0, sizeof(before));
	memset(after, 0, sizeof(after));
	before[3][2] = 7;	/* likelihood 4, consequence 3 */
	after[0][2] = 7;
	heatmap_figure(r, &m, before, after, "h");
	out = unit_out(r);
	assert_non_null(strstr(out, "role=\"img\""));
	assert_non_null(strstr(out, "aria-labelledby=\"h-b-t h-b-d\""));
	assert_non_null(strstr(out, "Ofte &lt;b&gt;"));
	assert_null(strstr(out, "Ofte <b>"));
	assert_non_null(strstr(out, ">7</text>"));	/* the count in its cell */
	assert_non_null(strstr(out, "<td>7</td>"));	/* and in the table */
	assert_non_null(strstr(out, ">12</text>"));	/* the score 4 x 3 */
	assert_null(strstr(out, ">25</text>"));		/* no fifth class in 4 x 4 */
	assert_non_null(strstr(out, "#ef9a9a"));	/* red: 16 (4 x 4) > measures_max 12 */
	unit_req_free(r);
}

/* ------------------------------------------------------ database fixture */

struct fix {
	struct db *db;
	struct arena a;
	int pg;
	char dbname[64];
	int64_t org, other, tool, admin_id, adviser_id, dpo_id, reader_id;
	struct membership madmin, madviser, mdpo, mreader;
	struct principal admin, adviser, dpo, reader;
};

/* A fresh database in the test cluster (scripts/pg-test.sh createdb); the
 * cluster is thrown away after the run, so databases are not dropped. */
static int
pg_create(const char *name, char *url, size_t urlsz)
{
	return unit_pg_create(pg_dir, NULL, NULL, name, url, urlsz);
}

static void
person(struct fix *x, int64_t *id, struct membership *m, struct principal *p, const char *email,
    enum role role)
{
	*id = user_create(x->db, email, email, NULL, 0, NOW);
	assert_true(*id > 0);
	memset(m, 0, sizeof(*m));
	m->org_id = x->org;
	m->role = role;
	m->org_name = "Bergen";
	m->org_kind = "municipality";
	memset(p, 0, sizeof(*p));
	p->user_id = *id;
	p->email = email;
	p->name = email;
	p->lang = "nb";
	p->m = m;
	p->nm = 1;
}

static int
setup(void **state)
{
	const int *pg = *state;
	struct fix *x = calloc(1, sizeof(*x));
	char url[512], err[512];

	if (x == NULL)
		return -1;
	x->pg = *pg;
	if (x->pg) {
		snprintf(x->dbname, sizeof(x->dbname), "unit_as_%ld_%d", (long)getpid(), ++pg_seq);
		if (pg_create(x->dbname, url, sizeof(url)))
			return -1;
	} else
		snprintf(url, sizeof(url), "sqlite::memory:");
	if (db_open(url, &x->db, err, sizeof(err)) || migrate_up(x->db, err, sizeof(err)) < 0 ||
	    templates_load("data/templates", err, sizeof(err))) {
		fprintf(stderr, "test_assessment: %s: %s\n", url, err);
		return -1;
	}
	arena_init(&x->a, 64u << 20);
	x->org = org_create(x->db, "municipality", "Bergen", "4601", NULL, 0, NOW);
	x->other = org_create(x->db, "municipality", "Nordre Follo", "3207", NULL, 0, NOW);
	if (x->org <= 0 || x->other <= 0 ||
	    db_run(x->db, "INSERT INTO tools (name, category, created_at, updated_at)"
	    " VALUES ('Kahoot', 'laeremiddel', ?, ?)", "ii", (int64_t)NOW, (int64_t)NOW) < 0)
		return -1;
	x->tool = 1;
	if (db_run(x->db, "INSERT INTO inventory (org_id, tool_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?)", "iiii", x->org, x->tool, (int64_t)NOW, (int64_t)NOW) < 0)
		return -1;
	person(x, &x->admin_id, &x->madmin, &x->admin, "admin@x", R_ORG_ADMIN);
	person(x, &x->adviser_id, &x->madviser, &x->adviser, "adviser@x", R_ADVISER);
	person(x, &x->dpo_id, &x->mdpo, &x->dpo, "dpo@x", R_DPO);
	person(x, &x->reader_id, &x->mreader, &x->reader, "reader@x", R_READER);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *x = *state;

	db_close(x->db);
	arena_free(&x->a);
	free(x);
	return 0;
}

static int64_t
new_assessment(struct fix *x, const char *kind)
{
	struct assessment h;
	const char *err = NULL;
	int64_t id;

	memset(&h, 0, sizeof(h));
	h.org_id = x->org;
	h.kind = kind;
	h.title = "ROS Kahoot";
	h.tools = &x->tool;
	h.ntools = 1;
	id = assessment_create(x->db, &x->a, x->adviser_id, &h, &err);
	if (id <= 0)
		fail_msg("create: %s", err ? err : "?");
	return id;
}

static int
flag(struct fix *x, const char *col)
{
	struct db_stmt *st;
	int rc, v = -1;

	st = db_query(x->db, strcmp(col, "ros") == 0 ?
	    "SELECT has_ros FROM inventory WHERE org_id = ?" :
	    "SELECT has_dpia FROM inventory WHERE org_id = ?", &rc, "i", x->org);
	if (rc == 1)
		v = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	return v;
}

static void
create_copies_the_template_and_is_org_scoped(void **state)
{
	struct fix *x = *state;
	struct assessment h;
	struct as_item *items;
	int64_t id = new_assessment(x, "ros");
	int n;

	assert_int_equal(assessment_get(x->db, &x->a, x->org, id, &h), 1);
	assert_str(h.status, "draft");
	assert_int_equal(h.version, 0);
	assert_int_equal(h.ntools, 1);
	assert_str(h.template_urn, "urn:skolesec:template:ros:school-tools");
	assert_int_equal(assessment_get(x->db, &x->a, x->other, id, &h), 0);	/* other org */
	n = assessment_items(x->db, &x->a, id, &items);
	assert_true(n >= 5);
	assert_str(items[0].uid, "scope.description");
	assert_str(items[0].data, "{\"value\":\"\"}");
	assert_int_equal(assessment_list(x->db, &x->a, x->other, NULL, &(struct assessment *){ NULL }), 0);
}

static void
items_are_validated_and_stored_canonical(void **state)
{
	struct fix *x = *state;
	int64_t id = new_assessment(x, "ros");
	const char *err, *uid;
	struct as_item r;

	uid = assessment_item_add(x->db, &x->a, &x->adviser, x->org, id, "risk", "risks",
	    "{\"title\":\"Delte lenker\",\"likelihood\":3,\"consequence\":4,\"property\":[\"a\",\"c\"]}", &err);
	assert_non_null(uid);
	assert_int_equal(strncmp(uid, "risk-", 5), 0);
	assert_int_equal(strlen(uid), 5 + 16);
	assert_int_equal(assessment_item(x->db, &x->a, id, uid, &r), 1);
	assert_int_equal(r.l, 3);
	assert_int_equal(r.c, 4);
	assert_non_null(strstr(r.data, "\"property\":[\"c\",\"a\"]"));	/* fixed order */
	assert_non_null(strstr(r.data, "\"owner\":\"\""));	/* every key present */
	/* Refused: a number outside the matrix, an unknown key, a bad date. */
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id, uid,
	    "{\"likelihood\":6}", &err), -1);
	assert_non_null(err);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id, uid,
	    "{\"colour\":\"red\"}", &err), -1);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id, "scope.date",
	    "{\"value\":\"2025-02-30\"}", &err), -1);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id, "scope.date",
	    "{\"value\":\"2024-02-29\"}", &err), 0);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id,
	    "conclusion.knowledge", "{\"value\":\"excellent\"}", &err), -1);
	/* A reader changes nothing; another organisation's id is not found. */
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->reader, x->org, id, uid,
	    "{\"likelihood\":1}", &err), -1);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->other, id, uid,
	    "{\"likelihood\":1}", &err), -1);
	assert_int_equal(assessment_item(x->db, &x->a, id, uid, &r), 1);
	assert_int_equal(r.l, 3);
	/* Template items stay; added ones can go. */
	assert_int_equal(assessment_item_delete(x->db, &x->a, &x->adviser, x->org, id,
	    "scope.date", &err), -1);
	assert_int_equal(assessment_item_delete(x->db, &x->a, &x->adviser, x->org, id, uid, &err), 0);
	assert_int_equal(assessment_item(x->db, &x->a, id, uid, &r), 0);
}

static void
workflow_roles_and_frozen_versions(void **state)
{
	struct fix *x = *state;
	int64_t id = new_assessment(x, "ros");
	const char *err, *uid;
	struct as_version v;
	struct as_version *vl;
	struct as_item *cur;
	struct as_diff *d;
	struct as_step *steps;
	struct assessment h;
	int n, changed = 0;

	uid = assessment_item_add(x->db, &x->a, &x->adviser, x->org, id, "risk", "risks",
	    "{\"title\":\"Konto\",\"likelihood\":2,\"consequence\":5}", &err);
	assert_non_null(uid);
	/* The adviser cannot approve or skip the DPO; the reader cannot move. */
	assert_int_equal(assessment_transition(x->db, &x->a, &x->reader, x->org, id, "dpo_advice", "", &err), -1);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->adviser, x->org, id, "approved", "", &err), -1);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->adviser, x->org, id, "dpo_advice", "Klar", &err), 0);
	/* Items are closed now, except for the DPO's advice (none in a ROS). */
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id, uid,
	    "{\"likelihood\":1}", &err), -1);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->adviser, x->org, id, "approval", "", &err), -1);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->dpo, x->org, id, "approval", "OK", &err), 0);
	/* Risk acceptance only by the org admin, during approval. */
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id,
	    "conclusion.acceptance", "{\"decision\":\"accepted\"}", &err), -1);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->admin, x->org, id,
	    "conclusion.acceptance", "{\"decision\":\"accepted\",\"comment\":\"Godtatt\"}", &err), 0);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->dpo, x->org, id, "approved", "", &err), -1);
	assert_int_equal(flag(x, "ros"), 0);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->admin, x->org, id, "approved", "", &err), 0);
	assert_int_equal(flag(x, "ros"), 1);	/* the inventory follows */
	assert_int_equal(assessment_get(x->db, &x->a, x->org, id, &h), 1);
	assert_str(h.status, "approved");
	assert_int_equal(h.version, 1);
	/* Approved: nothing changes, not even by the admin. */
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->admin, x->org, id, uid,
	    "{\"likelihood\":1}", &err), -1);
	assert_non_null(strstr(err, "approved"));
	assert_int_equal(assessment_version(x->db, &x->a, x->org, id, 1, &v), 1);
	assert_int_equal(assessment_version(x->db, &x->a, x->other, id, 1, &v), 0);
	assert_int_equal(assessment_version(x->db, &x->a, x->org, id, 1, &v), 1);
	assert_str(v.approved_by, "admin@x");
	/* A revision reopens the items; version 1 stays as it was. */
	assert_int_equal(assessment_transition(x->db, &x->a, &x->adviser, x->org, id, "draft", "Revisjon", &err), 0);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id, uid,
	    "{\"title\":\"Konto\",\"likelihood\":1,\"consequence\":5}", &err), 0);
	assert_int_equal(flag(x, "ros"), 1);	/* version 1 is still approved */
	n = assessment_items(x->db, &x->a, id, &cur);
	assert_true(n > 0);
	n = assessment_diff(&x->a, v.items, v.nitems, cur, n, &d);
	for (int i = 0; i < n; i++) {
		if (d[i].change != AC_SAME) {
			changed++;
			assert_int_equal(d[i].change, AC_CHANGED);
			assert_str(d[i].new->uid, uid);
			assert_int_equal(d[i].old->l, 2);
			assert_int_equal(d[i].new->l, 1);
		}
	}
	assert_int_equal(changed, 1);
	assert_int_equal(assessment_version_list(x->db, &x->a, id, &vl), 1);
	n = assessment_steps(x->db, &x->a, id, &steps);
	assert_int_equal(n, 4);
	assert_str(steps[3].to, "draft");
	assert_str(steps[3].comment, "Revisjon");
}

static void
dpia_needs_the_dpo_advice_written_by_the_dpo(void **state)
{
	struct fix *x = *state;
	int64_t id;
	const char *err;
	struct as_item *items;
	const char *advice = NULL;
	int n;

	if (template_current("dpia") == NULL) {
		/* The DPIA template belongs to another slice; without it there is
		 * nothing to test here, and that must show as a failure. */
		fail_msg("no DPIA template in data/templates");
	}
	id = new_assessment(x, "dpia");
	n = assessment_items(x->db, &x->a, id, &items);
	for (int i = 0; i < n; i++)
		if (strcmp(items[i].kind, "dpo_advice") == 0)
			advice = items[i].uid;
	assert_non_null(advice);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->adviser, x->org, id, "dpo_advice", "", &err), 0);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->dpo, x->org, id, "approval", "", &err), -1);
	assert_non_null(strstr(err, "advice"));
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->adviser, x->org, id, advice,
	    "{\"text\":\"Meg\"}", &err), -1);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->admin, x->org, id, advice,
	    "{\"text\":\"Meg\"}", &err), -1);
	assert_int_equal(assessment_item_save(x->db, &x->a, &x->dpo, x->org, id, advice,
	    "{\"text\":\"Rådet mitt\"}", &err), 0);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->dpo, x->org, id, "approval", "", &err), 0);
	assert_int_equal(flag(x, "dpia"), 0);
}

static void
review_date_passed_marks_needs_review(void **state)
{
	struct fix *x = *state;
	int64_t id = new_assessment(x, "ros");
	struct assessment h;
	const char *err;

	assert_int_equal(assessment_get(x->db, &x->a, x->org, id, &h), 1);
	h.review_date = "2025-01-31";
	assert_int_equal(assessment_update_header(x->db, &x->a, x->adviser_id, &h, &err), 0);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->adviser, x->org, id, "dpo_advice", "", &err), 0);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->dpo, x->org, id, "approval", "", &err), 0);
	assert_int_equal(assessment_transition(x->db, &x->a, &x->admin, x->org, id, "approved", "", &err), 0);
	assert_int_equal(assessment_check_reviews(x->db, &x->a, x->org, "2025-01-31"), 0);
	assert_int_equal(assessment_check_reviews(x->db, &x->a, x->org, "2025-02-01"), 1);
	assert_int_equal(assessment_get(x->db, &x->a, x->org, id, &h), 1);
	assert_str(h.status, "needs_review");
	assert_str(h.review_reason, "review_date");
	assert_int_equal(assessment_check_reviews(x->db, &x->a, x->org, "2025-02-01"), 0);
	/* A header change of a non-draft is refused. */
	h.title = "Ny";
	assert_int_equal(assessment_update_header(x->db, &x->a, x->adviser_id, &h, &err), -1);
}

static void
comments_and_risk_matrix(void **state)
{
	struct fix *x = *state;
	int64_t id = new_assessment(x, "ros");
	struct as_comment *c;
	struct risk_matrix m, back;
	const char *err;

	assert_int_equal(assessment_comment_add(x->db, &x->a, x->dpo_id, x->org, id, "scope.date", "Sjekk dato"), 1);
	assert_int_equal(assessment_comment_add(x->db, &x->a, x->dpo_id, x->org, id, "", "Helheten"), 1);
	assert_int_equal(assessment_comment_add(x->db, &x->a, x->dpo_id, x->org, id, "nope", "x"), 0);
	assert_int_equal(assessment_comment_add(x->db, &x->a, x->dpo_id, x->other, id, "", "x"), 0);
	assert_int_equal(assessment_comment_add(x->db, &x->a, x->dpo_id, x->org, id, "", ""), -2);
	assert_int_equal(assessment_comments(x->db, &x->a, id, &c), 2);
	assert_str(c[0].item_uid, "scope.date");
	assert_str(c[0].author, "dpo@x");

	assert_int_equal(risk_matrix_get(x->db, &x->a, x->org, &m), 0);
	assert_int_equal(m.size, 5);
	m.size = 4;
	m.accept_max = 3;
	m.measures_max = 20;	/* above 4 x 4 */
	assert_int_equal(risk_matrix_save(x->db, &x->a, x->admin_id, x->org, &m, &err), -1);
	m.measures_max = 8;
	m.lik[0] = "Sjelden";
	m.colour[2] = "red";
	assert_int_equal(risk_matrix_save(x->db, &x->a, x->admin_id, x->org, &m, &err), -1);
	m.colour[2] = "#aa0000";
	assert_int_equal(risk_matrix_save(x->db, &x->a, x->admin_id, x->org, &m, &err), 0);
	assert_int_equal(risk_matrix_get(x->db, &x->a, x->org, &back), 1);
	assert_int_equal(back.size, 4);
	assert_str(back.lik[0], "Sjelden");
	assert_null(back.lik[4]);
	assert_str(back.colour[2], "#aa0000");
	assert_int_equal(risk_matrix_get(x->db, &x->a, x->other, &back), 0);	/* still default */
	/* The 4x4 matrix now bounds the risk numbers. */
	assert_null(assessment_item_add(x->db, &x->a, &x->adviser, x->org, id, "risk", "risks",
	    "{\"likelihood\":5}", &err));
}

static const int SQLITE_B = 0, PG_B = 1;
#define ON(p, f, b) { p #f, f, setup, teardown, (void *)&(b) }
#define DBTESTS(p, b) \
	ON(p, create_copies_the_template_and_is_org_scoped, b), \
	ON(p, items_are_validated_and_stored_canonical, b), \
	ON(p, workflow_roles_and_frozen_versions, b), \
	ON(p, dpia_needs_the_dpo_advice_written_by_the_dpo, b), \
	ON(p, review_date_passed_marks_needs_review, b), \
	ON(p, comments_and_risk_matrix, b)

int
main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(default_matrix_scores_and_zones),
		cmocka_unit_test(residual_risk_after_measures_on_a_4x4_matrix),
		cmocka_unit_test(diff_by_uid_keeps_removed_items_in_place),
		cmocka_unit_test(snapshot_round_trips_header_and_items),
		cmocka_unit_test(heatmap_counts_cells_and_escapes_labels),
	};
	const struct CMUnitTest sqlite[] = { DBTESTS("sqlite: ", SQLITE_B) };
	const struct CMUnitTest pg[] = { DBTESTS("postgresql: ", PG_B) };
	int failed = 0;

	failed += cmocka_run_group_tests_name("assessment", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("assessment sqlite", sqlite, NULL, NULL);
	pg_dir = getenv("SKOLESEC_TEST_PG");
	if (pg_dir && *pg_dir) {
		fflush(stdout);
		failed += cmocka_run_group_tests_name("assessment postgresql", pg, NULL, NULL);
	} else
		printf("# PostgreSQL variants NOT run (and not counted): SKOLESEC_TEST_PG is not set\n");
	return failed;
}
