/*
 * test_share.c - the pure parts of sharing (domain/share*.c): the bundle
 * reader and writer, and the emptying of local content.
 *
 * Why these tests: a bundle is a whole assessment from another
 * installation, so the reader must refuse anything that is not exactly the
 * documented format, and say where (the key or item) in its message; what
 * the writer produces must read back item for item, because that is how
 * work moves between installations; and emptying a local item must keep
 * its shape (every key) while dropping every value, because that is what
 * stands between a municipality's local text and every other municipality.
 * The database paths (publish, adopt, follow) run in tests/http/share.test.mjs
 * on SQLite and PostgreSQL; the merge itself in test_merge.c.
 */
#include "unit.h"
#include "domain/share.h"

#define HEAD "{\"format\":\"skolesec-bundle\",\"format_version\":1,\"kind\":\"ros\",\"title\":\"T\"," \
	"\"template\":{\"urn\":\"urn:t\",\"version\":1},\"publisher\":\"P\",\"version\":2," \
	"\"published_at\":1700000000,\"tools\":[{\"urn\":\"urn:skolesec:tool:x\",\"name\":\"X\"}],"
#define ITEM(uid, kind, data) "{\"uid\":\"" uid "\",\"kind\":\"" kind "\",\"section\":\"s\"," \
	"\"local\":false,\"data\":" data "}"

struct fx {
	struct arena a;
	struct share_bundle b;
	char err[256];
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (x == NULL)
		return -1;
	arena_init(&x->a, 16u << 20);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	arena_free(&x->a);
	free(x);
	return 0;
}

static int
parse(struct fx *x, const char *json)
{
	x->err[0] = '\0';
	return share_bundle_parse(&x->a, json, strlen(json), &x->b, x->err, (int)sizeof(x->err));
}

/* Refused, with a message that contains `where`. */
static void
refused(struct fx *x, const char *json, const char *where)
{
	if (parse(x, json) == 0)
		fail_msg("accepted: %s", json);
	if (strstr(x->err, where) == NULL)
		fail_msg("message \"%s\" does not name \"%s\"", x->err, where);
}

static void
valid_bundle_is_read_whole(void **state)
{
	struct fx *x = *state;

	assert_int_equal(parse(x, HEAD "\"items\":[" ITEM("a.b", "field", "{\"value\":\"tekst\"}") ","
	    ITEM("risk-01", "risk", "{\"title\":\"R\",\"likelihood\":3,\"consequence\":4,"
	    "\"res_likelihood\":2,\"res_consequence\":1,\"property\":[\"c\",\"i\"]}") "]}"), 0);
	assert_str(x->b.kind, "ros");
	assert_str(x->b.template_urn, "urn:t");
	assert_int_equal(x->b.template_version, 1);
	assert_int_equal(x->b.version, 2);
	assert_int_equal(x->b.ntools, 1);
	assert_str(x->b.tool_urns[0], "urn:skolesec:tool:x");
	assert_int_equal(x->b.nitems, 2);
	assert_str(x->b.items[0].uid, "a.b");
	assert_str(x->b.items[0].data, "{\"value\":\"tekst\"}");
	assert_int_equal(x->b.items[1].l, 3);
	assert_int_equal(x->b.items[1].c, 4);
	assert_int_equal(x->b.items[1].rl, 2);
	assert_int_equal(x->b.items[1].rc, 1);
	assert_int_equal(x->b.items[1].position, 2);
}

static void
anything_else_is_refused_with_its_place(void **state)
{
	struct fx *x = *state;

	refused(x, "{", "not valid JSON");
	refused(x, "[]", "must be an object");
	refused(x, HEAD "\"items\":[],\"extra\":1}", "unknown key \"extra\"");
	refused(x, "{\"format\":\"other\"}", "format");
	refused(x, HEAD "\"items\":[" ITEM("a", "field", "{}") "," ITEM("a", "field", "{}") "]}", "same uid");
	refused(x, HEAD "\"items\":[" ITEM("a b", "field", "{}") "]}", "items[0]");
	refused(x, HEAD "\"items\":[" ITEM("a", "script", "{}") "]}", "unknown item kind");
	refused(x, HEAD "\"items\":[" ITEM("a", "risk", "{\"likelihood\":9}") "]}", "0 to 5");
	refused(x, HEAD "\"items\":[" ITEM("a", "field", "{\"v\":{\"deep\":1}}") "]}", "items[0]");
	refused(x, HEAD "\"items\":[" ITEM("a", "field", "[]") "]}", "items[0]");
	refused(x, HEAD "\"items\":[" ITEM("a", "field", "{\"v\":\"a\\u0000b\"}") "]}", "JSON");
	refused(x, HEAD "\"items\":[{\"uid\":\"a\",\"kind\":\"field\",\"section\":\"\",\"local\":1,\"data\":{}}]}",
	    "local must be true or false");
	refused(x, HEAD "\"items\":[{\"uid\":\"a\",\"kind\":\"field\",\"section\":\"\",\"local\":false}]}",
	    "data");
	refused(x, HEAD "\"items\":{}}", "items");
	/* The same key twice is not a way to smuggle a second value in. */
	refused(x, HEAD "\"items\":[],\"title\":\"again\"}", "JSON");
	{
		char *big = malloc(9u << 20);
		assert_non_null(big);
		memset(big, ' ', 9u << 20);
		big[(9u << 20) - 1] = '\0';
		refused(x, big, "larger than 8 MiB");
		free(big);
	}
}

static void
export_reads_back_item_for_item(void **state)
{
	struct fx *x = *state;
	struct as_item items[2] = {
		{ .uid = "scope.description", .kind = "field", .section = "scope", .data = "{\"value\":\"Æ ø å \\\"q\\\"\"}" },
		{ .uid = "scope.local", .kind = "field", .section = "scope", .local = 1, .data = "{\"value\":\"\"}" },
	};
	const char *urns[1] = { "urn:skolesec:tool:kahoot" }, *names[1] = { "Kahoot" };
	struct share_pub p;
	char *json;

	memset(&p, 0, sizeof(p));
	p.row.kind = "dpia";
	p.row.title = "DPIA <Kahoot>";
	p.row.org_name = "Nordre Follo kommune";
	p.row.version = 3;
	p.row.published_at = 1700000000;
	p.template_urn = "urn:skolesec:template:dpia:school";
	p.template_version = 1;
	p.items = items;
	p.nitems = 2;
	p.tool_urns = urns;
	p.tool_names = names;
	p.ntools = 1;
	p.head.scope = "";
	json = share_bundle_export(&x->a, &p);
	assert_non_null(json);
	assert_int_equal(parse(x, json), 0);
	assert_str(x->b.title, "DPIA <Kahoot>");
	assert_str(x->b.publisher, "Nordre Follo kommune");
	assert_int_equal(x->b.version, 3);
	assert_int_equal(x->b.nitems, 2);
	assert_str(x->b.items[0].data, "{\"value\":\"Æ ø å \\\"q\\\"\"}");
	assert_int_equal(x->b.items[1].local, 1);
	assert_str(x->b.tool_urns[0], "urn:skolesec:tool:kahoot");
	/* The publisher's internal ids never travel. */
	assert_null(strstr(json, "org_id"));
}

static void
blanking_keeps_keys_and_drops_values(void **state)
{
	struct fx *x = *state;

	assert_str(share_blank_data(&x->a, "{\"value\":\"hemmelig\"}"), "{\"value\":\"\"}");
	assert_str(share_blank_data(&x->a, "{\"title\":\"R\",\"likelihood\":4,\"property\":[\"c\"],\"x\":true}"),
	    "{\"likelihood\":0,\"property\":[],\"title\":\"\",\"x\":false}");
	assert_str(share_blank_data(&x->a, "{}"), "{}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(valid_bundle_is_read_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(anything_else_is_refused_with_its_place, setup, teardown),
		cmocka_unit_test_setup_teardown(export_reads_back_item_for_item, setup, teardown),
		cmocka_unit_test_setup_teardown(blanking_keeps_keys_and_drops_values, setup, teardown),
	};

	return cmocka_run_group_tests_name("share", tests, NULL, NULL);
}
