/* baseline.c - see baseline.h. */
#include "baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "result.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b); /* the fingerprint, first in struct baseline_entry */
}

enum za_err baseline_from_doc(const cJSON *doc, struct baseline *out)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	snprintf(out->run, sizeof(out->run), "%s", report_str(cJSON_GetObjectItemCaseSensitive(doc, "run"), "id"));
	for (const cJSON *c = cJSON_IsArray(checks) ? checks->child : NULL; c; c = c->next)
		n += strcmp(report_str(c, "status"), "fail") == 0;
	out->e = calloc(n + 1, sizeof(*out->e));
	if (!out->e)
		return ZA_ERR_NOMEM;
	for (const cJSON *c = cJSON_IsArray(checks) ? checks->child : NULL; c; c = c->next) {
		struct baseline_entry *e;
		if (strcmp(report_str(c, "status"), "fail") != 0)
			continue;
		e = &out->e[out->n++];
		report_fingerprint(report_str(c, "id"), report_str(c, "target"), e->fp);
		e->check = strdup(report_str(c, "id"));
		e->target = strdup(report_str(c, "target"));
		if (!e->check || !e->target) {
			baseline_free(out);
			return ZA_ERR_NOMEM;
		}
	}
	qsort(out->e, out->n, sizeof(*out->e), cmp);
	return ZA_OK;
}

enum za_err baseline_load(const char *path, struct baseline *out, char *err, size_t errlen)
{
	cJSON *doc = NULL;
	enum za_err r = report_load(path, &doc, err, errlen);

	memset(out, 0, sizeof(*out));
	if (r != ZA_OK)
		return r;
	r = baseline_from_doc(doc, out);
	cJSON_Delete(doc);
	return r;
}

int baseline_has(const struct baseline *b, const char *fp)
{
	return b->n && bsearch(fp, b->e, b->n, sizeof(*b->e), cmp) != NULL;
}

cJSON *baseline_resolved(const struct baseline *b, const struct result_set *rs, size_t max, size_t *more)
{
	struct baseline now = {0};
	cJSON *arr = cJSON_CreateArray();
	size_t np = 0, listed = 0;

	/* resolved: judged again and passed. A failure this run did not judge
	 * (another vantage, a shard, an error, skipped) is not resolved */
	*more = 0;
	for (size_t i = 0; i < rs->n; i++)
		np += rs->v[i]->status == ZA_PASS;
	now.e = calloc(np + 1, sizeof(*now.e));
	if (!arr || !now.e) {
		cJSON_Delete(arr);
		free(now.e);
		return NULL;
	}
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i]->status == ZA_PASS)
			report_fingerprint(rs->v[i]->check->id, rs->v[i]->target ? rs->v[i]->target : "",
			                   now.e[now.n++].fp);
	qsort(now.e, now.n, sizeof(*now.e), cmp);
	for (size_t i = 0; i < b->n; i++) {
		cJSON *o;
		if (!baseline_has(&now, b->e[i].fp))
			continue;
		if (listed == max) {
			(*more)++;
			continue;
		}
		listed++;
		o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			cJSON_Delete(arr);
			free(now.e);
			return NULL;
		}
		cJSON_AddStringToObject(o, "check", b->e[i].check);
		cJSON_AddStringToObject(o, "target", b->e[i].target);
		cJSON_AddStringToObject(o, "fingerprint", b->e[i].fp);
	}
	free(now.e);
	return arr;
}

void baseline_free(struct baseline *b)
{
	for (size_t i = 0; b->e && i < b->n; i++) {
		free(b->e[i].check);
		free(b->e[i].target);
	}
	free(b->e);
	b->e = NULL;
	b->n = 0;
}
