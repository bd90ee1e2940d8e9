/*
 * test_maturity.c - the maturity self-assessment (domain/maturity) and its
 * radar chart (html/svg).
 *
 * Why these tests: municipalities answer exactly what the question-set file
 * says, so the loader must refuse a bad file with a message naming the file
 * and the place (duplicate URNs, a missing level, a typo in a key); the
 * scores are compared across rounds and municipalities, so the formula is
 * pinned with worked examples computed by hand; averages must stay hidden
 * below five municipalities; and the chart must escape its labels and carry
 * role/title for screen readers. The round storage runs against SQLite here
 * (the HTTP tests run it on PostgreSQL as well).
 */
#include <locale.h>
#include <sys/stat.h>

#include "unit.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/maturity.h"
#include "domain/org.h"
#include "html/svg.h"

#define SETFILE "data/maturity/skolesec-modenhet-v1.json"
#define NOW 1700000000

/* ---- a small valid set, and variants of it with one thing wrong -------- */

#define LV(p) "[{\"level\":0,\"nb\":\"" p "0\"},{\"level\":1,\"nb\":\"" p "1\"}," \
	"{\"level\":2,\"nb\":\"" p "2\"},{\"level\":3,\"nb\":\"" p "3\"}," \
	"{\"level\":4,\"nb\":\"" p "4\"},{\"level\":5,\"nb\":\"" p "5\"}]"

/* Areas A (3 questions), B (2) and C (1). */
static const char SMALL[] =
	"{\"urn\":\"urn:t:set\",\"version\":\"1\",\"title\":{\"nb\":\"Test\"},"
	"\"levels\":" LV("L") ",\"areas\":["
	"{\"urn\":\"urn:t:a\",\"title\":{\"nb\":\"A\"},\"levels\":" LV("A") ",\"questions\":["
	"{\"urn\":\"urn:t:a1\",\"text\":{\"nb\":\"a1?\"},\"guidance\":{\"nb\":\"g\"}},"
	"{\"urn\":\"urn:t:a2\",\"text\":{\"nb\":\"a2?\"},\"guidance\":{\"nb\":\"g\"},\"levels\":" LV("Q") "},"
	"{\"urn\":\"urn:t:a3\",\"text\":{\"nb\":\"a3?\"},\"guidance\":{\"nb\":\"g\"}}]},"
	"{\"urn\":\"urn:t:b\",\"title\":{\"nb\":\"B\",\"nn\":\"Bn\"},\"levels\":" LV("B") ",\"questions\":["
	"{\"urn\":\"urn:t:b1\",\"text\":{\"nb\":\"b1?\"},\"guidance\":{\"nb\":\"g\"}},"
	"{\"urn\":\"urn:t:b2\",\"text\":{\"nb\":\"b2?\"},\"guidance\":{\"nb\":\"g\"}}]},"
	"{\"urn\":\"urn:t:c\",\"title\":{\"nb\":\"C\"},\"levels\":" LV("C") ",\"questions\":["
	"{\"urn\":\"urn:t:c1\",\"text\":{\"nb\":\"c1?\"},\"guidance\":{\"nb\":\"g\"}}]}]}";

/* SMALL with the first occurrence of from replaced by to. */
static char *
variant(const char *from, const char *to)
{
	const char *p = strstr(SMALL, from);
	size_t n = strlen(SMALL) - strlen(from) + strlen(to) + 1;
	char *s = malloc(n);

	assert_non_null(p);
	assert_non_null(s);
	memcpy(s, SMALL, (size_t)(p - SMALL));
	memcpy(s + (p - SMALL), to, strlen(to));
	memcpy(s + (p - SMALL) + strlen(to), p + strlen(from), strlen(p + strlen(from)) + 1);
	return s;
}

static struct mat_set *
small_set(void)
{
	struct mat_set *s;
	char err[512];

	if (maturity_parse(SMALL, strlen(SMALL), "small.json", &s, err, sizeof(err)))
		fail_msg("small set refused: %s", err);
	return s;
}

/* Parses text, expects failure, and checks the message holds each needle. */
static void
refused(const char *text, const char *n1, const char *n2)
{
	struct mat_set *s = NULL;
	char err[512] = "";

	assert_int_equal(maturity_parse(text, strlen(text), "bad.json", &s, err, sizeof(err)), -1);
	assert_null(s);
	if (strncmp(err, "bad.json: ", 10) != 0)
		fail_msg("message does not start with the file name: %s", err);
	if (n1 && !strstr(err, n1))
		fail_msg("message lacks \"%s\": %s", n1, err);
	if (n2 && !strstr(err, n2))
		fail_msg("message lacks \"%s\": %s", n2, err);
}

static void
refused_variant(const char *from, const char *to, const char *n1, const char *n2)
{
	char *t = variant(from, to);

	refused(t, n1, n2);
	free(t);
}

/* ---- loading ------------------------------------------------------------ */

static void
shipped_set_loads_and_covers_the_areas(void **state)
{
	static const char *const areas[] = { "styring", "protokoll", "verktoy", "innkjop", "dba",
	    "ros-dpia", "informasjon", "rettigheter", "avvik", "tilgang", "sletting", "opplaering",
	    "internkontroll" };
	struct mat_set *s;
	char err[512];

	(void)state;
	if (maturity_load_file(SETFILE, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_str(s->urn, "urn:skolesec:maturity:skoleeier:v1");
	assert_true(s->nq >= 30);
	assert_int_equal(s->nareas, 13);
	for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
		char urn[128];
		int found = 0;
		snprintf(urn, sizeof(urn), "urn:skolesec:maturity:skoleeier:area:%s", areas[i]);
		for (int k = 0; k < s->nareas; k++)
			found |= strcmp(s->areas[k].urn, urn) == 0;
		if (!found)
			fail_msg("area %s missing", urn);
	}
	for (int q = 0; q < s->nq; q++)
		for (int lv = 0; lv < MAT_LEVELS; lv++) {
			assert_non_null(mat_level_text(s, q, lv)->nb);
			assert_true(strlen(s->q[q].guidance.nb) > 20);
		}
	/* The 72-hour rule has its own question with its own descriptors. */
	{
		int q = maturity_question_index(s, "urn:skolesec:maturity:skoleeier:q:avvik-72-timer");
		assert_true(q >= 0);
		assert_non_null(strstr(s->q[q].text.nb, "72 timer"));
		assert_non_null(s->q[q].levels[3].nb);
	}
	maturity_free(s);
}

static void
small_set_parses_with_fallbacks(void **state)
{
	struct mat_set *s = small_set();

	(void)state;
	assert_int_equal(s->nareas, 3);
	assert_int_equal(s->nq, 6);
	assert_int_equal(s->areas[0].first, 0);
	assert_int_equal(s->areas[1].first, 3);
	assert_int_equal(s->areas[1].nq, 2);
	/* a2 has its own descriptors, a1 falls back to the area's. */
	assert_str(mat_level_text(s, 1, 4)->nb, "Q4");
	assert_str(mat_level_text(s, 0, 4)->nb, "A4");
	/* Nynorsk where given, bokmål otherwise; short name defaults to title. */
	assert_str(mat_tx(&s->areas[1].title, "nn"), "Bn");
	assert_str(mat_tx(&s->areas[0].title, "nn"), "A");
	assert_str(mat_tx(&s->areas[1].title, "nb"), "B");
	assert_str(mat_tx(&s->areas[2].shortname, "nb"), "C");
	maturity_free(s);
}

static void
duplicate_urns_are_refused_with_both_places(void **state)
{
	(void)state;
	refused_variant("\"urn:t:a3\"", "\"urn:t:a1\"", "areas[0].questions[2].urn",
	    "duplicate URN \"urn:t:a1\" (also at areas[0].questions[0].urn)");
	/* A question may not reuse an area's URN either. */
	refused_variant("\"urn:t:b2\"", "\"urn:t:a\"", "areas[1].questions[1].urn", "duplicate URN");
}

static void
incomplete_or_wrong_levels_are_refused(void **state)
{
	(void)state;
	/* Area B's level 4 removed. */
	refused_variant(",{\"level\":4,\"nb\":\"B4\"}", "", "areas[1].levels", "level 4 is missing");
	refused_variant("{\"level\":5,\"nb\":\"A5\"}", "{\"level\":7,\"nb\":\"A5\"}",
	    "areas[0].levels[5]", "level 7 is outside 0-5");
	refused_variant("{\"level\":5,\"nb\":\"A5\"}", "{\"level\":4,\"nb\":\"A5\"}",
	    "areas[0].levels[5]", "level 4 appears twice");
	refused_variant("{\"level\":2,\"nb\":\"Q2\"}", "{\"level\":2,\"nb\":\"  \"}",
	    "areas[0].questions[1].levels[2].nb", "must not be empty");
	refused_variant("{\"level\":0,\"nb\":\"L0\"}", "{\"level\":\"0\",\"nb\":\"L0\"}",
	    "(root).levels[0]", "whole number");
	/* An area without descriptors at all. */
	refused_variant("\"levels\":" LV("C") ",", "", "areas[2].levels", "is missing");
}

static void
typos_bad_urns_and_bad_json_are_refused(void **state)
{
	(void)state;
	refused_variant("\"guidance\":{\"nb\":\"g\"}}]},{\"urn\":\"urn:t:b\"",
	    "\"guidence\":{\"nb\":\"g\"}}]},{\"urn\":\"urn:t:b\"",
	    "areas[0].questions[2]", "unknown key \"guidence\"");
	refused_variant("\"urn:t:b1\"", "\"b1\"", "areas[1].questions[0].urn", "is not a URN");
	refused_variant("\"urn:t:b1\"", "\"urn::b1\"", "areas[1].questions[0].urn", "is not a URN");
	refused_variant("\"text\":{\"nb\":\"b1?\"}", "\"text\":{\"nn\":\"b1?\"}",
	    "areas[1].questions[0].text", "bokmål");
	refused_variant("\"version\":\"1\",", "", "version", "is missing");
	refused_variant("\"questions\":[{\"urn\":\"urn:t:c1\",\"text\":{\"nb\":\"c1?\"},\"guidance\":{\"nb\":\"g\"}}]",
	    "\"questions\":[]", "areas[2].questions", "non-empty");
	refused("{\"urn\": \"urn:t:x\",", "line 1", NULL);
	/* Duplicate keys would let the second silently win. */
	refused_variant("\"version\":\"1\",", "\"version\":\"1\",\"version\":\"2\",", "duplicate", NULL);
}

static void
init_loads_the_directory_and_refuses_bad_ones(void **state)
{
	char dir[] = "/tmp/skolesec-mat-XXXXXX", sub[128], path[192], err[512];
	FILE *f;

	(void)state;
	assert_int_equal(maturity_init("data", err, sizeof(err)), 0);
	assert_non_null(maturity_current());
	assert_str(maturity_current()->urn, "urn:skolesec:maturity:skoleeier:v1");
	assert_ptr_equal(maturity_find("urn:skolesec:maturity:skoleeier:v1", "1.0"), maturity_current());
	/* Another version of a loaded URN still finds the set (stable URNs). */
	assert_ptr_equal(maturity_find("urn:skolesec:maturity:skoleeier:v1", "0.9"), maturity_current());
	assert_null(maturity_find("urn:other", "1.0"));
	/* A directory with a broken file: start-up fails naming it. */
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/maturity", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof(path), "%s/bad.json", sub);
	assert_non_null(f = fopen(path, "w"));
	fputs("{\"urn\":\"urn:t:x\"}", f);
	fclose(f);
	assert_int_equal(maturity_init(dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bad.json"));
	assert_null(maturity_current());
	unlink(path);
	assert_int_equal(maturity_init(dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no question set"));
	rmdir(sub);
	rmdir(dir);
	maturity_shutdown();
}

/* ---- scores ------------------------------------------------------------- */

static struct mat_answer
ans(const char *urn, int level, int nr)
{
	struct mat_answer a = { urn, level, nr, "", "", 0, 0 };
	return a;
}

static void
scores_follow_the_documented_formula(void **state)
{
	struct mat_set *s = small_set();
	struct mat_score sc;
	/* A: 3, 4, not relevant -> (3+4)/2 = 3.5 -> 70.0
	 * B: 1, unanswered      -> 1/1 = 1 -> 20.0
	 * C: nothing            -> no score
	 * total = (70 + 20) / 2 = 45.0; 3 answered + 1 not relevant of 6. */
	struct mat_answer a[] = {
		ans("urn:t:a1", 3, 0), ans("urn:t:a2", 4, 0), ans("urn:t:a3", -1, 1),
		ans("urn:t:b1", 1, 0),
		ans("urn:t:zz", 5, 0),		/* not in the set: ignored */
		ans("urn:t:b1", 5, 0),		/* a second answer to b1: ignored */
	};

	(void)state;
	maturity_score(s, a, 6, &sc);
	assert_true(sc.area[0].has_score);
	assert_int_equal(maturity_tenths(sc.area[0].score), 700);
	assert_int_equal(sc.area[0].answered, 2);
	assert_int_equal(sc.area[0].not_relevant, 1);
	assert_int_equal(sc.area[0].questions, 3);
	assert_int_equal(maturity_tenths(sc.area[1].score), 200);
	assert_false(sc.area[2].has_score);
	assert_int_equal(sc.scored_areas, 2);
	assert_true(sc.has_score);
	assert_int_equal(maturity_tenths(sc.total), 450);
	assert_int_equal(sc.answered, 3);
	assert_int_equal(sc.not_relevant, 1);
	assert_int_equal(sc.questions, 6);
	maturity_free(s);
}

static void
level_zero_counts_and_not_relevant_only_areas_have_no_score(void **state)
{
	struct mat_set *s = small_set();
	struct mat_score sc;
	/* A: 0, 2, 2 -> 4/3 = 1.333 -> 26.67 -> 26.7 (rounded half up)
	 * B: both not relevant -> no score (not 0)
	 * C: 5 -> 100.0; total = (26.667 + 100) / 2 = 63.33 -> 63.3 */
	struct mat_answer a[] = {
		ans("urn:t:a1", 0, 0), ans("urn:t:a2", 2, 0), ans("urn:t:a3", 2, 0),
		ans("urn:t:b1", -1, 1), ans("urn:t:b2", 3, 1),	/* not relevant wins over a level */
		ans("urn:t:c1", 5, 0),
	};

	(void)state;
	maturity_score(s, a, 6, &sc);
	assert_int_equal(maturity_tenths(sc.area[0].score), 267);
	assert_false(sc.area[1].has_score);
	assert_int_equal(sc.area[1].not_relevant, 2);
	assert_int_equal(maturity_tenths(sc.area[2].score), 1000);
	assert_int_equal(maturity_tenths(sc.total), 633);
	/* No answers at all: no total. */
	maturity_score(s, a, 0, &sc);
	assert_false(sc.has_score);
	assert_int_equal(sc.scored_areas, 0);
	/* Only a level-0 answer: a score of 0 is a score. */
	maturity_score(s, a, 1, &sc);
	assert_true(sc.has_score);
	assert_int_equal(maturity_tenths(sc.total), 0);
	maturity_free(s);
}

static void
tenths_round_half_away_from_zero(void **state)
{
	(void)state;
	assert_int_equal(maturity_tenths(46.65), 467);
	assert_int_equal(maturity_tenths(46.64), 466);
	assert_int_equal(maturity_tenths(200.0 / 3), 667);
	assert_int_equal(maturity_tenths(-12.25), -123);
	assert_int_equal(maturity_tenths(0), 0);
}

static void
peer_averages_need_five_municipalities(void **state)
{
	struct mat_set *s = small_set();
	struct mat_peers p;
	struct mat_score sc;
	double v;
	/* Five municipalities: A scores 20, 40, 60, 80, 100 (average 60);
	 * only four of them answered B (40 each), so B stays hidden. */
	static const int lv[5] = { 1, 2, 3, 4, 5 };

	(void)state;
	memset(&p, 0, sizeof(p));
	for (int m = 0; m < 5; m++) {
		struct mat_answer a[2] = { ans("urn:t:a1", lv[m], 0), ans("urn:t:b1", 2, 0) };
		maturity_score(s, a, m < 4 ? 2 : 1, &sc);
		maturity_peers_add(&p, &sc, s->nareas);
		if (m == 3) {
			/* Four so far: nothing may be shown yet, even before finish. */
			struct mat_peers four = p;
			maturity_peers_finish(&four, s->nareas);
			assert_int_equal(maturity_peer_count(&four, 0), 4);
			assert_false(maturity_peer_value(&four, 0, &v));
			assert_false(maturity_peer_value(&four, -1, &v));
		}
	}
	assert_false(maturity_peer_value(&p, 0, &v));	/* not finished */
	maturity_peers_finish(&p, s->nareas);
	assert_true(maturity_peer_value(&p, 0, &v));
	assert_int_equal(maturity_tenths(v), 600);
	assert_int_equal(maturity_peer_count(&p, 1), 4);
	assert_false(maturity_peer_value(&p, 1, &v));
	assert_false(maturity_peer_value(&p, 2, &v));	/* nobody answered C */
	/* Totals: (20+40)/2=30, (40+40)/2=40, (60+40)/2=50, (80+40)/2=60, 100 -> 56 */
	assert_int_equal(maturity_peer_count(&p, -1), 5);
	assert_true(maturity_peer_value(&p, -1, &v));
	assert_int_equal(maturity_tenths(v), 560);
	maturity_free(s);
}

static void
change_between_rounds_per_area(void **state)
{
	struct mat_set *s = small_set();
	struct mat_score prev, cur;
	struct mat_change c;
	/* Before: A 2,3,- -> 50.0; B nothing; C 1 -> 20.0; total 35.0.
	 * After:  A 3,4,not relevant -> 70.0; B 1 -> 20.0; C nothing; total 45.0.
	 * Change: A +20.0; B and C none (one side missing); total +10.0. */
	struct mat_answer before[] = { ans("urn:t:a1", 2, 0), ans("urn:t:a2", 3, 0), ans("urn:t:c1", 1, 0) };
	struct mat_answer after[] = { ans("urn:t:a1", 3, 0), ans("urn:t:a2", 4, 0), ans("urn:t:a3", -1, 1),
	    ans("urn:t:b1", 1, 0) };

	(void)state;
	maturity_score(s, before, 3, &prev);
	maturity_score(s, after, 4, &cur);
	maturity_change(&prev, &cur, s->nareas, &c);
	assert_true(c.has[0]);
	assert_int_equal(maturity_tenths(c.delta[0]), 200);
	assert_false(c.has[1]);
	assert_false(c.has[2]);
	assert_true(c.has_total);
	assert_int_equal(maturity_tenths(c.total), 100);
	/* And back again: a fall is negative. */
	maturity_change(&cur, &prev, s->nareas, &c);
	assert_int_equal(maturity_tenths(c.delta[0]), -200);
	assert_int_equal(maturity_tenths(c.total), -100);
	maturity_free(s);
}

/* ---- evidence ------------------------------------------------------------ */

static void
evidence_is_a_web_link_or_a_note(void **state)
{
	static const char *const ok[] = {
		"", "https://www.bergen.kommune.no/personvern?side=2#ros",
		"http://intranett.kommune.no:8080/ros.pdf", "Se ROS-mappen i Public 360",
		"Merknad: ligger i arkivet", "HTTPS://EXAMPLE.NO",
		"https://www.kommune.no/personvern/åpenhet",
	};
	static const char *const bad[] = {
		"javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<b>x</b>",
		"vbscript:msgbox", "file:///etc/passwd", "https://", "https://localhost/x",
		"https://exa mple.no", "https://ex.no/\"onmouseover=x", "https://ex.no:99999/",
		"https://user@ex.no/", "https://-ex.no/", "httpx://ex.no", "https:/ex.no",
		"https://ex.no/<script>",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (maturity_evidence_problem(ok[i]))
			fail_msg("refused \"%s\": %s", ok[i], maturity_evidence_problem(ok[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (maturity_evidence_problem(bad[i]) == NULL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_false(maturity_evidence_is_link(bad[i]));
	}
	assert_true(maturity_evidence_is_link("https://www.bergen.kommune.no/personvern?side=2#ros"));
	assert_false(maturity_evidence_is_link("Se ROS-mappen i Public 360"));
	assert_false(maturity_evidence_is_link("Merknad: ligger i arkivet"));
}

/* ---- the radar chart ------------------------------------------------------ */

static void
radar_escapes_labels_and_is_an_image_with_a_title(void **state)
{
	struct req *r = unit_req_new();
	static const char *const labels[] = { "<script>alert(1)</script>", "A & \"B\"", "C'" };
	double v[3] = { 50, 100, 0 }, cmp[3] = { 40, 60, 80 };
	int has[3] = { 1, 1, 0 }, ch[3] = { 1, 1, 1 };
	struct svg_radar c = { "r1", "Modenhet <per> område", "Les \"tabellen\"", 3, labels, v, has,
	    "Runde & co", cmp, ch, "Snitt" };
	const char *out;

	(void)state;
	svg_radar(r, &c);
	out = unit_out(r);
	assert_non_null(strstr(out, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(out, "role=\"img\""));
	assert_non_null(strstr(out, "aria-labelledby=\"r1-t r1-d\""));
	assert_non_null(strstr(out, "<title id=\"r1-t\">Modenhet &lt;per&gt; område</title>"));
	assert_non_null(strstr(out, "<desc id=\"r1-d\">Les &quot;tabellen&quot;</desc>"));
	assert_non_null(strstr(out, ">&lt;script&gt;alert(1)&lt;/script&gt;</text>"));
	assert_non_null(strstr(out, ">A &amp; &quot;B&quot;</text>"));
	assert_non_null(strstr(out, ">C&#39;</text>"));
	assert_non_null(strstr(out, ">Runde &amp; co</text>"));
	assert_null(strstr(out, "<script"));
	/* No CSS: CSP forbids inline style. */
	assert_null(strstr(out, "style"));
	/* The comparison differs by dash pattern (and marker), not colour only. */
	assert_non_null(strstr(out, "stroke-dasharray=\"7 5\""));
	/* Axis 0 at 50 points straight up from the centre (310,205), R = 165. */
	assert_non_null(strstr(out, "points=\"310.00,122.50 "));
	/* No comma decimals anywhere in coordinates. */
	assert_null(strstr(out, ",00"));
	unit_req_free(r);
}

static void
radar_without_comparison_has_one_series(void **state)
{
	struct req *r = unit_req_new();
	static const char *const labels[] = { "a", "b", "c", "d" };
	double v[4] = { 100, 100, 100, 100 };
	struct svg_radar c = { "x", "T", NULL, 4, labels, v, NULL, "S", NULL, NULL, NULL };
	const char *out;

	(void)state;
	svg_radar(r, &c);
	out = unit_out(r);
	assert_null(strstr(out, "stroke-dasharray"));
	assert_null(strstr(out, "<desc"));
	assert_non_null(strstr(out, "aria-labelledby=\"x-t\""));
	/* A square at 100: top (310,40), right (475,205), bottom, left. */
	assert_non_null(strstr(out, "points=\"310.00,40.00 475.00,205.00 310.00,370.00 145.00,205.00\""));
	unit_req_free(r);
}

static void
numbers_use_a_point_whatever_the_locale(void **state)
{
	struct buf b;
	struct arena a;

	(void)state;
	/* A locale with a decimal comma, if the system has one; the output
	 * must not change. */
	if (setlocale(LC_NUMERIC, "nb_NO.UTF-8") == NULL)
		(void)setlocale(LC_NUMERIC, "de_DE.UTF-8");
	arena_init(&a, 1 << 16);
	buf_init(&b, 1024, &a);
	svg_num(&b, 12.375, 2);
	buf_puts(&b, " ");
	svg_num(&b, -0.004, 2);
	buf_puts(&b, " ");
	svg_num(&b, -3.5, 0);
	buf_puts(&b, " ");
	svg_num(&b, 7, 1);
	buf_puts(&b, " ");
	svg_num(&b, 0.0625, 3);
	assert_str(buf_str(&b), "12.38 0.00 -4 7.0 0.063");
	(void)setlocale(LC_NUMERIC, "C");
	arena_free(&a);
}

/* ---- rounds in the database (SQLite) -------------------------------------- */

struct dbfix {
	struct db *db;
	struct arena a;
	const struct mat_set *s;
};

static int
db_setup(void **state)
{
	struct dbfix *x = calloc(1, sizeof(*x));
	char err[512];

	if (x == NULL || db_open("sqlite::memory:", &x->db, err, sizeof(err)) ||
	    migrate_up(x->db, err, sizeof(err)) < 0 ||
	    org_load_reference(x->db, "data/kommuner-2024.csv", NOW, err, sizeof(err)) < 0 ||
	    maturity_init("data", err, sizeof(err))) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	arena_init(&x->a, 64u << 20);
	x->s = maturity_current();
	*state = x;
	return 0;
}

static int
db_teardown(void **state)
{
	struct dbfix *x = *state;

	db_close(x->db);
	arena_free(&x->a);
	maturity_shutdown();
	free(x);
	return 0;
}

static int64_t
kommune(struct dbfix *x, const char *number)
{
	int64_t id = org_find(x->db, "municipality", number);

	assert_true(id > 0);
	return id;
}

/* A closed round where every question has the same level. */
static int64_t
closed_round(struct dbfix *x, int64_t org, int level, int64_t t)
{
	struct mat_answer *a = calloc((size_t)x->s->nq, sizeof(*a));
	int64_t id;

	assert_non_null(a);
	for (int q = 0; q < x->s->nq; q++)
		a[q] = ans(x->s->q[q].urn, level, 0);
	assert_int_equal(db_begin(x->db), 0);
	id = maturity_round_create(x->db, org, x->s, "Runde", 0, t);
	assert_true(id > 0);
	assert_int_equal(maturity_answers_save(x->db, &x->a, org, id, a, x->s->nq, "test", 0, t), 0);
	assert_int_equal(maturity_round_close(x->db, org, id, 0, t + 10), 0);
	assert_int_equal(db_commit(x->db), 0);
	free(a);
	return id;
}

static void
one_open_round_and_closed_rounds_are_read_only(void **state)
{
	struct dbfix *x = *state;
	int64_t bergen = kommune(x, "4601"), askoy = kommune(x, "4627"), id, id2;
	struct mat_answer a[2], *got;
	struct mat_round rd;
	int n;

	assert_int_equal(db_begin(x->db), 0);
	id = maturity_round_create(x->db, bergen, x->s, "2025", 0, NOW);
	assert_true(id > 0);
	/* A second open round in the same organisation is refused (0)... */
	assert_int_equal(maturity_round_create(x->db, bergen, x->s, "again", 0, NOW), 0);
	/* ...but another organisation may have its own. */
	assert_true(maturity_round_create(x->db, askoy, x->s, "2025", 0, NOW) > 0);
	a[0] = ans(x->s->q[0].urn, 3, 0);
	a[0].comment = "Vedtatt i 2024";
	a[0].evidence = "https://www.bergen.kommune.no/mandat";
	a[1] = ans(x->s->q[1].urn, -1, 1);
	assert_int_equal(maturity_answers_save(x->db, &x->a, bergen, id, a, 2, "area", 0, NOW), 0);
	/* Saving to Bergen's round through another organisation: refused. */
	assert_int_equal(maturity_answers_save(x->db, &x->a, askoy, id, a, 2, "area", 0, NOW), 1);
	assert_int_equal(db_commit(x->db), 0);
	n = maturity_answers(x->db, &x->a, id, &got);
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++)
		if (strcmp(got[i].question_urn, x->s->q[0].urn) == 0) {
			assert_int_equal(got[i].level, 3);
			assert_str(got[i].evidence, "https://www.bergen.kommune.no/mandat");
		} else {
			assert_true(got[i].not_relevant);
			assert_int_equal(got[i].level, -1);
		}
	/* Clearing an answer removes it. */
	assert_int_equal(db_begin(x->db), 0);
	a[1] = ans(x->s->q[1].urn, -1, 0);
	assert_int_equal(maturity_answers_save(x->db, &x->a, bergen, id, &a[1], 1, "area", 0, NOW), 0);
	assert_int_equal(maturity_round_close(x->db, bergen, id, 0, NOW + 5), 0);
	/* Closed: no more answers, no second close; a new round may start. */
	assert_int_equal(maturity_answers_save(x->db, &x->a, bergen, id, a, 1, "area", 0, NOW), 1);
	assert_int_equal(maturity_round_close(x->db, bergen, id, 0, NOW + 6), 1);
	id2 = maturity_round_create(x->db, bergen, x->s, "2026", 0, NOW + 7);
	assert_true(id2 > id);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(maturity_answers(x->db, &x->a, id, &got), 1);
	assert_int_equal(maturity_round_get(x->db, &x->a, bergen, id, &rd), 1);
	assert_int_equal(rd.closed_at, NOW + 5);
	/* Another organisation's round is not found through one's own. */
	assert_int_equal(maturity_round_get(x->db, &x->a, askoy, id, &rd), 0);
	/* The previous round of the new one is the closed one. */
	assert_int_equal(maturity_round_get(x->db, &x->a, bergen, id2, &rd), 1);
	{
		struct mat_round prev;
		assert_int_equal(maturity_round_previous(x->db, &x->a, &rd, &prev), 1);
		assert_int_equal(prev.id, id);
	}
}

static void
comparison_uses_latest_closed_rounds_and_the_county(void **state)
{
	struct dbfix *x = *state;
	static const char *const vestland[] = { "4601", "4602", "4614", "4621" };
	int64_t vl = org_find(x->db, "county", "46");
	struct mat_peers region, nation;
	double v;

	assert_true(vl > 0);
	/* Four Vestland municipalities: levels 1, 2, 3, 4 -> 20, 40, 60, 80. */
	for (int i = 0; i < 4; i++)
		closed_round(x, kommune(x, vestland[i]), i + 1, NOW + i);
	/* Bergen's older round (level 5) must not count: a later one exists. */
	closed_round(x, kommune(x, "4601"), 5, NOW - 1000);
	/* Nordre Follo (Akershus), level 0 -> 0. */
	closed_round(x, kommune(x, "3207"), 0, NOW);
	/* An open round does not count. */
	assert_int_equal(db_begin(x->db), 0);
	assert_true(maturity_round_create(x->db, kommune(x, "4627"), x->s, "open", 0, NOW) > 0);
	assert_int_equal(db_commit(x->db), 0);

	assert_int_equal(maturity_compare(x->db, &x->a, x->s, vl, &region, &nation), 0);
	assert_int_equal(maturity_peer_count(&region, -1), 4);
	assert_false(maturity_peer_value(&region, -1, &v));	/* four: hidden */
	assert_int_equal(maturity_peer_count(&nation, -1), 5);
	assert_true(maturity_peer_value(&nation, -1, &v));
	/* (20 + 40 + 60 + 80 + 0) / 5 = 40.0 */
	assert_int_equal(maturity_tenths(v), 400);
	assert_true(maturity_peer_value(&nation, 0, &v));
	assert_int_equal(maturity_tenths(v), 400);

	/* A fifth Vestland municipality (level 5 -> 100): the county shows. */
	closed_round(x, kommune(x, "4640"), 5, NOW);
	assert_int_equal(maturity_compare(x->db, &x->a, x->s, vl, &region, &nation), 0);
	assert_int_equal(maturity_peer_count(&region, -1), 5);
	assert_true(maturity_peer_value(&region, -1, &v));
	/* (20 + 40 + 60 + 80 + 100) / 5 = 60.0 */
	assert_int_equal(maturity_tenths(v), 600);
	assert_int_equal(maturity_peer_count(&nation, -1), 6);
}

#define T(f) cmocka_unit_test(f)
#define TDB(f) cmocka_unit_test_setup_teardown(f, db_setup, db_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(shipped_set_loads_and_covers_the_areas),
		T(small_set_parses_with_fallbacks),
		T(duplicate_urns_are_refused_with_both_places),
		T(incomplete_or_wrong_levels_are_refused),
		T(typos_bad_urns_and_bad_json_are_refused),
		T(init_loads_the_directory_and_refuses_bad_ones),
		T(scores_follow_the_documented_formula),
		T(level_zero_counts_and_not_relevant_only_areas_have_no_score),
		T(tenths_round_half_away_from_zero),
		T(peer_averages_need_five_municipalities),
		T(change_between_rounds_per_area),
		T(evidence_is_a_web_link_or_a_note),
		T(radar_escapes_labels_and_is_an_image_with_a_title),
		T(radar_without_comparison_has_one_series),
		T(numbers_use_a_point_whatever_the_locale),
		TDB(one_open_round_and_closed_rounds_are_read_only),
		TDB(comparison_uses_latest_closed_rounds_and_the_county),
	};

	return cmocka_run_group_tests_name("domain/maturity", tests, NULL, NULL);
}
