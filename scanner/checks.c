/* checks.c - the check catalogue's table, built from checks.def (see checks.h). */
#include "checks.h"

#include <string.h>

static const struct check_def checks[] = {
#define CHECK(e, ...) {__VA_ARGS__},
#include "checks.def"
#undef CHECK
};
_Static_assert(sizeof(checks) / sizeof(checks[0]) == CK__COUNT, "one enum entry per catalogue row");

const struct check_def *check_get(enum check_id id)
{
	return (size_t)id < checks_count() ? &checks[id] : NULL;
}

size_t checks_count(void)
{
	return sizeof(checks) / sizeof(checks[0]);
}

const struct check_def *checks_at(size_t i)
{
	return i < checks_count() ? &checks[i] : NULL;
}

const struct check_def *checks_find(const char *id)
{
	for (size_t i = 0; id && i < checks_count(); i++)
		if (strcmp(checks[i].id, id) == 0)
			return &checks[i];
	return NULL;
}

const struct check_def *checks_for_service(const char *service)
{
	for (size_t i = 0; service && i < checks_count(); i++)
		if (checks[i].service && strcmp(checks[i].family, "exposure") == 0 &&
		    strcmp(checks[i].service, service) == 0)
			return &checks[i];
	return NULL;
}
