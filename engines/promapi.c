/* promapi.c - see promapi.h. */
#include "promapi.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"

/* The "data" of a successful answer, or NULL with err set. */
static const cJSON *success_data(const cJSON *doc, char *err, size_t errlen)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "status");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(doc, "data");

	if (!cJSON_IsObject(doc)) {
		za_seterr(err, errlen, "not a JSON object");
		return NULL;
	}
	if (!cJSON_IsString(st) || strcmp(st->valuestring, "success") != 0) {
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(doc, "error");
		za_seterr(err, errlen, "status is not \"success\"%s%.200s", cJSON_IsString(e) ? ": " : "",
		          cJSON_IsString(e) ? e->valuestring : "");
		return NULL;
	}
	if (!cJSON_IsObject(data)) {
		za_seterr(err, errlen, "no \"data\" object");
		return NULL;
	}
	return data;
}

enum za_err promapi_alertmanagers(const char *text, size_t len, size_t *active, void (*fn)(void *arg, const char *url),
                                  void *arg, char *err, size_t errlen)
{
	cJSON *doc = jsonv_parse_untrusted(text, len, NULL);
	const cJSON *data = success_data(doc, err, errlen);
	const cJSON *am = data ? cJSON_GetObjectItemCaseSensitive(data, "activeAlertmanagers") : NULL;
	enum za_err r = ZA_ERR_INPUT;

	*active = 0;
	if (data && !cJSON_IsArray(am)) {
		za_seterr(err, errlen, "no activeAlertmanagers list");
	} else if (data) {
		for (const cJSON *a = am->child; a; a = a->next) {
			const cJSON *url = cJSON_GetObjectItemCaseSensitive(a, "url");
			if (!cJSON_IsString(url) || !*url->valuestring)
				continue;
			(*active)++;
			if (fn)
				fn(arg, url->valuestring);
		}
		r = ZA_OK;
	}
	cJSON_Delete(doc);
	return r;
}

enum za_err promapi_vector(const char *text, size_t len, struct promapi_vector *out, char *err, size_t errlen)
{
	cJSON *doc = jsonv_parse_untrusted(text, len, NULL);
	const cJSON *data = success_data(doc, err, errlen);
	const cJSON *type = data ? cJSON_GetObjectItemCaseSensitive(data, "resultType") : NULL;
	const cJSON *res = data ? cJSON_GetObjectItemCaseSensitive(data, "result") : NULL;
	enum za_err r = ZA_ERR_INPUT;

	memset(out, 0, sizeof(*out));
	if (data && (!cJSON_IsString(type) || strcmp(type->valuestring, "vector") != 0 || !cJSON_IsArray(res))) {
		za_seterr(err, errlen, "not an instant vector (resultType \"vector\" and a result list)");
	} else if (data) {
		for (const cJSON *s = res->child; s; s = s->next) {
			/* "value": [<unix time>, "<sample value as a string>"] */
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, "value");
			const cJSON *sv =
			        cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 ? cJSON_GetArrayItem(v, 1) : NULL;
			char *end = NULL;
			double d = cJSON_IsString(sv) ? strtod(sv->valuestring, &end) : (double)NAN;
			out->series++;
			if (!end || end == sv->valuestring || *end || !isfinite(d)) {
				out->bad++;
				continue;
			}
			if (out->series - out->bad == 1 || d < out->min)
				out->min = d;
			if (out->series - out->bad == 1 || d > out->max)
				out->max = d;
		}
		r = ZA_OK;
	}
	cJSON_Delete(doc);
	return r;
}

enum za_err promapi_rules(const char *text, size_t len,
                          void (*fn)(void *arg, const char *name, const char *query, const char *health,
                                     const char *error),
                          void *arg, size_t *n, char *err, size_t errlen)
{
	cJSON *doc = jsonv_parse_untrusted(text, len, NULL);
	const cJSON *data = success_data(doc, err, errlen);
	const cJSON *groups = data ? cJSON_GetObjectItemCaseSensitive(data, "groups") : NULL;
	enum za_err r = ZA_ERR_INPUT;

	*n = 0;
	if (data && !cJSON_IsArray(groups)) {
		za_seterr(err, errlen, "no groups list");
	} else if (data) {
		for (const cJSON *g = groups->child; g; g = g->next) {
			const cJSON *rules = cJSON_GetObjectItemCaseSensitive(g, "rules");
			for (const cJSON *rl = cJSON_IsArray(rules) ? rules->child : NULL; rl; rl = rl->next) {
				const cJSON *type = cJSON_GetObjectItemCaseSensitive(rl, "type");
				const cJSON *name = cJSON_GetObjectItemCaseSensitive(rl, "name");
				const cJSON *query = cJSON_GetObjectItemCaseSensitive(rl, "query");
				if (!cJSON_IsString(type) || strcmp(type->valuestring, "alerting") != 0 ||
				    !cJSON_IsString(name) || !cJSON_IsString(query))
					continue;
				const cJSON *health = cJSON_GetObjectItemCaseSensitive(rl, "health");
				const cJSON *lerr = cJSON_GetObjectItemCaseSensitive(rl, "lastError");
				(*n)++;
				fn(arg, name->valuestring, query->valuestring,
				   cJSON_IsString(health) ? health->valuestring : "",
				   cJSON_IsString(lerr) ? lerr->valuestring : "");
			}
		}
		r = ZA_OK;
	}
	cJSON_Delete(doc);
	return r;
}

enum za_err promapi_series(const char *text, size_t len, const char *const *labels, size_t nlabels, size_t *series,
                           size_t *with_labels, char *err, size_t errlen)
{
	cJSON *doc = jsonv_parse_untrusted(text, len, NULL);
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "status");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(doc, "data");
	enum za_err r = ZA_ERR_INPUT;

	*series = *with_labels = 0;
	if (!cJSON_IsString(st) || strcmp(st->valuestring, "success") != 0 || !cJSON_IsArray(data)) {
		za_seterr(err, errlen, "not a series list (status \"success\" and a data list)");
	} else {
		for (const cJSON *s = data->child; s; s = s->next) {
			size_t have = 0;
			(*series)++;
			for (size_t i = 0; i < nlabels; i++)
				have += cJSON_IsString(cJSON_GetObjectItemCaseSensitive(s, labels[i]));
			*with_labels += have == nlabels;
		}
		r = ZA_OK;
	}
	cJSON_Delete(doc);
	return r;
}
