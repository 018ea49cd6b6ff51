/* sdparse.c - see sdparse.h. */
#define _GNU_SOURCE
#include "sdparse.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "yamldoc.h"

int sd_label_name_ok(const char *s)
{
	if (!s || !*s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

const char *sd_label(const struct sd_group *g, const char *name)
{
	for (size_t i = 0; i < g->nlabels; i++)
		if (strcmp(g->labels[i].name, name) == 0)
			return g->labels[i].value;
	return NULL;
}

struct sort_ctx {
	const struct sd_doc *doc;
	const char *label;
};

static int by_label(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const char *x = sd_label(&c->doc->g[i], c->label), *y = sd_label(&c->doc->g[j], c->label);
	int d;

	if (x && y)
		d = strcmp(x, y);
	else
		d = (x == NULL) - (y == NULL); /* groups without the label last */
	return d ? d : (i > j) - (i < j);
}

size_t *sd_sorted_by(const struct sd_doc *doc, const char *label)
{
	struct sort_ctx c = {doc, label};
	size_t *idx = doc->ng ? malloc(doc->ng * sizeof(*idx)) : NULL;

	for (size_t i = 0; idx && i < doc->ng; i++)
		idx[i] = i;
	if (idx)
		qsort_r(idx, doc->ng, sizeof(*idx), by_label, &c);
	return idx;
}

long sd_sorted_find(const struct sd_doc *doc, const size_t *idx, const char *label, const char *value)
{
	size_t lo = 0, hi = doc->ng;

	while (lo < hi) { /* the first position whose value is not below value */
		size_t mid = lo + (hi - lo) / 2;
		const char *v = sd_label(&doc->g[idx[mid]], label);
		if (v && strcmp(v, value) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < doc->ng) {
		const char *v = sd_label(&doc->g[idx[lo]], label);
		if (v && strcmp(v, value) == 0)
			return (long)lo;
	}
	return -1;
}

void sd_doc_free(struct sd_doc *d)
{
	for (size_t i = 0; d && i < d->ng; i++) {
		struct sd_group *g = &d->g[i];
		for (size_t j = 0; j < g->ntargets; j++)
			free(g->targets[j]);
		free(g->targets);
		for (size_t j = 0; j < g->nlabels; j++) {
			free(g->labels[j].name);
			free(g->labels[j].value);
		}
		free(g->labels);
	}
	if (d) {
		free(d->g);
		memset(d, 0, sizeof(*d));
	}
}

/* ---- JSON ---- */

enum za_err sd_add_label(struct sd_group *g, const char *name, const char *value)
{
	char *n = strdup(name), *v = strdup(value);

	if (!n || !v) {
		free(n);
		free(v);
		return ZA_ERR_NOMEM;
	}
	g->labels[g->nlabels].name = n;
	g->labels[g->nlabels].value = v;
	g->nlabels++;
	return ZA_OK;
}

static enum za_err json_group(const cJSON *o, size_t idx, struct sd_group *g, char *err, size_t errlen)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "targets");
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "labels");
	size_t i = 0;

	if (!cJSON_IsObject(o)) {
		za_seterr(err, errlen, "[%zu]: expected an object (a target group)", idx);
		return ZA_ERR_INPUT;
	}
	if (!cJSON_IsArray(t)) {
		za_seterr(err, errlen, "[%zu].targets: expected a list of strings", idx);
		return ZA_ERR_INPUT;
	}
	if ((size_t)cJSON_GetArraySize(t) > ZA_MAX_SD_TARGETS ||
	    (l && (size_t)cJSON_GetArraySize(l) > ZA_MAX_SD_LABELS)) {
		za_seterr(err, errlen, "[%zu]: more targets or labels than the scanner reads", idx);
		return ZA_ERR_CAP;
	}
	g->targets = calloc((size_t)cJSON_GetArraySize(t) + 1, sizeof(char *));
	if (!g->targets)
		return ZA_ERR_NOMEM;
	for (const cJSON *s = t->child; s; s = s->next, i++) {
		if (!cJSON_IsString(s)) {
			za_seterr(err, errlen, "[%zu].targets[%zu]: expected a string", idx, i);
			return ZA_ERR_INPUT;
		}
		if (!(g->targets[g->ntargets++] = strdup(s->valuestring)))
			return ZA_ERR_NOMEM;
	}
	if (!l)
		return ZA_OK;
	if (!cJSON_IsObject(l)) {
		za_seterr(err, errlen, "[%zu].labels: expected a mapping of names to strings", idx);
		return ZA_ERR_INPUT;
	}
	g->labels = calloc((size_t)cJSON_GetArraySize(l) + 1, sizeof(*g->labels));
	if (!g->labels)
		return ZA_ERR_NOMEM;
	for (const cJSON *kv = l->child; kv; kv = kv->next) {
		if (!sd_label_name_ok(kv->string)) {
			za_seterr(err, errlen, "[%zu].labels: '%.64s' is not a valid label name", idx, kv->string);
			return ZA_ERR_INPUT;
		}
		if (!cJSON_IsString(kv)) {
			za_seterr(err, errlen, "[%zu].labels.%s: expected a string", idx, kv->string);
			return ZA_ERR_INPUT;
		}
		if (sd_add_label(g, kv->string, kv->valuestring) != ZA_OK)
			return ZA_ERR_NOMEM;
	}
	return ZA_OK;
}

enum za_err sd_parse_json(const char *text, size_t len, struct sd_doc *out, char *err, size_t errlen)
{
	struct jsonv_taint taint;
	cJSON *root;
	enum za_err r = ZA_OK;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	if (memchr(text, '\0', len)) {
		za_seterr(err, errlen, "NUL byte in the document");
		return ZA_ERR_INPUT;
	}
	root = jsonv_parse_untrusted(text, len, &taint);
	if (!root) {
		za_seterr(err, errlen, "not JSON");
		return ZA_ERR_INPUT;
	}
	if (taint.raw_controls || taint.bad_escapes) {
		/* Prometheus's JSON decoder refuses these: so does its HTTP SD and file_sd */
		za_seterr(err, errlen,
		          "not JSON Prometheus accepts: %zu raw control character%s, %zu bad \\u escape%s in strings",
		          taint.raw_controls, taint.raw_controls == 1 ? "" : "s", taint.bad_escapes,
		          taint.bad_escapes == 1 ? "" : "s");
		cJSON_Delete(root);
		return ZA_ERR_INPUT;
	}
	if (!cJSON_IsArray(root)) {
		za_seterr(err, errlen, "expected a list of target groups");
		cJSON_Delete(root);
		return ZA_ERR_INPUT;
	}
	if ((size_t)cJSON_GetArraySize(root) > ZA_MAX_SD_GROUPS) {
		za_seterr(err, errlen, "more than %u target groups", ZA_MAX_SD_GROUPS);
		cJSON_Delete(root);
		return ZA_ERR_CAP;
	}
	out->g = calloc((size_t)cJSON_GetArraySize(root) + 1, sizeof(*out->g));
	if (!out->g)
		r = ZA_ERR_NOMEM;
	for (const cJSON *o = root->child; r == ZA_OK && o; o = o->next, i++) {
		out->ng++;
		r = json_group(o, i, &out->g[i], err, errlen);
		out->ntargets += out->g[i].ntargets;
	}
	cJSON_Delete(root);
	if (r != ZA_OK) {
		if (r == ZA_ERR_NOMEM)
			za_seterr(err, errlen, "out of memory");
		sd_doc_free(out);
	}
	return r;
}

/* ---- YAML (libyaml document API) ---- */

static const char *scalar(yaml_document_t *d, yaml_node_t *n)
{
	(void)d;
	return yamldoc_scalar(n);
}

static int is_null(yaml_node_t *n)
{
	const char *v;

	if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	v = (const char *)n->data.scalar.value;
	return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static enum za_err yaml_group(yaml_document_t *d, yaml_node_t *m, size_t idx, struct sd_group *g, char *err,
                              size_t errlen)
{
	yaml_node_t *t = NULL, *l = NULL;

	if (!m || m->type != YAML_MAPPING_NODE) {
		za_seterr(err, errlen, "[%zu]: expected a mapping (a target group)", idx);
		return ZA_ERR_INPUT;
	}
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = scalar(d, yaml_document_get_node(d, p->key));
		if (k && strcmp(k, "targets") == 0)
			t = yaml_document_get_node(d, p->value);
		else if (k && strcmp(k, "labels") == 0)
			l = yaml_document_get_node(d, p->value);
		else {
			za_seterr(err, errlen, "[%zu]: unknown key '%.64s' (Prometheus reads YAML strictly)", idx,
			          k ? k : "(not a string)");
			return ZA_ERR_INPUT;
		}
	}
	if (!t || t->type != YAML_SEQUENCE_NODE) {
		za_seterr(err, errlen, "[%zu].targets: expected a list of strings", idx);
		return ZA_ERR_INPUT;
	}
	{
		size_t n = (size_t)(t->data.sequence.items.top - t->data.sequence.items.start), i = 0;
		if (n > ZA_MAX_SD_TARGETS) {
			za_seterr(err, errlen, "[%zu]: more targets than the scanner reads", idx);
			return ZA_ERR_CAP;
		}
		g->targets = calloc(n + 1, sizeof(char *));
		if (!g->targets)
			return ZA_ERR_NOMEM;
		for (yaml_node_item_t *it = t->data.sequence.items.start; it < t->data.sequence.items.top; it++, i++) {
			yaml_node_t *s = yaml_document_get_node(d, *it);
			if (!scalar(d, s) || is_null(s)) {
				za_seterr(err, errlen, "[%zu].targets[%zu]: expected a string", idx, i);
				return ZA_ERR_INPUT;
			}
			if (!(g->targets[g->ntargets++] = strdup(scalar(d, s))))
				return ZA_ERR_NOMEM;
		}
	}
	if (!l || is_null(l))
		return ZA_OK;
	if (l->type != YAML_MAPPING_NODE) {
		za_seterr(err, errlen, "[%zu].labels: expected a mapping of names to strings", idx);
		return ZA_ERR_INPUT;
	}
	{
		size_t n = (size_t)(l->data.mapping.pairs.top - l->data.mapping.pairs.start);
		if (n > ZA_MAX_SD_LABELS) {
			za_seterr(err, errlen, "[%zu]: more labels than the scanner reads", idx);
			return ZA_ERR_CAP;
		}
		g->labels = calloc(n + 1, sizeof(*g->labels));
		if (!g->labels)
			return ZA_ERR_NOMEM;
	}
	for (yaml_node_pair_t *p = l->data.mapping.pairs.start; p < l->data.mapping.pairs.top; p++) {
		const char *k = scalar(d, yaml_document_get_node(d, p->key));
		yaml_node_t *vn = yaml_document_get_node(d, p->value);
		if (!sd_label_name_ok(k)) {
			za_seterr(err, errlen, "[%zu].labels: '%.64s' is not a valid label name", idx,
			          k ? k : "(not a string)");
			return ZA_ERR_INPUT;
		}
		if (!scalar(d, vn) || is_null(vn)) {
			za_seterr(err, errlen, "[%zu].labels.%s: expected a string", idx, k);
			return ZA_ERR_INPUT;
		}
		for (size_t j = 0; j < g->nlabels; j++)
			if (strcmp(g->labels[j].name, k) == 0) {
				za_seterr(err, errlen, "[%zu].labels.%s: duplicate key", idx, k);
				return ZA_ERR_INPUT;
			}
		if (sd_add_label(g, k, scalar(d, vn)) != ZA_OK)
			return ZA_ERR_NOMEM;
	}
	return ZA_OK;
}

enum za_err sd_parse_yaml(const char *text, size_t len, struct sd_doc *out, char *err, size_t errlen)
{
	yaml_document_t d;
	yaml_node_t *root;
	enum za_err r;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	r = yamldoc_load(&d, text, len, err, errlen);
	if (r != ZA_OK)
		return r;
	root = yaml_document_get_root_node(&d);
	if (!root) {
		r = ZA_OK; /* an empty file: no targets */
		goto out;
	}
	if (root->type != YAML_SEQUENCE_NODE) {
		za_seterr(err, errlen, "expected a list of target groups");
		r = ZA_ERR_INPUT;
		goto out;
	}
	{
		size_t n = (size_t)(root->data.sequence.items.top - root->data.sequence.items.start);
		if (n > ZA_MAX_SD_GROUPS) {
			za_seterr(err, errlen, "more than %u target groups", ZA_MAX_SD_GROUPS);
			r = ZA_ERR_CAP;
			goto out;
		}
		out->g = calloc(n + 1, sizeof(*out->g));
		if (!out->g) {
			r = ZA_ERR_NOMEM;
			goto out;
		}
	}
	for (yaml_node_item_t *it = root->data.sequence.items.start; r == ZA_OK && it < root->data.sequence.items.top;
	     it++, i++) {
		out->ng++;
		r = yaml_group(&d, yaml_document_get_node(&d, *it), i, &out->g[i], err, errlen);
		out->ntargets += out->g[i].ntargets;
	}
out:
	yaml_document_delete(&d);
	if (r != ZA_OK) {
		if (r == ZA_ERR_NOMEM)
			za_seterr(err, errlen, "out of memory");
		sd_doc_free(out);
	}
	return r;
}
