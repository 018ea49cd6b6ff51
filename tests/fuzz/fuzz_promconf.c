/* fuzz_promconf.c - prometheus.yml and its web configuration as found on an
 * audited system: the walk (literal secrets, secret files, http_sd URLs,
 * aliases) and the web configuration reader. */
#include <string.h>

#include "fuzz.h"
#include "promconf.h"

static void lit(void *arg, const char *ypath, long line)
{
	*(size_t *)arg += strlen(ypath) + (line > 0);
}

static void file(void *arg, const char *ypath, const char *path, long line)
{
	*(size_t *)arg += strlen(ypath) + strlen(path) + (line > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	struct promconf_visit v = {lit, file, file, &n};
	struct webconf wc;
	char err[ZA_MAX_ERR];

	(void)promconf_walk((const char *)data, size, &v, err, sizeof(err));
	(void)webconf_parse((const char *)data, size, &wc, err, sizeof(err));
	return n == (size_t)-1;
}
