/*
 * checks.h - the check catalogue: one table, one row per check id.
 *
 * A row says what the check enforces (title, contract clause), how bad a
 * failure is by default, which probe family runs it, what it sends over the
 * network, and how to fix a failure. A policy can select, re-grade or disable
 * a check by id; it cannot invent one. docs/checks.md lists every row and a
 * test keeps the two in step (`zlh-audit checks --json`).
 *
 * The rows live in checks.def; each is also an entry of enum check_id, and
 * code that decides a check names it by that entry (CK_LABELS_REQUIRED), so
 * a misspelt id does not compile. checks_find() is for ids read from input
 * (policies, waivers, reports). Ids are stable across versions: never rename
 * one, retire it instead.
 *
 *   struct za_result *r = probe_begin(ctx, check_get(CK_TLS_REQUIRED), NULL, url);
 */
#ifndef ZA_CHECKS_H
#define ZA_CHECKS_H

#include <stddef.h>

#include "severity.h"

struct check_def {
	const char *id;
	const char *family;  /* the family that decides it: probes/<family>.c (host: probes/host*.c) */
	const char *service; /* the fingerprint id of the service it looks at, or NULL */
	enum za_severity severity;
	const char *title;
	const char *contract; /* the clause of MONITORING-CONTRACT.md it enforces */
	const char *sends;    /* what goes over the network, in words */
	const char *remediation;
};

enum check_id {
#define CHECK(e, ...) e,
#include "checks.def"
#undef CHECK
	CK__COUNT
};

/* The catalogue row of a check named in code. */
const struct check_def *check_get(enum check_id id);
size_t checks_count(void);
const struct check_def *checks_at(size_t i);
const struct check_def *checks_find(const char *id);
/* The exposure check for a service id ("prometheus"), or NULL. Services that
 * have one are the ones a policy's hosts may carry. */
const struct check_def *checks_for_service(const char *service);

#endif
