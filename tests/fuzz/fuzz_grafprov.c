/* fuzz_grafprov.c - Grafana provisioning files (datasources, dashboard
 * providers) and dashboard JSON as found on an audited system, and the
 * answers of Grafana's API the readiness checks read. */
#include <string.h>

#include "fuzz.h"
#include "grafprov.h"

static void count(void *arg, const char *s)
{
	*(size_t *)arg += strlen(s);
}

static void count2(void *arg, const char *a, const char *b)
{
	*(size_t *)arg += strlen(a) + strlen(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	char err[ZA_MAX_ERR], title[256];

	(void)grafprov_datasources((const char *)data, size, &n, err, sizeof(err));
	(void)grafprov_providers((const char *)data, size, count, &n, err, sizeof(err));
	(void)grafprov_dashboard((const char *)data, size, title, sizeof(title), count, &n, err, sizeof(err));
	(void)grafprov_api_list((const char *)data, size, "title", count2, &n, err, sizeof(err));
	{
		int ok;
		(void)grafprov_api_health((const char *)data, size, &ok, title, sizeof(title), err, sizeof(err));
	}
	return n == (size_t)-1;
}
