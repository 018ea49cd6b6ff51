/*
 * cli_merge.c - `zlh-audit merge RUN.json... [--out DIR] [--format LIST]
 * [--require-roles LIST]`: one launch report from several runs (merge.h),
 * written in every asked format; the exit code follows the merged verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fileio.h"
#include "merge.h"
#include "policy.h"
#include "waiver.h"
#include "report.h"
#include "verdict.h"
static const char usage_merge[] =
        "usage: zlh-audit merge RUN.json... [--out DIR] [--format LIST] [--require-roles LIST]\n"
        "\n"
        "Merges the reports of several runs (an external runner, the monitoring host, each API\n"
        "host) into one launch report: vantage kind \"merged\", runs[] listing each run, every\n"
        "result keeping its own vantage. The verdict follows the usual rules; a missing\n"
        "required vantage role makes it inconclusive, differing policies fail\n"
        "merge.policy-consistent.\n"
        "\n"
        "options:\n"
        "  --out DIR              where the merged reports go (default: out)\n"
        "  --format LIST          json,html,md,metrics,junit,sarif (default: json,html)\n"
        "  --policy FILE          the launch policy: its required_roles name the roles that must\n"
        "                         have a run\n"
        "  --require-roles LIST   roles that must have a run, comma-separated (default: the\n"
        "                         policy's required_roles, else untrusted)\n"
        "  --waivers FILE         accepted risks applied to the merged failures (docs/waivers.md)\n"
        "  --today YYYY-MM-DD     with --waivers: the date they expire against\n"
        "                         (default: today, UTC)\n"
        "  --quiet                no summary table\n"
        "  -h, --help             this help\n"
        "\n"
        "exit codes: 0 pass, 1 fail, 2 usage or unreadable report, 3 inconclusive\n";

int cli_merge(int argc, char **argv)
{
	const char *paths[ZA_MAX_MERGE_RUNS], *outdir = "out", *formats = "json,html", *roles_arg = NULL,
	                                      *policy_path = NULL;
	struct policy *pol = NULL;
	const char *waivers_path = NULL, *today = NULL;
	struct waivers wv;
	int have_waivers = 0;
	const struct report_format *fmts[8];
	size_t n = 0, nfmt = 0, nroles = 0;
	int missing = 0, quiet = 0, rc = ZA_EXIT_USAGE;
	cJSON *docs[ZA_MAX_MERGE_RUNS], *merged = NULL;
	char err[ZA_MAX_ERR], roles_buf[256];
	const char *roles[ZA_MAX_MERGE_ROLES + 1];

	for (int i = 1; i < argc; i++) {
		const char *v;
		if (is_help(argv[i])) {
			fputs(usage_merge, stdout);
			return 0;
		}
		if ((v = opt_value(argc, argv, &i, "--out", &missing)))
			outdir = v;
		else if ((v = opt_value(argc, argv, &i, "--format", &missing)))
			formats = v;
		else if ((v = opt_value(argc, argv, &i, "--require-roles", &missing)))
			roles_arg = v;
		else if ((v = opt_value(argc, argv, &i, "--policy", &missing)))
			policy_path = v;
		else if ((v = opt_value(argc, argv, &i, "--waivers", &missing)))
			waivers_path = v;
		else if ((v = opt_value(argc, argv, &i, "--today", &missing)))
			today = v;
		else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
			quiet = 1;
		else if (missing)
			break;
		else if (argv[i][0] == '-')
			return usage_error(usage_merge, "merge: unknown option '%s'", argv[i]);
		else if (n == ZA_MAX_MERGE_RUNS)
			return usage_error(usage_merge, "merge: at most %d reports", ZA_MAX_MERGE_RUNS);
		else
			paths[n++] = argv[i];
	}
	if (missing)
		return usage_error(usage_merge, "merge: option '%s' needs a value", argv[argc - 1]);
	if (n < 1)
		return usage_error(usage_merge, "merge: name at least one report");
	if (formats_parse_list(formats, fmts, 8, &nfmt, err, sizeof(err)) != ZA_OK)
		return usage_error(usage_merge, "%s", err);
	roles_buf[0] = '\0';
	if (!roles_arg && policy_path) {
		if (policy_load(policy_path, &pol, err, sizeof(err)) != ZA_OK) {
			fprintf(stderr, "zlh-audit: %s\n", err);
			return ZA_EXIT_USAGE;
		}
		for (size_t i = 0; i < pol->nrequired_roles; i++)
			snprintf(roles_buf + strlen(roles_buf), sizeof(roles_buf) - strlen(roles_buf), "%s%s",
			         i ? "," : "", pol->required_roles[i]);
		policy_free(pol);
	}
	if (roles_arg)
		snprintf(roles_buf, sizeof(roles_buf), "%s", roles_arg);
	else if (!roles_buf[0])
		snprintf(roles_buf, sizeof(roles_buf), "%s", "untrusted");
	for (char *save = NULL, *t = strtok_r(roles_buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (role_parse(t) < 0)
			return usage_error(usage_merge, "merge: --require-roles: '%s' is not untrusted, admin or host",
			                   t);
		if (nroles == ZA_MAX_MERGE_ROLES)
			return usage_error(usage_merge, "merge: --require-roles: too many roles");
		roles[nroles++] = t;
	}
	roles[nroles] = NULL;
	if (today && !waivers_path)
		return usage_error(usage_merge,
		                   "merge: --today sets the date waivers expire against: it needs --waivers");
	if (waivers_path) {
		if (waivers_load(waivers_path, today, &wv, err, sizeof(err)) != ZA_OK) {
			fprintf(stderr, "zlh-audit: %s\n", err);
			return ZA_EXIT_USAGE;
		}
		have_waivers = 1;
	}
	for (size_t i = 0; i < n; i++)
		docs[i] = NULL;
	for (size_t i = 0; i < n; i++)
		if (report_load(paths[i], &docs[i], err, sizeof(err)) != ZA_OK) {
			fprintf(stderr, "zlh-audit: %s\n", err);
			goto out;
		}
	merged = merge_reports((const cJSON *const *)docs, paths, n, roles, have_waivers ? &wv : NULL);
	if (!merged) {
		fprintf(stderr, "zlh-audit: out of memory merging the reports\n");
		goto out;
	}
	if (fileio_mkdirs(outdir, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		goto out;
	}
	if (write_formats(merged, outdir, fmts, nfmt) != 0)
		goto out;
	if (!quiet)
		print_summary(merged, outdir, fmts, nfmt);
	{
		const char *v = report_str(merged, "verdict");
		rc = strcmp(v, "pass") == 0   ? ZA_EXIT_PASS
		     : strcmp(v, "fail") == 0 ? ZA_EXIT_FAIL
		                              : ZA_EXIT_INCONCLUSIVE;
	}
out:
	for (size_t i = 0; i < n; i++)
		cJSON_Delete(docs[i]);
	cJSON_Delete(merged);
	if (have_waivers)
		waivers_free(&wv);
	return rc;
}
