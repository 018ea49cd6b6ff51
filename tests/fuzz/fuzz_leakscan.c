/* fuzz_leakscan.c - the credential scanner on arbitrary text (Prometheus's
 * rendered configuration and target labels come from outside). */
#include "fuzz.h"
#include "leakscan.h"

static void sink(void *arg, const char *rule, long line, long column, const char *value, size_t len)
{
	size_t *n = arg;

	(void)rule;
	(void)line;
	(void)column;
	if (len)
		*n += (unsigned char)value[len - 1]; /* touch the reported bytes */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;

	leakscan_text((const char *)data, size, sink, &n);
	return 0;
}
