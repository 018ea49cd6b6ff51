/* clauses.c - see clauses.h. */
#include "clauses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "severity.h"
#include "za.h"

#define CLAUSE(e, id, section, req, note, ...) static const enum check_id e##_checks[] = {__VA_ARGS__, CK__COUNT};
#include "clauses.def"
#undef CLAUSE

static const struct clause_def table[] = {
#define CLAUSE(e, id, section, req, note, ...) {id, section, req, note, e##_checks, 0},
#include "clauses.def"
#undef CLAUSE
};

#define NCLAUSES (sizeof(table) / sizeof(table[0]))

/* nchecks: the entries before the CK__COUNT that ends each list */
static struct clause_def counted[NCLAUSES];
static int counted_ready;

static const struct clause_def *all(void)
{
	if (!counted_ready) {
		for (size_t i = 0; i < NCLAUSES; i++) {
			counted[i] = table[i];
			while (counted[i].checks[counted[i].nchecks] != CK__COUNT)
				counted[i].nchecks++;
		}
		counted_ready = 1;
	}
	return counted;
}

size_t clauses_count(void)
{
	return NCLAUSES;
}

const struct clause_def *clauses_at(size_t i)
{
	return i < NCLAUSES ? &all()[i] : NULL;
}

static int decides(const struct clause_def *c, const struct check_def *chk)
{
	for (size_t k = 0; chk && k < c->nchecks; k++)
		if (check_get(c->checks[k]) == chk)
			return 1;
	return 0;
}

void clauses_of_check(const char *check_id, char *out, size_t outlen)
{
	const struct check_def *chk = checks_find(check_id);
	size_t l = 0;

	out[0] = '\0';
	for (size_t i = 0; i < NCLAUSES && l < outlen; i++)
		if (decides(&all()[i], chk))
			l += (size_t)snprintf(out + l, outlen - l, "%s%s", l ? ", " : "", all()[i].id);
}

/* Worst first, the order results are listed under a clause: status_rank()
 * (fail, error, waived, pass; an unknown word as an error, never left out),
 * skipped (it ran nothing) not listed. */
#define NRANK (STATUS_RANKS - 1)

static int rank_of(const char *status)
{
	int r = status_rank(status);

	return r < NRANK ? r : -1;
}

/* One clause's entry from the results whose check decides it. */
static cJSON *clause_json(const struct clause_def *c, const cJSON *checks, const struct check_def *const *defs)
{
	static const char *const verdict[] = {"fail", "undecided", "waived", "pass"};
	cJSON *o = cJSON_CreateObject(), *ids, *res;
	size_t seen[NRANK] = {0}, listed = 0, more = 0;
	int worst = (int)NRANK;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "section", c->section);
	cJSON_AddStringToObject(o, "requirement", c->requirement);
	if (c->note)
		cJSON_AddStringToObject(o, "note", c->note);
	ids = cJSON_AddArrayToObject(o, "checks");
	for (size_t k = 0; ids && k < c->nchecks; k++)
		cJSON_AddItemToArray(ids, cJSON_CreateString(check_get(c->checks[k])->id));
	res = cJSON_AddArrayToObject(o, "results");
	for (size_t r = 0; r < NRANK; r++) {
		size_t i = 0;
		for (const cJSON *x = checks ? checks->child : NULL; x; x = x->next, i++) {
			cJSON *e;
			if (!decides(c, defs[i]) || rank_of(report_str(x, "status")) != (int)r)
				continue;
			seen[r]++;
			if (listed == ZA_MAX_CLAUSE_RESULTS) {
				more++;
				continue;
			}
			e = cJSON_CreateObject();
			if (!e || !cJSON_AddItemToArray(res, e)) {
				cJSON_Delete(e);
				cJSON_Delete(o);
				return NULL;
			}
			listed++;
			cJSON_AddStringToObject(e, "check", report_str(x, "id"));
			cJSON_AddStringToObject(e, "target", report_str(x, "target"));
			cJSON_AddStringToObject(e, "vantage", report_str(x, "vantage"));
			cJSON_AddStringToObject(e, "status", report_str(x, "status"));
			{
				char fp[REPORT_FP_LEN]; /* of the check and target: a saved report may lack it */
				report_fingerprint(report_str(x, "id"), report_str(x, "target"), fp);
				cJSON_AddStringToObject(e, "fingerprint", fp);
			}
		}
		if (seen[r] && worst == (int)NRANK)
			worst = (int)r;
	}
	cJSON_AddStringToObject(o, "status", worst == (int)NRANK ? "not-checked" : verdict[worst]);
	if (more)
		cJSON_AddNumberToObject(o, "results_not_listed", (double)more);
	return o;
}

int clauses_add(cJSON *doc)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	size_t n = cJSON_IsArray(checks) ? (size_t)cJSON_GetArraySize(checks) : 0, i = 0;
	const struct check_def **defs = calloc(n + 1, sizeof(*defs));
	cJSON *arr = cJSON_CreateArray();

	if (!defs || !arr)
		goto oom;
	for (const cJSON *x = n ? checks->child : NULL; x; x = x->next)
		defs[i++] = checks_find(report_str(x, "id"));
	for (size_t k = 0; k < NCLAUSES; k++) {
		cJSON *c = clause_json(&all()[k], n ? checks : NULL, defs);
		if (!c || !cJSON_AddItemToArray(arr, c)) {
			cJSON_Delete(c);
			goto oom;
		}
	}
	free(defs);
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "clauses");
	if (!cJSON_AddItemToObject(doc, "clauses", arr)) {
		cJSON_Delete(arr);
		return -1;
	}
	return 0;
oom:
	free(defs);
	cJSON_Delete(arr);
	return -1;
}
