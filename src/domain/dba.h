/*
 * dba.h - the DBA register (data processing agreements, GDPR Art. 28) over
 * the assessments of kind "dba", and the signed agreement as a PDF.
 *
 * A DBA is an assessment (assessment.h): its header names the vendor and
 * the tools, its items are the template's agreement fields, the checklist
 * lines (kind "check") and the sub-processors the user adds. This module
 * only reads those into register rows (a few queries per organisation, not
 * one per agreement) and keeps the signed document in `documents`.
 *
 * The expiry is the header's expires_on when set, else the template field
 * "dba.agreement.expires": the header column is what other modules index,
 * the field is what a person fills in on the agreement's page.
 */
#ifndef SKOLESEC_DBA_H
#define SKOLESEC_DBA_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

#define DBA_PDF_MAX (10u << 20)	/* the largest signed agreement we keep */
#define DBA_RENEW_DAYS 90	/* "due for renewal" window */
#define DBA_NO_DATE INT32_MIN

struct dba_row {
	int64_t id;
	const char *title, *status, *vendor;	/* vendor "" when unknown */
	const char *tools;			/* names, ", "-separated */
	const char *template_name, *template_version, *signed_on;
	const char *sign_controller, *sign_processor, *expires;	/* "" when unset */
	int ok, deviation, missing, na, open;	/* checklist lines by status */
	int nsub, nsub_nobasis;		/* sub-processors; those without a basis */
	int has_doc;
	int days_left;			/* expires - today; DBA_NO_DATE without a date */
};

/* The organisation's agreements, oldest first. today: YYYY-MM-DD. */
int dba_register(struct db *, struct arena *, int64_t org_id, const char *today,
    struct dba_row **out) __attribute__((warn_unused_result));

/* Days from today to date (both YYYY-MM-DD); DBA_NO_DATE when either is not a date. */
int dba_days_between(const char *today, const char *date);

/* The string under key of a JSON object text, as an arena copy; "" when
 * absent or not a string (item data for display). */
const char *dba_json_str(struct arena *, const char *json, const char *key);

/* Today's date in UTC as YYYY-MM-DD (into out[11]). */
void dba_today(char out[11]);

struct dba_doc {
	int64_t id, size, uploaded_at;
	const char *filename, *sha256, *uploader;
};

/*
 * Checks and stores the signed agreement of a DBA (replacing an earlier
 * one), audited in the same transaction. The content must be a PDF by its
 * bytes (it starts with "%PDF-"), 1..DBA_PDF_MAX bytes; the assessment
 * must be this organisation's DBA and a draft. Returns the document id, or
 * -1 with err a msgid (*status 400/404/409/413/500 for the page).
 */
int64_t dba_doc_store(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    int64_t assessment_id, const char *filename, const void *data, size_t len,
    const char **err, int *status);

/* The document's metadata, and its bytes when content is not NULL.
 * 1 found, 0 none (or another organisation's), -1 error. */
int dba_doc_get(struct db *, struct arena *, int64_t org_id, int64_t assessment_id,
    struct dba_doc *out, const unsigned char **content, size_t *len)
    __attribute__((warn_unused_result));

/* The file name to keep: the last path component, without control bytes,
 * at most 120 bytes of whole UTF-8 characters; "agreement.pdf" when empty. */
const char *dba_clean_filename(struct arena *, const char *name);

#endif
