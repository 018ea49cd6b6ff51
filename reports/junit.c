/*
 * junit.c - JUnit XML as GitLab, Jenkins (xUnit) and GitHub's test-report
 * actions read it, valid against the Surefire/xUnit junit.xsd: one
 * <testsuite> per section (the check id's family prefix: exposure,
 * discovery, host ...), one <testcase> per result named "ID TARGET
 * @VANTAGE" (a repeated name gets " #2", " #3"), fail -> <failure>, error ->
 * <error>, skipped and waived -> <skipped> with the reason; times in seconds
 * with 3 decimals. Run-level facts (verdict, policy, vantage, run id) are
 * properties of the first suite, with one waiver_used / waiver_expired /
 * waiver_unused property per waiver. Every string goes through xml_text().
 */
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "report.h"
#include "xmlw.h"
static void section_of(const char *id, char *out, size_t n)
{
	size_t l = strcspn(id, ".");

	snprintf(out, n, "%.*s", (int)(l < n ? l : n - 1), *id ? id : "(none)");
}

/* The suite of a check: its section among the first ns - 1, else the last ("other"). */
static size_t section_index(const char (*sections)[64], size_t ns, const cJSON *c)
{
	char sec[64];
	size_t i = 0;

	section_of(report_str(c, "id"), sec, sizeof(sec));
	while (i < ns - 1 && strcmp(sections[i], sec) != 0)
		i++;
	return i;
}

static void prop(struct buf *b, const char *name, const char *value)
{
	xml_tag(b, "<property name=\"");
	xml_text(b, name);
	xml_tag(b, "\" value=\"");
	xml_text(b, value);
	xml_tag(b, "\"/>\n");
}

/* The waiver file's used, expired and unused waivers, one property each. */
static void waiver_props(struct buf *b, const cJSON *doc)
{
	static const char *const lists[] = {"used", "expired", "unused"};
	const cJSON *wo = cJSON_GetObjectItemCaseSensitive(doc, "waivers");
	char name[32], value[2048];

	if (!cJSON_IsObject(wo))
		return;
	for (size_t l = 0; l < 3; l++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(wo, lists[l]);
		for (const cJSON *w = cJSON_IsArray(a) ? a->child : NULL; w; w = w->next) {
			snprintf(name, sizeof(name), "waiver_%s", lists[l]);
			snprintf(value, sizeof(value), "%s %s (expires %s, approved by %s): %s", report_str(w, "check"),
			         report_str(w, "target"), report_str(w, "expires"), report_str(w, "approved_by"),
			         report_str(w, "justification"));
			prop(b, name, value);
		}
	}
}

static void evidence(struct buf *b, const cJSON *c)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(c, "evidence");

	xml_text(b, report_str(c, "message"));
	for (const cJSON *e = cJSON_IsArray(ev) ? ev->child : NULL; e; e = e->next) {
		xml_tag(b, "&#10;[");
		xml_text(b, report_str(e, "kind"));
		xml_tag(b, "] ");
		xml_text(b, report_str(e, "detail"));
	}
	if (report_long(c, "evidence_dropped", 0) > 0) {
		char more[96];
		snprintf(more, sizeof(more), "&#10;(%ld more evidence items past the cap were counted, not kept)",
		         report_long(c, "evidence_dropped", 0));
		xml_tag(b, more);
	}
	if (*report_str(c, "remediation")) {
		xml_tag(b, "&#10;Remediation: ");
		xml_text(b, report_str(c, "remediation"));
	}
}

static void testcase(struct buf *b, const cJSON *c, char *prev_name, size_t prevlen, int *repeat)
{
	const char *st = report_str(c, "status");
	char name[2048], ms[32];

	snprintf(name, sizeof(name), "%s %s @%s", report_str(c, "id"), report_str(c, "target"),
	         report_str(c, "vantage"));
	*repeat = strcmp(name, prev_name) == 0 ? *repeat + 1 : 1;
	snprintf(ms, sizeof(ms), "%.3f", report_num(c, "duration_ms", 0) / 1000.0);
	xml_tag(b, "<testcase name=\"");
	xml_text(b, name);
	if (*repeat > 1)
		xml_textf(b, " #%d", *repeat);
	xml_tag(b, "\" classname=\"");
	xml_text(b, report_str(c, "id"));
	xml_tag(b, "\" time=\"");
	xml_text(b, ms);
	xml_tag(b, "\"");
	if (strcmp(st, "fail") == 0 || strcmp(st, "error") == 0) {
		int f = strcmp(st, "fail") == 0;
		xml_tag(b, f ? ">\n<failure type=\"" : ">\n<error type=\"");
		xml_text(b, report_str(c, "severity"));
		xml_tag(b, "\" message=\"");
		xml_text(b, report_str(c, "message"));
		xml_tag(b, "\">");
		evidence(b, c);
		xml_tag(b, f ? "</failure>\n</testcase>\n" : "</error>\n</testcase>\n");
	} else if (strcmp(st, "skipped") == 0 || strcmp(st, "waived") == 0) {
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(c, "waiver");
		xml_tag(b, ">\n<skipped message=\"");
		if (cJSON_IsObject(w))
			xml_textf(b, "waived (was %s): %s - approved by %s, expires %s", report_str(w, "raw_status"),
			          report_str(w, "justification"), report_str(w, "approved_by"),
			          report_str(w, "expires"));
		else
			xml_textf(b, "%s: %s", st, report_str(c, "message"));
		xml_tag(b, "\"/>\n</testcase>\n");
	} else {
		xml_tag(b, "/>\n");
	}
	snprintf(prev_name, prevlen, "%s", name);
}

enum za_err render_junit(const cJSON *doc, struct buf *out, char *err, size_t errlen)
{
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
	const cJSON *van = cJSON_GetObjectItemCaseSensitive(doc, "vantage");
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(doc, "run");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(doc, "summary");
	char sections[ZA_MAX_JUNIT_SUITES][64];
	size_t ns = 0;
	char prev[2048] = "", t[32];
	int repeat = 1;

	if (!cJSON_IsArray(checks))
		checks = NULL;
	/* sections in order of first appearance; past the cap, the rest share "other" */
	for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
		char s[64];
		size_t i = 0;
		section_of(report_str(c, "id"), s, sizeof(s));
		while (i < ns && strcmp(sections[i], s) != 0)
			i++;
		if (i == ns && ns < ZA_MAX_JUNIT_SUITES - 1)
			snprintf(sections[ns++], sizeof(sections[0]), "%s", s);
	}
	snprintf(sections[ns++], sizeof(sections[0]), "%s", "other");
	snprintf(t, sizeof(t), "%.3f", report_num(run, "duration_ms", 0) / 1000.0);
	xml_tag(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"");
	xml_textf(out, "zlh-audit %s", report_str(pol, "name"));
	xml_tag(out, "\" tests=\"");
	xml_textf(out, "%.0f", report_num(sum, "total", 0));
	xml_tag(out, "\" failures=\"");
	xml_textf(out, "%.0f", report_num(sum, "fail", 0));
	xml_tag(out, "\" errors=\"");
	xml_textf(out, "%.0f", report_num(sum, "error", 0));
	xml_tag(out, "\" time=\"");
	xml_text(out, t);
	xml_tag(out, "\">\n");
	for (size_t s = 0; s < ns; s++) {
		size_t n = 0, nf = 0, ne = 0, nsk = 0;
		double ms = 0;
		for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
			if (section_index((const char(*)[64])sections, ns, c) != s)
				continue;
			n++;
			nf += strcmp(report_str(c, "status"), "fail") == 0;
			ne += strcmp(report_str(c, "status"), "error") == 0;
			nsk += strcmp(report_str(c, "status"), "skipped") == 0 ||
			       strcmp(report_str(c, "status"), "waived") == 0;
			ms += report_num(c, "duration_ms", 0);
		}
		if (!n)
			continue;
		snprintf(t, sizeof(t), "%.3f", ms / 1000.0);
		xml_tag(out, "<testsuite name=\"");
		xml_text(out, sections[s]);
		xml_tag(out, "\" tests=\"");
		xml_textf(out, "%zu", n);
		xml_tag(out, "\" failures=\"");
		xml_textf(out, "%zu", nf);
		xml_tag(out, "\" errors=\"");
		xml_textf(out, "%zu", ne);
		xml_tag(out, "\" skipped=\"");
		xml_textf(out, "%zu", nsk);
		xml_tag(out, "\" time=\"");
		xml_text(out, t);
		xml_tag(out, "\" timestamp=\"");
		xml_text(out, report_str(run, "started_at"));
		xml_tag(out, "\" hostname=\"");
		xml_text(out, report_str(van, "hostname"));
		xml_tag(out, "\">\n");
		if (s == 0) {
			xml_tag(out, "<properties>\n");
			prop(out, "verdict", report_str(doc, "verdict"));
			prop(out, "policy", report_str(pol, "name"));
			prop(out, "policy_version", report_str(pol, "version"));
			prop(out, "profile", report_str(pol, "profile"));
			prop(out, "vantage", report_str(van, "name"));
			prop(out, "role", report_str(van, "role"));
			prop(out, "run_id", report_str(run, "id"));
			waiver_props(out, doc);
			xml_tag(out, "</properties>\n");
		}
		for (const cJSON *c = checks ? checks->child : NULL; c; c = c->next) {
			if (section_index((const char(*)[64])sections, ns, c) == s)
				testcase(out, c, prev, sizeof(prev), &repeat);
		}
		xml_tag(out, "</testsuite>\n");
	}
	xml_tag(out, "</testsuites>\n");
	if (out->oom) {
		za_seterr(err, errlen, "out of memory rendering JUnit XML");
		return ZA_ERR_NOMEM;
	}
	return ZA_OK;
}
