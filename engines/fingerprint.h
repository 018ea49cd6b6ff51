/*
 * fingerprint.h - service fingerprints, as data (policies/fingerprints.json).
 *
 * A fingerprint lists the read-only GET requests that identify a service and,
 * for each, the status codes and body markers that must be seen and how to
 * read the version. Each service carries examples that must match and ones
 * that must not; fp_selftest() runs them (the tests call it, and so does
 * `zlh-audit policy check`).
 *
 * Loading refuses any path that changes state or hands out bundles (reload,
 * quit, support bundles, admin APIs, flush, shutdown): a fingerprint can never
 * make the scanner do harm.
 */
#ifndef ZA_FINGERPRINT_H
#define ZA_FINGERPRINT_H

#include <stddef.h>

#include "za.h"

enum fp_version_kind { FP_VERSION_NONE, FP_VERSION_JSON, FP_VERSION_AFTER };

struct fp_request {
	char *path;
	long *status; /* accepted statuses; none = any */
	size_t nstatus;
	char **all; /* every marker must be in the body */
	size_t nall;
	char **any; /* at least one must be (when given) */
	size_t nany;
	enum fp_version_kind vkind;
	char *vjson;  /* dot path into a JSON body: "data.version" */
	char *vafter; /* text right before the version */
	char *vuntil; /* characters that end it */
};

struct fp_example {
	size_t request;
	long status;
	char *body;
	char *version; /* expected version, or NULL */
	int must_match;
};

struct fp_service {
	char *id;
	char *name;
	char **processes; /* process names (comm or executable) that run it */
	size_t nprocesses;
	struct fp_request *req;
	size_t nreq;
	struct fp_example *ex;
	size_t nex;
};

struct fp_db {
	char *path;
	struct fp_service *svc;
	size_t nsvc;
};

enum za_err fp_load(const char *path, struct fp_db **out, char *err, size_t errlen);
enum za_err fp_parse(const char *file, const char *text, size_t len, struct fp_db **out, char *err, size_t errlen);
void fp_free(struct fp_db *db);
const struct fp_service *fp_find(const struct fp_db *db, const char *id);

/* 1 when (status, body) identifies the service per req; the version, if the
 * request says how to read it and it is there, goes to version (sanitized:
 * letters, digits, ".-_+~", at most vlen-1 chars), else version[0] = 0. */
int fp_match(const struct fp_request *req, long status, const char *body, size_t len, char *version, size_t vlen);

/* Run every example of every service; the first mismatch is an error. */
enum za_err fp_selftest(const struct fp_db *db, char *err, size_t errlen);

#endif
