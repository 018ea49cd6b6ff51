/* fuzz_fingerprints.c - the fingerprint parser, and matching of arbitrary
 * bodies against the parsed fingerprints (version extraction included). */
#include "fingerprint.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fp_db *db = NULL;
	char err[ZA_MAX_ERR];
	char ver[65];

	if (fp_parse("fuzz.json", (const char *)data, size, &db, err, sizeof(err)) == ZA_OK) {
		(void)fp_selftest(db, err, sizeof(err));
		for (size_t i = 0; i < db->nsvc; i++)
			for (size_t j = 0; j < db->svc[i].nreq; j++)
				fp_match(&db->svc[i].req[j], 200, (const char *)data, size, ver, sizeof(ver));
		fp_free(db);
	}
	return 0;
}
