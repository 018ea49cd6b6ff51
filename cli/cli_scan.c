/* cli_scan.c - `zlh-audit scan`: run every check of a policy from this vantage and
 * write the reports; progress on stderr when it is a terminal. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks.h"
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

static const char usage_scan[] =
        "usage: zlh-audit scan --policy FILE [OPTIONS]\n"
        "\n"
        "Runs every check of the policy that applies to this vantage and writes DIR/report.json\n"
        "and DIR/report.html. A short summary goes to stdout; progress to stderr when it is a\n"
        "terminal.\n"
        "\n"
        "options:\n"
        "  --policy FILE          the policy (JSON; see docs/policy.md)              [required]\n"
        "  --profile NAME         a profile of the policy (default: its default_profile)\n"
        "  --vantage SPEC         where the network probes run from:\n"
        "                           here          this network namespace (default)\n"
        "                           netns:NAME    an existing namespace (/run/netns/NAME; root)\n"
        "                           untrusted-local[:ADDR]\n"
        "                                         a temporary namespace on this host whose\n"
        "                                         address (ADDR, else from the policy's\n"
        "                                         untrusted_range) reaches only the host's own\n"
        "                                         addresses; removed afterwards (root; role untrusted)\n"
        "  --vantage-name NAME    the vantage's name in the report; a vantage of the policy\n"
        "                         also gives the role (default: the policy's first vantage of\n"
        "                         the scan's role; --root is role host)\n"
        "  --role ROLE            untrusted | admin | host (overrides the policy's)\n"
        "  --root DIR             audit the files of a mounted root (a container template,\n"
        "                         an image) instead of this system: role host, host checks\n"
        "                         only, nothing goes over the network\n"
        "  --out DIR              where reports go (default: out)\n"
        "  --format LIST          comma-separated formats: json,html,md,metrics,junit,sarif\n"
        "                         (default: json,html; md: report.md for CI job summaries,\n"
        "                         metrics: zlh_audit.prom for a textfile collector,\n"
        "                         junit: junit.xml for CI test reports,\n"
        "                         sarif: report.sarif for code scanning)\n"
        "  --token-file NAME=PATH the file that holds the policy's token NAME (repeatable);\n"
        "                         tokens are never taken on the command line\n"
        "  --fingerprints FILE    service fingerprints (default: the policy's, else the built-in)\n"
        "  --jobs N               transfers in flight at once (default 2048; the open-file limit,\n"
        "                         raised to its hard value, lowers it; the report's run.jobs says)\n"
        "  --waivers FILE         accepted risks (JSON; see docs/waivers.md): a valid waiver turns a\n"
        "                         fail into waived, an expired one is listed and changes nothing\n"
        "  --today YYYY-MM-DD     with --waivers: the date they expire against\n"
        "                         (default: today, UTC)\n"
        "  --baseline FILE        an earlier report.json: its failures are marked unchanged\n"
        "  --fail-on new|any      new: only failures not in the baseline fail the verdict\n"
        "                         (default any; new needs --baseline)\n"
        "  --shard I/N            probe shard I of N: a stable 1/N of the endpoints (balanced by\n"
        "                         endpoint count); shard 1 also runs every check that is not per\n"
        "                         endpoint. Merge the N reports (zlh-audit merge): the merge checks\n"
        "                         that every shard is there (merge.shards-complete)\n"
        "  --quiet                no summary table and no progress\n"
        "  -h, --help             this help\n"
        "\n"
        "exit codes: 0 pass, 1 fail, 2 usage/policy/input error (nothing scanned), 3 inconclusive\n";

/* ---- scan ---- */

struct progress {
	size_t planned;
	int on;
};

static void on_progress(void *arg, size_t done, const char *check, const char *target)
{
	struct progress *p = arg;

	if (!p->on)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s %s", done, p->planned, check, target);
	fflush(stderr);
}

int cli_scan(int argc, char **argv)
{
	struct scan_opts o;
	const char *tokens[ZA_MAX_CLI_TOKENS + 1] = {0};
	size_t ntok = 0, nfmt = 0;
	const char *outdir = "out", *formats = "json,html", *role = NULL;
	const struct report_format *fmts[8];
	int quiet = 0, missing = 0, rc;
	char err[ZA_MAX_ERR];
	struct scan *s = NULL;
	struct progress prog = {0, 0};
	cJSON *doc = NULL;
	enum za_err r;

	memset(&o, 0, sizeof(o));
	o.role = -1;
	o.vantage_spec = "here";
	for (int i = 1; i < argc; i++) {
		const char *v;
		if (is_help(argv[i])) {
			fputs(usage_scan, stdout);
			return 0;
		}
		if ((v = opt_value(argc, argv, &i, "--policy", &missing)))
			o.policy_path = v;
		else if ((v = opt_value(argc, argv, &i, "--profile", &missing)))
			o.profile = v;
		else if ((v = opt_value(argc, argv, &i, "--vantage-name", &missing)))
			o.vantage_name = v;
		else if ((v = opt_value(argc, argv, &i, "--vantage", &missing)))
			o.vantage_spec = v;
		else if ((v = opt_value(argc, argv, &i, "--role", &missing)))
			role = v;
		else if ((v = opt_value(argc, argv, &i, "--waivers", &missing)))
			o.waivers = v;
		else if ((v = opt_value(argc, argv, &i, "--today", &missing)))
			o.today = v;
		else if ((v = opt_value(argc, argv, &i, "--baseline", &missing)))
			o.baseline = v;
		else if ((v = opt_value(argc, argv, &i, "--fail-on", &missing))) {
			if (strcmp(v, "new") != 0 && strcmp(v, "any") != 0)
				return usage_error(usage_scan, "scan: --fail-on '%s': expected new or any", v);
			o.fail_on_new = strcmp(v, "new") == 0;
		} else if ((v = opt_value(argc, argv, &i, "--root", &missing)))
			o.root = v;
		else if ((v = opt_value(argc, argv, &i, "--out", &missing)))
			outdir = v;
		else if ((v = opt_value(argc, argv, &i, "--format", &missing)))
			formats = v;
		else if ((v = opt_value(argc, argv, &i, "--fingerprints", &missing)))
			o.fingerprints = v;
		else if ((v = opt_value(argc, argv, &i, "--jobs", &missing))) {
			char *end = NULL;
			long n = strtol(v, &end, 10);
			if (!*v || *end || n < 1 || n > 16384)
				return usage_error(usage_scan, "scan: --jobs '%s': expected a number 1-16384", v);
			o.jobs = (size_t)n;
		} else if ((v = opt_value(argc, argv, &i, "--shard", &missing))) {
			unsigned si = 0, sn = 0;
			int used = 0;
			if (sscanf(v, "%u/%u%n", &si, &sn, &used) != 2 || (size_t)used != strlen(v) ||
			    !isdigit((unsigned char)v[0]) || sn < 1 || sn > ZA_MAX_SHARDS || si < 1 || si > sn)
				return usage_error(usage_scan,
				                   "scan: --shard '%s': expected I/N with 1 <= I <= N <= %d", v,
				                   ZA_MAX_SHARDS);
			o.shard_index = si;
			o.shard_count = sn;
		} else if ((v = opt_value(argc, argv, &i, "--token-file", &missing))) {
			if (ntok == ZA_MAX_CLI_TOKENS)
				return usage_error(usage_scan, "too many --token-file options");
			tokens[ntok++] = v;
		} else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
			quiet = 1;
		else if (missing)
			break;
		else
			return usage_error(usage_scan, "scan: unknown option '%s'", argv[i]);
		if (missing)
			break;
	}
	if (missing)
		return usage_error(usage_scan, "scan: option '%s' needs a value", argv[argc - 1]);
	if (!o.policy_path)
		return usage_error(usage_scan, "scan: --policy FILE is required");
	if (role && (o.role = role_parse(role)) < 0)
		return usage_error(usage_scan, "scan: --role '%s': expected untrusted, admin or host", role);
	if (formats_parse_list(formats, fmts, 8, &nfmt, err, sizeof(err)) != ZA_OK)
		return usage_error(usage_scan, "%s", err);
	o.token_files = tokens;
	o.progress = on_progress;
	o.progress_arg = &prog;

	r = scan_prepare(&o, &s, err, sizeof(err));
	if (r != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		return ZA_EXIT_USAGE;
	}
	if (fileio_mkdirs(outdir, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: --out: %s\n", err);
		scan_free(s);
		return ZA_EXIT_USAGE;
	}
	prog.planned = scan_planned(s);
	prog.on = !quiet && isatty(STDERR_FILENO);
	r = scan_execute(s, err, sizeof(err));
	if (prog.on)
		fprintf(stderr, "\r\033[K");
	if (r != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", r == ZA_ERR_NOMEM ? "out of memory" : err);
		scan_free(s);
		return ZA_EXIT_USAGE;
	}
	doc = scan_report(s);
	if (!doc) {
		fprintf(stderr, "zlh-audit: out of memory building the report\n");
		scan_free(s);
		return ZA_EXIT_USAGE;
	}
	if (write_formats(doc, outdir, fmts, nfmt) != 0) {
		cJSON_Delete(doc);
		scan_free(s);
		return ZA_EXIT_USAGE;
	}
	if (!quiet)
		print_summary(doc, outdir, fmts, nfmt);
	rc = verdict_exit_code(scan_verdict(s));
	cJSON_Delete(doc);
	scan_free(s);
	return rc;
}
