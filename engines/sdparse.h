/*
 * sdparse.h - Prometheus target groups (HTTP SD answers and file_sd files),
 * parsed the way Prometheus parses them (untrusted input).
 *
 *   [{"targets": ["host:port", ...], "labels": {"name": "value", ...}}, ...]
 *
 * JSON (HTTP SD, .json file_sd files) and YAML (.yml and .yaml file_sd files, libyaml).
 * Rules, as Prometheus applies them: the document is a list; every element a
 * mapping with "targets" (a list of strings) and optional "labels" (a mapping
 * of valid label names to strings); no nulls; YAML is strict (unknown keys are
 * errors, like Prometheus's UnmarshalStrict). An empty list is valid. Errors
 * name the element and key: "[2].labels.vmid: expected a string".
 *
 * Everything is copied into struct sd_doc; caps bound what one document may
 * hold (SD_MAX_*).
 */
#ifndef ZA_SDPARSE_H
#define ZA_SDPARSE_H

#include <stddef.h>

#include "za.h"
struct sd_label {
	char *name;
	char *value;
};

struct sd_group {
	char **targets;
	size_t ntargets;
	struct sd_label *labels;
	size_t nlabels;
	int ndown; /* live targets only: Prometheus reports it down */
};

struct sd_doc {
	struct sd_group *g;
	size_t ng;
	size_t ntargets; /* over all groups */
};

enum za_err sd_parse_json(const char *text, size_t len, struct sd_doc *out, char *err, size_t errlen);
enum za_err sd_parse_yaml(const char *text, size_t len, struct sd_doc *out, char *err, size_t errlen);
void sd_doc_free(struct sd_doc *d);

/* Append name=value to g->labels (the caller made room); ZA_ERR_NOMEM. */
enum za_err sd_add_label(struct sd_group *g, const char *name, const char *value);
/* A label's value in a group, or NULL. */
const char *sd_label(const struct sd_group *g, const char *name);
/* The indices of doc's groups ordered by their value of label (groups
 * without it last), equal values by index: runs of one value are adjacent,
 * so duplicates and lookups cost n log n, not n^2 (a fleet has 10,000
 * groups). malloc'd; NULL when out of memory (or doc has no group). */
size_t *sd_sorted_by(const struct sd_doc *doc, const char *label);
/* In idx from sd_sorted_by(doc, label): the first position whose group's
 * value of label is value, or -1. */
long sd_sorted_find(const struct sd_doc *doc, const size_t *idx, const char *label, const char *value);
/* Prometheus label name syntax: [a-zA-Z_][a-zA-Z0-9_]* */
int sd_label_name_ok(const char *s);

#endif
