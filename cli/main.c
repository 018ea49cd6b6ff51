/*
 * main.c - the zlh-audit command line. The only place that prints and picks
 * the exit code (0 pass, 1 fail, 2 usage/policy/input error, 3 inconclusive).
 *
 *   zlh-audit scan --policy FILE [options]     scan and write reports
 *   zlh-audit checks [--json]                  the check catalogue
 *   zlh-audit policy check FILE                validate a policy, show the plan
 *   zlh-audit report --format FMT IN.json [-o FILE]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
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
static const char usage_main[] =
        "usage: zlh-audit COMMAND [OPTIONS]\n"
        "\n"
        "Audits a ZeroLagHub monitoring stack against its security contract and writes a\n"
        "pass/fail launch report.\n"
        "\n"
        "commands:\n"
        "  scan            run every check of a policy from this vantage, write reports\n"
        "  checks          list the check catalogue\n"
        "  policy check    validate a policy and list what it would check\n"
        "  report          render a saved report.json in another format\n"
        "  diff            new, unchanged and resolved failures between two reports\n"
        "  merge           one launch report from the reports of several vantages\n"
        "  secrets scan    leaked tokens in files, directories or standard input\n"
        "\n"
        "  zlh-audit COMMAND --help    help for one command\n"
        "  zlh-audit --version\n"
        "\n"
        "exit codes: 0 pass, 1 fail, 2 usage/policy/input error (nothing scanned), 3 inconclusive\n";

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
        "  --jobs N               transfers in flight at once (default 512, lowered to fit the\n"
        "                         open-file limit)\n"
        "  --waivers FILE         accepted risks (JSON; see docs/waivers.md): a valid waiver turns a\n"
        "                         fail into waived, an expired one is listed and changes nothing\n"
        "  --today YYYY-MM-DD     with --waivers: the date they expire against\n"
        "                         (default: today, UTC)\n"
        "  --baseline FILE        an earlier report.json: its failures are marked unchanged\n"
        "  --fail-on new|any      new: only failures not in the baseline fail the verdict\n"
        "                         (default any; new needs --baseline)\n"
        "  --quiet                no summary table and no progress\n"
        "  -h, --help             this help\n"
        "\n"
        "exit codes: 0 pass, 1 fail, 2 usage/policy/input error (nothing scanned), 3 inconclusive\n";

static const char usage_checks[] = "usage: zlh-audit checks [--json] [--fingerprints FILE]\n"
                                   "\n"
                                   "Lists every check: id, default severity, the contract clause it enforces and\n"
                                   "what it sends over the network.\n";

static const char usage_policy[] =
        "usage: zlh-audit policy check FILE [--fingerprints FILE]\n"
        "\n"
        "Validates a policy (and the service fingerprints it uses) and lists what a scan\n"
        "would check: the endpoints, and per role (and for a mounted root) the check ids its\n"
        "report holds, each with a status. Exit 0 when valid, 2 with the file and field\n"
        "at fault otherwise.\n";

static const char usage_report[] =
        "usage: zlh-audit report --format FORMAT IN.json [-o FILE]\n"
        "\n"
        "Renders a saved report.json (formats: json, html, md, metrics, junit, sarif). Without -o the output goes\n"
        "to stdout.\n";

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

static int cmd_scan(int argc, char **argv)
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

static int cmd_checks(int argc, char **argv)
{
	const char *fpfile = scan_default_fingerprints();
	struct fp_db *fp = NULL;
	char err[ZA_MAX_ERR], reqs[1024];
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
	for (size_t i = 0; i < checks_count(); i++) {
		const struct check_def *c = checks_at(i);
		fp_requests(fp, c, reqs, sizeof(reqs));
		printf("%s  [%s]\n  %s\n  contract: %s\n  sends:    %s\n", c->id, severity_name(c->severity), c->title,
		       c->contract, c->sends);
		if (reqs[0])
			printf("  requests: TCP connect, then %s (from %s)\n", reqs, fpfile);
		printf("\n");
	}
	fp_free(fp);
	return 0;
}

/* ---- policy check ---- */

static int cmd_policy(int argc, char **argv)
{
	const char *file = NULL, *fpfile = NULL;
	struct policy *p = NULL;
	struct fp_db *fp = NULL;
	char err[ZA_MAX_ERR];
	int missing = 0;

	if (argc < 2 || is_help(argv[1]))
		return argc < 2 ? usage_error(usage_policy, "policy: a subcommand is required")
		                : (fputs(usage_policy, stdout), 0);
	if (strcmp(argv[1], "check") != 0)
		return usage_error(usage_policy, "policy: unknown subcommand '%s'", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *v;
		if (is_help(argv[i])) {
			fputs(usage_policy, stdout);
			return 0;
		}
		if ((v = opt_value(argc, argv, &i, "--fingerprints", &missing)))
			fpfile = v;
		else if (missing)
			return usage_error(usage_policy, "policy check: option '%s' needs a value", argv[i]);
		else if (argv[i][0] == '-')
			return usage_error(usage_policy, "policy check: unknown option '%s'", argv[i]);
		else if (file)
			return usage_error(usage_policy, "policy check: one FILE only ('%s')", argv[i]);
		else
			file = argv[i];
	}
	if (!file)
		return usage_error(usage_policy, "policy check: FILE is required");
	if (policy_load(file, &p, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		return ZA_EXIT_USAGE;
	}
	if (!fpfile)
		fpfile = p->fingerprints ? p->fingerprints : scan_default_fingerprints();
	if (fp_load(fpfile, &fp, err, sizeof(err)) != ZA_OK || fp_selftest(fp, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		fp_free(fp);
		policy_free(p);
		return ZA_EXIT_USAGE;
	}
	printf("%s: valid policy '%s' version %s (sha256 %s)\n", file, p->name, p->version, p->sha256);
	printf("gate severity: %s; timeouts: connect %ld ms, transfer %ld ms\n", severity_name(p->gate), p->connect_ms,
	       p->transfer_ms);
	printf("fingerprints: %s (%zu services, examples pass)\n", fpfile, fp->nsvc);
	for (size_t i = 0; i < p->nvantages; i++)
		printf("vantage: %s (role %s)\n", p->vantages[i].name, role_name(p->vantages[i].role));
	for (size_t i = 0; i < p->nprofiles; i++)
		printf("profile: %s%s (%zu disabled, %zu re-graded)\n", p->profiles[i].name,
		       policy_profile(p, NULL) == &p->profiles[i] ? " [default]" : "", p->profiles[i].ndisable,
		       p->profiles[i].nseverity);
	printf("\nwould check (%zu exposure endpoints):\n", policy_endpoint_count(p));
	if (p->control_port)
		printf("  control target %s:%ld must accept a connection first\n", p->control_address, p->control_port);
	for (size_t i = 0; i < p->nhosts; i++) {
		const struct policy_host *h = &p->hosts[i];
		for (size_t j = 0; j < h->nsvc; j++) {
			const struct check_def *c = checks_for_service(h->svc[j].service);
			char ports[256] = "";
			size_t l = 0;
			for (size_t k = 0; k < h->svc[j].nports && l < sizeof(ports) - 8; k++)
				l += (size_t)snprintf(ports + l, sizeof(ports) - l, "%s%ld", k ? "," : "",
				                      h->svc[j].ports[k]);
			printf("  %-24s %s port %s  (host %s, kind %s; untrusted: %s, admin: %s, host: %s)\n", c->id,
			       h->address ? h->address : h->cidr, ports, h->name, h->kind,
			       expect_name(policy_expectation(p, h->svc[j].service, ZA_ROLE_UNTRUSTED)),
			       expect_name(policy_expectation(p, h->svc[j].service, ZA_ROLE_ADMIN)),
			       expect_name(policy_expectation(p, h->svc[j].service, ZA_ROLE_HOST)));
		}
	}
	for (size_t i = 0; i < p->ndiscovery; i++) {
		const struct policy_discovery *d = &p->discovery[i];
		printf("  discovery endpoint %s: %s (token file: %s%s)\n", d->name, d->url,
		       d->token_file ? d->token_file : "none",
		       d->allow_plaintext_token ? "; may be sent over plain HTTP: labs only" : "");
		for (size_t c = 0; c < checks_count(); c++)
			if (strcmp(checks_at(c)->family, "discovery") == 0 ||
			    strcmp(checks_at(c)->family, "labels") == 0)
				printf("    %s\n", checks_at(c)->id);
		for (size_t k = 0; k < d->ndebug_params; k++)
			printf("    debug mode ?%s must demand the token\n", d->debug_params[k]);
		if (d->historical_param)
			printf("    historical mode ?%s compared with the default answer\n", d->historical_param);
	}
	if (p->grafana_url)
		printf("  grafana.auth-gate, tls.*  %s\n", p->grafana_url);
	for (size_t i = 0; i < p->filesd.npaths; i++)
		printf("  file_sd (role host)  %s (at most %ld s old%s%s)\n", p->filesd.paths[i], p->filesd.max_age_s,
		       p->filesd.discovery ? ", matching " : "", p->filesd.discovery ? p->filesd.discovery : "");
	if (p->prometheus_url)
		printf("  live targets (role host/admin)  %s\n", p->prometheus_url);
	printf("  label contract: %s\n", p->labels.present ? "yes" : "none (only labels.secrets runs)");
	for (size_t i = 0; i < p->nexceptions; i++)
		printf("exception: %s (%zu host kinds exempt from %zu checks/families): %s\n", p->exceptions[i].name,
		       p->exceptions[i].nkinds, p->exceptions[i].nexempt, p->exceptions[i].reason);
	/* the check ids a scan's report holds, by role: every one gets a status */
	printf("\nplan (the check ids a report holds):\n");
	for (int role = 0; role <= ZA_ROLE_COUNT; role++) {
		unsigned char want[PLAN_MAX];
		int offline = role == ZA_ROLE_COUNT;
		enum za_role rl = offline ? ZA_ROLE_HOST : (enum za_role)role;
		size_t n = plan_checks(p, rl, offline, want);
		printf("  role %s%s (%zu):", role_name(rl), offline ? " --root" : "", n);
		for (size_t c = 0; c < checks_count() && c < PLAN_MAX; c++)
			if (want[c])
				printf(" %s", checks_at(c)->id);
		printf("\n");
	}
	fp_free(fp);
	policy_free(p);
	return 0;
}

/* ---- report ---- */

static int cmd_report(int argc, char **argv)
{
	const char *in = NULL, *outfile = NULL, *format = NULL;
	const struct report_format *f;
	cJSON *doc = NULL;
	char err[ZA_MAX_ERR];
	struct buf b;
	int missing = 0, rc = ZA_EXIT_USAGE;

	for (int i = 1; i < argc; i++) {
		const char *v;
		if (is_help(argv[i])) {
			fputs(usage_report, stdout);
			return 0;
		}
		if ((v = opt_value(argc, argv, &i, "--format", &missing)))
			format = v;
		else if ((v = opt_value(argc, argv, &i, "-o", &missing)) ||
		         (v = opt_value(argc, argv, &i, "--output", &missing)))
			outfile = v;
		else if (missing)
			return usage_error(usage_report, "report: option '%s' needs a value", argv[i]);
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error(usage_report, "report: unknown option '%s'", argv[i]);
		else if (in)
			return usage_error(usage_report, "report: one IN.json only ('%s')", argv[i]);
		else
			in = argv[i];
	}
	if (!format)
		return usage_error(usage_report, "report: --format is required");
	if (!in)
		return usage_error(usage_report, "report: IN.json is required");
	f = formats_find(format);
	if (!f)
		return usage_error(usage_report, "report: unknown format '%s'", format);
	if (report_load(in, &doc, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		return ZA_EXIT_USAGE;
	}
	buf_init(&b, ZA_MAX_REPORT_BYTES);
	if (formats_render(f, doc, &b, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s: %s\n", in, err);
	} else if (outfile) {
		if (fileio_write(outfile, buf_str(&b), b.len, err, sizeof(err)) != ZA_OK)
			fprintf(stderr, "zlh-audit: %s\n", err);
		else
			rc = 0;
	} else if (fwrite(buf_str(&b), 1, b.len, stdout) == b.len && fflush(stdout) == 0) {
		rc = 0;
	} else {
		fprintf(stderr, "zlh-audit: cannot write to stdout: %s\n", strerror(errno));
	}
	buf_free(&b);
	cJSON_Delete(doc);
	return rc;
}

int main(int argc, char **argv)
{
	char err[ZA_MAX_ERR];
	int rc;

	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		return usage_error(usage_main, "a command is required");
	if (is_help(argv[1])) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("zlh-audit %s (report schema %s)\n", ZA_VERSION, ZA_REPORT_SCHEMA);
		return 0;
	}
	if (http_global_init(err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "zlh-audit: %s\n", err);
		return ZA_EXIT_USAGE;
	}
	if (strcmp(argv[1], "scan") == 0)
		rc = cmd_scan(argc - 1, argv + 1);
	else if (strcmp(argv[1], "checks") == 0)
		rc = cmd_checks(argc - 1, argv + 1);
	else if (strcmp(argv[1], "policy") == 0)
		rc = cmd_policy(argc - 1, argv + 1);
	else if (strcmp(argv[1], "report") == 0)
		rc = cmd_report(argc - 1, argv + 1);
	else if (strcmp(argv[1], "secrets") == 0)
		rc = cli_secrets(argc - 1, argv + 1);
	else if (strcmp(argv[1], "diff") == 0)
		rc = cli_diff(argc - 1, argv + 1);
	else if (strcmp(argv[1], "merge") == 0)
		rc = cli_merge(argc - 1, argv + 1);
	else
		rc = usage_error(usage_main, "unknown command '%s'", argv[1]);
	http_global_cleanup();
	return rc;
}
