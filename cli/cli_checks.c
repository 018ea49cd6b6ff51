/* cli_checks.c - `zlh-audit checks`: the check catalogue, as a table or JSON. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks.h"
#include "clauses.h"
#include "cli.h"
#include "fileio.h"
#include "fingerprint.h"
#include "formats.h"
#include "http.h"
#include "plan.h"
#include "policy.h"
#include "report.h"
#include "scan.h"
#include "verdict.h"

static const char usage_checks[] = "usage: zlh-audit checks [--json] [--fingerprints FILE]\n"
                                   "\n"
                                   "Lists the monitoring contract's clauses (ids as in docs/contract.md) with\n"
                                   "the checks that decide each, then every check: id, default severity, the\n"
                                   "contract clause it enforces, the clause ids it decides and what it sends\n"
                                   "over the network. --json: the checks as a JSON array (each with its\n"
                                   "\"clauses\").\n";

/* ---- checks ---- */

/* "GET /a, GET /b" of the exposure check's fingerprint, from the data. */
static void fp_requests(const struct fp_db *fp, const struct check_def *c, char *out, size_t outlen)
{
	const struct fp_service *s = c->service && strcmp(c->family, "exposure") == 0 ? fp_find(fp, c->service) : NULL;
	size_t l = 0;

	out[0] = '\0';
	for (size_t i = 0; s && i < s->nreq && l < outlen; i++)
		l += (size_t)snprintf(out + l, outlen - l, "%sGET %s", i ? ", " : "", s->req[i].path);
}

int cli_checks(int argc, char **argv)
{
	const char *fpfile = scan_default_fingerprints();
	struct fp_db *fp = NULL;
	char err[ZA_MAX_ERR], reqs[1024], cls[256];
	int json = 0, missing = 0;

	for (int i = 1; i < argc; i++) {
		const char *v;
		if (is_help(argv[i])) {
			fputs(usage_checks, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if ((v = opt_value(argc, argv, &i, "--fingerprints", &missing)))
			fpfile = v;
		else if (missing)
			return usage_error(usage_checks, "checks: option '%s' needs a value", argv[i]);
		else
			return usage_error(usage_checks, "checks: unknown option '%s'", argv[i]);
	}
	/* what exposure checks send comes from the fingerprint data */
	if (fp_load(fpfile, &fp, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		return ZA_EXIT_USAGE;
	}
	if (json) {
		cJSON *a = cJSON_CreateArray();
		char *s;
		for (size_t i = 0; a && i < checks_count(); i++) {
			const struct check_def *c = checks_at(i);
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", c->id);
			cJSON_AddStringToObject(o, "family", c->family);
			cJSON_AddStringToObject(o, "severity", severity_name(c->severity));
			cJSON_AddStringToObject(o, "title", c->title);
			cJSON_AddStringToObject(o, "contract", c->contract);
			{
				cJSON *ca = cJSON_AddArrayToObject(o, "clauses");
				for (size_t k = 0; ca && k < clauses_count(); k++)
					for (size_t j = 0; j < clauses_at(k)->nchecks; j++)
						if (check_get(clauses_at(k)->checks[j]) == c)
							cJSON_AddItemToArray(ca, cJSON_CreateString(clauses_at(k)->id));
			}
			cJSON_AddStringToObject(o, "sends", c->sends);
			fp_requests(fp, c, reqs, sizeof(reqs));
			if (reqs[0])
				cJSON_AddStringToObject(o, "requests", reqs);
			cJSON_AddStringToObject(o, "remediation", c->remediation);
			cJSON_AddItemToArray(a, o);
		}
		s = a ? cJSON_Print(a) : NULL;
		cJSON_Delete(a);
		fp_free(fp);
		if (!s)
			return ZA_EXIT_USAGE;
		printf("%s\n", s);
		free(s);
		return 0;
	}
	printf("Contract clauses (docs/contract.md) and the checks that decide them:\n\n");
	for (size_t k = 0; k < clauses_count(); k++) {
		const struct clause_def *cl = clauses_at(k);
		printf("%-9s %s: %s\n          decided by: ", cl->id, cl->section, cl->requirement);
		for (size_t j = 0; j < cl->nchecks; j++)
			printf("%s%s", j ? ", " : "", check_get(cl->checks[j])->id);
		printf("%s%s%s\n", cl->nchecks ? "" : "no check of this scanner", cl->note ? "; " : "",
		       cl->note ? cl->note : "");
	}
	printf("\nChecks:\n\n");
	for (size_t i = 0; i < checks_count(); i++) {
		const struct check_def *c = checks_at(i);
		fp_requests(fp, c, reqs, sizeof(reqs));
		clauses_of_check(c->id, cls, sizeof(cls));
		printf("%s  [%s]\n  %s\n  contract: %s\n  clauses:  %s\n  sends:    %s\n", c->id,
		       severity_name(c->severity), c->title, c->contract,
		       cls[0] ? cls : "(none: it supports the run itself)", c->sends);
		if (reqs[0])
			printf("  requests: TCP connect, then %s (from %s)\n", reqs, fpfile);
		printf("\n");
	}
	fp_free(fp);
	return 0;
}
