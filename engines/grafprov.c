/* grafprov.c - Grafana provisioning and dashboard JSON (see grafprov.h). */
#include "grafprov.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "jsonv.h"
#include "yamldoc.h"
#define scalar yamldoc_scalar
#define get    yamldoc_get

/* The list under key of a provisioning file; each item to fn. */
static enum za_err each_item(const char *text, size_t len, const char *key,
                             void (*fn)(yaml_document_t *d, yaml_node_t *item, void *arg), void *arg, char *err,
                             size_t errlen)
{
	yaml_document_t d;
	yaml_node_t *list;
	enum za_err r = yamldoc_load(&d, text, len, err, errlen);

	if (r != ZA_OK)
		return r;
	list = get(&d, yaml_document_get_root_node(&d), key);
	if (list && list->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++)
			fn(&d, yaml_document_get_node(&d, *it), arg);
	yaml_document_delete(&d);
	return ZA_OK;
}

static void count_prom(yaml_document_t *d, yaml_node_t *item, void *arg)
{
	const char *type = scalar(get(d, item, "type"));

	if (type && strcmp(type, "prometheus") == 0)
		(*(size_t *)arg)++;
}

enum za_err grafprov_datasources(const char *text, size_t len, size_t *nprom, char *err, size_t errlen)
{
	*nprom = 0;
	return each_item(text, len, "datasources", count_prom, nprom, err, errlen);
}

struct prov_cb {
	void (*fn)(void *arg, const char *path);
	void *arg;
};

static void provider(yaml_document_t *d, yaml_node_t *item, void *arg)
{
	struct prov_cb *cb = arg;
	const char *type = scalar(get(d, item, "type"));
	const char *path = scalar(get(d, get(d, item, "options"), "path"));

	if ((!type || strcmp(type, "file") == 0) && path && *path)
		cb->fn(cb->arg, path);
}

enum za_err grafprov_providers(const char *text, size_t len, void (*fn)(void *arg, const char *path), void *arg,
                               char *err, size_t errlen)
{
	struct prov_cb cb = {fn, arg};

	return each_item(text, len, "providers", provider, &cb, err, errlen);
}

int grafprov_uses_ctype(const char *q)
{
	for (const char *p = q; (p = strstr(p, "ctype")); p += 5) {
		int before = p > q && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		int after = isalnum((unsigned char)p[5]) || p[5] == '_';
		if (!before && !after)
			return 1;
	}
	return 0;
}

struct dash_walk {
	void (*on_ctype)(void *arg, const char *panel);
	void *arg;
	int too_deep; /* a node past ZA_MAX_DEPTH was not walked */
};

static void walk(const cJSON *n, const char *panel, struct dash_walk *w, int depth)
{
	const cJSON *c, *t;

	if (depth > ZA_MAX_DEPTH) {
		w->too_deep = 1;
		return;
	}
	if (cJSON_IsObject(n) && (t = cJSON_GetObjectItemCaseSensitive(n, "title")) && cJSON_IsString(t) &&
	    (cJSON_GetObjectItemCaseSensitive(n, "targets") || cJSON_GetObjectItemCaseSensitive(n, "type")))
		panel = t->valuestring;
	cJSON_ArrayForEach(c, n)
	{
		if (cJSON_IsString(c) && c->string &&
		    (strcmp(c->string, "expr") == 0 || strcmp(c->string, "query") == 0 ||
		     strcmp(c->string, "rawSql") == 0 || strcmp(c->string, "definition") == 0) &&
		    grafprov_uses_ctype(c->valuestring)) {
			if (w->on_ctype)
				w->on_ctype(w->arg, panel);
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c))
			walk(c, panel, w, depth + 1);
	}
}

enum za_err grafprov_dashboard(const char *text, size_t len, char *title, size_t titlelen,
                               void (*on_ctype)(void *arg, const char *panel), void *arg, char *err, size_t errlen)
{
	cJSON *doc = jsonv_parse_untrusted(text, len, NULL);
	const cJSON *t;
	struct dash_walk w = {on_ctype, arg, 0};

	*title = '\0';
	if (!doc || !cJSON_IsObject(doc)) {
		za_seterr(err, errlen, "not a dashboard (a JSON object)");
		cJSON_Delete(doc);
		return ZA_ERR_INPUT;
	}
	/* an exported dashboard, or an API answer {"dashboard": {...}} */
	if ((t = cJSON_GetObjectItemCaseSensitive(doc, "dashboard")) && cJSON_IsObject(t))
		t = cJSON_GetObjectItemCaseSensitive(t, "title");
	else
		t = cJSON_GetObjectItemCaseSensitive(doc, "title");
	if (cJSON_IsString(t))
		snprintf(title, titlelen, "%s", t->valuestring);
	walk(doc, "(dashboard)", &w, 0);
	cJSON_Delete(doc);
	if (w.too_deep) { /* a query below the cap could use ctype: not a clean dashboard */
		za_seterr(err, errlen, "nested deeper than %u levels: not walked whole", ZA_MAX_DEPTH);
		return ZA_ERR_INPUT;
	}
	return ZA_OK;
}

enum za_err grafprov_api_list(const char *text, size_t len, const char *field,
                              void (*fn)(void *arg, const char *uid, const char *value), void *arg, char *err,
                              size_t errlen)
{
	cJSON *doc = jsonv_parse_untrusted(text, len, NULL);

	if (!cJSON_IsArray(doc)) {
		za_seterr(err, errlen, "not a JSON list");
		cJSON_Delete(doc);
		return ZA_ERR_INPUT;
	}
	for (const cJSON *o = doc->child; o; o = o->next) {
		const cJSON *uid = cJSON_GetObjectItemCaseSensitive(o, "uid");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
		if (cJSON_IsString(uid))
			fn(arg, uid->valuestring, cJSON_IsString(v) ? v->valuestring : "");
	}
	cJSON_Delete(doc);
	return ZA_OK;
}

enum za_err grafprov_api_health(const char *text, size_t len, int *ok, char *msg, size_t msglen, char *err,
                                size_t errlen)
{
	cJSON *doc = jsonv_parse_untrusted(text, len, NULL);
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "status");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "message");

	*ok = 0;
	if (msglen)
		*msg = '\0';
	if (!cJSON_IsString(st)) {
		za_seterr(err, errlen, "no \"status\" in the health answer");
		cJSON_Delete(doc);
		return ZA_ERR_INPUT;
	}
	*ok = strcmp(st->valuestring, "OK") == 0;
	if (cJSON_IsString(m))
		snprintf(msg, msglen, "%s", m->valuestring);
	cJSON_Delete(doc);
	return ZA_OK;
}
