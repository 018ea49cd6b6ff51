/*
 * html.c - the HTML launch report: one self-contained file, no scripts, no
 * external assets, a strict Content-Security-Policy, readable with CSS blocked
 * (plain headings, tables and lists). Order: the verdict in words with counts,
 * the contract checklist, run metadata (a merged report: a table of its
 * runs), failures first (by severity) with evidence and remediation, then
 * errors, waived, skipped with reasons, and passes folded in <details>.
 * One card per finding, a (check, target): the results of every vantage that
 * judged it are rows of that card (a merged report), the card in the section
 * of the worst of them. Every string from the document goes through hw_text().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "checks.h"
#include "findings.h"
#include "formats.h"
#include "htmlw.h"
#include "report.h"
#include "severity.h"

static const char style[] =
        "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1b1b1b}"
        "h1{font-size:1.6em}.verdict{padding:1em;border-radius:6px;font-size:1.2em;font-weight:600}"
        ".v-pass{background:#dff3e4;border:2px solid #1a7f37}.v-fail{background:#fde2e1;border:2px solid #cf222e}"
        ".v-inconclusive{background:#fff4d6;border:2px solid #9a6700}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .6em;"
        "text-align:left;vertical-align:top}th{background:#f3f3f3}"
        ".card{border:1px solid #ccc;border-left:6px solid #888;border-radius:4px;padding:.6em 1em;margin:.8em 0}"
        ".s-fail{border-left-color:#cf222e}.s-error{border-left-color:#9a6700}.s-waived{border-left-color:#6e7781}"
        ".sev{font-weight:700;text-transform:uppercase;font-size:.85em}.sev-critical{color:#a40e26}"
        ".sev-high{color:#cf222e}.sev-medium{color:#9a6700}.sev-low,.sev-info{color:#57606a}"
        "code,.mono{font-family:ui-monospace,monospace;word-break:break-all}"
        ".muted{color:#57606a}details{margin:.5em 0}"
        ".filters{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #ccc}"
        ".filters:has(#show-fail:checked)~.blk:not(.b-fail),.filters:has(#show-error:checked)~.blk:not(.b-error),"
        ".filters:has(#show-waived:checked)~.blk:not(.b-waived),"
        ".filters:has(#show-skipped:checked)~.blk:not(.b-skipped),"
        ".filters:has(#show-pass:checked)~.blk:not(.b-pass){display:none}"
        "td{overflow-wrap:anywhere}"
        ".c-pass{color:#1a7f37;font-weight:600}.c-fail{color:#cf222e;font-weight:700}"
        ".c-undecided{color:#9a6700;font-weight:600}.c-waived{color:#6e7781;font-weight:600}"
        ".c-not-checked{color:#57606a}.trend{font-weight:700;color:#cf222e}.checklist "
        "td:first-child{white-space:nowrap}";

static int sev_rank(const char *s)
{
	int r = severity_parse(s);
	return r < 0 ? ZA_SEV_CRITICAL : r; /* unknown spellings sort as the worst */
}

static const char *sev_class(const char *s)
{
	switch (severity_parse(s)) {
	case ZA_SEV_CRITICAL: return "sev sev-critical";
	case ZA_SEV_HIGH: return "sev sev-high";
	case ZA_SEV_MEDIUM: return "sev sev-medium";
	case ZA_SEV_LOW: return "sev sev-low";
	default: return "sev sev-info";
	}
}

static void row(struct buf *b, const char *k, const char *v)
{
	hw_tag(b, "<tr><th scope=\"row\">");
	hw_text(b, k);
	hw_tag(b, "</th><td class=\"mono\">");
	hw_text(b, v);
	hw_tag(b, "</td></tr>\n");
}

/* The evidence list of one result. */
static void evidence(struct buf *b, const cJSON *c)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(c, "evidence");

	if (!cJSON_IsArray(ev) || cJSON_GetArraySize(ev) == 0)
		return;
	hw_tag(b, "<ul>\n");
	for (const cJSON *e = ev->child; e; e = e->next) {
		hw_tag(b, "<li><span class=\"muted\">[");
		hw_text(b, report_str(e, "kind"));
		hw_tag(b, "]</span> <span class=\"mono\">");
		hw_text(b, report_str(e, "detail"));
		hw_tag(b, "</span></li>\n");
	}
	if (report_long(c, "evidence_dropped", 0) > 0) {
		char more[96];
		snprintf(more, sizeof(more), "%ld more evidence items past the cap were counted, not kept",
		         report_long(c, "evidence_dropped", 0));
		hw_tag(b, "<li class=\"muted\">");
		hw_text(b, more);
		hw_tag(b, "</li>\n");
	}
	hw_tag(b, "</ul>\n");
}

static void waiver_line(struct buf *b, const cJSON *c)
{
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(c, "waiver");

	if (!cJSON_IsObject(w))
		return;
	hw_tag(b, "<p><strong>Waived</strong> (the result was ");
	hw_text(b, report_str(w, "raw_status"));
	hw_tag(b, "): ");
	hw_text(b, report_str(w, "justification"));
	hw_tag(b, " &mdash; approved by ");
	hw_text(b, report_str(w, "approved_by"));
	hw_tag(b, ", expires ");
	hw_text(b, report_str(w, "expires"));
	hw_tag(b, "</p>\n");
}

/* When the run of vantage name started (a merged report's runs[]), or "". */
static const char *seen_at(const cJSON *doc, const char *vantage)
{
	const cJSON *runs = cJSON_GetObjectItemCaseSensitive(doc, "runs");
	const char *at = "";

	int n = 0;

	/* a merge holds at most ZA_MAX_MERGE_RUNS runs: a saved report with more is not read further */
	for (const cJSON *r = cJSON_IsArray(runs) ? runs->child : NULL; r && n < ZA_MAX_MERGE_RUNS; r = r->next, n++)
		if (strcmp(report_str(cJSON_GetObjectItemCaseSensitive(r, "vantage"), "name"), vantage) == 0)
			at = report_str(r, "started_at"); /* runs[] is in start order: the latest wins */
	return at;
}

/* A finding's trend against the baseline, in words, or NULL. */
static const char *trend(const cJSON *c)
{
	const char *t = report_str(c, "baseline");

	return strcmp(t, "new") == 0         ? "NEW since the baseline"
	       : strcmp(t, "unchanged") == 0 ? "unchanged since the baseline"
	                                     : NULL;
}

/* The card of one finding: results g[0..n) share check and target. */
static void card(struct buf *b, const cJSON *doc, const cJSON *const *g, size_t n, const cJSON *w, const char *cls)
{
	const cJSON *c = g[0];
	char anchor[CHECKLIST_ANCHOR_LEN];

	checklist_result_anchor(c, anchor);
	hw_tag(b, "<section class=\"");
	hw_tag(b, cls);
	hw_tag(b, "\" id=\"");
	hw_text(b, anchor);
	hw_tag(b, "\"><h3><span class=\"");
	hw_tag(b, sev_class(report_str(w, "severity")));
	hw_tag(b, "\">");
	hw_text(b, report_str(w, "severity"));
	hw_tag(b, "</span> <code>");
	hw_text(b, report_str(c, "id"));
	hw_tag(b, "</code> on <code>");
	hw_text(b, report_str(c, "target"));
	hw_tag(b, "</code></h3>\n<p><strong>");
	hw_text(b, report_str(c, "title"));
	hw_tag(b, "</strong>");
	for (size_t i = 0; i < n; i++)
		if (trend(g[i])) {
			hw_tag(b, " <span class=\"trend\">");
			hw_text(b, trend(g[i]));
			hw_tag(b, "</span>");
			break;
		}
	hw_tag(b, "</p>\n");
	if (n == 1) {
		hw_tag(b, "<p>");
		hw_text(b, report_str(c, "message"));
		hw_tag(b, "</p>\n");
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "evidence")) > 0)
			hw_tag(b, "<p>Evidence:</p>");
		evidence(b, c);
		waiver_line(b, c);
	} else {
		hw_tag(b,
		       "<table class=\"seen\"><thead><tr><th>Vantage</th><th>Status</th><th>Seen</th><th>Message and "
		       "evidence</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			char dur[48];
			snprintf(dur, sizeof(dur), " (%.0f ms)", report_num(g[i], "duration_ms", 0));
			hw_tag(b, "<tr><td class=\"mono\">");
			hw_text(b, report_str(g[i], "vantage"));
			hw_tag(b, "</td><td>");
			hw_text(b, report_str(g[i], "status"));
			hw_tag(b, "</td><td class=\"mono\">");
			hw_text(b, seen_at(doc, report_str(g[i], "vantage")));
			hw_text(b, dur);
			hw_tag(b, "</td><td>");
			hw_text(b, report_str(g[i], "message"));
			evidence(b, g[i]);
			waiver_line(b, g[i]);
			hw_tag(b, "</td></tr>\n");
		}
		hw_tag(b, "</tbody></table>\n");
	}
	if (*report_str(c, "remediation")) {
		hw_tag(b, "<p><strong>Remediation:</strong> ");
		hw_text(b, report_str(c, "remediation"));
		hw_tag(b, "</p>\n");
	}
	hw_tag(b, "<p class=\"muted\">Contract: ");
	hw_text(b, report_str(c, "contract"));
	if (n == 1) {
		hw_tag(b, " &middot; vantage ");
		hw_text(b, report_str(c, "vantage"));
	}
	hw_tag(b, "</p></section>\n");
}

/* A row of the addresses of a string array, comma-separated. */
static void addr_row(struct buf *b, const char *k, const cJSON *addrs)
{
	struct buf a;

	buf_init(&a, 4096);
	for (const cJSON *x = cJSON_IsArray(addrs) ? addrs->child : NULL; x; x = x->next)
		if (cJSON_IsString(x))
			buf_printf(&a, "%s%s", a.len ? ", " : "", x->valuestring);
	row(b, k, buf_str(&a));
	buf_free(&a);
}

/* A merged report's runs, a row each (name, role, kind, addresses, policy, start, duration, verdict). */
static void runs_table(struct buf *b, const cJSON *doc)
{
	const cJSON *runs = cJSON_GetObjectItemCaseSensitive(doc, "runs");

	if (!cJSON_IsArray(runs) || cJSON_GetArraySize(runs) == 0)
		return;
	hw_tag(b,
	       "<h3>Merged "
	       "runs</h3>\n<table><thead><tr><th>Run</th><th>Vantage</th><th>Role</th><th>Kind</th><th>Source "
	       "addresses</th><th>Policy</th><th>Started</th><th>Duration</th><th>Verdict</th></tr></thead><tbody>\n");
	for (const cJSON *r = runs->child; r; r = r->next) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "vantage");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(r, "policy");
		const cJSON *sa = cJSON_GetObjectItemCaseSensitive(v, "source_addresses");
		const cJSON *sh = cJSON_GetObjectItemCaseSensitive(r, "shard");
		hw_tag(b, "<tr><td class=\"mono\">");
		hw_text(b, report_str(r, "file"));
		hw_tag(b, "<br>");
		hw_text(b, report_str(r, "id"));
		hw_tag(b, "</td>");
		hw_elem(b, "td", NULL, report_str(v, "name"));
		hw_elem(b, "td", NULL, report_str(v, "role"));
		hw_elem(b, "td", NULL, report_str(v, "kind"));
		hw_tag(b, "<td class=\"mono\">");
		for (const cJSON *x = cJSON_IsArray(sa) ? sa->child : NULL; x; x = x->next)
			hw_textf(b, "%s%s", x == sa->child ? "" : ", ", cJSON_IsString(x) ? x->valuestring : "");
		hw_tag(b, "</td><td>");
		hw_textf(b, "%s v%s", report_str(p, "name"), report_str(p, "version"));
		if (cJSON_IsObject(sh))
			hw_textf(b, " (shard %ld of %ld)", report_long(sh, "index", 0), report_long(sh, "count", 0));
		hw_tag(b, "<br>");
		hw_elem(b, "span", "mono muted", report_str(p, "sha256"));
		hw_tag(b, "</td>");
		hw_elem(b, "td", "mono", report_str(r, "started_at"));
		hw_tag(b, "<td>");
		hw_textf(b, "%.0f ms", report_num(r, "duration_ms", 0));
		hw_tag(b, "</td>");
		hw_elem(b, "td", NULL, report_str(r, "verdict"));
		hw_tag(b, "</tr>\n");
	}
	hw_tag(b, "</tbody></table>\n");
}

/* Against a baseline (scan --baseline): what is new, unchanged and resolved. */
static void trend_section(struct buf *b, const cJSON *doc)
{
	const cJSON *bl = cJSON_GetObjectItemCaseSensitive(doc, "baseline");
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(bl, "resolved");
	size_t fresh = 0, same = 0;

	if (!cJSON_IsObject(bl))
		return;
	for (const cJSON *c = cJSON_IsArray(checks) ? checks->child : NULL; c; c = c->next) {
		fresh += strcmp(report_str(c, "baseline"), "new") == 0;
		same += strcmp(report_str(c, "baseline"), "unchanged") == 0;
	}
	hw_tag(b, "<h2 id=\"trend\">Since the baseline</h2>\n<p>");
	hw_textf(b, "Against %s (run %s): %zu new failure%s, %zu unchanged, %.0f resolved.", report_str(bl, "file"),
	         report_str(bl, "run"), fresh, fresh == 1 ? "" : "s", same,
	         (cJSON_IsArray(res) ? cJSON_GetArraySize(res) : 0) + report_num(bl, "resolved_not_listed", 0));
	hw_tag(b, "</p>\n<table><thead><tr><th>Trend</th><th>Check</th><th>Target</th></tr></thead><tbody>\n");
	for (int pass = 0; pass < 2; pass++)
		for (const cJSON *c = cJSON_IsArray(checks) ? checks->child : NULL; c; c = c->next) {
			char anchor[CHECKLIST_ANCHOR_LEN];
			if (strcmp(report_str(c, "baseline"), pass ? "unchanged" : "new") != 0)
				continue;
			checklist_result_anchor(c, anchor);
			hw_tag(b, "<tr><td>");
			hw_text(b, pass ? "unchanged" : "NEW");
			hw_tag(b, "</td><td><a href=\"#");
			hw_text(b, anchor);
			hw_tag(b, "\"><code>");
			hw_text(b, report_str(c, "id"));
			hw_tag(b, "</code></a></td><td class=\"mono\">");
			hw_text(b, report_str(c, "target"));
			hw_tag(b, "</td></tr>\n");
		}
	for (const cJSON *r = cJSON_IsArray(res) ? res->child : NULL; r; r = r->next) {
		hw_tag(b, "<tr><td>resolved</td><td><code>");
		hw_text(b, report_str(r, "check"));
		hw_tag(b, "</code></td><td class=\"mono\">");
		hw_text(b, report_str(r, "target"));
		hw_tag(b, "</td></tr>\n");
	}
	hw_tag(b, "</tbody></table>\n");
	if (report_long(bl, "resolved_not_listed", 0) > 0)
		hw_textf(b, "%ld more resolved failures are not listed.", report_long(bl, "resolved_not_listed", 0));
}

/* The waiver file: used, expired (listed, changing nothing) and unused. */
static void waivers_table(struct buf *b, const cJSON *doc)
{
	static const char *const kinds[][2] = {
	        {"used", "used"}, {"expired", "EXPIRED: changes nothing"}, {"unused", "matched nothing"}};
	const cJSON *wo = cJSON_GetObjectItemCaseSensitive(doc, "waivers");

	if (!cJSON_IsObject(wo))
		return;
	hw_tag(b, "<h2>Waivers</h2>\n<p class=\"muted\">");
	hw_textf(b, "%s (sha256 %s), evaluated on %s", report_str(wo, "file"), report_str(wo, "sha256"),
	         report_str(wo, "today"));
	hw_tag(b, "</p>\n<table><thead><tr><th>State</th><th>Check</th><th>Target</th><th>Results</th><th>Approved "
	          "by</th><th>Expires</th><th>Justification</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(wo, kinds[k][0]);
		for (const cJSON *w = cJSON_IsArray(a) ? a->child : NULL; w; w = w->next) {
			char n[32];
			snprintf(n, sizeof(n), "%.0f", report_num(w, "results", 0));
			hw_tag(b, "<tr><td>");
			hw_text(b, kinds[k][1]);
			hw_tag(b, "</td><td class=\"mono\">");
			hw_text(b, report_str(w, "check"));
			hw_tag(b, "</td><td class=\"mono\">");
			hw_text(b, report_str(w, "target"));
			hw_tag(b, "</td><td>");
			hw_text(b, n);
			hw_tag(b, "</td><td>");
			hw_text(b, report_str(w, "approved_by"));
			hw_tag(b, "</td><td>");
			hw_text(b, report_str(w, "expires"));
			hw_tag(b, "</td><td>");
			hw_text(b, report_str(w, "justification"));
			hw_tag(b, "</td></tr>\n");
		}
	}
	hw_tag(b, "</tbody></table>\n");
}

/* Cards for the findings whose worst status is status, by severity, worst first. */
static size_t section(struct buf *b, const cJSON *doc, const struct findings *fs, const char *status,
                      const char *heading, const char *cls)
{
	const struct finding *f = fs->v;
	size_t nf = fs->n;
	int want = status_rank(status);
	size_t n = findings_count(fs, want, 0);

	if (!n)
		return 0;
	hw_tag(b, "<h2>");
	hw_textf(b, "%s (%zu)", heading, n);
	hw_tag(b, "</h2>\n");
	for (int sev = ZA_SEV_CRITICAL; sev >= ZA_SEV_INFO; sev--)
		for (size_t i = 0; i < nf; i++)
			if (f[i].worst == want && sev_rank(report_str(f[i].wres, "severity")) == sev)
				card(b, doc, f[i].g, f[i].n, f[i].wres, cls);
	return n;
}

/* One result as a table row: id, target, the field named third, message;
 * with its anchor when the row is where links to it land. */
static void result_row(struct buf *b, const cJSON *c, const char *third, int anchored)
{
	char anchor[CHECKLIST_ANCHOR_LEN];

	if (anchored) {
		checklist_result_anchor(c, anchor);
		hw_tag(b, "<tr id=\"");
		hw_text(b, anchor);
		hw_tag(b, "\">");
	} else {
		hw_tag(b, "<tr>");
	}
	hw_tag(b, "<td><code>");
	hw_text(b, report_str(c, "id"));
	hw_tag(b, "</code></td><td class=\"mono\">");
	hw_text(b, report_str(c, "target"));
	hw_tag(b, "</td><td>");
	hw_text(b, report_str(c, third));
	hw_tag(b, "</td><td>");
	hw_text(b, report_str(c, "vantage"));
	hw_tag(b, "</td><td>");
	hw_text(b, report_str(c, "message"));
	hw_tag(b, "</td></tr>\n");
}

/* The results of the findings whose worst status is status, a row each. */
static void brief_table(struct buf *b, const struct findings *fs, const char *status, const char *heading, int folded)
{
	const struct finding *f = fs->v;
	size_t nf = fs->n;
	int want = status_rank(status);
	size_t n = findings_count(fs, want, 1);

	if (!n)
		return;
	if (folded) {
		hw_tag(b, "<details><summary><h2 style=\"display:inline\">");
		hw_textf(b, "%s (%zu)", heading, n);
		hw_tag(b, "</h2></summary>\n");
	} else {
		hw_tag(b, "<h2>");
		hw_textf(b, "%s (%zu)", heading, n);
		hw_tag(b, "</h2>\n");
	}
	hw_tag(b, "<table><thead><tr><th>Check</th><th>Target</th><th>Severity</th><th>Vantage</th><th>Message</th>"
	          "</tr></thead><tbody>\n");
	for (size_t i = 0; i < nf; i++)
		for (size_t k = 0; f[i].worst == want && k < f[i].n; k++)
			result_row(b, f[i].g[k], "severity", k == 0);
	hw_tag(b, "</tbody></table>\n");
	if (folded)
		hw_tag(b, "</details>\n");
}

/* The launch-readiness checks (catalogue family "readiness"), all statuses,
 * as their own section: is the monitoring ready to debug a launch. Nothing
 * when the run has none. */
static void readiness_table(struct buf *b, const cJSON *checks)
{
	size_t n = 0;

	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
		const struct check_def *d = checks_find(report_str(c, "id"));
		n += d && strcmp(d->family, "readiness") == 0;
	}
	if (!n)
		return;
	hw_tag(b, "<h2>");
	hw_textf(b, "Launch readiness (%zu)", n);
	hw_tag(b,
	       "</h2>\n<table><thead><tr><th>Check</th><th>Target</th><th>Status</th><th>Vantage</th><th>Message</th>"
	       "</tr></thead><tbody>\n");
	for (const cJSON *c = checks->child; c; c = c->next) {
		const struct check_def *d = checks_find(report_str(c, "id"));
		if (!d || strcmp(d->family, "readiness") != 0)
			continue;
		result_row(b, c, "status", 0);
	}
	hw_tag(b, "</tbody></table>\n");
}

static void verdict_banner(struct buf *b, const cJSON *doc)
{
	const char *v = report_str(doc, "verdict");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(doc, "summary");
	const cJSON *fbs = cJSON_GetObjectItemCaseSensitive(sum, "fail_by_severity");
	long total = report_long(sum, "total", 0), fail = report_long(sum, "fail", 0);
	long err = report_long(sum, "error", 0), pass = report_long(sum, "pass", 0);
	long skip = report_long(sum, "skipped", 0), waived = report_long(sum, "waived", 0);

	if (strcmp(v, "pass") == 0) {
		hw_tag(b, "<p class=\"verdict v-pass\">");
		hw_textf(b, "PASS: every applicable check passed (%ld of %ld; %ld skipped, %ld waived).", pass, total,
		         skip, waived);
	} else if (strcmp(v, "fail") == 0) {
		hw_tag(b, "<p class=\"verdict v-fail\">");
		hw_textf(b,
		         "FAIL: the monitoring stack does not keep its security contract. %ld check%s failed "
		         "(%ld critical, %ld high, %ld medium, %ld low, %ld info)",
		         fail, fail == 1 ? "" : "s", report_long(fbs, "critical", 0), report_long(fbs, "high", 0),
		         report_long(fbs, "medium", 0), report_long(fbs, "low", 0), report_long(fbs, "info", 0));
		if (err)
			hw_textf(b, "; %ld more could not decide", err);
		hw_text(b, ".");
	} else {
		hw_tag(b, "<p class=\"verdict v-inconclusive\">");
		hw_textf(b,
		         "INCONCLUSIVE: no check failed at the gate, but %ld check%s could not see (errors). This is "
		         "not a pass.",
		         err, err == 1 ? "" : "s");
	}
	hw_tag(b, "</p>\n");
	{
		const cJSON *sh =
		        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "run"), "shard");
		if (cJSON_IsObject(sh)) {
			hw_tag(b, "<p class=\"verdict v-inconclusive\">");
			hw_textf(b,
			         "PARTIAL: this is shard %ld of %ld of a sharded scan. It judged only its part of the "
			         "endpoints; the launch decision is the merge of all %ld shards (zlh-audit merge).",
			         report_long(sh, "index", 0), report_long(sh, "count", 0), report_long(sh, "count", 0));
			hw_tag(b, "</p>\n");
		}
	}
	hw_tag(b, "<table><tr><th>total</th><th>pass</th><th>fail</th><th>error</th><th>skipped</th>"
	          "<th>waived</th></tr><tr>");
	{
		const long counts[] = {total, pass, fail, err, skip, waived};
		for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			hw_tag(b, "<td>");
			hw_textf(b, "%ld", counts[i]);
			hw_tag(b, "</td>");
		}
	}
	hw_tag(b, "</tr></table>\n");
}

enum za_err render_html(const cJSON *doc, struct buf *out, char *err, size_t errlen)
{
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(doc, "run");
	const cJSON *van = cJSON_GetObjectItemCaseSensitive(doc, "vantage");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
	const cJSON *tool = cJSON_GetObjectItemCaseSensitive(doc, "tool");
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *findings = cJSON_GetObjectItemCaseSensitive(doc, "findings");
	const cJSON *addrs = cJSON_GetObjectItemCaseSensitive(van, "source_addresses");
	struct findings fd;
	char dur[32];

	if (!cJSON_IsArray(checks))
		checks = NULL;
	if (findings_group(checks, &fd) != 0) {
		za_seterr(err, errlen, "out of memory rendering HTML");
		return ZA_ERR_NOMEM;
	}
	hw_tag(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
	            "'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	hw_textf(out, "zlh-audit launch report: %s (%s)", report_str(doc, "verdict"), report_str(pol, "name"));
	hw_tag(out, "</title>\n<style>");
	hw_tag(out, style);
	hw_tag(out, "</style></head>\n<body>\n<h1>ZeroLagHub monitoring launch report</h1>\n");
	verdict_banner(out, doc);
	checklist_html(out, doc);

	hw_tag(out, "<h2>Run</h2>\n<table>\n");
	row(out, "Vantage", report_str(van, "name"));
	row(out, "Role", report_str(van, "role"));
	row(out, "Kind", report_str(van, "kind"));
	row(out, "Host name", report_str(van, "hostname"));
	addr_row(out, "Source addresses", addrs);
	row(out, "Policy", report_str(pol, "name"));
	row(out, "Policy version", report_str(pol, "version"));
	row(out, "Profile", report_str(pol, "profile"));
	row(out, "Policy sha256", report_str(pol, "sha256"));
	row(out, "Gate severity", report_str(pol, "gate_severity"));
	row(out, "Tool", report_str(tool, "name"));
	row(out, "Tool version", report_str(tool, "version"));
	row(out, "Run id", report_str(run, "id"));
	row(out, "Started", report_str(run, "started_at"));
	row(out, "Finished", report_str(run, "finished_at"));
	snprintf(dur, sizeof(dur), "%.0f ms", report_num(run, "duration_ms", 0));
	row(out, "Duration", dur);
	hw_tag(out, "</table>\n");
	runs_table(out, doc);
	trend_section(out, doc);
	readiness_table(out, checks);

	/* status filters: radio buttons and CSS only, so they work with scripts
	 * blocked; with CSS blocked every block simply shows */
	hw_tag(out,
	       "<div class=\"results\">\n<p class=\"filters\">Show: "
	       "<input type=\"radio\" name=\"show\" id=\"show-all\" checked><label for=\"show-all\">all</label> "
	       "<input type=\"radio\" name=\"show\" id=\"show-fail\"><label for=\"show-fail\">failures</label> "
	       "<input type=\"radio\" name=\"show\" id=\"show-error\"><label for=\"show-error\">errors</label> "
	       "<input type=\"radio\" name=\"show\" id=\"show-waived\"><label for=\"show-waived\">waived</label> "
	       "<input type=\"radio\" name=\"show\" id=\"show-skipped\"><label "
	       "for=\"show-skipped\">skipped</label> "
	       "<input type=\"radio\" name=\"show\" id=\"show-pass\"><label for=\"show-pass\">passed</label></p>\n");
	hw_tag(out, "<div class=\"blk b-fail\">\n");
	section(out, doc, &fd, "fail", "Failures", "card s-fail");
	hw_tag(out, "</div>\n<div class=\"blk b-error\">\n");
	section(out, doc, &fd, "error", "Could not decide (errors: the verdict cannot be pass)", "card s-error");
	hw_tag(out, "</div>\n<div class=\"blk b-waived\">\n");
	section(out, doc, &fd, "waived", "Waived", "card s-waived");
	waivers_table(out, doc);
	hw_tag(out, "</div>\n<div class=\"blk b-skipped\">\n");
	brief_table(out, &fd, "skipped", "Skipped (not applicable here)", 0);
	hw_tag(out, "</div>\n<div class=\"blk b-pass\">\n");
	brief_table(out, &fd, "pass", "Passed", 1);
	hw_tag(out, "</div>\n</div>\n");

	if (cJSON_IsArray(findings) && cJSON_GetArraySize(findings) > 0) {
		hw_tag(out,
		       "<h2>Leaked-secret findings</h2>\n<table><thead><tr><th>Check</th><th>Rule</th><th>Location</th>"
		       "<th>Fingerprint</th><th>Preview</th><th>Known secret</th></tr></thead><tbody>\n");
		for (const cJSON *f = findings->child; f; f = f->next) {
			const cJSON *loc = cJSON_GetObjectItemCaseSensitive(f, "location");
			const cJSON *ks = cJSON_GetObjectItemCaseSensitive(f, "known_secret");
			hw_tag(out, "<tr><td>");
			hw_text(out, report_str(f, "check"));
			hw_tag(out, "</td><td>");
			hw_text(out, report_str(f, "rule"));
			hw_tag(out, "</td><td class=\"mono\">");
			hw_textf(out, "%s:%.0f:%.0f", report_str(loc, "path"), report_num(loc, "line", 0),
			         report_num(loc, "column", 0));
			hw_tag(out, "</td><td class=\"mono\">");
			hw_text(out, report_str(f, "fingerprint"));
			hw_tag(out, "</td><td class=\"mono\">");
			hw_text(out, report_str(f, "preview"));
			hw_tag(out, "</td><td>");
			hw_text(out, cJSON_IsTrue(ks) ? "yes" : "no");
			hw_tag(out, "</td></tr>\n");
		}
		hw_tag(out, "</tbody></table>\n");
	}
	findings_free(&fd);
	hw_tag(out, "<p class=\"muted\">Generated by zlh-audit from the canonical JSON report "
	            "(schema zlh-audit/report/v1). Secret values are never shown: leaked secrets appear as "
	            "fingerprints and masked previews.</p>\n</body></html>\n");
	if (out->truncated) {
		za_seterr(err, errlen, "the HTML report is over %zu bytes", out->max);
		return ZA_ERR_INPUT;
	}
	return out->oom ? ZA_ERR_NOMEM : ZA_OK;
}
