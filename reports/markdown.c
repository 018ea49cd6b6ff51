/*
 * markdown.c - the Markdown summary for CI job summaries ($GITHUB_STEP_SUMMARY,
 * GitLab): the verdict and counts first, then the top failures by severity
 * in a table, then errors; everything else (the rest of the failures,
 * waived, skipped, passed) folded in <details>. A row is a finding (check,
 * target; findings.h): in a merged report the vantages that judged it share
 * its row, each with its status; the row sits with the worst of them. Against a
 * baseline, new failures are marked and resolved ones listed. Every string
 * from the document goes through md_text().
 */
#include <stdio.h>
#include <string.h>

#include "checklist.h"
#include "findings.h"
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

/* One table row: "| a | b | c |", every cell escaped and cut at CELL_MAX. */
static void md_row(struct buf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_tag(b, i ? " | " : "| ");
		md_text(b, cells[i] ? cells[i] : "", CELL_MAX);
	}
	md_tag(b, " |\n");
}

/* Severity's place in sev_order; a spelling this version does not know
 * sorts as the worst (as the verdict counts it), never out of the table. */
static size_t sev_index(const char *sev)
{
	for (size_t i = 0; sev_order[i]; i++)
		if (strcmp(sev, sev_order[i]) == 0)
			return i;
	return 0;
}

/* A finding: its worst result, and the vantages of all. */
static void table_row(struct buf *b, const struct finding *f)
{
	const cJSON *c = f->g[0], *w = f->wres;

	md_tag(b, "| ");
	md_text(b, report_str(w, "severity"), CELL_MAX);
	md_tag(b, " | ");
	md_text(b, report_str(c, "id"), CELL_MAX);
	if (strcmp(report_str(w, "baseline"), "new") == 0)
		md_tag(b, " **NEW**");
	md_tag(b, " | ");
	md_text(b, report_str(c, "target"), CELL_MAX);
	md_tag(b, " | ");
	if (f->n == 1) {
		md_text(b, report_str(c, "vantage"), CELL_MAX);
	} else {
		for (size_t i = 0; i < f->n; i++) {
			md_text(b, i ? "; " : "", 0);
			md_textf(b, "%s: %s", report_str(f->g[i], "vantage"), report_str(f->g[i], "status"));
		}
	}
	md_tag(b, " | ");
	md_text(b, report_str(w, "message"), CELL_MAX);
	md_tag(b, " |\n");
}

/* Findings whose worst status is status, most severe first; skip the first
 * `from` and stop after `max` (0 = all). Returns how many there are in all. */
static size_t rows(struct buf *b, const struct findings *fs, const char *status, size_t from, size_t max)
{
	size_t seen = 0, shown = 0;
	int want = status_rank(status);

	for (size_t s = 0; sev_order[s]; s++)
		for (size_t i = 0; i < fs->n; i++) {
			if (fs->v[i].worst != want || sev_index(report_str(fs->v[i].wres, "severity")) != s)
				continue;
			if (seen++ < from || (max && shown >= max))
				continue;
			if (!shown)
				table_head(b);
			table_row(b, &fs->v[i]);
			shown++;
		}
	return seen;
}

static void folded(struct buf *b, const struct findings *fs, const char *status, const char *what, size_t from)
{
	size_t n = findings_count(fs, status_rank(status), 0);

	if (n <= from)
		return;
	md_tag(b, "\n<details><summary>");
	md_textf(b, "%zu %s", n - from, what);
	md_tag(b, "</summary>\n\n");
	rows(b, fs, status, from, 0);
	md_tag(b, "\n</details>\n");
}

/* Against a baseline: counts, and the resolved failures folded. */
static void trend(struct buf *b, const cJSON *doc, const cJSON *checks)
{
	const cJSON *bl = cJSON_GetObjectItemCaseSensitive(doc, "baseline");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(bl, "resolved");
	size_t fresh = 0, same = 0;
	int nres = cJSON_IsArray(res) ? cJSON_GetArraySize(res) : 0;

	if (!cJSON_IsObject(bl))
		return;
	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
		fresh += strcmp(report_str(c, "baseline"), "new") == 0;
		same += strcmp(report_str(c, "baseline"), "unchanged") == 0;
	}
	md_tag(b, "\n### Since the baseline\n\n");
	md_textf(b, "Against %s (run %s): %zu new failures (marked NEW below), %zu unchanged, %.0f resolved",
	         report_str(bl, "file"), report_str(bl, "run"), fresh, same,
	         nres + report_num(bl, "resolved_not_listed", 0));
	md_tag(b, ".\n");
	if (nres) {
		md_tag(b, "\n<details><summary>resolved</summary>\n\n| check | target |\n|---|---|\n");
		for (const cJSON *r = res->child; r; r = r->next) {
			const char *cells[] = {report_str(r, "check"), report_str(r, "target")};
			md_row(b, cells, 2);
		}
		md_tag(b, "\n</details>\n");
	}
}

/* A merged report's runs, folded. */
static void runs(struct buf *b, const cJSON *doc)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(doc, "runs");

	if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) == 0)
		return;
	md_tag(b, "\n<details><summary>");
	md_textf(b, "%d merged runs", cJSON_GetArraySize(r));
	md_tag(b, "</summary>\n\n| vantage | role | kind | source addresses | policy | started | duration | verdict "
	          "|\n|---|---|---|---|---|---|---|---|\n");
	for (const cJSON *x = r->child; x; x = x->next) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(x, "vantage");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(x, "policy");
		const cJSON *sa = cJSON_GetObjectItemCaseSensitive(v, "source_addresses");
		char addrs[256] = "", pol[160], dur[32];
		for (const cJSON *a = cJSON_IsArray(sa) ? sa->child : NULL; a; a = a->next)
			snprintf(addrs + strlen(addrs), sizeof(addrs) - strlen(addrs), "%s%s", *addrs ? ", " : "",
			         cJSON_IsString(a) ? a->valuestring : "");
		snprintf(pol, sizeof(pol), "%.70s v%.70s", report_str(p, "name"), report_str(p, "version"));
		snprintf(dur, sizeof(dur), "%.0f ms", report_num(x, "duration_ms", 0));
		{
			const char *cells[] = {report_str(v, "name"),
			                       report_str(v, "role"),
			                       report_str(v, "kind"),
			                       addrs,
			                       pol,
			                       report_str(x, "started_at"),
			                       dur,
			                       report_str(x, "verdict")};
			md_row(b, cells, 8);
		}
	}
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
			char count[32];
			snprintf(count, sizeof(count), "%.0f", report_num(w, "results", 0));
			{
				const char *cells[] = {kinds[k],
				                       report_str(w, "check"),
				                       report_str(w, "target"),
				                       count,
				                       report_str(w, "approved_by"),
				                       report_str(w, "expires"),
				                       report_str(w, "justification")};
				md_row(b, cells, 7);
			}
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
	struct findings fs;

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
		md_tag(out,
		       "\nSome checks could not see (errors), or this is one shard of a scan: this is not a pass.\n");
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(run, "shard"))) {
		const cJSON *sh = cJSON_GetObjectItemCaseSensitive(run, "shard");
		md_tag(out, "\n**Partial:** ");
		md_textf(out,
		         "shard %ld of %ld of a sharded scan: it judged only its part of the endpoints; the launch "
		         "decision "
		         "is the merge of all %ld shards (zlh-audit merge).",
		         report_long(sh, "index", 0), report_long(sh, "count", 0), report_long(sh, "count", 0));
		md_tag(out, "\n");
	}

	runs(out, doc);
	checklist_md(out, doc);
	trend(out, doc, checks);
	if (findings_group(checks, &fs) != 0) {
		za_seterr(err, errlen, "out of memory rendering Markdown");
		return ZA_ERR_NOMEM;
	}
	nfail = findings_count(&fs, status_rank("fail"), 0);
	if (nfail) {
		md_tag(out, "\n### Failures\n\n");
		rows(out, &fs, "fail", 0, TOP);
		folded(out, &fs, "fail", "more failures", TOP);
	}
	if (findings_count(&fs, status_rank("error"), 0)) {
		md_tag(out, "\n### Could not decide (errors)\n\n");
		rows(out, &fs, "error", 0, 0);
	}
	folded(out, &fs, "waived", "waived", 0);
	waivers(out, doc);
	folded(out, &fs, "skipped", "skipped", 0);
	folded(out, &fs, "pass", "passed", 0);
	findings_free(&fs);
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
