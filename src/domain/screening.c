/*
 * screening.c - the screening rules and their storage; see screening.h.
 *
 * To-dos follow the latest screening: a ROS/DPIA/DBA that is needed and
 * not yet present (the row's has_* flag) gets one open to-do, never two (a
 * re-screening finds the open one); one that a later screening finds no
 * longer needed has its open screening to-do closed (status done), so the
 * list of open to-dos stays true. Setting a has_* flag on the row closes
 * the matching to-do as well (inventory.c). Every step is audited.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/msgid.h"
#include "audit.h"
#include "inventory.h"
#include "screening.h"
#include "../db/db.h"
#include "../core/arena.h"
#include "../core/buf.h"

const struct screening_item screening_questions[SQ__COUNT] = {
	[SQ_PERSONAL] = { "personal_data", N_("Does the tool process personal data?") },
	[SQ_PUPILS] = { "pupils", N_("Pupils") },
	[SQ_PARENTS] = { "parents", N_("Parents and guardians") },
	[SQ_STAFF] = { "staff", N_("Staff") },
	[SQ_VULNERABLE_OTHER] = { "vulnerable_other", N_("Other vulnerable people (for example patients or people in a dependent position)") },
	[SQ_SPECIAL] = { "special_categories", N_("Special categories (Art. 9): health, ethnic origin, religion, biometric data and the like") },
	[SQ_CRIMINAL] = { "criminal_offences", N_("Data about criminal convictions and offences (Art. 10)") },
	[SQ_LOCATION] = { "location", N_("Location data") },
	[SQ_PROCESSOR] = { "processor", N_("The vendor processes personal data on the school owner's behalf") },
	[SQ_OUTSIDE_EEA] = { "outside_eea", N_("Data is stored outside the EEA or can be accessed from outside the EEA") },
	[SQ_MONITORING] = { "monitoring", N_("Systematic monitoring of people (for example activity logging or screen monitoring)") },
	[SQ_MONITORING_STAFF] = { "monitoring_staff", N_("Systematic monitoring of employees") },
	[SQ_EVALUATION] = { "evaluation", N_("Evaluation or scoring of people (profiling, ranking, prediction)") },
	[SQ_PUPIL_EVALUATION] = { "pupil_evaluation", N_("The purpose is to evaluate pupils' learning, mastery or well-being") },
	[SQ_AUTOMATED] = { "automated_decisions", N_("Automated decisions with legal or similarly significant effect for the person") },
	[SQ_LARGE_SCALE] = { "large_scale", N_("Large scale (many people, much data, or a long time)") },
	[SQ_MATCHING] = { "matching", N_("Matching or combining data sets from different sources") },
	[SQ_NEW_TECH] = { "new_technology", N_("New technology or innovative use (for example artificial intelligence or biometrics)") },
	[SQ_PREVENTS_RIGHTS] = { "prevents_rights", N_("The processing can prevent people from exercising a right or using a service") },
};

const struct screening_item screening_criteria[C__COUNT] = {
	[C_EVALUATION] = { "evaluation", N_("Evaluation or scoring, including profiling and prediction") },
	[C_AUTOMATED] = { "automated_decisions", N_("Automated decisions with legal or similarly significant effect") },
	[C_MONITORING] = { "systematic_monitoring", N_("Systematic monitoring") },
	[C_SENSITIVE] = { "sensitive_data", N_("Sensitive data or data of a highly personal nature") },
	[C_LARGE_SCALE] = { "large_scale", N_("Data processed on a large scale") },
	[C_MATCHING] = { "matching", N_("Matching or combining data sets") },
	[C_VULNERABLE] = { "vulnerable", N_("Data concerning vulnerable data subjects") },
	[C_NEW_TECH] = { "new_technology", N_("Innovative use or new technological solutions") },
	[C_PREVENTS_RIGHTS] = { "prevents_rights", N_("Processing that prevents people from exercising a right or using a service") },
};

const struct screening_item screening_listed[L__COUNT] = {
	[L_PUPIL_EVALUATION] = { "pupil_evaluation", N_("Processing to evaluate pupils' learning, mastery or well-being") },
	[L_STAFF_MONITORING] = { "staff_monitoring", N_("Systematic monitoring of employees") },
	[L_LOCATION] = { "location", N_("Location data combined with at least one other criterion") },
	[L_NEW_TECH] = { "new_technology", N_("Innovative technology combined with at least one other criterion") },
	[L_LARGE_SCALE_SPECIAL] = { "large_scale_special", N_("Special categories or data about criminal offences on a large scale") },
};

static const struct { const char *key, *text; } reasons[] = {
	{ "no_personal_data", N_("The tool does not process personal data, so no ROS, DPIA or data processing agreement is needed for privacy. Screen the tool again if this changes.") },
	{ "feide_personal", N_("Feide attributes are personal data: the tool processes personal data even though the first answer was no.") },
	{ "ros_personal", N_("A risk and vulnerability assessment (ROS) is needed because the tool processes personal data: the school owner must secure the data (GDPR Art. 32). KS recommends a ROS for every tool that processes personal data.") },
	{ "dpia_criteria", N_("A data protection impact assessment (DPIA) is required because two or more of the nine criteria in the EDPB guidelines (WP248) are met.") },
	{ "dpia_listed", N_("A DPIA is required because the processing is on Datatilsynet's list of processing that always requires a DPIA (GDPR Art. 35(4)), however many criteria are met.") },
	{ "dpia_one_criterion", N_("A DPIA is not required: only one of the nine criteria is met and the processing is not on Datatilsynet's list. Keep this screening as the record of that assessment.") },
	{ "dpia_no_criteria", N_("A DPIA is not required: none of the nine criteria is met and the processing is not on Datatilsynet's list.") },
	{ "children_vulnerable", N_("Pupils are children and count as vulnerable data subjects, so this criterion is always met when the tool processes pupils' data.") },
	{ "dba_processor", N_("A data processing agreement (DBA) is needed because the vendor processes personal data on the school owner's behalf (GDPR Art. 28).") },
	{ "dba_not_processor", N_("No data processing agreement is needed because the vendor does not process personal data on the school owner's behalf. Check whether the vendor is a controller in its own right, and tell pupils and parents.") },
	{ "transfer", N_("Personal data is stored or can be accessed outside the EEA. The transfer needs a basis in GDPR Chapter V (for example an adequacy decision or standard contractual clauses) and a transfer impact assessment; cover this in the DBA and the DPIA.") },
	{ "nin", N_("The tool receives the national identity number. It may only be used when secure identification is objectively needed (personopplysningsloven § 12).") },
	{ "special_basis", N_("Special categories (Art. 9) and data about criminal offences (Art. 10) need an exception or legal basis of their own besides Art. 6.") },
};

const char *
screening_reason_text(const char *key)
{
	for (size_t i = 0; key && i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(key, reasons[i].key) == 0)
			return reasons[i].text;
	return NULL;
}

int
screening_question_index(const char *key)
{
	for (int i = 0; key && i < SQ__COUNT; i++)
		if (strcmp(key, screening_questions[i].key) == 0)
			return i;
	return -1;
}

static void
reason(struct screening_out *o, const char *key)
{
	if (o->nreasons < SCREEN_MAX_REASONS)
		o->reasons[o->nreasons++] = key;
}

static int
popcount(unsigned v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* The criteria met by answers q (see WP248 rev.01, section III.B.a). */
static unsigned
criteria_of(unsigned q)
{
#define Q(x) (q & (1u << (x)))
	unsigned c = 0;

	if (Q(SQ_EVALUATION))
		c |= 1u << C_EVALUATION;
	if (Q(SQ_AUTOMATED))
		c |= 1u << C_AUTOMATED;
	if (Q(SQ_MONITORING) || Q(SQ_MONITORING_STAFF))
		c |= 1u << C_MONITORING;
	/* WP248 counts location data as highly personal (freedom of movement). */
	if (Q(SQ_SPECIAL) || Q(SQ_CRIMINAL) || Q(SQ_LOCATION))
		c |= 1u << C_SENSITIVE;
	if (Q(SQ_LARGE_SCALE))
		c |= 1u << C_LARGE_SCALE;
	if (Q(SQ_MATCHING))
		c |= 1u << C_MATCHING;
	if (Q(SQ_PUPILS) || Q(SQ_VULNERABLE_OTHER))
		c |= 1u << C_VULNERABLE;
	if (Q(SQ_NEW_TECH))
		c |= 1u << C_NEW_TECH;
	if (Q(SQ_PREVENTS_RIGHTS))
		c |= 1u << C_PREVENTS_RIGHTS;
	return c;
#undef Q
}

void
screening_evaluate(const struct screening_in *in, struct screening_out *o)
{
	unsigned q = in->q;

	memset(o, 0, sizeof(*o));
	o->personal = (q & (1u << SQ_PERSONAL)) || in->feide;
	if (!o->personal) {
		reason(o, "no_personal_data");
		return;
	}
	if (!(q & (1u << SQ_PERSONAL)))
		reason(o, "feide_personal");
	/* Evaluating pupils' learning or well-being is processing pupils' data. */
	if (q & (1u << SQ_PUPIL_EVALUATION))
		q |= 1u << SQ_PUPILS;

	o->needs_ros = 1;
	reason(o, "ros_personal");

	o->criteria = criteria_of(q);
	o->ncriteria = popcount(o->criteria);
	if (q & (1u << SQ_PUPIL_EVALUATION))
		o->listed |= 1u << L_PUPIL_EVALUATION;
	if (q & (1u << SQ_MONITORING_STAFF))
		o->listed |= 1u << L_STAFF_MONITORING;
	/* "Combined with another criterion": one met without this answer. */
	if ((q & (1u << SQ_LOCATION)) && popcount(criteria_of(q & ~(1u << SQ_LOCATION))) >= 1)
		o->listed |= 1u << L_LOCATION;
	if ((q & (1u << SQ_NEW_TECH)) && popcount(criteria_of(q & ~(1u << SQ_NEW_TECH))) >= 1)
		o->listed |= 1u << L_NEW_TECH;
	if ((q & (1u << SQ_LARGE_SCALE)) && (q & ((1u << SQ_SPECIAL) | (1u << SQ_CRIMINAL))))
		o->listed |= 1u << L_LARGE_SCALE_SPECIAL;
	o->nlisted = popcount(o->listed);

	o->needs_dpia = o->ncriteria >= 2 || o->nlisted >= 1;
	if (o->nlisted)
		reason(o, "dpia_listed");
	if (o->ncriteria >= 2)
		reason(o, "dpia_criteria");
	if (!o->needs_dpia)
		reason(o, o->ncriteria == 1 ? "dpia_one_criterion" : "dpia_no_criteria");
	if (q & (1u << SQ_PUPILS))
		reason(o, "children_vulnerable");

	o->needs_dba = (q & (1u << SQ_PROCESSOR)) != 0;
	reason(o, o->needs_dba ? "dba_processor" : "dba_not_processor");
	if (q & (1u << SQ_OUTSIDE_EEA))
		reason(o, "transfer");
	if (q & ((1u << SQ_SPECIAL) | (1u << SQ_CRIMINAL)))
		reason(o, "special_basis");
	if (in->feide & inv_key_bit(CS_FEIDE, "userid-nin"))
		reason(o, "nin");
}

/* ---- storage ---- */

static json_t *
keys_json(const struct screening_item *list, int n, unsigned mask)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		if (mask & (1u << i))
			json_array_append_new(a, json_string(list[i].key));
	return a;
}

static char *
dump(json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return s;
}

static unsigned
mask_json(const json_t *arr, const struct screening_item *list, int n)
{
	unsigned m = 0;
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		for (int k = 0; s && k < n; k++)
			if (strcmp(s, list[k].key) == 0)
				m |= 1u << k;
	}
	return m;
}

static const char *const todo_kinds[3] = { "ros", "dpia", "dba" };
static const char *const todo_titles[3] = {
	/* Stored text, in bokmål: the interface's first language. */
	"Gjennomfør ROS-analyse", "Gjennomfør DPIA (vurdering av personvernkonsekvenser)",
	"Inngå databehandleravtale",
};

#define INSERT_SCREENING "INSERT INTO screenings (org_id, inventory_id, answers, criteria," \
	" listed_cases, needs_ros, needs_dpia, needs_dba, reasons, screened_by, screened_at)" \
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"

int64_t
screening_save(struct db *db, struct arena *a, int64_t org_id, int64_t inventory_id,
    const struct screening_in *in, const struct screening_out *o, int64_t actor, int64_t now)
{
	struct inv_row row;
	struct db_stmt *st;
	char *answers = NULL, *crit = NULL, *listed = NULL, *rs = NULL, *audit = NULL;
	json_t *ans, *rj, *created, *closed, *aj;
	int64_t sid = -1;
	int rc, needs[3], have[3];

	if ((rc = inventory_get(db, a, org_id, inventory_id, &row)) != 1)
		return rc < 0 ? -1 : 0;
	ans = json_object();
	json_object_set_new(ans, "yes", keys_json(screening_questions, SQ__COUNT, in->q));
	json_object_set_new(ans, "feide", json_string(inv_keys_str(a, CS_FEIDE, in->feide)));
	rj = json_array();
	for (int i = 0; i < o->nreasons; i++)
		json_array_append_new(rj, json_string(o->reasons[i]));
	answers = dump(ans);
	crit = dump(keys_json(screening_criteria, C__COUNT, o->criteria));
	listed = dump(keys_json(screening_listed, L__COUNT, o->listed));
	rs = dump(rj);
	if (!answers || !crit || !listed || !rs)
		goto out;
	/* screened_by is NULL for the system (demo data, actor 0). */
	if (actor > 0)
		st = db_query(db, INSERT_SCREENING, &rc, "iisssiiisii", org_id, inventory_id, answers,
		    crit, listed, (int64_t)o->needs_ros, (int64_t)o->needs_dpia, (int64_t)o->needs_dba,
		    rs, actor, now);
	else
		st = db_query(db, INSERT_SCREENING, &rc, "iisssiiissi", org_id, inventory_id, answers,
		    crit, listed, (int64_t)o->needs_ros, (int64_t)o->needs_dpia, (int64_t)o->needs_dba,
		    rs, (const char *)NULL, now);
	sid = rc == 1 ? db_col_int(st, 0) : -1;
	while (rc == 1)
		rc = db_step(st);
	if (st)
		db_reset(st);
	if (rc < 0 || sid <= 0) {
		sid = -1;
		goto out;
	}
	if (db_run(db, "UPDATE inventory SET needs_ros = ?, needs_dpia = ?, needs_dba = ?,"
	    " screened_at = ? WHERE id = ? AND org_id = ?", "iiiiii", (int64_t)o->needs_ros,
	    (int64_t)o->needs_dpia, (int64_t)o->needs_dba, now, inventory_id, org_id) < 0)
		goto fail;

	needs[0] = o->needs_ros;
	needs[1] = o->needs_dpia;
	needs[2] = o->needs_dba;
	have[0] = row.has_ros;
	have[1] = row.has_dpia;
	have[2] = row.has_dba;
	created = json_array();
	closed = json_array();
	aj = json_pack("{s:I, s:s, s:o, s:o, s:b, s:b, s:b, s:o, s:o}",
	    "inventory_id", (json_int_t)inventory_id, "tool", row.tool_name,
	    "criteria", keys_json(screening_criteria, C__COUNT, o->criteria),
	    "listed_cases", keys_json(screening_listed, L__COUNT, o->listed),
	    "needs_ros", o->needs_ros, "needs_dpia", o->needs_dpia, "needs_dba", o->needs_dba,
	    "todos_created", created, "todos_closed", closed);
	if (aj == NULL)
		goto fail;
	for (int k = 0; k < 3; k++) {
		if (needs[k] && !have[k]) {
			rc = db_run(db, "SELECT 1 FROM todos WHERE org_id = ? AND inventory_id = ?"
			    " AND kind = ? AND status = 'open'", "iis", org_id, inventory_id, todo_kinds[k]);
			if (rc < 0)
				goto fail_json;
			if (rc == 0) {
				const char *title = arena_printf(a, "%s: %s (%s)", todo_titles[k], row.tool_name,
				    *row.school_name ? row.school_name : "hele organisasjonen");
				if (title == NULL || db_run(db, "INSERT INTO todos (org_id, inventory_id, kind,"
				    " title, source, status, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?)",
				    "iisssi", org_id, inventory_id, todo_kinds[k], title,
				    arena_printf(a, "screening:%lld", (long long)sid), now) < 0)
					goto fail_json;
				json_array_append_new(created, json_string(todo_kinds[k]));
			}
		} else if (!needs[k]) {
			rc = db_run(db, "SELECT 1 FROM todos WHERE org_id = ? AND inventory_id = ? AND kind = ?"
			    " AND status = 'open' AND source LIKE 'screening:%'", "iis", org_id, inventory_id,
			    todo_kinds[k]);
			if (rc < 0)
				goto fail_json;
			if (rc == 1) {
				if (db_run(db, "UPDATE todos SET status = 'done', done_at = ? WHERE org_id = ?"
				    " AND inventory_id = ? AND kind = ? AND status = 'open'"
				    " AND source LIKE 'screening:%'", "iiis", now, org_id, inventory_id,
				    todo_kinds[k]) < 0)
					goto fail_json;
				json_array_append_new(closed, json_string(todo_kinds[k]));
			}
		}
	}
	audit = aj ? json_dumps(aj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(aj);
	if (audit == NULL || audit_log(db, org_id, actor, "screening.create", "screening", sid, audit, now))
		goto fail;
	goto out;
fail_json:
	json_decref(aj);
fail:
	sid = -1;
out:
	free(answers);
	free(crit);
	free(listed);
	free(rs);
	free(audit);
	return sid;
}

int
screening_latest(struct db *db, struct arena *a, int64_t org_id, int64_t inventory_id,
    struct screening_rec *r)
{
	struct db_stmt *st;
	int rc;

	memset(r, 0, sizeof(*r));
	st = db_query(db, "SELECT s.id, s.answers, s.criteria, s.listed_cases, s.needs_ros,"
	    " s.needs_dpia, s.needs_dba, s.reasons, s.screened_at, COALESCE(u.name, '')"
	    " FROM screenings s LEFT JOIN users u ON u.id = s.screened_by"
	    " WHERE s.org_id = ? AND s.inventory_id = ? ORDER BY s.id DESC LIMIT 1",
	    &rc, "ii", org_id, inventory_id);
	if (rc == 1) {
		json_t *ans = json_loads(db_col_text(st, 1), 0, NULL);
		json_t *cr = json_loads(db_col_text(st, 2), 0, NULL);
		json_t *li = json_loads(db_col_text(st, 3), 0, NULL);
		json_t *rs = json_loads(db_col_text(st, 7), 0, NULL);
		size_t i;
		json_t *v;

		r->id = db_col_int(st, 0);
		r->inventory_id = inventory_id;
		r->out.needs_ros = (int)db_col_int(st, 4);
		r->out.needs_dpia = (int)db_col_int(st, 5);
		r->out.needs_dba = (int)db_col_int(st, 6);
		r->screened_at = db_col_int(st, 8);
		r->screened_by = arena_strdup(a, db_col_text(st, 9));
		r->in.q = mask_json(json_object_get(ans, "yes"), screening_questions, SQ__COUNT);
		r->in.feide = inv_key_bit(CS_FEIDE, json_string_value(json_object_get(ans, "feide")));
		r->out.criteria = mask_json(cr, screening_criteria, C__COUNT);
		r->out.listed = mask_json(li, screening_listed, L__COUNT);
		r->out.ncriteria = popcount(r->out.criteria);
		r->out.nlisted = popcount(r->out.listed);
		r->out.personal = r->out.needs_ros;
		json_array_foreach(rs, i, v) {
			const char *s = json_string_value(v);
			/* Only keys we know: the text shown comes from our table. */
			for (size_t k = 0; s && k < sizeof(reasons) / sizeof(reasons[0]); k++)
				if (strcmp(s, reasons[k].key) == 0 && r->out.nreasons < SCREEN_MAX_REASONS)
					r->out.reasons[r->out.nreasons++] = reasons[k].key;
		}
		json_decref(ans);
		json_decref(cr);
		json_decref(li);
		json_decref(rs);
	}
	if (st)
		db_reset(st);
	return rc;
}

int
todo_list(struct db *db, struct arena *a, int64_t org_id, int64_t inventory_id, struct todo **out)
{
	struct db_stmt *st;
	int rc, n = 0, cap = 8;
	struct todo *v = arena_alloc(a, sizeof(*v) * (size_t)cap);

	st = db_query(db, "SELECT id, kind, title, status, source, created_at, COALESCE(done_at, 0)"
	    " FROM todos WHERE org_id = ? AND inventory_id = ?"
	    " ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, id DESC",
	    &rc, "ii", org_id, inventory_id);
	while (rc == 1 && v) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			break;
		}
		v[n].id = db_col_int(st, 0);
		v[n].inventory_id = inventory_id;
		v[n].kind = arena_strdup(a, db_col_text(st, 1));
		v[n].title = arena_strdup(a, db_col_text(st, 2));
		v[n].status = arena_strdup(a, db_col_text(st, 3));
		v[n].source = arena_strdup(a, db_col_text(st, 4));
		v[n].created_at = db_col_int(st, 5);
		v[n].done_at = db_col_int(st, 6);
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 || v == NULL ? -1 : n;
}
