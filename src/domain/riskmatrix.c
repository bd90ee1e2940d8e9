/*
 * riskmatrix.c - the organisation's risk matrix; see riskmatrix.h.
 *
 * Labels and colours are stored as JSON arrays (one column each) because
 * the matrix is read and written as a whole; the default is not stored, so
 * a later change of the national default reaches every organisation that
 * never set its own. Default labels are msgids (is_default tells pages to
 * translate them); an organisation's own labels are its own text.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "assessment_int.h"
#include "audit.h"
#include "riskmatrix.h"
#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"

#define LABEL_MAX 60

void
risk_matrix_default(struct risk_matrix *m)
{
	static const char *const lik[5] = { N_("Very low"), N_("Low"), N_("Medium"), N_("High"),
	    N_("Very high") };
	static const char *const con[5] = { N_("Insignificant"), N_("Minor"), N_("Serious"),
	    N_("Critical"), N_("Catastrophic") };

	memset(m, 0, sizeof(*m));
	m->size = 5;
	for (int i = 0; i < 5; i++) {
		m->lik[i] = lik[i];
		m->con[i] = con[i];
	}
	m->accept_max = 4;
	m->measures_max = 12;
	m->colour[0] = "#c8e6c9";
	m->colour[1] = "#fff59d";
	m->colour[2] = "#ef9a9a";
	m->is_default = 1;
}

int
risk_score(const struct risk_matrix *m, int l, int c)
{
	if (l < 1 || c < 1 || l > m->size || c > m->size)
		return 0;
	return l * c;
}

enum risk_zone
risk_zone(const struct risk_matrix *m, int l, int c)
{
	int s = risk_score(m, l, c);

	if (s == 0)
		return RZ_NONE;
	if (s <= m->accept_max)
		return RZ_ACCEPT;
	if (s <= m->measures_max)
		return RZ_MEASURES;
	return RZ_REJECT;
}

/* A JSON array of exactly n strings into out[0..n). */
static int
str_array(struct arena *a, const char *text, int n, const char **out)
{
	json_t *j = json_loads(text ? text : "", 0, NULL);
	int rc = -1;

	if (json_is_array(j) && (int)json_array_size(j) == n) {
		rc = 0;
		for (int i = 0; i < n && rc == 0; i++) {
			json_t *s = json_array_get(j, (size_t)i);
			if (!json_is_string(s) || (out[i] = arena_strdup(a, json_string_value(s))) == NULL)
				rc = -1;
		}
	}
	json_decref(j);
	return rc;
}

int
risk_matrix_get(struct db *db, struct arena *a, int64_t org_id, struct risk_matrix *m)
{
	struct db_stmt *st;
	int rc;

	risk_matrix_default(m);
	st = db_query(db, "SELECT size, likelihood_labels, consequence_labels, accept_max,"
	    " measures_max, colours FROM risk_matrices WHERE org_id = ?", &rc, "i", org_id);
	if (rc == 1) {
		int size = (int)db_col_int(st, 0);
		if (size != 4 && size != 5)
			rc = -1;
		else {
			m->size = size;
			m->accept_max = (int)db_col_int(st, 3);
			m->measures_max = (int)db_col_int(st, 4);
			m->is_default = 0;
			if (str_array(a, db_col_text(st, 1), size, m->lik) ||
			    str_array(a, db_col_text(st, 2), size, m->con) ||
			    str_array(a, db_col_text(st, 5), 3, m->colour))
				rc = -1;
			for (int i = size; i < 5; i++)
				m->lik[i] = m->con[i] = NULL;
		}
	}
	if (st)
		db_reset(st);
	return rc;
}

static int
colour_ok(const char *s)
{
	if (s == NULL || strlen(s) != 7 || s[0] != '#')
		return 0;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return 1;
}

static const char *
matrix_problem(const struct risk_matrix *m)
{
	if (m->size != 4 && m->size != 5)
		return N_("The matrix must be 4 x 4 or 5 x 5.");
	for (int i = 0; i < m->size; i++) {
		if (m->lik[i] == NULL || m->con[i] == NULL || *m->lik[i] == '\0' || *m->con[i] == '\0')
			return N_("Every likelihood and consequence class needs a label.");
		if (strlen(m->lik[i]) > LABEL_MAX || strlen(m->con[i]) > LABEL_MAX)
			return N_("A class label can be at most 60 characters.");
	}
	if (m->accept_max < 1 || m->measures_max < m->accept_max ||
	    m->measures_max > m->size * m->size)
		return N_("The thresholds must satisfy 1 <= acceptable <= measures needed <= the highest score.");
	for (int i = 0; i < 3; i++)
		if (!colour_ok(m->colour[i]))
			return N_("A colour must be written as #rrggbb.");
	return NULL;
}

static char *
labels_json(struct arena *a, const char *const *v, int n)
{
	json_t *j = json_array();
	char *s, *out;

	for (int i = 0; i < n; i++)
		json_array_append_new(j, json_string(v[i]));
	s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	out = s ? arena_strdup(a, s) : NULL;
	free(s);
	return out;
}

int
risk_matrix_save(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    const struct risk_matrix *m, const char **err)
{
	const char *lik, *con, *col;
	int own, rc;
	int64_t now = as_now();

	*err = matrix_problem(m);
	if (*err)
		return -1;
	lik = labels_json(a, m->lik, m->size);
	con = labels_json(a, m->con, m->size);
	col = labels_json(a, m->colour, 3);
	*err = N_("Something went wrong. Try again.");
	if (!lik || !con || !col || as_tx_begin(db, &own))
		return -1;
	rc = db_run(db, "INSERT INTO risk_matrices (org_id, size, likelihood_labels,"
	    " consequence_labels, accept_max, measures_max, colours, updated_by, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET"
	    " size = excluded.size, likelihood_labels = excluded.likelihood_labels,"
	    " consequence_labels = excluded.consequence_labels, accept_max = excluded.accept_max,"
	    " measures_max = excluded.measures_max, colours = excluded.colours,"
	    " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
	    "iissiisii", org_id, (int64_t)m->size, lik, con, (int64_t)m->accept_max,
	    (int64_t)m->measures_max, col, user_id, now) < 0 ? -1 : 0;
	if (rc == 0)
		rc = audit_json(db, org_id, user_id, "risk_matrix.save", "risk_matrix", org_id,
		    json_pack("{s:i, s:s, s:s, s:i, s:i, s:s}", "size", m->size, "likelihood", lik,
		    "consequence", con, "accept_max", m->accept_max, "measures_max", m->measures_max,
		    "colours", col), now) ? -1 : 0;
	if (as_tx_end(db, own, rc))
		return -1;
	*err = NULL;
	return 0;
}
