/* fuzz_redact.c - redaction and sanitizing of arbitrary evidence bytes: the
 * output must be valid UTF-8 and must never contain the known secret. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "redact.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char tok[] = "S3cr3t-T0ken-Value";
	struct za_secret *s = secret_from_bytes(tok, sizeof(tok) - 1);
	const struct za_secret *known[] = {s};
	struct redactor rd = {known, 1};
	struct buf out;

	buf_init(&out, 1u << 16);
	redact_text(&rd, (const char *)data, size, &out);
	if (!text_is_utf8(buf_str(&out), out.len))
		abort();
	if (!out.truncated && strstr(buf_str(&out), tok))
		abort();
	buf_free(&out);
	secret_free(s);
	return 0;
}
