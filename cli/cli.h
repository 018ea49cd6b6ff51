/*
 * cli.h - what the command-line commands share: option parsing, usage
 * errors, writing the report formats and the summary table. CLI code only:
 * these print (modules never do).
 */
#ifndef ZA_CLI_H
#define ZA_CLI_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "formats.h"

/* "zlh-audit: <message>", the usage line, a pointer to --help; returns 2. */
int usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* --name VALUE or --name=VALUE; advances *i. NULL if argv[*i] is not --name
 * (and *missing set when the value is missing). */
const char *opt_value(int argc, char **argv, int *i, const char *name, int *missing);
int is_help(const char *a);
/* The summary table of a report document on stdout. */
void print_summary(const cJSON *doc, const char *outdir, const struct report_format **fmts, size_t nfmt);
/* Every format into outdir; -1 (message on stderr) when one fails. */
int write_formats(const cJSON *doc, const char *outdir, const struct report_format **fmts, size_t nfmt);

/* The commands, one file each (cli_<command>.c); each returns the exit code. */
int cli_scan(int argc, char **argv);
int cli_checks(int argc, char **argv);
int cli_policy(int argc, char **argv);
int cli_report(int argc, char **argv);
/* `zlh-audit secrets ...` (cli_secrets.c). */
int cli_secrets(int argc, char **argv);
/* `zlh-audit diff OLD NEW` (cli_diff.c). */
int cli_diff(int argc, char **argv);
/* `zlh-audit merge RUN.json...` (cli_merge.c). */
int cli_merge(int argc, char **argv);

#endif
