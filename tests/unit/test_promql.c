/* test_promql.c - the vector selectors of alert expressions: the shapes the
 * readiness checks match rules by, and what is never a selector. */
#include <string.h>

#include "promql.h"
#include "t.h"

static struct promql_selector s[ZA_MAX_PROMQL_SELECTORS];

static size_t sel(const char *expr, enum za_err want)
{
	size_t n = 99;
	char err[ZA_MAX_ERR] = "";
	enum za_err r = promql_selectors(expr, s, ZA_MAX_PROMQL_SELECTORS, &n, err, sizeof(err));

	CHECK(r == want);
	if (r != want)
		fprintf(stderr, "  %s: %s\n", expr, err);
	return n;
}

static void narrowed(const char *sel_text, const char *want)
{
	static const char *const by[] = {"vmid", "container_type"};
	char out[256];

	CHECK(promql_require_labels(sel_text, by, 2, out, sizeof(out)) == ZA_OK);
	CHECK_STREQ(out, want);
}

/* keeps(expr, label): what promql_result_keeps says, with a reason unless it keeps */
static int keeps(const char *expr, const char *label)
{
	char why[ZA_MAX_ERR] = "";
	int k = promql_result_keeps(expr, label, why, sizeof(why));

	CHECK(k == 1 || *why);
	if (k < 0)
		fprintf(stderr, "  %s: %s\n", expr, why);
	return k;
}

int main(void)
{
	size_t n;
	char small[16];

	/* matcher values are compared unescaped; Prometheus 3 quotes names */
	n = sel("up{job=\"zlh\\\\targets\\\"x\\u00e9\\x41\\101\", path=`a\\b`} == 0", ZA_OK);
	CHECK(n == 1 && s[0].nm == 2);
	CHECK_STREQ(s[0].m[0].value, "zlh\\targets\"x\xc3\xa9"
	                             "AA");
	CHECK_STREQ(s[0].m[1].value, "a\\b");
	n = sel("sum by (\"vmid\") ({\"zlh.sync.last_success\", \"service.name\"=\"api\"}) > 0", ZA_OK);
	CHECK(n == 1 && s[0].nm == 1);
	CHECK_STREQ(s[0].metric, "zlh.sync.last_success");
	CHECK_STREQ(s[0].m[0].name, "service.name");
	CHECK_STREQ(s[0].m[0].value, "api");
	CHECK_STREQ(s[0].text, "{\"zlh.sync.last_success\", \"service.name\"=\"api\"}");
	sel("up{job=\"\\xZZ\"}", ZA_ERR_INPUT);

	/* the labels an alert's series keep: aggregations */
	CHECK(keeps("up{job=\"zlh\"} == 0", "vmid") == 1);
	CHECK(keeps("sum by (vmid, container_type) (up{job=\"zlh\"} == 0) > 0", "vmid") == 1);
	CHECK(keeps("sum (up{job=\"zlh\"} == 0) by (vmid) > 0", "vmid") == 1);
	CHECK(keeps("count(up{job=\"zlh\"} == 0) > 0", "vmid") == 0);
	CHECK(keeps("sum by (instance) (up == 0)", "vmid") == 0);
	CHECK(keeps("sum without (vmid) (up == 0)", "vmid") == 0);
	CHECK(keeps("sum without (job) (up == 0)", "vmid") == 1);
	CHECK(keeps("SUM BY (\"vm\\x69d\") (up == 0)", "vmid") == 1);
	CHECK(keeps("topk(3, up == 0)", "vmid") == 1);
	CHECK(keeps("count_values(\"vmid\", up)", "vmid") == 1);
	CHECK(keeps("max by (vmid) (count by (vmid, instance) (up == 0))", "vmid") == 1);
	CHECK(keeps("max by (vmid) (count by (instance) (up == 0))", "vmid") == 0);
	/* functions */
	CHECK(keeps("absent(up{job=\"zlh\"})", "vmid") == 0);
	CHECK(keeps("vector(1) > 0", "vmid") == 0);
	CHECK(keeps("time() - zlh_sync_seconds > 900", "vmid") == 1);
	CHECK(keeps("increase(prometheus_sd_http_failures_total[5m] offset 1m) > 0", "vmid") == 1);
	CHECK(keeps("label_replace(up{job=\"zlh\"}, \"vmid\", \"$1\", \"instance\", \"(.*)\") == 0", "vmid") == 1);
	CHECK(keeps("histogram_quantile(0.9, sum by (le, vmid) (rate(x_bucket[5m])))", "vmid") == 1);
	CHECK(keeps("histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))", "vmid") == 0);
	CHECK(keeps("max_over_time((up == 0)[10m:1m]) > 0", "vmid") == 1);
	/* vector matching */
	CHECK(keeps("up{job=\"zlh\"} * on(instance) zlh_info == 0", "vmid") == 0);
	CHECK(keeps("up{job=\"zlh\"} * on(instance, vmid) zlh_info == 0", "vmid") == 1);
	CHECK(keeps("up * ignoring(vmid) zlh_info", "vmid") == 0);
	CHECK(keeps("up * on(instance) group_left(vmid) zlh_info", "vmid") == 1);
	CHECK(keeps("up * on(instance) group_left zlh_info", "vmid") == 1);
	CHECK(keeps("count by (instance) (x) * on(instance) group_right up", "vmid") == 1);
	/* set operators: and/unless keep the left side's series, or needs both */
	CHECK(keeps("up{job=\"zlh\"} == 0 and on() count(up{job=\"zlh\"} == 1) > 0", "vmid") == 1);
	CHECK(keeps("up == 0 unless on() count(zlh_maintenance) > 0", "vmid") == 1);
	CHECK(keeps("sum(rate(x[5m])) > 0 or up == 0", "vmid") == 0);
	CHECK(keeps("sum by (vmid) (up) / on(vmid) group_left() count(up)", "vmid") == 1);
	/* a label called like an aggregation, a comment, an unreadable expression */
	CHECK(keeps("sum by (count) (up{sum=\"(\"} == 0)", "vmid") == 0);
	CHECK(keeps("count(up # don't\n) > 0", "vmid") == 0);
	CHECK(keeps("count(up # )\n) by (vmid)", "vmid") == 1);
	CHECK(keeps("sum by (vmid (up)", "vmid") == -1);
	CHECK(keeps("up ==", "vmid") == -1);

	narrowed("up{job=\"zlh\"}", "up{job=\"zlh\",vmid!=\"\",container_type!=\"\"}");
	narrowed("up", "up{vmid!=\"\",container_type!=\"\"}");
	narrowed("up{}", "up{vmid!=\"\",container_type!=\"\"}");
	narrowed("up{job=\"a,\", }", "up{job=\"a,\", vmid!=\"\",container_type!=\"\"}");
	narrowed("{__name__=\"up\"}", "{__name__=\"up\",vmid!=\"\",container_type!=\"\"}");
	CHECK(promql_require_labels("up{job=\"zlh\"}", (const char *const[]){"vmid"}, 1, small, sizeof(small)) ==
	      ZA_ERR_CAP);
	/* strings: a NUL, an unknown escape, a surrogate, a value over the cap are refused, never cut */
	sel("up{job=\"zlh\\x00x\"}", ZA_ERR_INPUT);
	sel("up{job=\"a\\qb\"}", ZA_ERR_INPUT);
	sel("up{job=\"\\ud800\"}", ZA_ERR_INPUT);
	sel("up{job=\"\\777\"}", ZA_ERR_INPUT);
	{
		static char big[400];
		memcpy(big, "up{job=\"", 8);
		memset(big + 8, 'a', 300);
		memcpy(big + 308, "\"}", 3);
		sel(big, ZA_ERR_CAP);
	}
	sel("up{\"foo\"}", ZA_ERR_INPUT);

	n = sel("up{job=\"zlh-targets\"} == 0", ZA_OK);
	CHECK(n == 1 && strcmp(s[0].metric, "up") == 0 && s[0].nm == 1 && strcmp(s[0].m[0].name, "job") == 0 &&
	      strcmp(s[0].m[0].op, "=") == 0 && strcmp(s[0].m[0].value, "zlh-targets") == 0);
	CHECK_STREQ(s[0].text, "up{job=\"zlh-targets\"}");

	n = sel("sum by (vmid, container_type) (up{job=~\"zlh.*\", instance!=\"x\"} == 0) > 0", ZA_OK);
	CHECK(n == 1 && strcmp(s[0].metric, "up") == 0 && s[0].nm == 2 && strcmp(s[0].m[0].op, "=~") == 0 &&
	      strcmp(s[0].m[1].op, "!=") == 0);

	n = sel("time() - zlh_monitor_sync_last_success_timestamp_seconds > 900", ZA_OK);
	CHECK(n == 1 && strcmp(s[0].metric, "zlh_monitor_sync_last_success_timestamp_seconds") == 0 && s[0].nm == 0);

	n = sel("increase(prometheus_sd_http_failures_total[5m] offset 1m) > 0 and on(instance) up == 1", ZA_OK);
	CHECK(n == 2 && strcmp(s[0].metric, "prometheus_sd_http_failures_total") == 0 &&
	      strcmp(s[1].metric, "up") == 0);

	n = sel("max without (instance) (rate(x_total{a='b'}[1m:10s])) / ignoring(job) group_left(vmid) y", ZA_OK);
	CHECK(n == 2 && strcmp(s[0].metric, "x_total") == 0 && strcmp(s[0].m[0].value, "b") == 0 &&
	      strcmp(s[1].metric, "y") == 0);

	n = sel("{__name__=\"up\", job=\"a\"} == bool 0 # a comment with up{x=\"y\"}", ZA_OK);
	CHECK(n == 1 && strcmp(s[0].metric, "up") == 0 && s[0].nm == 2);

	n = sel("label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\") unless absent(foo) or vector(1) * Inf", ZA_OK);
	CHECK(n == 2 && strcmp(s[0].metric, "up") == 0 && strcmp(s[1].metric, "foo") == 0);

	n = sel("1e-3 + 2 * 0x1f - .5", ZA_OK);
	CHECK(n == 0);

	sel("up{job=\"x}", ZA_ERR_INPUT);
	sel("up{job x}", ZA_ERR_INPUT);
	sel("up{=\"x\"}", ZA_ERR_INPUT);
	sel("rate(x[5m", ZA_ERR_INPUT);
	{
		char big[4096] = "";
		for (int i = 0; i < 70; i++)
			strcat(big, "a + ");
		strcat(big, "a");
		sel(big, ZA_ERR_CAP);
	}
	return t_done("test_promql");
}
