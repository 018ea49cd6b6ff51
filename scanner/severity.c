/* severity.c - see severity.h. */
#include "severity.h"

#include <string.h>

static const char *const status_names[] = {"pass", "fail", "error", "skipped", "waived"};
static const char *const severity_names[] = {"info", "low", "medium", "high", "critical"};
static const char *const role_names[] = {"untrusted", "admin", "host"};
static const char *const verdict_names[] = {"pass", "fail", "inconclusive"};

static int lookup(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *status_name(enum za_status s)
{
	return (unsigned)s < 5 ? status_names[s] : "error";
}

int status_parse(const char *s)
{
	return lookup(status_names, 5, s);
}

int status_rank(const char *s)
{
	static const char *const worst_first[STATUS_RANKS] = {"fail", "error", "waived", "pass", "skipped"};

	for (int i = 0; i < STATUS_RANKS; i++)
		if (strcmp(s, worst_first[i]) == 0)
			return i;
	return 1;
}

const char *severity_name(enum za_severity s)
{
	return (unsigned)s < 5 ? severity_names[s] : "critical";
}

int severity_parse(const char *s)
{
	return lookup(severity_names, 5, s);
}

const char *role_name(enum za_role r)
{
	return (unsigned)r < 3 ? role_names[r] : "untrusted";
}

int role_parse(const char *s)
{
	return lookup(role_names, 3, s);
}

const char *verdict_name(enum za_verdict v)
{
	return (unsigned)v < 3 ? verdict_names[v] : "inconclusive";
}

int verdict_parse(const char *s)
{
	return lookup(verdict_names, 3, s);
}
