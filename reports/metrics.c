/*
 * metrics.c - the report as a Prometheus textfile (node_exporter's textfile
 * collector, or Alloy's), so scheduled audits are monitored and alerted on:
 *
 *   zlh_audit_verdict{verdict}                  1 for this run's verdict, 0 for the others
 *   zlh_audit_checks{status}                    results by status
 *   zlh_audit_check_status{check,target,vantage,severity,status}  1 per result
 *   zlh_audit_check_failed{check,target,vantage,severity}         1 when it failed at any severity
 *   zlh_audit_findings                          leaked-secret findings
 *   zlh_audit_waivers{state}                    waivers used, expired, unused (with --waivers)
 *   zlh_audit_run_timestamp_seconds, zlh_audit_run_duration_seconds
 *
 * Every series carries policy and vantage labels. Label values go through
 * label(), the one escaper of this format (\\ \" \n, as the text exposition
 * format requires; bytes that are not UTF-8 are shown as \\xNN).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "formats.h"
#include "report.h"
#include "text.h"

static void label(struct buf *b, const char *name, const char *value, int first)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t n = strlen(value), i = 0;

	buf_printf(b, "%s%s=\"", first ? "" : ",", name);
	while (i < n) {
		unsigned char c = p[i];
		size_t k;
		if (c == '\\' || c == '"') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
			i++;
		} else if (c == '\n') {
			buf_puts(b, "\\n");
			i++;
		} else if (c < 0x20 || c == 0x7f || !(k = text_utf8_seq(p + i, n - i))) {
			buf_printf(b, "\\\\x%02x", c);
			i++;
		} else {
			buf_append(b, p + i, k);
			i += k;
		}
	}
	buf_putc(b, '"');
}

static void head(struct buf *b, const char *name, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

struct ctx {
	const char *policy, *vantage;
};

static void series(struct buf *b, const struct ctx *x, const char *name)
{
	buf_printf(b, "%s{", name);
	label(b, "policy", x->policy, 1);
	label(b, "run_vantage", x->vantage, 0);
}

static double epoch(const char *iso)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return end && !*end ? (double)timegm(&tm) : 0;
}

enum za_err render_metrics(const cJSON *doc, struct buf *out, char *err, size_t errlen)
{
	static const char *const verdicts[] = {"pass", "fail", "inconclusive", NULL};
	static const char *const statuses[] = {"pass", "fail", "error", "skipped", "waived", NULL};
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(doc, "run");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
	const cJSON *van = cJSON_GetObjectItemCaseSensitive(doc, "vantage");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(doc, "summary");
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
	struct ctx x = {report_str(pol, "name"), report_str(van, "name")};
	const char *v = report_str(doc, "verdict");

	if (!cJSON_IsArray(checks))
		checks = NULL;
	head(out, "zlh_audit_verdict", "The run's verdict: 1 for the verdict it reached, 0 for the others.");
	for (size_t i = 0; verdicts[i]; i++) {
		series(out, &x, "zlh_audit_verdict");
		label(out, "verdict", verdicts[i], 0);
		buf_printf(out, "} %d\n", strcmp(v, verdicts[i]) == 0);
	}
	head(out, "zlh_audit_checks", "Results of the run by status.");
	for (size_t i = 0; statuses[i]; i++) {
		series(out, &x, "zlh_audit_checks");
		label(out, "status", statuses[i], 0);
		buf_printf(out, "} %.0f\n", report_num(sum, statuses[i], 0));
	}
	head(out, "zlh_audit_check_status", "One series per result, labelled with its status.");
	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
		series(out, &x, "zlh_audit_check_status");
		label(out, "check", report_str(c, "id"), 0);
		label(out, "target", report_str(c, "target"), 0);
		label(out, "vantage", report_str(c, "vantage"), 0);
		label(out, "severity", report_str(c, "severity"), 0);
		label(out, "status", report_str(c, "status"), 0);
		buf_puts(out, "} 1\n");
	}
	head(out, "zlh_audit_check_failed", "1 when the result failed (at any severity), else 0.");
	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
		series(out, &x, "zlh_audit_check_failed");
		label(out, "check", report_str(c, "id"), 0);
		label(out, "target", report_str(c, "target"), 0);
		label(out, "vantage", report_str(c, "vantage"), 0);
		label(out, "severity", report_str(c, "severity"), 0);
		buf_printf(out, "} %d\n", strcmp(report_str(c, "status"), "fail") == 0);
	}
	head(out, "zlh_audit_findings", "Leaked-secret findings of the run.");
	series(out, &x, "zlh_audit_findings");
	buf_printf(out, "} %d\n", cJSON_IsArray(findings) ? cJSON_GetArraySize(findings) : 0);
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "waivers"))) {
		static const char *const states[] = {"used", "expired", "unused", NULL};
		const cJSON *wo = cJSON_GetObjectItemCaseSensitive(doc, "waivers");
		head(out, "zlh_audit_waivers", "Waivers of the waiver file by state (used, expired, unused).");
		for (size_t i = 0; states[i]; i++) {
			series(out, &x, "zlh_audit_waivers");
			label(out, "state", states[i], 0);
			buf_printf(out, "} %d\n", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(wo, states[i])));
		}
	}
	head(out, "zlh_audit_run_timestamp_seconds", "When the run started, in seconds since the epoch.");
	series(out, &x, "zlh_audit_run_timestamp_seconds");
	buf_printf(out, "} %.0f\n", epoch(report_str(run, "started_at")));
	head(out, "zlh_audit_run_duration_seconds", "How long the run took.");
	series(out, &x, "zlh_audit_run_duration_seconds");
	buf_printf(out, "} %.3f\n", report_num(run, "duration_ms", 0) / 1000.0);
	if (out->oom) {
		za_seterr(err, errlen, "out of memory rendering metrics");
		return ZA_ERR_NOMEM;
	}
	return ZA_OK;
}
