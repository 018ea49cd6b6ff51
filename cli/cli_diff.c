/*
 * cli_diff.c - `zlh-audit diff OLD.json NEW.json [--json]`: the failures of
 * two reports compared by result fingerprint (baseline.h): new, unchanged
 * and resolved. Exit 0 when nothing new fails, 1 when something does, 2 when
 * a report cannot be read.
 */
#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "cli.h"
#include "report.h"

static const char usage_diff[] = "usage: zlh-audit diff OLD.json NEW.json [--json]\n"
                                 "\n"
                                 "Compares the failures of two reports by result fingerprint (check id and target):\n"
                                 "new (fail in NEW only), unchanged (in both) and resolved (in OLD only).\n"
                                 "\n"
                                 "options:\n"
                                 "  --json       print {\"new\": [...], \"unchanged\": [...], \"resolved\": [...]}\n"
                                 "  -h, --help   this help\n"
                                 "\n"
                                 "exit codes: 0 no new failure, 1 new failures, 2 a report cannot be read\n";

/* Failures of doc whose presence in other is `want_in_other`. */
static size_t list(const cJSON *doc, const struct baseline *other, int want_in_other, const char *heading, cJSON *arr)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	size_t n = 0;

	for (const cJSON *c = cJSON_IsArray(checks) ? checks->child : NULL; c; c = c->next) {
		char fp[REPORT_FP_LEN];
		if (strcmp(report_str(c, "status"), "fail") != 0)
			continue;
		report_fingerprint(report_str(c, "id"), report_str(c, "target"), fp);
		if (baseline_has(other, fp) != want_in_other)
			continue;
		if (arr) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", report_str(c, "id"));
			cJSON_AddStringToObject(o, "target", report_str(c, "target"));
			cJSON_AddStringToObject(o, "severity", report_str(c, "severity"));
			cJSON_AddStringToObject(o, "vantage", report_str(c, "vantage"));
			cJSON_AddStringToObject(o, "fingerprint", fp);
			cJSON_AddItemToArray(arr, o);
		} else {
			if (!n)
				printf("%s:\n", heading);
			printf("  %-9s %-32s %s  (%s)\n", report_str(c, "severity"), report_str(c, "id"),
			       report_str(c, "target"), fp);
		}
		n++;
	}
	if (!arr && !n)
		printf("%s: none\n", heading);
	return n;
}

int cli_diff(int argc, char **argv)
{
	const char *paths[2] = {NULL, NULL};
	int json = 0, np = 0, rc;
	cJSON *docs[2] = {NULL, NULL};
	struct baseline b[2];
	char err[ZA_MAX_ERR];
	size_t nnew;

	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(usage_diff, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error(usage_diff, "diff: unknown option '%s'", argv[i]);
		else if (np < 2)
			paths[np++] = argv[i];
		else
			return usage_error(usage_diff, "diff: takes two reports, OLD and NEW");
	}
	if (np != 2)
		return usage_error(usage_diff, "diff: takes two reports, OLD and NEW");
	memset(b, 0, sizeof(b));
	for (int k = 0; k < 2; k++)
		if (report_load(paths[k], &docs[k], err, sizeof(err)) != ZA_OK ||
		    baseline_from_doc(docs[k], &b[k]) != ZA_OK) {
			fprintf(stderr, "zlh-audit: %s\n", err);
			rc = ZA_EXIT_USAGE;
			goto out;
		}
	if (json) {
		cJSON *o = cJSON_CreateObject();
		char *s;
		nnew = list(docs[1], &b[0], 0, "new", cJSON_AddArrayToObject(o, "new"));
		list(docs[1], &b[0], 1, "unchanged", cJSON_AddArrayToObject(o, "unchanged"));
		list(docs[0], &b[1], 0, "resolved", cJSON_AddArrayToObject(o, "resolved"));
		s = cJSON_Print(o);
		if (s)
			puts(s);
		cJSON_free(s);
		cJSON_Delete(o);
	} else {
		nnew = list(docs[1], &b[0], 0, "new failures", NULL);
		list(docs[1], &b[0], 1, "unchanged failures", NULL);
		list(docs[0], &b[1], 0, "resolved failures", NULL);
	}
	rc = nnew ? ZA_EXIT_FAIL : ZA_EXIT_PASS;
out:
	for (int k = 0; k < 2; k++) {
		cJSON_Delete(docs[k]);
		baseline_free(&b[k]);
	}
	return rc;
}
