/* test_plan.c - every catalogue id has a plan row (plan.h), the catalogue
 * fits the plan's bitmap, and the plan follows the policy: a policy with
 * only a discovery endpoint implies the discovery, label and TLS checks for
 * every role and nothing from the host family unless the role is host. */
#include <stdlib.h>

#include "checks.h"
#include "plan.h"
#include "policy.h"
#include "t.h"

static int planned(const unsigned char *want, const char *id)
{
	for (size_t i = 0; i < checks_count(); i++)
		if (strcmp(checks_at(i)->id, id) == 0)
			return want[i];
	return -1;
}

int main(void)
{
	static const char text[] =
	        "{\"name\": \"p\", \"version\": \"1\", \"vantages\": [{\"name\": \"x\", \"role\": \"untrusted\"}],"
	        " \"discovery\": [{\"name\": \"api\", \"url\": \"https://api.example/targets\"}]}";
	struct policy *p = NULL;
	char err[512];
	unsigned char want[PLAN_MAX];

	CHECK(checks_count() == PLAN_MAX);
	for (size_t i = 0; i < checks_count(); i++)
		if (!plan_has_row(checks_at(i)->id)) {
			fprintf(stderr, "no plan row for %s\n", checks_at(i)->id);
			CHECK(0);
		}
	CHECK(policy_parse("p.json", text, sizeof(text) - 1, &p, err, sizeof(err)) == ZA_OK);
	if (!p) {
		fprintf(stderr, "%s\n", err);
		return t_done("test_plan");
	}
	plan_checks(p, ZA_ROLE_UNTRUSTED, 0, want);
	CHECK(planned(want, "discovery.tokenless") == 1);
	CHECK(planned(want, "labels.secrets") == 1);
	CHECK(planned(want, "tls.version") == 1);
	CHECK(planned(want, "exposure.prometheus") == 0);
	CHECK(planned(want, "host.token-file") == 0);
	CHECK(planned(want, "merge.required-vantages") == 0);
	plan_checks(p, ZA_ROLE_HOST, 0, want);
	CHECK(planned(want, "host.token-world-readable") == 1);
	CHECK(planned(want, "listeners.exposed") == 1);
	CHECK(planned(want, "alloy.listen") == 0); /* host.agent is off */
	plan_checks(p, ZA_ROLE_HOST, 1, want);     /* --root: files only */
	CHECK(planned(want, "discovery.tokenless") == 0);
	CHECK(planned(want, "listeners.exposed") == 0);
	CHECK(planned(want, "host.file-modes") == 1);
	policy_free(p);
	return t_done("test_plan");
}
