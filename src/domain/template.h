/*
 * template.h - assessment templates (ROS, DPIA, DBA) loaded from data/templates/.
 *
 * A template is data, not code, so the method can be revised without a new
 * binary and so a shared assessment can name exactly what it was made from
 * (URN + version). Every file is loaded strictly: an unknown key, a missing
 * translation or a duplicate uid is an error naming the file and the key.
 *
 * File format (one JSON object per file, data/templates/<kind>-*.json):
 *   { "urn": "urn:skolesec:template:ros:school-tools", "version": 1,
 *     "kind": "ros" | "dpia" | "dba",
 *     "title": {"nb": "...", "nn": "...", "en": "..."},
 *     "sections": [ { "key": "scope", "title": {nb,nn,en}, "help": {nb,nn,en}?,
 *         "items": [ { "uid": "scope.description", "kind": "field",
 *                      "type": "text" | "multiline" | "date" | "enum" | "bool",
 *                      "options": ["a", "b"]?, "local": true?,
 *                      "label": {nb,nn,en}, "help": {nb,nn,en}? } ] } ],
 *     "catalogue": [ ... ]? }
 * Item kinds in a template: "field" (an answer), "check" (a DBA clause line:
 * data {"status": "ok|deviation|missing|na", "note": ""}), "conclusion",
 * "dpo_advice", "acceptance". Risks, measures and sub-processors are added by
 * the user (kind "risk", "measure", "subprocessor"), in ROS optionally from
 * the template's "catalogue" of typical unwanted events:
 *   { "uid": "ros.event.shared-links", "title": {..}, "description": {..},
 *     "property": ["c","i","a"], "causes": {..}, "controls": {..},
 *     "pupil_consequence": {..} }
 */
#ifndef SKOLESEC_TEMPLATE_H
#define SKOLESEC_TEMPLATE_H

#include <stddef.h>

/* A text in the three languages; tr_pick() chooses by language code. */
struct tr {
	const char *nb, *nn, *en;
};
const char *tr_pick(const struct tr *t, const char *lang);

enum tfield { TF_TEXT, TF_MULTILINE, TF_DATE, TF_ENUM, TF_BOOL };

struct titem {
	const char *uid, *kind;		/* kind as in assessment_items.kind */
	enum tfield type;
	const char *const *options;	/* TF_ENUM: NULL-terminated */
	int local;
	struct tr label, help;
};

struct tsection {
	const char *key;
	struct tr title, help;
	struct titem *items;
	int nitems;
};

struct tevent {			/* a typical unwanted event (ROS catalogue) */
	const char *uid;
	struct tr title, description, causes, controls, pupil_consequence;
	unsigned property;	/* bits: 1 confidentiality, 2 integrity, 4 availability */
};

struct tmpl {
	const char *urn, *kind;
	int version;
	struct tr title;
	struct tsection *sections;
	int nsections;
	struct tevent *events;
	int nevents;
};

/*
 * Loads every data/templates/<name>.json under dir once at start-up (the process
 * keeps them for its lifetime). Returns 0, or -1 with a message in err.
 */
int templates_load(const char *dir, char *err, size_t errlen);
/* The newest version of the template of a kind ("ros", "dpia", "dba"). */
const struct tmpl *template_current(const char *kind);
/* A given URN and version (old assessments keep theirs); NULL if unknown. */
const struct tmpl *template_find(const char *urn, int version);
/* The template item of a uid, or NULL (user-added items have none). */
const struct titem *template_item(const struct tmpl *t, const char *uid,
    const struct tsection **section);
const struct tevent *template_event(const struct tmpl *t, const char *uid);

#endif
