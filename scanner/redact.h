/*
 * redact.h - the one choke point every evidence and message string passes
 * through before it enters a result.
 *
 * redact_text() copies text into a capped buf, sanitized (see text.h) and with
 * secrets masked:
 *   - every occurrence of a known secret (the run's token files) becomes
 *     "[secret sha256:<12 hex>]";
 *   - credentials after Authorization / Proxy-Authorization (Bearer, Basic,
 *     Token, PVEAPIToken) keep at most 4 characters: "Bearer 9f8e****";
 *   - the password in URL userinfo: "http://admin:****@host/";
 *   - token-like query parameters: "?access_token=****";
 *   - Grafana token prefixes (glsa_, glc_, eyJrIjoi) and JWTs keep the prefix
 *     only: "glsa_****".
 * Masking happens on the raw bytes before sanitizing, so an escaped form can
 * not slip through. Previews never hold more than 4 characters of a secret.
 */
#ifndef ZA_REDACT_H
#define ZA_REDACT_H

#include <stddef.h>

#include "buf.h"
#include "secret.h"

struct redactor {
	const struct za_secret *const *known; /* may be NULL */
	size_t nknown;
};

void redact_text(const struct redactor *rd, const char *in, size_t n, struct buf *out);

#endif
