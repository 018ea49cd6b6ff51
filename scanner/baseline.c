/* baseline.c - see baseline.h. */
#include "baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

enum za_err baseline_from_doc(const cJSON *doc, struct baseline *out)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	for (const cJSON *c = cJSON_IsArray(checks) ? checks->child : NULL; c; c = c->next)
		n += strcmp(report_str(c, "status"), "fail") == 0;
	out->fp = calloc(n + 1, sizeof(*out->fp));
	if (!out->fp)
		return ZA_ERR_NOMEM;
	for (const cJSON *c = cJSON_IsArray(checks) ? checks->child : NULL; c; c = c->next)
		if (strcmp(report_str(c, "status"), "fail") == 0)
			report_fingerprint(report_str(c, "id"), report_str(c, "target"), out->fp[out->n++]);
	qsort(out->fp, out->n, sizeof(*out->fp), cmp);
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
	return b->n && bsearch(fp, b->fp, b->n, sizeof(*b->fp), cmp) != NULL;
}

void baseline_free(struct baseline *b)
{
	free(b->fp);
	b->fp = NULL;
	b->n = 0;
}
