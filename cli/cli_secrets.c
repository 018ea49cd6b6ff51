/*
 * cli_secrets.c - `zlh-audit secrets scan`: the leaked-token scanner on its
 * own, over files, directories and standard input ("-"), writing the same
 * report.json/report.html as `scan`, with the same exit codes. One result of
 * files.leaked-token per PATH argument; the findings by fingerprint.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "fileio.h"
#include "policy.h"
#include "report.h"
#include "scan.h"
#include "secret.h"
#include "secretscan.h"
#include "secrets.h"
#include "verdict.h"

static const char usage_secrets[] =
        "usage: zlh-audit secrets scan [OPTIONS] PATH...\n"
        "\n"
        "Looks for leaked tokens (Grafana, Proxmox, JWT, Authorization headers, URL credentials,\n"
        "token query parameters, private keys, literal passwords in configuration) and for the\n"
        "deployment's own secrets in files, directories (walked without following symbolic\n"
        "links; .gz files decompressed) or standard input (-). Writes DIR/report.json and\n"
        "DIR/report.html; secret values never appear anywhere: findings carry a fingerprint\n"
        "and a preview of at most 4 characters.\n"
        "\n"
        "options:\n"
        "  --policy FILE             take secrets.rules, known_secret_files and token_files from a policy\n"
        "  --rules FILE              secret rules (default: the policy's, else the built-in secrets.json)\n"
        "  --known-secret-file PATH  a file of the deployment's secrets, one per line (repeatable)\n"
        "  --out DIR                 where reports go (default: out)\n"
        "  --format LIST             json,html,md,metrics,junit,sarif (default: json,html)\n"
        "  --threads N               files scanned in parallel (default: one per core)\n"
        "  --scan-binary             also scan files that look binary (a NUL in the first 8 KiB)\n"
        "  --quiet                   no summary table\n"
        "  -h, --help                this help\n"
        "\n"
        "exit codes: 0 nothing found, 1 leaked secrets found, 2 usage/input error, 3 could not read\n";

static long long wall_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

struct secrets_args {
	const char *policy_path, *rules, *outdir, *formats;
	const char *known_files[ZA_MAX_CLI_KNOWN];
	char *paths[ZA_MAX_CLI_PATHS];
	size_t nknown_files, npaths;
	struct ss_opts o;
	int quiet;
};

/* The command line into a; -1 to go on, else the exit code (help printed,
 * or a usage error reported). */
static int parse_args(int argc, char **argv, struct secrets_args *a)
{
	int missing = 0;

	if (argc < 2 || is_help(argv[1]))
		return argc < 2 ? usage_error(usage_secrets, "secrets: a subcommand is required")
		                : (fputs(usage_secrets, stdout), 0);
	if (strcmp(argv[1], "scan") != 0)
		return usage_error(usage_secrets, "secrets: unknown subcommand '%s'", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *v;
		if (is_help(argv[i])) {
			fputs(usage_secrets, stdout);
			return 0;
		}
		if ((v = opt_value(argc, argv, &i, "--policy", &missing)))
			a->policy_path = v;
		else if ((v = opt_value(argc, argv, &i, "--rules", &missing)))
			a->rules = v;
		else if ((v = opt_value(argc, argv, &i, "--out", &missing)))
			a->outdir = v;
		else if ((v = opt_value(argc, argv, &i, "--format", &missing)))
			a->formats = v;
		else if ((v = opt_value(argc, argv, &i, "--threads", &missing)))
			a->o.threads = atoi(v);
		else if ((v = opt_value(argc, argv, &i, "--known-secret-file", &missing))) {
			if (a->nknown_files == ZA_MAX_CLI_KNOWN)
				return usage_error(usage_secrets, "too many --known-secret-file options");
			a->known_files[a->nknown_files++] = v;
		} else if (strcmp(argv[i], "--scan-binary") == 0)
			a->o.scan_binary = 1;
		else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
			a->quiet = 1;
		else if (missing)
			return usage_error(usage_secrets, "secrets scan: option '%s' needs a value", argv[i]);
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error(usage_secrets, "secrets scan: unknown option '%s'", argv[i]);
		else if (a->npaths == ZA_MAX_CLI_PATHS)
			return usage_error(usage_secrets, "secrets scan: more than %u paths", ZA_MAX_CLI_PATHS);
		else
			a->paths[a->npaths++] = argv[i];
	}
	if (missing)
		return usage_error(usage_secrets, "secrets scan: an option needs a value");
	if (!a->npaths)
		return usage_error(usage_secrets,
		                   "secrets scan: at least one PATH (or - for standard input) is required");
	return -1;
}

/* The deployment's own secrets: --known-secret-file, the policy's
 * known_secret_files and token files, added to e. */
static int load_known(const struct secrets_args *a, const struct policy *p, struct ss_engine *e,
                      struct za_secret ***out, size_t *nout, char *err, size_t errlen)
{
	size_t nk = p ? p->secrets.nknown_files : 0, nt = p ? p->ntoken_files : 0;

	/* every file, however many the policy names: a secret not loaded is a leak not found */
	for (size_t i = 0; i < a->nknown_files + nk + nt; i++) {
		const char *file = i < a->nknown_files        ? a->known_files[i]
		                   : i < a->nknown_files + nk ? p->secrets.known_files[i - a->nknown_files].value
		                                              : p->token_files[i - a->nknown_files - nk].value;
		struct za_secret **v = NULL, **all;
		size_t nv = 0;
		if (secret_load_lines(file, &v, &nv, err, errlen) != ZA_OK)
			return -1;
		all = realloc(*out, (*nout + nv + 1) * sizeof(*all));
		if (!all) {
			secret_free_all(v, nv);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		*out = all;
		memcpy(*out + *nout, v, nv * sizeof(*v));
		*nout += nv;
		free(v);
	}
	for (size_t i = 0; i < *nout; i++)
		if (ss_add_known(e, (*out)[i], "known secret") != ZA_OK) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	return 0;
}

/* The report of the results in rs, written to a->outdir; the exit code. */
static int write_report(const struct secrets_args *a, const struct policy *p, struct result_set *rs,
                        const struct report_format **fmts, size_t nfmt, long long t0, char *err, size_t errlen)
{
	struct run_meta m;
	struct za_summary sum;
	enum za_verdict v = verdict_of_results(rs, ZA_SEV_LOW, &sum);
	char host[256] = "unknown";
	long long t1 = wall_ms();
	cJSON *doc;
	int rc;

	gethostname(host, sizeof(host) - 1);
	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "secrets-%lld", t0);
	report_utc(t0, m.started_at);
	report_utc(t1, m.finished_at);
	m.duration_ms = (long)(t1 - t0);
	m.vantage_name = "here";
	m.role = ZA_ROLE_HOST;
	m.vantage_kind = "here";
	m.hostname = host;
	m.policy_name = p ? p->name : "secrets-scan";
	m.policy_version = p ? p->version : "1";
	m.policy_profile = "production";
	m.policy_sha256 = p ? p->sha256 : "";
	m.gate = ZA_SEV_LOW;
	doc = report_build(&m, rs, v, &sum);
	if (!doc || write_formats(doc, a->outdir, fmts, nfmt) != 0) {
		snprintf(err, errlen, "the reports could not be written");
		rc = -1;
	} else {
		if (!a->quiet)
			print_summary(doc, a->outdir, fmts, nfmt);
		rc = verdict_exit_code(v);
	}
	cJSON_Delete(doc);
	return rc;
}

int cli_secrets(int argc, char **argv)
{
	struct secrets_args a;
	size_t nfmt = 0, nsecrets = 0;
	const struct report_format *fmts[8];
	int rc;
	char err[ZA_MAX_ERR];
	struct policy *p = NULL;
	struct ss_engine *e = NULL;
	struct za_secret **secrets = NULL;
	const struct za_secret **known = NULL;
	struct result_set rs;
	long long t0 = wall_ms();

	memset(&rs, 0, sizeof(rs));
	memset(&a, 0, sizeof(a));
	a.outdir = "out";
	a.formats = "json,html";
	if ((rc = parse_args(argc, argv, &a)) >= 0)
		return rc;
	rc = ZA_EXIT_USAGE;
	if (formats_parse_list(a.formats, fmts, 8, &nfmt, err, sizeof(err)) != ZA_OK)
		return usage_error(usage_secrets, "%s", err);
	if (a.policy_path && policy_load(a.policy_path, &p, err, sizeof(err)) != ZA_OK)
		goto fail;
	if (!a.rules)
		a.rules = p && p->secrets.rules ? p->secrets.rules : scan_default_secret_rules();
	/* the rules must pass their own examples before they are trusted */
	if (ss_load(a.rules, &e, err, sizeof(err)) != ZA_OK || ss_compile(e, err, sizeof(err)) != ZA_OK ||
	    ss_selftest(e, err, sizeof(err)) != ZA_OK)
		goto fail;
	ss_free(e);
	e = NULL;
	if (ss_load(a.rules, &e, err, sizeof(err)) != ZA_OK)
		goto fail;
	if (load_known(&a, p, e, &secrets, &nsecrets, err, sizeof(err)) != 0)
		goto fail;
	if (ss_compile(e, err, sizeof(err)) != ZA_OK)
		goto fail;
	if (fileio_mkdirs(a.outdir, err, sizeof(err)) != ZA_OK)
		goto fail;
	results_init(&rs, "here");
	known = calloc(nsecrets + 1, sizeof(*known));
	for (size_t i = 0; known && i < nsecrets; i++)
		known[i] = secrets[i];
	rs.rd.known = known;
	rs.rd.nknown = known ? nsecrets : 0;
	secrets_scan_paths(&rs, e, a.paths, a.npaths, &a.o);
	if (rs.oom) {
		snprintf(err, sizeof(err), "out of memory");
		goto fail;
	}
	results_sort(&rs);
	if ((rc = write_report(&a, p, &rs, fmts, nfmt, t0, err, sizeof(err))) >= 0)
		goto out;
fail:
	fprintf(stderr, "zlh-audit: %s\n", err);
	rc = ZA_EXIT_USAGE;
out:
	results_free(&rs);
	free(known);
	secret_free_all(secrets, nsecrets);
	ss_free(e);
	policy_free(p);
	return rc;
}
