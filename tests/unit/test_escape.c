/* test_escape.c - the HTML and JSON writers escape everything they are
 * handed: hostile evidence shows as text and the JSON stays valid UTF-8. */
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "htmlw.h"
#include "report.h"
#include "result.h"
#include "t.h"
#include "text.h"
#include "verdict.h"

static void test_htmlw(void)
{
	struct buf b;

	buf_init(&b, 4096);
	hw_text(&b, "<script>alert(1)</script> & \"q\" 'a' \x01 \xff");
	CHECK_STREQ(buf_str(&b), "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; \\x01 \\xff");
	buf_free(&b);
}

static cJSON *hostile_doc(void)
{
	struct result_set rs;
	struct za_result *r;
	struct run_meta m;
	struct za_summary sum;
	enum za_verdict v;
	cJSON *doc;
	static const char addrs[1][64] = {"198.51.100.50"};

	results_init(&rs, "<b>vantage</b>");
	r = results_new(&rs, checks_find("exposure.prometheus"), "<script>alert('t')</script>:9090");
	result_evidence(&rs, r, "http", "http://x/\"><img src=x onerror=alert(1)>",
	                "label value <script>alert(1)</script> and \"><img src=x onerror=alert(2)> and \xff\xfe");
	for (int i = 0; i < 20; i++) /* past ZA_MAX_EVIDENCE_ITEMS: counted, and every format says so */
		result_evidence(&rs, r, "http", NULL, "item %d", i);
	result_status(&rs, r, ZA_FAIL, "message <iframe src=javascript:alert(3)>");
	r = results_new(&rs, checks_find("exposure.grafana"), "203.0.113.10:3000");
	result_status(&rs, r, ZA_PASS, "fine");
	results_sort(&rs);
	v = verdict_of_results(&rs, ZA_SEV_HIGH, &sum);
	memset(&m, 0, sizeof(m));
	snprintf(m.id, sizeof(m.id), "test");
	snprintf(m.started_at, sizeof(m.started_at), "2026-11-27T00:00:00Z");
	snprintf(m.finished_at, sizeof(m.finished_at), "2026-11-27T00:00:01Z");
	m.vantage_name = "<b>vantage</b>";
	m.vantage_kind = "here";
	m.hostname = "h<o>st";
	m.addrs = addrs;
	m.naddrs = 1;
	m.policy_name = "p</title><script>x()</script>";
	m.policy_version = "1";
	m.policy_profile = "production";
	m.policy_sha256 = "00";
	doc = report_build(&m, &rs, v, &sum);
	results_free(&rs);
	return doc;
}

static void test_html_report(void)
{
	cJSON *doc = hostile_doc();
	struct buf b;
	char err[ZA_MAX_ERR];

	CHECK(doc != NULL);
	buf_init(&b, ZA_MAX_REPORT_BYTES);
	CHECK(render_html(doc, &b, err, sizeof(err)) == ZA_OK);
	CHECK_NOT_CONTAINS(buf_str(&b), "<script>");
	CHECK_NOT_CONTAINS(buf_str(&b), "<img");
	CHECK_NOT_CONTAINS(buf_str(&b), "<iframe");
	CHECK_NOT_CONTAINS(buf_str(&b), "<b>");
	CHECK_CONTAINS(buf_str(&b), "label value &lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_CONTAINS(buf_str(&b), "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;");
	CHECK_CONTAINS(buf_str(&b), "Content-Security-Policy");
	CHECK_CONTAINS(buf_str(&b), "5 more evidence items past the cap were counted, not kept");
	CHECK_CONTAINS(buf_str(&b), "FAIL: the monitoring stack does not keep its security contract. 1 check failed");
	CHECK(text_is_utf8(buf_str(&b), b.len));
	/* the counts table is markup, not escaped text */
	CHECK_CONTAINS(buf_str(&b), "<tr><td>2</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td></tr>");
	CHECK_NOT_CONTAINS(buf_str(&b), "&lt;td&gt;");
	/* failures before passes */
	CHECK(strstr(buf_str(&b), "Failures (1)") < strstr(buf_str(&b), "Passed (1)"));
	buf_free(&b);
	cJSON_Delete(doc);
}

static void test_json_report(void)
{
	cJSON *doc = hostile_doc(), *back;
	struct buf b;
	char err[ZA_MAX_ERR];
	const cJSON *c0, *ev0;

	buf_init(&b, ZA_MAX_REPORT_BYTES);
	CHECK(render_json(doc, &b, err, sizeof(err)) == ZA_OK);
	CHECK(text_is_utf8(buf_str(&b), b.len)); /* the invalid bytes were escaped as text */
	back = cJSON_ParseWithLength(buf_str(&b), b.len);
	CHECK(back != NULL);
	c0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(back, "checks"), 0);
	ev0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c0, "evidence"), 0);
	/* sorted: exposure.grafana before exposure.prometheus */
	CHECK_STREQ(report_str(c0, "id"), "exposure.grafana");
	c0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(back, "checks"), 1);
	ev0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c0, "evidence"), 0);
	CHECK_STREQ(report_str(ev0, "detail"),
	            "label value <script>alert(1)</script> and \"><img src=x onerror=alert(2)> and \\xff\\xfe");
	CHECK_STREQ(report_str(back, "schema"), "zlh-audit/report/v1");
	CHECK_STREQ(report_str(back, "verdict"), "fail");
	CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c0, "waiver")));
	cJSON_Delete(back);
	buf_free(&b);
	cJSON_Delete(doc);
}

/* evidence past the cap is counted in JSON and said in the reviewer's formats */
static void test_dropped_evidence(void)
{
	cJSON *doc = hostile_doc();
	struct buf b;
	char err[ZA_MAX_ERR];

	buf_init(&b, ZA_MAX_REPORT_BYTES);
	CHECK(render_junit(doc, &b, err, sizeof(err)) == ZA_OK);
	CHECK_CONTAINS(buf_str(&b), "(5 more evidence items past the cap were counted, not kept)");
	buf_reset(&b);
	CHECK(render_json(doc, &b, err, sizeof(err)) == ZA_OK);
	CHECK_CONTAINS(buf_str(&b), "\"evidence_dropped\":\t5");
	buf_free(&b);
	cJSON_Delete(doc);
}

int main(void)
{
	test_htmlw();
	test_dropped_evidence();
	test_html_report();
	test_json_report();
	return t_done("test_escape");
}
