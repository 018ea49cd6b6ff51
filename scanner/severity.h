/*
 * severity.h - statuses, severities, vantage roles: the enums of the result
 * model and their canonical spellings (the report schema's strings).
 * *_parse() return -1 for an unknown spelling.
 */
#ifndef ZA_SEVERITY_H
#define ZA_SEVERITY_H

enum za_status { ZA_PASS, ZA_FAIL, ZA_ERROR, ZA_SKIPPED, ZA_WAIVED, ZA_STATUS_COUNT };
enum za_severity { ZA_SEV_INFO, ZA_SEV_LOW, ZA_SEV_MEDIUM, ZA_SEV_HIGH, ZA_SEV_CRITICAL, ZA_SEV_COUNT };
enum za_role { ZA_ROLE_UNTRUSTED, ZA_ROLE_ADMIN, ZA_ROLE_HOST, ZA_ROLE_COUNT };
enum za_verdict { ZA_VERDICT_PASS, ZA_VERDICT_FAIL, ZA_VERDICT_INCONCLUSIVE };

const char *status_name(enum za_status s);
int status_parse(const char *s);
/* How bad a status word is, worst first: fail 0, error 1, waived 2, pass 3,
 * skipped 4. A word this version does not know ranks as error: it decided
 * nothing a reader can trust, and never hides behind a pass. Merges,
 * findings and the checklist order results by it. */
int status_rank(const char *s);
#define STATUS_RANKS 5
const char *severity_name(enum za_severity s);
int severity_parse(const char *s);
const char *role_name(enum za_role r);
int role_parse(const char *s);
const char *verdict_name(enum za_verdict v);
int verdict_parse(const char *s);

#endif
