/* fuzz_promapi.c - Prometheus API answers read by the readiness checks. */
#include "fuzz.h"
#include "promapi.h"

static void on_rule(void *arg, const char *name, const char *query, const char *health, const char *error)
{
	(void)arg;
	(void)name;
	(void)query;
	(void)health;
	(void)error;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n;
	struct promapi_vector v;
	char err[ZA_MAX_ERR];

	(void)promapi_alertmanagers((const char *)data, size, &n, NULL, NULL, err, sizeof(err));
	static const char *const labels[] = {"vmid", "container_type"};
	size_t a, b;
	(void)promapi_vector((const char *)data, size, &v, err, sizeof(err));
	(void)promapi_rules((const char *)data, size, on_rule, NULL, &n, err, sizeof(err));
	(void)promapi_series((const char *)data, size, labels, 2, &a, &b, err, sizeof(err));
	return 0;
}
