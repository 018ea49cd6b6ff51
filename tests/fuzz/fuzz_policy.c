/* fuzz_policy.c - the policy parser on arbitrary bytes. */
#include "fuzz.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy *p = NULL;
	char err[ZA_MAX_ERR];

	if (policy_parse("fuzz.json", (const char *)data, size, &p, err, sizeof(err)) == ZA_OK)
		policy_free(p);
	return 0;
}
