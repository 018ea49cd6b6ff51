/* test_verdict.c - verdict and exit-code rules (ARCHITECTURE.md). */
#include "family.h"
#include "t.h"
#include "verdict.h"

struct vcase {
	const char *name;
	struct verdict_input in[4];
	size_t n;
	enum za_severity gate;
	enum za_verdict want;
	int exit_code;
};

static const struct vcase cases[] = {
        {"no results", {{0}}, 0, ZA_SEV_HIGH, ZA_VERDICT_PASS, 0},
        {"all pass",
         {{ZA_PASS, ZA_SEV_CRITICAL, 1, 0}, {ZA_PASS, ZA_SEV_LOW, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_PASS,
         0},
        {"critical fail",
         {{ZA_PASS, ZA_SEV_CRITICAL, 1, 0}, {ZA_FAIL, ZA_SEV_CRITICAL, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_FAIL,
         1},
        {"fail at the gate", {{ZA_FAIL, ZA_SEV_HIGH, 1, 0}}, 1, ZA_SEV_HIGH, ZA_VERDICT_FAIL, 1},
        {"fail below the gate", {{ZA_FAIL, ZA_SEV_MEDIUM, 1, 0}}, 1, ZA_SEV_HIGH, ZA_VERDICT_PASS, 0},
        {"error is never pass",
         {{ZA_PASS, ZA_SEV_CRITICAL, 1, 0}, {ZA_ERROR, ZA_SEV_LOW, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_INCONCLUSIVE,
         3},
        {"fail beats error",
         {{ZA_ERROR, ZA_SEV_CRITICAL, 1, 0}, {ZA_FAIL, ZA_SEV_CRITICAL, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_FAIL,
         1},
        {"error on an optional check",
         {{ZA_ERROR, ZA_SEV_CRITICAL, 0, 0}, {ZA_PASS, ZA_SEV_LOW, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_PASS,
         0},
        {"below-gate fail with error",
         {{ZA_FAIL, ZA_SEV_LOW, 1, 0}, {ZA_ERROR, ZA_SEV_LOW, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_INCONCLUSIVE,
         3},
        {"waived fail", {{ZA_WAIVED, ZA_SEV_CRITICAL, 1, 0}}, 1, ZA_SEV_HIGH, ZA_VERDICT_PASS, 0},
        {"skipped only", {{ZA_SKIPPED, ZA_SEV_CRITICAL, 1, 0}}, 1, ZA_SEV_HIGH, ZA_VERDICT_PASS, 0},
        {"gate info: any fail", {{ZA_FAIL, ZA_SEV_INFO, 1, 0}}, 1, ZA_SEV_INFO, ZA_VERDICT_FAIL, 1},
        {"a failure in the baseline does not gate (--fail-on new)",
         {{ZA_FAIL, ZA_SEV_CRITICAL, 1, 1}},
         1,
         ZA_SEV_HIGH,
         ZA_VERDICT_PASS,
         0},
        {"a new failure next to a known one gates",
         {{ZA_FAIL, ZA_SEV_CRITICAL, 1, 1}, {ZA_FAIL, ZA_SEV_HIGH, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_FAIL,
         1},
        {"a known failure does not hide an error",
         {{ZA_FAIL, ZA_SEV_CRITICAL, 1, 1}, {ZA_ERROR, ZA_SEV_HIGH, 1, 0}},
         2,
         ZA_SEV_HIGH,
         ZA_VERDICT_INCONCLUSIVE,
         3},
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct za_summary s;
		enum za_verdict v = verdict_compute(cases[i].in, cases[i].n, cases[i].gate, &s);
		if (v != cases[i].want)
			fprintf(stderr, "case '%s': verdict %s, want %s\n", cases[i].name, verdict_name(v),
			        verdict_name(cases[i].want));
		CHECK(v == cases[i].want);
		CHECK(verdict_exit_code(v) == cases[i].exit_code);
		CHECK(s.total == cases[i].n);
	}
	{
		struct verdict_input in[] = {
		        {ZA_FAIL, ZA_SEV_CRITICAL, 1, 0}, {ZA_FAIL, ZA_SEV_LOW, 1, 0}, {ZA_ERROR, ZA_SEV_HIGH, 1, 0}};
		struct za_summary s;
		verdict_compute(in, 3, ZA_SEV_HIGH, &s);
		CHECK(s.by_status[ZA_FAIL] == 2 && s.by_status[ZA_ERROR] == 1);
		CHECK(s.fail_by_severity[ZA_SEV_CRITICAL] == 1 && s.fail_by_severity[ZA_SEV_LOW] == 1);
		CHECK(s.fail_by_severity[ZA_SEV_HIGH] == 0);
	}
	/* the result model: a new result is an error until a probe decides */
	{
		struct result_set rs;
		struct za_summary s;
		results_init(&rs, "v");
		CHECK(results_new(&rs, checks_find("exposure.prometheus"), "203.0.113.10:9090") != NULL);
		CHECK(rs.v[0]->status == ZA_ERROR);
		CHECK(verdict_of_results(&rs, ZA_SEV_HIGH, &s) == ZA_VERDICT_INCONCLUSIVE);
		result_status(&rs, rs.v[0], ZA_PASS, "ok");
		CHECK(verdict_of_results(&rs, ZA_SEV_HIGH, &s) == ZA_VERDICT_PASS);
		results_free(&rs);
	}
	CHECK_STREQ(status_name(ZA_WAIVED), "waived");
	CHECK(severity_parse("critical") == ZA_SEV_CRITICAL && severity_parse("Critical") < 0);
	CHECK(role_parse("host") == ZA_ROLE_HOST && role_parse("outside") < 0);
	return t_done("test_verdict");
}
