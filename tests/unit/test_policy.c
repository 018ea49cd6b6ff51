/* test_policy.c - the policy loader: valid input, and each kind of invalid
 * input with the exact message a user sees. */
#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "policy.h"
#include "t.h"

#define HOST(svc, port)                                                                             \
	"\"hosts\":[{\"name\":\"m\",\"address\":\"203.0.113.10\",\"services\":[{\"service\":\"" svc \
	"\",\"port\":" port "}]}]"
#define EXPECT "\"expect\":{\"prometheus\":{\"untrusted\":\"unreachable\"}}"

struct bad {
	const char *text;
	const char *message; /* exact, or a prefix when it ends with '*' */
};

static const struct bad cases[] = {
        {"{", "policy.json:1:1: invalid JSON"},
        {"{\n  \"name\": x}", "policy.json:2:11: invalid JSON"},
        {"[]", "policy.json: (top level): a policy is a JSON object"},
        {"{\"name\":\"x\",\"version\":\"1\"} x", "policy.json:1:28: unexpected text after the JSON value"},
        {"{\"name\":\"a\",\"name\":\"b\",\"version\":\"1\"}", "policy.json: name: duplicate key"},
        {"{\"name\":\"a\",\"version\":\"1\",\"hosts\":[{\"name\":\"m\",\"name\":\"n\"}]}",
         "policy.json: hosts[0].name: duplicate key"},
        {"{\"version\":\"1\"}", "policy.json: name: required key is missing"},
        {"{\"name\":\"x\",\"version\":\"1\",\"nmae\":\"y\"}", "policy.json: nmae: unknown key (allowed here: *"},
        {"{\"name\":\"x y\",\"version\":\"1\"}",
         "policy.json: name: 'x y' is not a valid name (letters, digits, '.', '_', '-')"},
        {"{\"name\":\"x\",\"version\":\"\"}", "policy.json: version: must not be empty"},
        {"{\"name\":\"x\",\"version\":1}", "policy.json: version: expected a string"},
        {"{\"name\":\"x\",\"version\":\"1\",\"gate_severity\":\"severe\"}",
         "policy.json: gate_severity: expected one of: info, low, medium, high, critical"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT "," HOST("prometheus", "70000") "}",
         "policy.json: hosts[0].services[0].port: expected an integer 1-65535"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT "," HOST("prometheus", "\"9090\"") "}",
         "policy.json: hosts[0].services[0].port: expected an integer 1-65535"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT "," HOST("prometheus", "90.5") "}",
         "policy.json: hosts[0].services[0].port: expected an integer 1-65535"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT "," HOST("prometeus", "9090") "}",
         "policy.json: hosts[0].services[0].service: unknown service 'prometeus' (known: alertmanager, alloy, grafana, "
         "loki, "
         "node_exporter, prometheus, pushgateway)"},
        {"{\"name\":\"x\",\"version\":\"1\"," HOST("prometheus", "9090") "}",
         "policy.json: hosts[0].services[0].service: no expectation for service 'prometheus' in expect"},
        {"{\"name\":\"x\",\"version\":\"1\",\"hosts\":[{\"name\":\"m\",\"address\":\"a b\",\"services\":[]}]}",
         "policy.json: hosts[0].address: 'a b' is not a host name or IP address"},
        {"{\"name\":\"x\",\"version\":\"1\",\"hosts\":[{\"name\":\"m\",\"address\":\"h\",\"services\":[]},"
         "{\"name\":\"m\",\"address\":\"h\",\"services\":[]}]}",
         "policy.json: hosts[1].name: host name 'm' is used twice"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT ",\"hosts\":[{\"name\":\"m\",\"address\":\"h\",\"services\":["
         "{\"service\":\"prometheus\",\"port\":9090},{\"service\":\"prometheus\",\"port\":9090}]}]}",
         "policy.json: hosts[0].services[1]: port 9090 is listed twice on host 'm'"},
        {"{\"name\":\"x\",\"version\":\"1\",\"expect\":{\"prometheus\":{\"untrusted\":\"closed\"}}}",
         "policy.json: expect.prometheus.untrusted: expected one of: unreachable, reachable, not-applicable"},
        {"{\"name\":\"x\",\"version\":\"1\",\"expect\":{\"prometheus\":{\"outside\":\"unreachable\"}}}",
         "policy.json: expect.prometheus.outside: unknown key (allowed here: untrusted, admin, host)"},
        {"{\"name\":\"x\",\"version\":\"1\",\"discovery\":[{\"name\":\"d\",\"url\":\"ftp://h/x\"}]}",
         "policy.json: discovery[0].url: URL scheme must be http or https"},
        {"{\"name\":\"x\",\"version\":\"1\",\"discovery\":[{\"name\":\"d\",\"url\":\"http://h/"
         "x\",\"token_file\":\"t\"}]}",
         "policy.json: discovery[0].token_file: 't' is not a name declared in token_files"},
        {"{\"name\":\"x\",\"version\":\"1\",\"exceptions\":[{\"name\":\"o\",\"host_kinds\":[\"opnsense\"],"
         "\"exempt_from\":[\"exposure.prom\"],\"reason\":\"r\"}]}",
         "policy.json: exceptions[0].exempt_from[0]: unknown check id 'exposure.prom' (see `zlh-audit checks`)"},
        {"{\"name\":\"x\",\"version\":\"1\",\"exceptions\":[{\"name\":\"o\",\"host_kinds\":[\"opnsense\"],"
         "\"exempt_from\":[\"alloyy.*\"],\"reason\":\"r\"}]}",
         "policy.json: exceptions[0].exempt_from[0]: 'alloyy.*' names no check family"},
        {"{\"name\":\"x\",\"version\":\"1\",\"profiles\":{\"dev\":{\"disable\":{\"discovery.tokenles\":\"r\"}}}}",
         "policy.json: profiles.dev.disable.discovery.tokenles: unknown check id 'discovery.tokenles' (see `zlh-audit "
         "checks`)"},
        {"{\"name\":\"x\",\"version\":\"1\",\"profiles\":{\"dev\":{\"severity\":{\"discovery.tokenless\":\"meh\"}}}}",
         "policy.json: profiles.dev.severity.discovery.tokenless: expected one of: info, low, medium, high, critical"},
        {"{\"name\":\"x\",\"version\":\"1\",\"default_profile\":\"staging\",\"profiles\":{\"dev\":{}}}",
         "policy.json: default_profile: 'staging' is not a key of profiles"},
        {"{\"name\":\"x\",\"version\":\"1\",\"timeouts\":{\"connect_ms\":2000,\"transfer_ms\":1000}}",
         "policy.json: timeouts.transfer_ms: must not be shorter than connect_ms"},
        {"{\"name\":\"x\",\"version\":\"1\",\"timeouts\":{\"connect_ms\":0}}",
         "policy.json: timeouts.connect_ms: expected an integer 50-60000"},
        {"{\"name\":\"x\",\"version\":\"1\",\"vantages\":[{\"name\":\"v\",\"role\":\"trusted\"}]}",
         "policy.json: vantages[0].role: expected one of: untrusted, admin, host"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT ",\"hosts\":[{\"name\":\"m\",\"address\":\"h\",\"services\":["
         "{\"service\":\"prometheus\",\"ports\":[9090,9091,9090]}]}]}",
         "policy.json: hosts[0].services[0]: port 9090 is listed twice on host 'm'"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT ",\"hosts\":[{\"name\":\"m\",\"address\":\"h\",\"services\":["
         "{\"service\":\"prometheus\",\"port\":9090,\"ports\":[9091]}]}]}",
         "policy.json: hosts[0].services[0]: give exactly one of 'port' or 'ports'"},
        {"{\"name\":\"x\",\"version\":\"1\"," EXPECT ",\"hosts\":[{\"name\":\"m\",\"address\":\"h\",\"services\":["
         "{\"service\":\"prometheus\",\"ports\":[9090,0]}]}]}",
         "policy.json: hosts[0].services[0].ports[1]: expected an integer 1-65535"},
        {"{\"name\":\"x\",\"version\":\"1\",\"hosts\":[{\"name\":\"m\",\"address\":\"h\",\"cidr\":\"192.0.2.0/24\","
         "\"services\":[]}]}",
         "policy.json: hosts[0]: give exactly one of 'address' or 'cidr'"},
        {"{\"name\":\"x\",\"version\":\"1\",\"hosts\":[{\"name\":\"m\",\"cidr\":\"10.0.0.0/8\",\"services\":[]}]}",
         "policy.json: hosts[0].cidr: '10.0.0.0/8' has too many addresses; at most 65536 (a /16) per range"},
        {"{\"name\":\"x\",\"version\":\"1\",\"hosts\":[{\"name\":\"m\",\"cidr\":\"192.0.2.1/24\",\"services\":[]}]}",
         "policy.json: hosts[0].cidr: '192.0.2.1/24' has host bits set (did you mean the network address?)"},
        {"{\"name\":\"x\",\"version\":\"1\",\"hosts\":[{\"name\":\"m\",\"cidr\":\"192.0.2.0\",\"services\":[]}]}",
         "policy.json: hosts[0].cidr: '192.0.2.0' is not in CIDR notation (ADDRESS/PREFIX)"},
        {"{\"name\":\"x\",\"version\":\"1\",\"control\":{\"address\":\"203.0.113.1\",\"port\":0}}",
         "policy.json: control.port: expected an integer 1-65535"},
};

static void test_bad(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct policy *p = NULL;
		char err[ZA_MAX_ERR] = "";
		enum za_err r = policy_parse("policy.json", cases[i].text, strlen(cases[i].text), &p, err, sizeof(err));
		size_t ml = strlen(cases[i].message);

		CHECK(r == ZA_ERR_POLICY);
		CHECK(p == NULL);
		if (cases[i].message[ml - 1] == '*') {
			if (strncmp(err, cases[i].message, ml - 1) != 0) {
				t_fail++;
				fprintf(stderr, "case %zu: got '%s', expected prefix '%.*s'\n", i, err, (int)(ml - 1),
				        cases[i].message);
			} else {
				t_pass++;
			}
		} else {
			CHECK_STREQ(err, cases[i].message);
		}
		policy_free(p);
	}
}

static void test_nul(void)
{
	static const char text[] = "{\"name\":\"x\0\",\"version\":\"1\"}";
	struct policy *p = NULL;
	char err[ZA_MAX_ERR] = "";

	CHECK(policy_parse("policy.json", text, sizeof(text) - 1, &p, err, sizeof(err)) == ZA_ERR_POLICY);
	CHECK_STREQ(err, "policy.json: NUL byte in JSON text");
}

static void test_valid(void)
{
	static const char text[] =
	        "{\"name\":\"x\",\"version\":\"1\",\"gate_severity\":\"medium\"," EXPECT ",\"hosts\":[{\"name\":\"m\","
	        "\"address\":\"203.0.113.10\",\"kind\":\"opnsense\",\"services\":[{\"service\":\"prometheus\",\"port\":"
	        "9090}]}],"
	        "\"discovery\":[{\"name\":\"api\",\"url\":\"https://api.zlh.example/t\",\"token_file\":\"tok\"}],"
	        "\"token_files\":{\"tok\":\"/etc/zlh/t\"},"
	        "\"exceptions\":[{\"name\":\"o\",\"host_kinds\":[\"opnsense\"],\"exempt_from\":[\"alloy.*\",\"exposure."
	        "grafana\"],"
	        "\"reason\":\"plugin-specific\"}],"
	        "\"profiles\":{\"production\":{},\"development\":{\"development_mode\":true,\"disable\":{\"discovery."
	        "tokenless\":\"dev mode\"},"
	        "\"severity\":{\"exposure.prometheus\":\"low\"},\"gate_severity\":\"critical\"}},"
	        "\"default_profile\":\"production\"}";
	struct policy *p = NULL;
	char err[ZA_MAX_ERR] = "";
	const struct policy_profile *dev;

	CHECK(policy_parse("policy.json", text, strlen(text), &p, err, sizeof(err)) == ZA_OK);
	if (!p) {
		fprintf(stderr, "valid policy rejected: %s\n", err);
		t_fail++;
		return;
	}
	CHECK_STREQ(p->name, "x");
	CHECK(p->gate == ZA_SEV_MEDIUM);
	CHECK(p->connect_ms == 1000 && p->transfer_ms == 5000);
	CHECK(p->nhosts == 1 && p->hosts[0].nsvc == 1 && p->hosts[0].svc[0].nports == 1 &&
	      p->hosts[0].svc[0].ports[0] == 9090);
	CHECK(policy_expectation(p, "prometheus", ZA_ROLE_UNTRUSTED) == EXPECT_UNREACHABLE);
	CHECK(policy_expectation(p, "prometheus", ZA_ROLE_ADMIN) == EXPECT_UNSET);
	CHECK(policy_exempts(p, &p->hosts[0], "alloy.config") != NULL);
	CHECK(policy_exempts(p, &p->hosts[0], "exposure.grafana") != NULL);
	CHECK(policy_exempts(p, &p->hosts[0], "exposure.prometheus") == NULL);
	CHECK_STREQ(policy_token_path(p, "tok"), "/etc/zlh/t");
	CHECK(policy_set_token_path(p, "tok", "/run/t", err, sizeof(err)) == ZA_OK);
	CHECK_STREQ(policy_token_path(p, "tok"), "/run/t");
	CHECK(policy_set_token_path(p, "other", "/run/t", err, sizeof(err)) == ZA_ERR_USAGE);
	CHECK_CONTAINS(err, "--token-file other=...: the policy declares no token file named 'other'");
	CHECK_STREQ(policy_profile(p, NULL)->name, "production");
	dev = policy_profile(p, "development");
	CHECK(dev && dev->ndisable == 1 && dev->nseverity == 1 && dev->gate == ZA_SEV_CRITICAL);
	CHECK(policy_profile(p, "staging") == NULL);
	CHECK(strlen(p->sha256) == 64);
	policy_free(p);
}

static void test_shipped(void)
{
	static const char *const files[] = {ZA_SOURCE_DIR "/policies/demo.json",
	                                    ZA_SOURCE_DIR "/policies/zlh-launch.json"};

	for (size_t i = 0; i < 2; i++) {
		struct policy *p = NULL;
		char err[ZA_MAX_ERR] = "";
		CHECK(policy_load(files[i], &p, err, sizeof(err)) == ZA_OK);
		if (!p)
			fprintf(stderr, "%s\n", err);
		policy_free(p);
	}
	{
		struct policy *p = NULL;
		char err[ZA_MAX_ERR] = "";
		CHECK(policy_load("/nonexistent/policy.json", &p, err, sizeof(err)) == ZA_ERR_POLICY);
		CHECK_STREQ(err, "/nonexistent/policy.json: cannot open: No such file or directory");
	}
}

static void test_cidr(void)
{
	struct cidr c;
	char a[64];

	CHECK(cidr_parse("192.0.2.0/30", &c, NULL, 0) == 0 && c.count == 4);
	cidr_at(&c, 3, a, sizeof(a));
	CHECK_STREQ(a, "192.0.2.3");
	CHECK(cidr_parse("192.0.2.0/16", &c, NULL, 0) != 0); /* host bits set */
	CHECK(cidr_parse("192.0.0.0/16", &c, NULL, 0) == 0 && c.count == 65536);
	cidr_at(&c, 65535, a, sizeof(a));
	CHECK_STREQ(a, "192.0.255.255");
	cidr_at(&c, 256, a, sizeof(a));
	CHECK_STREQ(a, "192.0.1.0");
	CHECK(cidr_parse("2001:db8::/126", &c, NULL, 0) == 0 && c.count == 4);
	cidr_at(&c, 2, a, sizeof(a));
	CHECK_STREQ(a, "2001:db8::2");
	CHECK(cidr_parse("2001:db8::/64", &c, NULL, 0) != 0);
	CHECK(cidr_parse("192.0.2.0/33", &c, NULL, 0) != 0);
	CHECK(cidr_parse("192.0.2.0/-1", &c, NULL, 0) != 0);
	CHECK(cidr_parse("192.0.2.0/32", &c, NULL, 0) == 0 && c.count == 1);
}

int main(void)
{
	test_cidr();
	test_bad();
	test_nul();
	test_valid();
	test_shipped();
	return t_done("test_policy");
}
