/*
 * result.h - the one result model.
 *
 * Every probe emits struct za_result records into a struct result_set: one per
 * (check, target), each with a status, a severity, a message, evidence and a
 * remediation. Text enters a result only through result_status(),
 * result_evidence() and result_skip(), which redact and sanitize it (see
 * redact.h) with the set's known secrets: redaction happens where evidence is
 * created, so nothing later can leak what a probe saw.
 *
 * A new result starts as `error` ("the probe did not finish"): a probe that
 * forgets to decide can never produce a pass.
 *
 * Leaked-secret findings (struct za_finding) belong to a failing result and
 * are carried by the set; they hold a fingerprint and a masked preview, never
 * a value.
 */
#ifndef ZA_RESULT_H
#define ZA_RESULT_H

#include <stddef.h>

#include "checks.h"
#include "redact.h"
#include "severity.h"
#include "za.h"

struct za_evidence {
	char *kind;     /* "http", "tcp", "dns", "config" ... */
	char *detail;   /* redacted, sanitized */
	char *location; /* URL, host:port or path; redacted; may be NULL */
};

struct waiver;

struct za_result {
	const struct check_def *check;
	char *target;
	char *vantage;
	enum za_status status;
	enum za_severity severity;
	int required; /* an error here makes the verdict inconclusive */
	char *message;
	char *remediation;
	struct za_evidence ev[ZA_MAX_EVIDENCE_ITEMS];
	size_t nev;
	size_t ev_dropped; /* evidence over the cap, counted */
	long duration_ms;
	const struct waiver *waiver; /* the waiver that turned a fail into waived, or NULL */
	enum za_status raw_status;   /* the status before a waiver */
	int baseline;                /* with --baseline, for failures: 1 new, 2 in the baseline (unchanged) */
};

struct za_finding {
	char *check;
	char *rule;
	char *path;
	long line, column;
	char fingerprint[24];
	char *preview;
	int known_secret;
	char *note;   /* never secret: "Basic, user admin", "bad checksum" ...; may be NULL */
	int severity; /* the finding's own severity, or -1 for the check's */
};

struct result_set {
	struct za_result **v;
	size_t n, cap;
	struct za_finding *f;
	size_t nf, fcap;
	struct redactor rd; /* known secrets, borrowed */
	char *vantage;      /* vantage name stamped on new results */
	int oom;
	int internal;    /* a probe asked for a check id that is not in the catalogue */
	int fail_on_new; /* --fail-on new: failures already in the baseline do not fail the verdict */
};

void results_init(struct result_set *rs, const char *vantage);
void results_free(struct result_set *rs);

/* A new result for (check, target): status error, the check's default
 * severity and remediation. NULL (and rs->oom set) when out of memory. */
struct za_result *results_new(struct result_set *rs, const struct check_def *check, const char *target);

/* Set status and message (printf-style; redacted). */
void result_status(struct result_set *rs, struct za_result *r, enum za_status st, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
void result_skip(struct result_set *rs, struct za_result *r, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Add one evidence item (location may be NULL). */
void result_evidence(struct result_set *rs, struct za_result *r, const char *kind, const char *location,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Record a leaked secret found by a check: kept as a fingerprint and a
 * preview of at most 4 characters; the value itself is not stored. Marks it
 * known_secret when it equals one of the run's token files (constant time). */
void result_finding(struct result_set *rs, const struct za_result *r, const char *rule, const char *path, long line,
                    long column, const char *value, size_t len);

/* The same with the fingerprint and preview already made (the secret
 * scanner never hands values out). */
void result_finding_fp(struct result_set *rs, const struct za_result *r, const char *rule, const char *path, long line,
                       long column, const char *fingerprint, const char *preview, int known, const char *note,
                       int severity);

/* Stable order: check id, then target. */
void results_sort(struct result_set *rs);

#endif
