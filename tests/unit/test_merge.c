/*
 * test_merge.c - the three-way merge of an adopted assessment (merge.c) on
 * worked cases from the sharing story: municipality B adopted A's ROS v1
 * (base), edited its copy (ours), and A published v2 (theirs).
 *   - both changed the same item differently: a conflict; the same way: none;
 *   - one side removed what the other changed: a conflict either way;
 *   - an untouched item removed upstream: removed;
 *   - items added on both sides: theirs added, ours kept after its neighbour;
 *   - reordering upstream: the result follows the upstream order;
 *   - a local field: B's content survives whatever A's version carries;
 *   - resolution: keep mine / take theirs / edit, and declining the
 *     automatic changes.
 */
#include "unit.h"
#include "domain/merge.h"

#define IT(u, d) { .uid = (u), .kind = "field", .section = "s", .data = (d) }
#define LOCAL(u, d) { .uid = (u), .kind = "field", .section = "s", .data = (d), .local = 1 }

static struct arena A;

static int
setup(void **state)
{
	arena_init(&A, 1 << 20);
	return 0;
}

static int
teardown(void **state)
{
	arena_free(&A);
	return 0;
}

static const struct mg_row *
row(const struct mg_plan *p, const char *uid)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->rows[i].uid, uid) == 0)
			return &p->rows[i];
	fail_msg("no row %s", uid);
	return NULL;
}

static const char *
data_of(const struct as_item *v, int n, const char *uid)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v[i].uid, uid) == 0)
			return v[i].data;
	return NULL;
}

static void
json_key_order_is_not_a_change(void **state)
{
	struct as_item a = IT("x", "{\"value\":\"1\",\"note\":\"n\"}");
	struct as_item b = IT("x", "{ \"note\": \"n\", \"value\": \"1\" }");
	struct as_item c = IT("x", "{\"value\":\"2\",\"note\":\"n\"}");

	assert_true(merge_item_equal(&a, &b));
	assert_false(merge_item_equal(&a, &c));
	b.local = 1;
	assert_false(merge_item_equal(&a, &b));	/* the flag is content too */
}

static void
untouched_items_take_upstream_changes(void **state)
{
	struct as_item base[] = { IT("a", "{\"value\":\"1\"}"), IT("b", "{\"value\":\"2\"}") };
	struct as_item theirs[] = { IT("a", "{\"value\":\"1 (v2)\"}"), IT("b", "{\"value\":\"2\"}") };
	struct as_item ours[] = { IT("a", "{\"value\":\"1\"}"), IT("b", "{\"value\":\"2\"}") };
	struct mg_plan p;
	struct as_item *res;
	int n;

	assert_int_equal(merge_plan(&A, base, 2, theirs, 2, ours, 2, &p), 0);
	assert_int_equal(p.nconflicts, 0);
	assert_int_equal(p.nauto, 1);
	assert_int_equal(row(&p, "a")->upstream, MG_CHANGED);
	assert_int_equal(row(&p, "a")->local, MG_SAME);
	assert_int_equal(row(&p, "a")->action, MA_TAKE);
	assert_int_equal(row(&p, "b")->action, MA_KEEP);

	n = merge_apply(&A, &p, NULL, NULL, 1, &res);
	assert_int_equal(n, 2);
	assert_str(data_of(res, n, "a"), "{\"value\":\"1 (v2)\"}");
	/* Declining the automatic changes leaves ours as it was. */
	n = merge_apply(&A, &p, NULL, NULL, 0, &res);
	assert_str(data_of(res, n, "a"), "{\"value\":\"1\"}");
}

static void
both_changed_the_same_item(void **state)
{
	struct as_item base[] = { IT("r1", "{\"likelihood\":3}"), IT("r2", "{\"likelihood\":2}") };
	struct as_item theirs[] = { IT("r1", "{\"likelihood\":4}"), IT("r2", "{\"likelihood\":1}") };
	struct as_item ours[] = { IT("r1", "{\"likelihood\":2}"), IT("r2", "{\"likelihood\":1}") };
	struct mg_plan p;
	struct as_item *res;
	enum mg_choice ch[2] = { 0 };
	const char *edit[2] = { NULL, NULL };
	int n, i1;

	assert_int_equal(merge_plan(&A, base, 2, theirs, 2, ours, 2, &p), 0);
	assert_int_equal(row(&p, "r1")->action, MA_CONFLICT);
	/* Both made the same change: nothing to resolve. */
	assert_int_equal(row(&p, "r2")->local, MG_CHANGED);
	assert_int_equal(row(&p, "r2")->action, MA_KEEP);
	assert_int_equal(p.nconflicts, 1);

	i1 = (int)(row(&p, "r1") - p.rows);
	n = merge_apply(&A, &p, NULL, NULL, 1, &res);	/* default: keep mine */
	assert_str(data_of(res, n, "r1"), "{\"likelihood\":2}");
	ch[i1] = MC_THEIRS;
	n = merge_apply(&A, &p, ch, NULL, 1, &res);
	assert_str(data_of(res, n, "r1"), "{\"likelihood\":4}");
	ch[i1] = MC_EDIT;
	assert_int_equal(merge_apply(&A, &p, ch, edit, 1, &res), -1);	/* no text */
	edit[i1] = "{\"likelihood\":3}";
	n = merge_apply(&A, &p, ch, edit, 1, &res);
	assert_int_equal(n, 2);
	assert_str(data_of(res, n, "r1"), "{\"likelihood\":3}");
}

static void
one_removed_what_the_other_changed(void **state)
{
	/* x: removed upstream, changed here. y: changed upstream, removed here.
	 * z: removed upstream, untouched here. */
	struct as_item base[] = { IT("x", "{\"value\":\"x\"}"), IT("y", "{\"value\":\"y\"}"),
		IT("z", "{\"value\":\"z\"}") };
	struct as_item theirs[] = { IT("y", "{\"value\":\"y2\"}") };
	struct as_item ours[] = { IT("x", "{\"value\":\"x mine\"}"), IT("z", "{\"value\":\"z\"}") };
	struct mg_plan p;
	struct as_item *res;
	enum mg_choice ch[3] = { 0 };
	int n;

	assert_int_equal(merge_plan(&A, base, 3, theirs, 1, ours, 2, &p), 0);
	assert_int_equal(p.n, 3);
	assert_int_equal(row(&p, "x")->upstream, MG_REMOVED);
	assert_int_equal(row(&p, "x")->action, MA_CONFLICT);
	assert_int_equal(row(&p, "y")->local, MG_REMOVED);
	assert_int_equal(row(&p, "y")->action, MA_CONFLICT);
	assert_int_equal(row(&p, "z")->action, MA_REMOVE);
	assert_int_equal(p.nconflicts, 2);

	n = merge_apply(&A, &p, NULL, NULL, 1, &res);	/* keep mine: x stays, y stays gone */
	assert_int_equal(n, 1);
	assert_str(res[0].uid, "x");
	ch[row(&p, "x") - p.rows] = MC_THEIRS;	/* accept the removal */
	ch[row(&p, "y") - p.rows] = MC_THEIRS;	/* take the changed item back */
	n = merge_apply(&A, &p, ch, NULL, 1, &res);
	assert_int_equal(n, 1);
	assert_str(res[0].uid, "y");
	assert_str(res[0].data, "{\"value\":\"y2\"}");
}

static void
added_on_both_sides_and_reordered(void **state)
{
	/* Upstream reorders a,b,c to c,a,b and adds n after a; we added m after b. */
	struct as_item base[] = { IT("a", "{}"), IT("b", "{}"), IT("c", "{}") };
	struct as_item theirs[] = { IT("c", "{}"), IT("a", "{}"), IT("n", "{\"value\":\"new\"}"),
		IT("b", "{}") };
	struct as_item ours[] = { IT("a", "{}"), IT("b", "{}"), IT("m", "{\"value\":\"mine\"}"),
		IT("c", "{}") };
	static const char *const want[] = { "c", "a", "n", "b", "m" };
	struct mg_plan p;
	struct as_item *res;
	int n;

	assert_int_equal(merge_plan(&A, base, 3, theirs, 4, ours, 4, &p), 0);
	assert_int_equal(p.nconflicts, 0);
	assert_int_equal(row(&p, "n")->upstream, MG_ADDED);
	assert_int_equal(row(&p, "n")->action, MA_ADD);
	assert_int_equal(row(&p, "m")->local, MG_ADDED);
	assert_int_equal(row(&p, "m")->upstream, MG_NONE);
	assert_int_equal(row(&p, "m")->action, MA_KEEP);

	n = merge_apply(&A, &p, NULL, NULL, 1, &res);
	assert_int_equal(n, 5);
	for (int i = 0; i < n; i++) {
		assert_str(res[i].uid, want[i]);
		assert_int_equal(res[i].position, i + 1);
	}
	/* Without the automatic changes the new upstream item stays out. */
	n = merge_apply(&A, &p, NULL, NULL, 0, &res);
	assert_int_equal(n, 4);
	assert_null(data_of(res, n, "n"));
}

static void
local_field_keeps_the_adopters_content(void **state)
{
	/* "l" is local: published empty. Upstream now marks "g" local as well
	 * and rewrites its help; B had filled in both. */
	struct as_item base[] = { LOCAL("l", "{\"value\":\"\"}"), IT("g", "{\"value\":\"national\"}") };
	struct as_item theirs[] = { LOCAL("l", "{\"value\":\"\"}"), LOCAL("g", "{\"value\":\"\"}") };
	struct as_item ours[] = { LOCAL("l", "{\"value\":\"Bergen: 12 skoler\"}"),
		IT("g", "{\"value\":\"national\"}") };
	struct mg_plan p;
	struct as_item *res;
	int n;

	assert_int_equal(merge_plan(&A, base, 2, theirs, 2, ours, 2, &p), 0);
	assert_int_equal(p.nconflicts, 0);
	assert_true(row(&p, "l")->local_field);
	assert_int_equal(row(&p, "l")->upstream, MG_SAME);	/* empty content is no change */
	assert_int_equal(row(&p, "l")->action, MA_KEEP);
	assert_int_equal(row(&p, "g")->upstream, MG_CHANGED);	/* the flag changed */
	assert_int_equal(row(&p, "g")->action, MA_TAKE);

	n = merge_apply(&A, &p, NULL, NULL, 1, &res);
	assert_int_equal(n, 2);
	assert_str(data_of(res, n, "l"), "{\"value\":\"Bergen: 12 skoler\"}");
	assert_str(data_of(res, n, "g"), "{\"value\":\"national\"}");
	assert_int_equal(res[1].local, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_key_order_is_not_a_change),
		cmocka_unit_test(untouched_items_take_upstream_changes),
		cmocka_unit_test(both_changed_the_same_item),
		cmocka_unit_test(one_removed_what_the_other_changed),
		cmocka_unit_test(added_on_both_sides_and_reordered),
		cmocka_unit_test(local_field_keeps_the_adopters_content),
	};
	return cmocka_run_group_tests_name("merge", tests, setup, teardown);
}
