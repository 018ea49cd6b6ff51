/* cli.c - see cli.h. */
#define _GNU_SOURCE
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fileio.h"
#include "report.h"
#include "verdict.h"

int usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "zlh-audit: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	/* the usage line, then a pointer to the full help */
	fprintf(stderr, "\n%.*s(--help for more)\n", (int)(strchr(usage, '\n') - usage + 1), usage);
	return ZA_EXIT_USAGE;
}

/* --name VALUE or --name=VALUE; advances *i. NULL if argv[*i] is not --name. */
const char *opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	(*i)++;
	return argv[*i];
}

int is_help(const char *a)
{
	return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "help") == 0;
}

void print_summary(const cJSON *doc, const char *outdir, const struct report_format **fmts, size_t nfmt)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(doc, "summary");
	const cJSON *van = cJSON_GetObjectItemCaseSensitive(doc, "vantage");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
	const char *v = report_str(doc, "verdict");

	if (strcmp(report_str(van, "kind"), "merged") == 0)
		printf("zlh-audit %s: policy %s v%s (profile %s), merged from %d runs\n\n", ZA_VERSION,
		       report_str(pol, "name"), report_str(pol, "version"), report_str(pol, "profile"),
		       cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "runs")));
	else
		printf("zlh-audit %s: policy %s v%s (profile %s), vantage %s (%s, %s)\n\n", ZA_VERSION,
		       report_str(pol, "name"), report_str(pol, "version"), report_str(pol, "profile"),
		       report_str(van, "name"), report_str(van, "role"), report_str(van, "kind"));
	printf("%-8s %-9s %-26s %-24s %s\n", "STATUS", "SEVERITY", "CHECK", "TARGET", "MESSAGE");
	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
		char st[16];
		snprintf(st, sizeof(st), "%s", report_str(c, "status"));
		for (char *q = st; *q; q++)
			*q = (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
		printf("%-8s %-9s %-26s %-24s %s\n", st, report_str(c, "severity"), report_str(c, "id"),
		       report_str(c, "target"), report_str(c, "message"));
	}
	printf("\nverdict: %s (pass %.0f, fail %.0f, error %.0f, skipped %.0f, waived %.0f; gate severity %s)\n",
	       strcmp(v, "pass") == 0   ? "PASS"
	       : strcmp(v, "fail") == 0 ? "FAIL"
	                                : "INCONCLUSIVE",
	       report_num(sum, "pass", 0), report_num(sum, "fail", 0), report_num(sum, "error", 0),
	       report_num(sum, "skipped", 0), report_num(sum, "waived", 0), report_str(pol, "gate_severity"));
	printf("reports:");
	for (size_t i = 0; i < nfmt; i++)
		printf(" %s/%s", outdir, fmts[i]->filename);
	printf("\n");
}

int write_formats(const cJSON *doc, const char *outdir, const struct report_format **fmts, size_t nfmt)
{
	char err[ZA_MAX_ERR];

	for (size_t i = 0; i < nfmt; i++) {
		struct buf b;
		char path[4096];
		enum za_err r;

		buf_init(&b, ZA_MAX_REPORT_BYTES);
		r = formats_render(fmts[i], doc, &b, err, sizeof(err));
		snprintf(path, sizeof(path), "%s/%s", outdir, fmts[i]->filename);
		if (r == ZA_OK)
			r = fileio_write(path, buf_str(&b), b.len, err, sizeof(err));
		buf_free(&b);
		if (r != ZA_OK) {
			fprintf(stderr, "zlh-audit: %s\n", err);
			return -1;
		}
	}
	return 0;
}
