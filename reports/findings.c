/* findings.c - see findings.h. */
#include "findings.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "severity.h"

int findings_group(const cJSON *checks, struct findings *fs)
{
	size_t n = cJSON_IsArray(checks) ? (size_t)cJSON_GetArraySize(checks) : 0, k = 0;

	memset(fs, 0, sizeof(*fs));
	if (!n)
		return 0;
	fs->all = calloc(n, sizeof(*fs->all));
	fs->v = calloc(n, sizeof(*fs->v));
	if (!fs->all || !fs->v) {
		findings_free(fs);
		return -1;
	}
	for (const cJSON *c = checks->child; c && k < n; c = c->next)
		fs->all[k++] = c;
	for (size_t i = 0; i < k; i++) {
		struct finding *cur = fs->n ? &fs->v[fs->n - 1] : NULL;
		int r = status_rank(report_str(fs->all[i], "status"));
		if (!cur || strcmp(report_str(cur->g[0], "id"), report_str(fs->all[i], "id")) != 0 ||
		    strcmp(report_str(cur->g[0], "target"), report_str(fs->all[i], "target")) != 0) {
			cur = &fs->v[fs->n++];
			cur->g = &fs->all[i];
			cur->worst = STATUS_RANKS;
		}
		cur->n++;
		if (r < cur->worst) {
			cur->worst = r;
			cur->wres = fs->all[i];
		}
	}
	return 0;
}

size_t findings_count(const struct findings *fs, int rank, int results)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].worst == rank)
			n += results ? fs->v[i].n : 1;
	return n;
}

void findings_free(struct findings *fs)
{
	free(fs->v);
	free(fs->all);
	memset(fs, 0, sizeof(*fs));
}
