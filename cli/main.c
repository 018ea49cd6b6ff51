/*
 * main.c - the zlh-audit command line. The only place that prints and picks
 * the exit code (0 pass, 1 fail, 2 usage/policy/input error, 3 inconclusive).
 *
 * Each command is one file, cli_<command>.c, listed in the table below:
 *   scan     cli_scan.c      checks   cli_checks.c    policy   cli_policy.c
 *   report   cli_report.c    secrets  cli_secrets.c   diff     cli_diff.c
 *   merge    cli_merge.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "http.h"
#include "report.h"

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

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
        {"scan", cli_scan},       {"checks", cli_checks}, {"policy", cli_policy}, {"report", cli_report},
        {"secrets", cli_secrets}, {"diff", cli_diff},     {"merge", cli_merge},
};

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
	rc = -1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			rc = commands[i].run(argc - 1, argv + 1);
	if (rc < 0)
		rc = usage_error(usage_main, "unknown command '%s'", argv[1]);
	http_global_cleanup();
	return rc;
}
