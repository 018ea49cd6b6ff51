/* test_clauses.c - the contract checklist (clauses.h): every clause's
 * status from the results of its checks, worst first, skipped ones left
 * out, the list capped and counted; the catalogue of clauses is whole. */
#include <stdio.h>
#include <string.h>

#include "clauses.h"
#include "report.h"
#include "t.h"

static void add(cJSON *checks, const char *id, const char *target, const char *status)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "target", target);
	cJSON_AddStringToObject(o, "vantage", "v");
	cJSON_AddStringToObject(o, "status", status);
	cJSON_AddItemToArray(checks, o);
}

static const cJSON *clause(const cJSON *doc, const char *id)
{
	const cJSON *cl = cJSON_GetObjectItemCaseSensitive(doc, "clauses");

	for (const cJSON *c = cl ? cl->child : NULL; c; c = c->next)
		if (strcmp(cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring, id) == 0)
			return c;
	return NULL;
}

static const char *status_of(const cJSON *doc, const char *id)
{
	const cJSON *c = clause(doc, id);
	const cJSON *s = c ? cJSON_GetObjectItemCaseSensitive(c, "status") : NULL;

	return cJSON_IsString(s) ? s->valuestring : "(none)";
}

int main(void)
{
	cJSON *doc = cJSON_CreateObject(), *checks = cJSON_AddArrayToObject(doc, "checks");
	const cJSON *r;

	/* SEC-1: one fail among passes -> fail, the failure listed first */
	add(checks, "exposure.prometheus", "a:9090", "pass");
	add(checks, "exposure.prometheus", "b:9090", "fail");
	/* SEC-3: an error and a pass -> undecided */
	add(checks, "exposure.node-exporter", "a:9100", "error");
	add(checks, "exposure.node-exporter", "b:9100", "pass");
	/* SEC-4: only a waived failure and a pass -> waived */
	add(checks, "discovery.tokenless", "u", "waived");
	add(checks, "discovery.empty-bearer", "u", "pass");
	/* API-4: a status this version does not know -> undecided, never holds */
	add(checks, "labels.stable", "u", "pass");
	add(checks, "labels.stable", "w", "Fail");
	/* LABEL-1: passes only -> pass; LABEL-2: skipped only -> not-checked */
	add(checks, "labels.required", "u", "pass");
	add(checks, "labels.canonical", "u", "skipped");
	/* LOGS-1: 150 failures -> 100 listed, 50 counted */
	for (int i = 0; i < 150; i++) {
		char t[32];
		snprintf(t, sizeof(t), "log-%d", i);
		add(checks, "logs.centralized", t, "fail");
	}
	CHECK(clauses_add(doc) == 0);
	CHECK_STREQ(status_of(doc, "SEC-1"), "fail");
	r = cJSON_GetObjectItemCaseSensitive(clause(doc, "SEC-1"), "results");
	CHECK(cJSON_GetArraySize(r) == 2);
	CHECK_STREQ(cJSON_GetObjectItemCaseSensitive(r->child, "status")->valuestring, "fail");
	{
		/* the fingerprint of check and target: the result's HTML anchor */
		char fp[REPORT_FP_LEN];
		report_fingerprint("exposure.prometheus", "b:9090", fp);
		CHECK_STREQ(cJSON_GetObjectItemCaseSensitive(r->child, "fingerprint")->valuestring, fp);
	}
	CHECK_STREQ(status_of(doc, "SEC-3"), "undecided");
	CHECK_STREQ(status_of(doc, "SEC-4"), "waived");
	CHECK_STREQ(status_of(doc, "LABEL-1"), "pass");
	CHECK_STREQ(status_of(doc, "API-4"), "undecided");
	CHECK_STREQ(status_of(doc, "LABEL-2"), "not-checked");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(clause(doc, "LABEL-2"), "results")) == 0);
	CHECK_STREQ(status_of(doc, "AGENT-6"), "not-checked");
	CHECK_STREQ(status_of(doc, "HOST-2"), "not-checked");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(clause(doc, "LOGS-1"), "results")) == 100);
	CHECK(cJSON_GetObjectItemCaseSensitive(clause(doc, "LOGS-1"), "results_not_listed")->valuedouble == 50);
	/* made anew, never doubled */
	CHECK(clauses_add(doc) == 0);
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "clauses")) == (int)clauses_count());
	/* the catalogue: ids unique; every clause but AGENT-6 decided by a check */
	for (size_t i = 0; i < clauses_count(); i++) {
		for (size_t j = i + 1; j < clauses_count(); j++)
			CHECK(strcmp(clauses_at(i)->id, clauses_at(j)->id) != 0);
		CHECK(clauses_at(i)->nchecks > 0 || strcmp(clauses_at(i)->id, "AGENT-6") == 0);
	}
	{
		char ids[256];
		clauses_of_check("exposure.prometheus", ids, sizeof(ids));
		CHECK_STREQ(ids, "SEC-1, HOST-1");
		clauses_of_check("no.such-check", ids, sizeof(ids));
		CHECK_STREQ(ids, "");
	}
	cJSON_Delete(doc);
	return t_done("test_clauses");
}
