/* test_fingerprint.c - the shipped fingerprints pass their own examples;
 * fingerprints that would change state are refused. */
#include <stdlib.h>
#include <string.h>

#include "discovery.h"
#include "fingerprint.h"
#include "t.h"

static void test_shipped(void)
{
	struct fp_db *db = NULL;
	char err[ZA_MAX_ERR] = "";

	CHECK(fp_load(ZA_SOURCE_DIR "/policies/fingerprints.json", &db, err, sizeof(err)) == ZA_OK);
	if (!db) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	CHECK(fp_selftest(db, err, sizeof(err)) == ZA_OK);
	CHECK(fp_find(db, "prometheus") && fp_find(db, "node_exporter") && fp_find(db, "grafana"));
	fp_free(db);
}

struct refusal {
	const char *text;
	const char *message;
};

static const struct refusal refusals[] = {
        {"{\"schema\":\"zlh-audit/fingerprints/v1\",\"services\":[{\"id\":\"alloy\",\"name\":\"Alloy\","
         "\"requests\":[{\"path\":\"/-/reload\",\"any\":[\"config reloaded\"]}],"
         "\"examples\":{\"match\":[],\"no_match\":[]}}]}",
         "f.json: services[0].requests[0].path: '/-/reload' changes state or hands out data bundles; never requested"},
        {"{\"schema\":\"zlh-audit/fingerprints/v1\",\"services\":[{\"id\":\"a\",\"name\":\"A\",\"requests\":"
         "[{\"path\":\"/x\"}],\"examples\":{\"match\":[],\"no_match\":[]}}]}",
         "f.json: services[0].requests[0]: needs markers in 'all' or 'any'"},
        {"{\"schema\":\"zlh-audit/fingerprints/v2\",\"services\":[]}",
         "f.json: schema: expected \"zlh-audit/fingerprints/v1\""},
};

static void test_refused(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		struct fp_db *db = NULL;
		char err[ZA_MAX_ERR] = "";
		CHECK(fp_parse("f.json", refusals[i].text, strlen(refusals[i].text), &db, err, sizeof(err)) != ZA_OK);
		CHECK_STREQ(err, refusals[i].message);
		fp_free(db);
	}
}

static void test_version(void)
{
	struct fp_request q = {0};
	char v[65];
	static const char body[] = "x_info{goversion=\"go1.19\",version=\"1.5.0<script>\"} 1";
	static char marker[] = "x_info{", after[] = ",version=\"", until[] = "\"";
	char *all[] = {marker, NULL};

	q.all = all;
	q.nall = 1;
	q.vkind = FP_VERSION_AFTER;
	q.vafter = after;
	q.vuntil = until;
	CHECK(fp_match(&q, 200, body, strlen(body), v, sizeof(v)) == 1);
	CHECK_STREQ(v, "1.5.0"); /* cut at the first character outside the version alphabet */
}

static void test_sdbody(void)
{
	struct sd_body s;
	static const char ok[] = "[{\"targets\":[\"a:1\",\"b:2\"],\"labels\":{\"vmid\":\"1\"}},{\"targets\":[]}]";

	sd_body_scan(ok, strlen(ok), &s);
	CHECK(s.is_json && s.is_array && s.valid_sd && s.groups == 2 && s.targets == 2);
	sd_body_scan("[]", 2, &s);
	CHECK(s.is_array && s.valid_sd && s.targets == 0 && !s.mentions_targets);
	sd_body_scan("[null]", 6, &s);
	CHECK(s.is_array && !s.valid_sd);
	sd_body_scan("[{\"targets\":[1]}]", 17, &s);
	CHECK(!s.valid_sd && s.targets == 0);
	sd_body_scan("[{\"targets\":[\"a\"],\"labels\":{\"k\":1}}]", 36, &s);
	CHECK(!s.valid_sd && s.targets == 1);
	sd_body_scan("<html>targets: none</html>", 26, &s);
	CHECK(!s.is_json && s.mentions_targets);
	sd_body_scan("{\"error\":\"x\",\"data\":{\"targets\":[\"a:1\"]}}", 40, &s);
	CHECK(s.is_json && !s.is_array && s.targets == 1);
	sd_body_scan("{\"error\":\"unauthorized\"}", 24, &s);
	CHECK(s.is_json && !s.is_array && !s.mentions_targets);
	sd_body_scan(NULL, 0, &s);
	CHECK(!s.is_json);
}

int main(void)
{
	test_shipped();
	test_refused();
	test_version();
	test_sdbody();
	return t_done("test_fingerprint");
}
