/*
 * test_catalogue.c - the national tool catalogue (domain/catalogue).
 *
 * Pure logic first, with worked examples: casefolding for search (æøå and
 * case, decomposed å from a Mac, Sámi letters, whitespace), the Norwegian
 * sort key, the fixed key lists of set-valued facts, country codes, web
 * addresses and organisation numbers. Then, on a real database (SQLite in
 * memory, and PostgreSQL when SKOLESEC_TEST_PG_URL is set), what only the
 * database can show: search finds what the casefolding promises and treats
 * LIKE wildcards as text, a proposal is usable only by its proposer,
 * catalogue_resolve follows merge chains and refuses a cycle, and the seed
 * loader is idempotent, applies corrections from the file and keeps edits
 * made in the application.
 */
#include "unit.h"
#include "db/db.h"
#include "unitdb.h"
#include "db/migrate.h"
#include "domain/catalogue.h"
#include "domain/org.h"

#define NOW 1700000000

/* ---- casefolding ------------------------------------------------------- */

static void
casefold_lowers_ascii_and_norwegian_letters(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	assert_str(catalogue_casefold(&a, "KAHOOT!"), "kahoot!");
	assert_str(catalogue_casefold(&a, "Multi Smart ØVING"), "multi smart øving");
	assert_str(catalogue_casefold(&a, "ÆØÅ æøå"), "æøå æøå");
	assert_str(catalogue_casefold(&a, "Digilær.no"), "digilær.no");
	assert_str(catalogue_casefold(&a, "BLÅBÆRSYLTETØY"), "blåbærsyltetøy");
	/* Other Latin-1 letters and the sign that is not a letter. */
	assert_str(catalogue_casefold(&a, "ÉLAN ÜBER ÖL × Ä"), "élan über öl × ä");
	arena_free(&a);
}

static void
casefold_composes_a_decomposed_ring_and_accents(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	/* "Å" typed on a Mac or copied from a PDF: A + U+030A COMBINING RING. */
	assert_str(catalogue_casefold(&a, "A\xcc\x8as"), "ås");
	assert_str(catalogue_casefold(&a, "bla\xcc\x8a"), "blå");
	assert_str(catalogue_casefold(&a, "e\xcc\x81lan"), "élan");
	/* A mark with no precomposed letter stays as it is. */
	assert_str(catalogue_casefold(&a, "q\xcc\x8a"), "q\xcc\x8a");
	arena_free(&a);
}

static void
casefold_handles_sami_greek_cyrillic_and_sharp_s(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	/* Northern Sámi: Á Č Đ Ŋ Š Ŧ Ž */
	assert_str(catalogue_casefold(&a, "ÁČĐŊŠŦŽ"), "áčđŋšŧž");
	assert_str(catalogue_casefold(&a, "ΑΒΓ Ωμέγα"), "αβγ ωμέγα");
	assert_str(catalogue_casefold(&a, "МОСКВА Ёж"), "москва ёж");
	assert_str(catalogue_casefold(&a, "Straße"), "strasse");
	arena_free(&a);
}

static void
casefold_collapses_and_trims_whitespace(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	assert_str(catalogue_casefold(&a, "  Book \t\n Creator  "), "book creator");
	assert_str(catalogue_casefold(&a, "a\xc2\xa0" "b"), "a b");	/* no-break space */
	assert_str(catalogue_casefold(&a, ""), "");
	assert_str(catalogue_casefold(&a, NULL), "");
	arena_free(&a);
}

static void
casefold_copies_invalid_utf8_bytes(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	assert_str(catalogue_casefold(&a, "A\xff" "B"), "a\xff" "b");
	assert_str(catalogue_casefold(&a, "\xc3"), "\xc3");	/* cut sequence */
	arena_free(&a);
}

static void
sort_key_orders_names_as_a_norwegian_reader_expects(void **state)
{
	static const char *const names[] = {
		"Allbok", "book creator", "Élan", "Kahoot!", "Zoom", "Ærlig", "Øving", "Ås",
	};
	struct arena a;
	const char *prev = NULL;

	arena_init(&a, 1 << 20);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *k = catalogue_sort_key(&a, names[i]);
		assert_non_null(k);
		for (const char *p = k; *p; p++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
				fail_msg("key of %s has %c: not hex", names[i], *p);
		if (prev && strcmp(prev, k) >= 0)
			fail_msg("%s does not sort after %s", names[i], names[i - 1]);
		prev = k;
	}
	/* Case does not matter; é sorts as e. */
	assert_str(catalogue_sort_key(&a, "KAHOOT"), catalogue_sort_key(&a, "kahoot"));
	assert_str(catalogue_sort_key(&a, "élan"), catalogue_sort_key(&a, "elan"));
	arena_free(&a);
}

/* ---- set-valued facts -------------------------------------------------------- */

static void
set_parse_gives_the_canonical_order_without_repeats(void **state)
{
	struct arena a;
	const char *out, *bad;

	arena_init(&a, 1 << 20);
	assert_int_equal(catalogue_set_parse(&a, CS_PLATFORMS, "ipad, web,ipad", &out, &bad), 0);
	assert_str(out, "web,ipad");
	assert_int_equal(catalogue_set_parse(&a, CS_LOGINS, "own,,feide", &out, &bad), 0);
	assert_str(out, "feide,own");
	assert_int_equal(catalogue_set_parse(&a, CS_FEIDE, "groups-edu userid-feide", &out, &bad), 0);
	assert_str(out, "userid-feide,groups-edu");
	assert_int_equal(catalogue_set_parse(&a, CS_AGES, "", &out, &bad), 0);
	assert_str(out, "");
	assert_int_equal(catalogue_set_parse(&a, CS_AGES, NULL, &out, &bad), 0);
	assert_str(out, "");
	arena_free(&a);
}

static void
set_parse_refuses_unknown_keys_and_names_the_first(void **state)
{
	struct arena a;
	const char *out, *bad;

	arena_init(&a, 1 << 20);
	assert_int_equal(catalogue_set_parse(&a, CS_PLATFORMS, "web,iphone,linux", &out, &bad), -1);
	assert_str(bad, "iphone");
	assert_null(out);
	/* Keys are exact: the form sends them as they are listed. */
	assert_int_equal(catalogue_set_parse(&a, CS_PLATFORMS, "WEB", &out, &bad), -1);
	assert_str(bad, "WEB");
	/* A key of another set is not a key of this one. */
	assert_int_equal(catalogue_set_parse(&a, CS_LOGINS, "ipad", &out, &bad), -1);
	assert_int_equal(catalogue_set_parse(&a, CS__COUNT, "web", &out, &bad), -1);
	arena_free(&a);
}

static void
set_has_matches_whole_keys_only(void **state)
{
	assert_true(catalogue_set_has("web,ipad", "web"));
	assert_true(catalogue_set_has("web,ipad", "ipad"));
	assert_false(catalogue_set_has("web,ipad", "we"));
	assert_false(catalogue_set_has("web,ipad", "pad"));
	assert_false(catalogue_set_has("", "web"));
	assert_false(catalogue_set_has(NULL, "web"));
	assert_true(catalogue_set_has("userid,userid-feide", "userid-feide"));
	assert_false(catalogue_set_has("userid-feide", "userid"));
}

static void
every_key_has_a_label_and_no_separator(void **state)
{
	for (int s = 0; s < CS__COUNT; s++) {
		int n;
		const struct cat_key *k = catalogue_set_keys((enum cat_set)s, &n);
		assert_true(n > 0);
		for (int i = 0; i < n; i++) {
			assert_non_null(k[i].label);
			if (strpbrk(k[i].key, ", \n"))
				fail_msg("key %s of %s holds a separator", k[i].key, catalogue_set_name((enum cat_set)s));
			assert_ptr_equal(catalogue_key_label((enum cat_set)s, k[i].key), k[i].label);
		}
	}
	for (int i = 0; catalogue_categories[i]; i++)
		assert_non_null(catalogue_category_label(catalogue_categories[i]));
	for (int i = 0; catalogue_universes[i]; i++)
		assert_non_null(catalogue_universe_label(catalogue_universes[i]));
	assert_null(catalogue_category_label("spill"));
}

static void
countries_are_upper_cased_deduplicated_and_checked(void **state)
{
	struct arena a;
	const char *out, *bad;

	arena_init(&a, 1 << 20);
	assert_int_equal(catalogue_countries_parse(&a, "no, se SE,ie", &out, &bad), 0);
	assert_str(out, "NO,SE,IE");
	assert_int_equal(catalogue_countries_parse(&a, "", &out, &bad), 0);
	assert_str(out, "");
	assert_int_equal(catalogue_countries_parse(&a, "NO,XX", &out, &bad), -1);
	assert_str(bad, "XX");
	assert_int_equal(catalogue_countries_parse(&a, "NOR", &out, &bad), -1);
	assert_int_equal(catalogue_countries_parse(&a, "EU", &out, &bad), -1);	/* not a country */
	assert_true(country_valid("NO"));
	assert_true(country_valid("US"));
	assert_true(country_valid("ZW"));
	assert_true(country_valid("AD"));
	assert_false(country_valid("no"));
	assert_false(country_valid("UK"));	/* Great Britain is GB */
	assert_false(country_valid(""));
	assert_false(country_valid(NULL));
	arena_free(&a);
}

static void
web_addresses_must_be_http_or_https(void **state)
{
	assert_true(catalogue_url_valid("https://kahoot.com"));
	assert_true(catalogue_url_valid("http://example.no/a?b=c"));
	assert_false(catalogue_url_valid("javascript:alert(1)"));
	assert_false(catalogue_url_valid("https://"));
	assert_false(catalogue_url_valid("https:///path"));
	assert_false(catalogue_url_valid("ftp://example.no"));
	assert_false(catalogue_url_valid("https://exa mple.no"));
	assert_false(catalogue_url_valid("https://example.no/\"onmouseover"));
	assert_false(catalogue_url_valid("//example.no"));
	assert_false(catalogue_url_valid(NULL));
}

static void
lines_are_trimmed_and_empty_ones_dropped(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 20);
	assert_str(catalogue_lines_clean(&a, "  Google LLC (US) \r\n\r\n\tAmazon (IE)\n"),
	    "Google LLC (US)\nAmazon (IE)");
	assert_str(catalogue_lines_clean(&a, "\n \n"), "");
	arena_free(&a);
}

static void
tool_check_names_each_bad_field_and_normalises(void **state)
{
	struct arena a;
	struct tool t;
	struct tool_errs e;

	arena_init(&a, 1 << 20);
	memset(&t, 0, sizeof(t));
	t.name = "Kahoot!";
	t.category = "laeremiddel";
	t.sets[CS_PLATFORMS] = "ipad,web";
	t.hosting_countries = "ie, us";
	assert_int_equal(catalogue_tool_check(&a, &t, &e), 0);
	assert_str(t.universe, "standalone");
	assert_str(t.sets[CS_PLATFORMS], "web,ipad");
	assert_str(t.sets[CS_LOGINS], "");
	assert_str(t.hosting_countries, "IE,US");
	assert_null(t.website);

	memset(&t, 0, sizeof(t));
	t.name = "";
	t.category = "spill";
	t.universe = "amazon";
	t.website = "javascript:alert(1)";
	t.sets[CS_DATA] = "name,shoe_size";
	t.hosting_countries = "Norge";
	assert_int_equal(catalogue_tool_check(&a, &t, &e), 6);
	assert_non_null(e.name);
	assert_non_null(e.category);
	assert_non_null(e.universe);
	assert_non_null(e.website);
	assert_non_null(e.sets[CS_DATA]);
	assert_null(e.sets[CS_PLATFORMS]);
	assert_non_null(e.hosting_countries);
	arena_free(&a);
}

static void
vendor_check_applies_mod11_only_to_norwegian_numbers(void **state)
{
	struct arena a;
	struct vendor v;
	struct vendor_errs e;

	arena_init(&a, 1 << 20);
	memset(&v, 0, sizeof(v));
	v.name = "Kahoot! ASA";
	v.country = "no";
	v.orgnr = "997 770 234";
	assert_int_equal(catalogue_vendor_check(&a, &v, &e), 0);
	assert_str(v.country, "NO");
	assert_str(v.orgnr, "997770234");

	v.orgnr = "997770235";	/* one digit off */
	assert_int_equal(catalogue_vendor_check(&a, &v, &e), 1);
	assert_non_null(e.orgnr);

	v.country = NULL;	/* not known: the field is a Norwegian number */
	v.orgnr = "12345";
	assert_int_equal(catalogue_vendor_check(&a, &v, &e), 1);
	assert_non_null(e.orgnr);

	v.country = "SE";	/* a Swedish number is not MOD11-checked */
	v.orgnr = "556000-0000";
	assert_int_equal(catalogue_vendor_check(&a, &v, &e), 0);

	v.country = "XX";
	v.name = "";
	v.website = "ftp://x";
	assert_int_equal(catalogue_vendor_check(&a, &v, &e), 3);
	assert_non_null(e.name);
	assert_non_null(e.country);
	assert_non_null(e.website);
	arena_free(&a);
}

/* ---- on a database ------------------------------------------------------- */

struct fix {
	struct db *db;
	int pg;
	char dbname[64];
	struct arena a;
	int64_t bergen, follo, ks;
};

static const char *pg_url, *pg_dir;
static struct db *pg_admin;
static int pg_seq;
static const int SQLITE_B = 0, PG_B = 1;

static int
pg_create(const char *name, char *url, size_t urlsz)
{
	return unit_pg_create(pg_dir, pg_url, pg_admin, name, url, urlsz);
}

static void
pg_drop(const char *name)
{
	unit_pg_drop(pg_admin, "test_catalogue", name);
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
		snprintf(x->dbname, sizeof(x->dbname), "unit_cat_%ld_%d", (long)getpid(), ++pg_seq);
		if (pg_create(x->dbname, url, sizeof(url))) {
			free(x);
			return -1;
		}
	} else
		snprintf(url, sizeof(url), "sqlite::memory:");
	if (db_open(url, &x->db, err, sizeof(err)) || migrate_up(x->db, err, sizeof(err)) < 0) {
		fprintf(stderr, "test_catalogue: %s: %s\n", url, err);
		if (x->db)
			db_close(x->db);
		if (x->pg)
			pg_drop(x->dbname);
		free(x);
		return -1;
	}
	arena_init(&x->a, 64u << 20);
	x->bergen = org_create(x->db, "municipality", "Bergen", "4601", NULL, 0, NOW);
	x->follo = org_create(x->db, "municipality", "Nordre Follo", "3207", NULL, 0, NOW);
	x->ks = org_create(x->db, "national", "KS", "KS", NULL, 0, NOW);
	if (x->bergen <= 0 || x->follo <= 0 || x->ks <= 0)
		return -1;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *x = *state;

	db_close(x->db);
	if (x->pg)
		pg_drop(x->dbname);
	arena_free(&x->a);
	free(x);
	return 0;
}

static int
pg_group_setup(void **state)
{
	return unit_pg_admin_open("test_catalogue", pg_url, &pg_admin);
}

static int
pg_group_teardown(void **state)
{
	return unit_pg_admin_close(&pg_admin);
}

static int64_t
new_tool(struct fix *x, const char *name, const char *desc)
{
	struct tool t;
	struct tool_errs e;
	int64_t id;

	memset(&t, 0, sizeof(t));
	t.name = name;
	t.category = "laeremiddel";
	t.description = desc;
	assert_int_equal(db_begin(x->db), 0);
	id = catalogue_tool_create(x->db, &x->a, &t, &e, x->ks, 0, NOW);
	if (id <= 0)
		fail_msg("create %s: %lld (%s)", name, (long long)id, e.name ? e.name : db_errmsg(x->db));
	assert_int_equal(db_commit(x->db), 0);
	return id;
}

static int64_t
propose(struct fix *x, int64_t org, const char *name, const char *vendor)
{
	struct tool t;
	struct tool_errs e;
	int64_t id;

	memset(&t, 0, sizeof(t));
	t.name = name;
	t.category = "samhandling";
	assert_int_equal(db_begin(x->db), 0);
	id = catalogue_propose(x->db, &x->a, org, &t, vendor, &e, 0, NOW);
	if (id <= 0)
		fail_msg("propose %s: %lld (%s)", name, (long long)id, e.name ? e.name : db_errmsg(x->db));
	assert_int_equal(db_commit(x->db), 0);
	return id;
}

static int64_t
search_count(struct fix *x, const int64_t *orgs, int norgs, const char *q)
{
	struct cat_viewer v = { orgs, norgs, 0 };
	struct cat_query cq;
	struct tool *t;
	int64_t total = -1;

	memset(&cq, 0, sizeof(cq));
	cq.q = q;
	cq.limit = 100;
	assert_true(catalogue_search(x->db, &x->a, &v, &cq, &t, &total) >= 0);
	return total;
}

static void
search_is_casefolded_over_name_vendor_and_description(void **state)
{
	struct fix *x = *state;

	new_tool(x, "Multi Smart Øving", "Matematikk for barnetrinnet.");
	new_tool(x, "Kahoot!", "Quiz i klasserommet.");
	new_tool(x, "100% Blåbær", NULL);
	assert_int_equal(search_count(x, NULL, 0, "øving"), 1);
	assert_int_equal(search_count(x, NULL, 0, "ØVING"), 1);
	assert_int_equal(search_count(x, NULL, 0, "smart øv"), 1);
	assert_int_equal(search_count(x, NULL, 0, "KAHOOT"), 1);
	assert_int_equal(search_count(x, NULL, 0, "klasserommet quiz"), 1);	/* both words, any order */
	assert_int_equal(search_count(x, NULL, 0, "BLA\xcc\x8a"), 1);	/* decomposed å */
	assert_int_equal(search_count(x, NULL, 0, "kahoot øving"), 0);
	assert_int_equal(search_count(x, NULL, 0, ""), 3);
	/* LIKE wildcards are text. */
	assert_int_equal(search_count(x, NULL, 0, "%"), 1);
	assert_int_equal(search_count(x, NULL, 0, "_"), 0);
	assert_int_equal(search_count(x, NULL, 0, "100%"), 1);
	assert_int_equal(search_count(x, NULL, 0, "'; DROP TABLE tools; --"), 0);
	assert_int_equal(search_count(x, NULL, 0, ""), 3);
}

static void
a_proposal_is_usable_and_visible_only_for_its_proposer(void **state)
{
	struct fix *x = *state;
	int64_t acc = new_tool(x, "Padlet", NULL);
	int64_t p = propose(x, x->bergen, "Bergens Egen App", "Vestland Læring AS");
	struct tool *t;
	int n;

	assert_int_equal(catalogue_usable(x->db, x->bergen, p), 1);
	assert_int_equal(catalogue_usable(x->db, x->follo, p), 0);
	assert_int_equal(catalogue_usable(x->db, x->follo, acc), 1);
	assert_int_equal(catalogue_usable(x->db, x->follo, 999999), 0);
	n = catalogue_picker(x->db, &x->a, x->bergen, NULL, &t);
	assert_int_equal(n, 2);
	n = catalogue_picker(x->db, &x->a, x->follo, NULL, &t);
	assert_int_equal(n, 1);
	assert_str(t[0].name, "Padlet");
	assert_int_equal(search_count(x, &x->follo, 1, "egen app"), 0);
	assert_int_equal(search_count(x, &x->bergen, 1, "egen app"), 1);
	/* The vendor's name is searchable for the proposer. */
	assert_int_equal(search_count(x, &x->bergen, 1, "vestland læring"), 1);
	/* Accepted: everyone sees and may use it. */
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(catalogue_accept(x->db, p, x->ks, 0, NOW), CR_OK);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(catalogue_usable(x->db, x->follo, p), 1);
	assert_int_equal(search_count(x, &x->follo, 1, "egen app"), 1);
	/* Accepting twice is refused. */
	assert_int_equal(catalogue_accept(x->db, p, x->ks, 0, NOW), CR_STATE);
}

static void
reject_needs_a_reason_and_ends_usability(void **state)
{
	struct fix *x = *state;
	int64_t p = propose(x, x->bergen, "Tvilsom Quiz", NULL);

	assert_int_equal(catalogue_reject(x->db, p, "", x->ks, 0, NOW), CR_REASON);
	assert_int_equal(catalogue_usable(x->db, x->bergen, p), 1);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(catalogue_reject(x->db, p, "Samler inn for mye.", x->ks, 0, NOW), CR_OK);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(catalogue_usable(x->db, x->bergen, p), 0);
	assert_int_equal(catalogue_reject(x->db, p, "igjen", x->ks, 0, NOW), CR_STATE);
}

static void
resolve_follows_merge_chains(void **state)
{
	struct fix *x = *state;
	int64_t a = new_tool(x, "Verktøy A", NULL), b = new_tool(x, "Verktøy B", NULL);
	int64_t c = new_tool(x, "Verktøy C", NULL);
	int64_t p = propose(x, x->bergen, "Verktøy A (Bergen)", NULL);

	assert_int_equal(catalogue_resolve(x->db, a), a);
	assert_int_equal(catalogue_resolve(x->db, 987654), 0);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(catalogue_merge(x->db, p, a, x->ks, 0, NOW), CR_OK);
	assert_int_equal(catalogue_merge(x->db, a, b, x->ks, 0, NOW), CR_OK);
	assert_int_equal(catalogue_merge(x->db, b, c, x->ks, 0, NOW), CR_OK);
	assert_int_equal(db_commit(x->db), 0);
	/* p -> a -> b -> c */
	assert_int_equal(catalogue_resolve(x->db, p), c);
	assert_int_equal(catalogue_resolve(x->db, a), c);
	assert_int_equal(catalogue_resolve(x->db, c), c);
	/* A merged tool is no longer usable itself (the inventory resolves it). */
	assert_int_equal(catalogue_usable(x->db, x->bergen, p), 0);
	/* Into itself, into a merged one, or from a merged one: refused. */
	assert_int_equal(catalogue_merge(x->db, c, c, x->ks, 0, NOW), CR_TARGET);
	assert_int_equal(catalogue_merge(x->db, c, a, x->ks, 0, NOW), CR_TARGET);
	assert_int_equal(catalogue_merge(x->db, a, c, x->ks, 0, NOW), CR_STATE);
}

static void
resolve_refuses_a_cycle_and_an_overlong_chain(void **state)
{
	struct fix *x = *state;
	int64_t a = new_tool(x, "Syklus A", NULL), b = new_tool(x, "Syklus B", NULL);
	int64_t ids[CAT_MERGE_DEPTH + 3];

	/* The application cannot make a cycle; a hand edit of the database can. */
	assert_int_equal(db_run(x->db, "UPDATE tools SET status = 'merged', merged_into = ? WHERE id = ?",
	    "ii", b, a), 1);
	assert_int_equal(db_run(x->db, "UPDATE tools SET status = 'merged', merged_into = ? WHERE id = ?",
	    "ii", a, b), 1);
	assert_int_equal(catalogue_resolve(x->db, a), -1);
	assert_int_equal(catalogue_resolve(x->db, b), -1);

	/* A chain longer than the guard is refused too, one within it works. */
	for (int i = 0; i < CAT_MERGE_DEPTH + 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Kjede %d", i);
		ids[i] = new_tool(x, name, NULL);
	}
	for (int i = 0; i + 1 < CAT_MERGE_DEPTH + 3; i++)
		assert_int_equal(db_run(x->db, "UPDATE tools SET status = 'merged', merged_into = ?"
		    " WHERE id = ?", "ii", ids[i + 1], ids[i]), 1);
	assert_int_equal(catalogue_resolve(x->db, ids[0]), -1);
	assert_int_equal(catalogue_resolve(x->db, ids[3]), ids[CAT_MERGE_DEPTH + 2]);
}

static void
names_are_unique_in_any_case(void **state)
{
	struct fix *x = *state;
	struct tool t;
	struct tool_errs e;

	new_tool(x, "Showbie", NULL);
	memset(&t, 0, sizeof(t));
	t.name = "SHOWBIE";
	t.category = "plattform";
	assert_int_equal(catalogue_tool_create(x->db, &x->a, &t, &e, x->ks, 0, NOW), 0);
	assert_non_null(e.name);
	memset(&t, 0, sizeof(t));
	t.name = "showbie";
	t.category = "plattform";
	assert_int_equal(catalogue_propose(x->db, &x->a, x->bergen, &t, NULL, &e, 0, NOW), 0);
	assert_non_null(e.name);
}

#define SEED_HEAD "{\"urn\":\"urn:skolesec:catalogue:test\",\"version\":\"1\"," \
	"\"vendors\":[{\"urn\":\"urn:skolesec:vendor:kahoot\",\"name\":\"Kahoot! ASA\"," \
	"\"country\":\"NO\",\"orgnr\":\"997770234\"}],\"tools\":["

static int64_t
count(struct db *db, const char *sql)
{
	int rc;
	int64_t n = -1;
	struct db_stmt *st = db_query(db, sql, &rc, "");

	if (rc == 1)
		n = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return n;
}

static void
seed_loads_idempotently_and_keeps_edits_made_in_the_app(void **state)
{
	struct fix *x = *state;
	static const char v1[] = SEED_HEAD
	    "{\"urn\":\"urn:skolesec:tool:kahoot\",\"name\":\"Kahoot!\",\"vendor\":\"urn:skolesec:vendor:kahoot\","
	    "\"category\":\"laeremiddel\",\"website\":\"https://kahoot.com\",\"logins\":[]}]}";
	static const char v2[] = SEED_HEAD
	    "{\"urn\":\"urn:skolesec:tool:kahoot\",\"name\":\"Kahoot!\",\"vendor\":\"urn:skolesec:vendor:kahoot\","
	    "\"category\":\"samhandling\",\"website\":\"https://kahoot.com/schools\",\"logins\":[\"feide\"]}]}";
	char err[512];
	int changed;
	struct tool t, edit;
	struct tool_errs e;
	int64_t id;

	assert_int_equal(catalogue_load_seed_text(x->db, v1, strlen(v1), NOW, &changed, err, sizeof(err)), 1);
	assert_int_equal(changed, 2);	/* one vendor, one tool */
	assert_int_equal(catalogue_load_seed_text(x->db, v1, strlen(v1), NOW, &changed, err, sizeof(err)), 1);
	assert_int_equal(changed, 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM tools"), 1);
	id = count(x->db, "SELECT id FROM tools WHERE urn = 'urn:skolesec:tool:kahoot'");

	/* The editor corrects the website in the app. */
	assert_int_equal(catalogue_get(x->db, &x->a, id, &t), 1);
	edit = t;
	edit.website = "https://kahoot.com/nb";
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(catalogue_tool_update(x->db, &x->a, id, &edit, &e, x->ks, 0, NOW), 1);
	assert_int_equal(db_commit(x->db), 0);

	/* A new file version changes category, website and logins: the
	 * untouched fields follow the file, the edited website stays. */
	assert_int_equal(catalogue_load_seed_text(x->db, v2, strlen(v2), NOW, &changed, err, sizeof(err)), 1);
	assert_int_equal(changed, 1);
	assert_int_equal(catalogue_get(x->db, &x->a, id, &t), 1);
	assert_str(t.category, "samhandling");
	assert_str(t.sets[CS_LOGINS], "feide");
	assert_str(t.website, "https://kahoot.com/nb");
	assert_str(t.urn, "urn:skolesec:tool:kahoot");
	assert_str(t.vendor_name, "Kahoot! ASA");
	/* Loading v2 again changes nothing. */
	assert_int_equal(catalogue_load_seed_text(x->db, v2, strlen(v2), NOW, &changed, err, sizeof(err)), 1);
	assert_int_equal(changed, 0);
	/* Searching finds it by vendor, casefolded. */
	assert_int_equal(search_count(x, NULL, 0, "KAHOOT! asa"), 1);
}

static void
seed_with_an_error_loads_nothing_and_says_where(void **state)
{
	struct fix *x = *state;
	static const char bad_cat[] = SEED_HEAD
	    "{\"urn\":\"urn:skolesec:tool:a\",\"name\":\"A\",\"category\":\"laeremiddel\"},"
	    "{\"urn\":\"urn:skolesec:tool:b\",\"name\":\"B\",\"category\":\"spill\"}]}";
	static const char bad_vendor[] = SEED_HEAD
	    "{\"urn\":\"urn:skolesec:tool:a\",\"name\":\"A\",\"category\":\"laeremiddel\","
	    "\"vendor\":\"urn:skolesec:vendor:nobody\"}]}";
	static const char bad_key[] = SEED_HEAD
	    "{\"urn\":\"urn:skolesec:tool:a\",\"name\":\"A\",\"category\":\"laeremiddel\",\"platform\":[\"web\"]}]}";
	static const char dup[] = SEED_HEAD
	    "{\"urn\":\"urn:skolesec:tool:a\",\"name\":\"A\",\"category\":\"laeremiddel\"},"
	    "{\"urn\":\"urn:skolesec:tool:a\",\"name\":\"B\",\"category\":\"laeremiddel\"}]}";
	static const char bad_set[] = SEED_HEAD
	    "{\"urn\":\"urn:skolesec:tool:a\",\"name\":\"A\",\"category\":\"laeremiddel\",\"platforms\":[\"iphone\"]}]}";
	static const char bad_orgnr[] = "{\"urn\":\"u\",\"version\":\"1\",\"vendors\":[{\"urn\":"
	    "\"urn:skolesec:vendor:x\",\"name\":\"X\",\"country\":\"NO\",\"orgnr\":\"123456789\"}],\"tools\":[]}";
	const char *const cases[] = { bad_cat, bad_vendor, bad_key, dup, bad_set, bad_orgnr, "{", "[]" };
	const char *const where[] = { "urn:skolesec:tool:b", "urn:skolesec:vendor:nobody", "platform",
		"listed twice", "urn:skolesec:tool:a", "urn:skolesec:vendor:x", "line", "" };
	char err[512];
	int changed;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(catalogue_load_seed_text(x->db, cases[i], strlen(cases[i]), NOW, &changed,
		    err, sizeof(err)), -1);
		if (strstr(err, where[i]) == NULL)
			fail_msg("case %zu: \"%s\" does not name %s", i, err, where[i]);
		assert_int_equal(count(x->db, "SELECT COUNT(*) FROM tools"), 0);
		assert_int_equal(count(x->db, "SELECT COUNT(*) FROM vendors"), 0);
	}
}

static void
the_shipped_seed_file_loads(void **state)
{
	struct fix *x = *state;
	char err[512];
	int n = catalogue_load_seed(x->db, "data/catalogue/tools.json", NOW, err, sizeof(err));

	if (n < 40)
		fail_msg("data/catalogue/tools.json: %d (%s)", n, err);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM tools WHERE status = 'accepted'"), n);
	/* Facts only: nothing the source list does not state is filled in. */
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM tools WHERE hosting_countries <> ''"
	    " OR subprocessors <> '' OR certifications <> '' OR data_categories <> ''"
	    " OR feide_attributes <> '' OR age_groups <> ''"), 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM tools WHERE source_url IS NULL"), 0);
}

#define ON(prefix, f, b) { prefix #f, f, setup, teardown, (void *)&(b) }
#define DBTESTS(p, b) \
	ON(p, search_is_casefolded_over_name_vendor_and_description, b), \
	ON(p, a_proposal_is_usable_and_visible_only_for_its_proposer, b), \
	ON(p, reject_needs_a_reason_and_ends_usability, b), \
	ON(p, resolve_follows_merge_chains, b), \
	ON(p, resolve_refuses_a_cycle_and_an_overlong_chain, b), \
	ON(p, names_are_unique_in_any_case, b), \
	ON(p, seed_loads_idempotently_and_keeps_edits_made_in_the_app, b), \
	ON(p, seed_with_an_error_loads_nothing_and_says_where, b), \
	ON(p, the_shipped_seed_file_loads, b)

int
main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(casefold_lowers_ascii_and_norwegian_letters),
		cmocka_unit_test(casefold_composes_a_decomposed_ring_and_accents),
		cmocka_unit_test(casefold_handles_sami_greek_cyrillic_and_sharp_s),
		cmocka_unit_test(casefold_collapses_and_trims_whitespace),
		cmocka_unit_test(casefold_copies_invalid_utf8_bytes),
		cmocka_unit_test(sort_key_orders_names_as_a_norwegian_reader_expects),
		cmocka_unit_test(set_parse_gives_the_canonical_order_without_repeats),
		cmocka_unit_test(set_parse_refuses_unknown_keys_and_names_the_first),
		cmocka_unit_test(set_has_matches_whole_keys_only),
		cmocka_unit_test(every_key_has_a_label_and_no_separator),
		cmocka_unit_test(countries_are_upper_cased_deduplicated_and_checked),
		cmocka_unit_test(web_addresses_must_be_http_or_https),
		cmocka_unit_test(lines_are_trimmed_and_empty_ones_dropped),
		cmocka_unit_test(tool_check_names_each_bad_field_and_normalises),
		cmocka_unit_test(vendor_check_applies_mod11_only_to_norwegian_numbers),
	};
	const struct CMUnitTest sqlite[] = { DBTESTS("sqlite: ", SQLITE_B) };
	const struct CMUnitTest pg[] = { DBTESTS("postgresql: ", PG_B) };
	int failed = 0;

	failed += cmocka_run_group_tests_name("catalogue", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("catalogue sqlite", sqlite, NULL, NULL);
	pg_url = getenv("SKOLESEC_TEST_PG_URL");
	pg_dir = getenv("SKOLESEC_TEST_PG");
	if (pg_url && *pg_url) {
		fflush(stdout);
		failed += cmocka_run_group_tests_name("catalogue postgresql", pg, pg_group_setup,
		    pg_group_teardown);
	} else
		printf("# PostgreSQL variants NOT run (and not counted): SKOLESEC_TEST_PG_URL is not set\n");
	return failed;
}
