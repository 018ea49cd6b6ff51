/* fuzz_secretscan.c - the leaked-token scanner (windows, regexes, validators:
 * CRC32, base64 JSON, JWT, Basic, PEM) on arbitrary bytes, with a known
 * secret; no finding may ever carry more than 4 characters of preview. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "secret.h"
#include "secretscan.h"

static struct ss_engine *engine(void)
{
	static struct ss_engine *e;
	static struct za_secret *known;
	char err[ZA_MAX_ERR];

	if (e)
		return e;
	known = secret_from_bytes("zlh-known-secret-0123", 21);
	if (ss_load(ZA_DATADIR "/secrets.json", &e, err, sizeof(err)) != ZA_OK)
		abort();
	ss_add_known(e, known, "fuzz");
	if (ss_compile(e, err, sizeof(err)) != ZA_OK)
		abort();
	return e;
}

static void check(void *arg, const struct ss_finding *f)
{
	(void)arg;
	if (strlen(f->preview) > 8 || strcmp(f->preview + strlen(f->preview) - 4, "****") != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ZA_MAX_ERR];

	(void)ss_scan_buffer(engine(), (const char *)data, size, "fuzz", check, NULL, NULL, err, sizeof(err));
	return 0;
}
