/*
 * test_template.c - the assessment template loader (domain/template.c).
 *
 * Why these tests: an assessment keeps its template's item uids for ever and
 * names the template by URN and version, so the shipped files must load, the
 * ROS catalogue must carry the issue's typical events in all three
 * languages, and a bad file (unknown key, missing translation, duplicate
 * uid, enum without options) must be refused with the file and the place
 * named rather than loaded half.
 */
#include <sys/stat.h>

#include "unit.h"
#include "domain/template.h"

static char tmpdir[64];

static void
write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
clear_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -f %s/*.json", tmpdir);
	assert_int_equal(system(cmd), 0);
}

#define TR(s) "{\"nb\":\"" s "\",\"nn\":\"" s "\",\"en\":\"" s "\"}"
#define GOOD "{\"urn\":\"urn:t:ros\",\"version\":2,\"kind\":\"ros\",\"title\":" TR("T") "," \
	"\"sections\":[{\"key\":\"scope\",\"title\":" TR("S") ",\"items\":[" \
	"{\"uid\":\"scope.a\",\"kind\":\"field\",\"type\":\"enum\",\"options\":[\"x\",\"y\"],\"label\":" TR("A") "}," \
	"{\"uid\":\"scope.b\",\"kind\":\"field\",\"type\":\"date\",\"local\":true,\"label\":" TR("B") "}]}," \
	"{\"key\":\"risks\",\"title\":" TR("R") "}]," \
	"\"catalogue\":[{\"uid\":\"ev.1\",\"title\":" TR("E") ",\"description\":" TR("D") "," \
	"\"property\":[\"c\",\"a\"],\"causes\":" TR("C") ",\"controls\":" TR("K") "," \
	"\"pupil_consequence\":" TR("P") "}]}"

static void
the_shipped_templates_load_and_the_ros_catalogue_is_complete(void **state)
{
	char err[512] = "";
	const struct tmpl *t;
	int found = 0;

	(void)state;
	if (templates_load("data/templates", err, sizeof(err)))
		fail_msg("data/templates: %s", err);
	t = template_current("ros");
	assert_non_null(t);
	assert_str(t->urn, "urn:skolesec:template:ros:school-tools");
	assert_true(t->nevents >= 25);
	for (int i = 0; i < t->nevents; i++) {
		assert_non_null(t->events[i].title.nn);
		assert_non_null(t->events[i].causes.en);
		assert_non_null(t->events[i].controls.nb);
		assert_true(t->events[i].property != 0);
		found += strcmp(t->events[i].uid, "ros.event.shared-links") == 0 ||
		    strcmp(t->events[i].uid, "ros.event.feide-attributes") == 0 ||
		    strcmp(t->events[i].uid, "ros.event.exam-outage") == 0;
	}
	assert_int_equal(found, 3);
	assert_non_null(template_event(t, "ros.event.third-country"));
	assert_null(template_event(t, "ros.event.nope"));
	assert_ptr_equal(template_find(t->urn, t->version), t);
	assert_null(template_find(t->urn, t->version + 100));
	assert_non_null(template_item(t, "conclusion.acceptance", NULL));
}

static void
a_good_file_loads_with_types_options_and_languages(void **state)
{
	char err[512] = "";
	const struct tmpl *t;
	const struct tsection *s = NULL;
	const struct titem *it;

	(void)state;
	clear_dir();
	write_file("ros-test.json", GOOD);
	if (templates_load(tmpdir, err, sizeof(err)))
		fail_msg("%s", err);
	t = template_current("ros");
	assert_non_null(t);
	assert_int_equal(t->version, 2);
	assert_int_equal(t->nsections, 2);
	assert_int_equal(t->sections[1].nitems, 0);
	it = template_item(t, "scope.b", &s);
	assert_non_null(it);
	assert_str(s->key, "scope");
	assert_int_equal(it->type, TF_DATE);
	assert_int_equal(it->local, 1);
	it = template_item(t, "scope.a", NULL);
	assert_int_equal(it->type, TF_ENUM);
	assert_str(it->options[1], "y");
	assert_null(it->options[2]);
	assert_int_equal(t->events[0].property, 1u | 4u);
	assert_str(tr_pick(&t->title, "nn"), "T");
	assert_str(tr_pick(&it->help, "en"), "");	/* no help: empty, not NULL */
	assert_null(template_current("dpia"));
}

/* GOOD with the first `from` replaced by `to` must be refused naming needle. */
static void
refused(const char *from, const char *to, const char *needle)
{
	char text[4096], err[512] = "";
	const char *p = strstr(GOOD, from);

	assert_non_null(p);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(p - GOOD), GOOD, to, p + strlen(from));
	clear_dir();
	write_file("ros-bad.json", text);
	assert_int_equal(templates_load(tmpdir, err, sizeof(err)), -1);
	if (strstr(err, "ros-bad.json") == NULL || strstr(err, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err, needle);
	assert_null(template_current("ros"));	/* nothing half-loaded */
}

static void
bad_files_are_refused_naming_file_and_place(void **state)
{
	(void)state;
	refused("\"label\":" TR("A"), "\"lable\":" TR("A"), "unknown key \"lable\"");
	refused("\"title\":" TR("T"), "\"title\":{\"nb\":\"T\",\"en\":\"T\"}", "title");
	refused("\"uid\":\"scope.b\"", "\"uid\":\"scope.a\"", "duplicate uid");
	refused("\"options\":[\"x\",\"y\"],", "", "options");
	refused("\"kind\":\"ros\"", "\"kind\":\"risk\"", "kind");
	refused("\"property\":[\"c\",\"a\"]", "\"property\":[\"c\",\"c\"]", "property");
	refused("\"version\":2", "\"version\":\"2\"", "version");
	refused("\"kind\":\"field\",\"type\":\"date\"", "\"kind\":\"field\",\"type\":\"time\"", "type");
	refused("\"uid\":\"ev.1\"", "\"uid\":\"ev 1\"", "uid");
}

static void
the_same_urn_and_version_twice_is_refused(void **state)
{
	char err[512] = "";

	(void)state;
	clear_dir();
	write_file("a.json", GOOD);
	write_file("b.json", GOOD);
	assert_int_equal(templates_load(tmpdir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "loaded twice"));
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/skolesec-tmpl.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_shipped_templates_load_and_the_ros_catalogue_is_complete),
		cmocka_unit_test(a_good_file_loads_with_types_options_and_languages),
		cmocka_unit_test(bad_files_are_refused_naming_file_and_place),
		cmocka_unit_test(the_same_urn_and_version_twice_is_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
