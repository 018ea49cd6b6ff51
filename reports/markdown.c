/*
 * markdown.c - the Markdown summary for CI job summaries ($GITHUB_STEP_SUMMARY,
 * GitLab): the verdict and counts first, then the top failures by severity
 * in a table, then errors; everything else (the rest of the failures,
 * waived, skipped, passed) folded in <details>. Every string from the
 * document goes through md_text().
 */
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "mdw.h"
#include "report.h"
#include "severity.h"

#define TOP      10  /* failures shown unfolded */
#define CELL_MAX 200 /* bytes of a message in a table cell */

static const char *const sev_order[] = {"critical", "high", "medium", "low", "info", NULL};

static void table_head(struct buf *b)
{
	md_tag(b, "| severity | check | target | vantage | message |\n|---|---|---|---|---|\n");
}

static void table_row(struct buf *b, const cJSON *c)
{
	md_tag(b, "| ");
	md_text(b, report_str(c, "severity"), 0);
	md_tag(b, " | ");
	md_text(b, report_str(c, "id"), 0);
	md_tag(b, " | ");
	md_text(b, report_str(c, "target"), CELL_MAX);
	md_tag(b, " | ");
	md_text(b, report_str(c, "vantage"), CELL_MAX);
	md_tag(b, " | ");
	md_text(b, report_str(c, "message"), CELL_MAX);
	md_tag(b, " |\n");
}

/* Rows of one status, most severe first; skip the first `from` of them and
 * stop after `max` (0 = all). Returns how many there are in all. */
static size_t rows(struct buf *b, const cJSON *checks, const char *status, size_t from, size_t max)
{
	size_t seen = 0, shown = 0;

	for (size_t s = 0; sev_order[s]; s++)
		for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
			if (strcmp(report_str(c, "status"), status) != 0 ||
			    strcmp(report_str(c, "severity"), sev_order[s]) != 0)
				continue;
			if (seen++ < from || (max && shown >= max))
				continue;
			if (!shown)
				table_head(b);
			table_row(b, c);
			shown++;
		}
	return seen;
}

static size_t count_status(const cJSON *checks, const char *status)
{
	size_t n = 0;

	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next)
		n += strcmp(report_str(c, "status"), status) == 0;
	return n;
}

static void folded(struct buf *b, const cJSON *checks, const char *status, const char *what, size_t from)
{
	size_t n = count_status(checks, status);

	if (n <= from)
		return;
	md_tag(b, "\n<details><summary>");
	md_textf(b, "%zu %s", n - from, what);
	md_tag(b, "</summary>\n\n");
	rows(b, checks, status, from, 0);
	md_tag(b, "\n</details>\n");
}

/* The waiver file's used, expired and unused waivers, folded. */
static void waivers(struct buf *b, const cJSON *doc)
{
	static const char *const kinds[] = {"used", "expired", "unused", NULL};
	const cJSON *wo = cJSON_GetObjectItemCaseSensitive(doc, "waivers");
	size_t n[3] = {0, 0, 0};

	if (!cJSON_IsObject(wo))
		return;
	for (size_t k = 0; kinds[k]; k++)
		n[k] = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(wo, kinds[k]));
	md_tag(b, "\n<details><summary>");
	md_textf(b, "Waivers: %zu used, %zu expired (changing nothing), %zu matching nothing", n[0], n[1], n[2]);
	md_tag(b, "</summary>\n\n| state | check | target | results | approved by | expires | justification "
	          "|\n|---|---|---|---|---|---|---|\n");
	for (size_t k = 0; kinds[k]; k++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(wo, kinds[k]);
		for (const cJSON *w = cJSON_IsArray(a) ? a->child : NULL; w; w = w->next) {
			md_tag(b, "| ");
			md_text(b, kinds[k], 0);
			md_tag(b, " | ");
			md_text(b, report_str(w, "check"), 0);
			md_tag(b, " | ");
			md_text(b, report_str(w, "target"), CELL_MAX);
			md_tag(b, " | ");
			md_textf(b, "%.0f", report_num(w, "results", 0));
			md_tag(b, " | ");
			md_text(b, report_str(w, "approved_by"), CELL_MAX);
			md_tag(b, " | ");
			md_text(b, report_str(w, "expires"), 0);
			md_tag(b, " | ");
			md_text(b, report_str(w, "justification"), CELL_MAX);
			md_tag(b, " |\n");
		}
	}
	md_tag(b, "\n</details>\n");
}

enum za_err render_markdown(const cJSON *doc, struct buf *out, char *err, size_t errlen)
{
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(doc, "summary");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
	const cJSON *van = cJSON_GetObjectItemCaseSensitive(doc, "vantage");
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(doc, "run");
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
	const char *v = report_str(doc, "verdict");
	size_t nfail;

	if (!cJSON_IsArray(checks))
		checks = NULL;
	md_tag(out, "## zlh-audit launch report: ");
	md_tag(out, strcmp(v, "pass") == 0 ? "PASS" : strcmp(v, "fail") == 0 ? "FAIL" : "INCONCLUSIVE");
	md_tag(out, "\n\n");
	md_textf(out, "%.0f checks: %.0f pass, %.0f fail, %.0f error, %.0f skipped, %.0f waived",
	         report_num(sum, "total", 0), report_num(sum, "pass", 0), report_num(sum, "fail", 0),
	         report_num(sum, "error", 0), report_num(sum, "skipped", 0), report_num(sum, "waived", 0));
	md_tag(out, ". Policy ");
	md_textf(out, "%s v%s (profile %s)", report_str(pol, "name"), report_str(pol, "version"),
	         report_str(pol, "profile"));
	md_tag(out, ", vantage ");
	md_textf(out, "%s (%s)", report_str(van, "name"), report_str(van, "role"));
	md_tag(out, ", run ");
	md_text(out, report_str(run, "id"), 0);
	md_tag(out, ".\n");
	if (strcmp(v, "inconclusive") == 0)
		md_tag(out, "\nSome checks could not see (errors): this is not a pass.\n");

	nfail = count_status(checks, "fail");
	if (nfail) {
		md_tag(out, "\n### Failures\n\n");
		rows(out, checks, "fail", 0, TOP);
		folded(out, checks, "fail", "more failures", TOP);
	}
	if (count_status(checks, "error")) {
		md_tag(out, "\n### Could not decide (errors)\n\n");
		rows(out, checks, "error", 0, 0);
	}
	folded(out, checks, "waived", "waived", 0);
	waivers(out, doc);
	folded(out, checks, "skipped", "skipped", 0);
	folded(out, checks, "pass", "passed", 0);
	if (cJSON_IsArray(findings) && cJSON_GetArraySize(findings) > 0) {
		md_tag(out, "\n");
		md_textf(out,
		         "%d leaked-secret findings (by fingerprint; values are never shown) are in the JSON and HTML "
		         "reports",
		         cJSON_GetArraySize(findings));
		md_tag(out, ".\n");
	}
	if (out->oom) {
		za_seterr(err, errlen, "out of memory rendering Markdown");
		return ZA_ERR_NOMEM;
	}
	return ZA_OK;
}
