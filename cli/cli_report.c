/* cli_report.c - `zlh-audit report`: render a saved report.json in another format. */
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

static const char usage_report[] =
        "usage: zlh-audit report --format FORMAT IN.json [-o FILE]\n"
        "\n"
        "Renders a saved report.json (formats: json, html, md, metrics, junit, sarif). Without -o the output goes\n"
        "to stdout.\n";

/* ---- report ---- */

int cli_report(int argc, char **argv)
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
	/* the checklist is derived from the results: made anew, never trusted from the file */
	if (clauses_add(doc) != 0) {
		fprintf(stderr, "zlh-audit: out of memory\n");
	} else if (formats_render(f, doc, &b, err, sizeof(err)) != ZA_OK) {
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
