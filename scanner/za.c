/* za.c - the shared error helpers declared in za.h. */
#include "za.h"

#include <stdarg.h>
#include <stdio.h>

void za_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

const char *za_strerr(enum za_err e)
{
	switch (e) {
	case ZA_OK: return "ok";
	case ZA_ERR_USAGE: return "usage error";
	case ZA_ERR_POLICY: return "policy error";
	case ZA_ERR_INPUT: return "input error";
	case ZA_ERR_IO: return "i/o error";
	case ZA_ERR_NOMEM: return "out of memory";
	case ZA_ERR_VANTAGE: return "vantage error";
	case ZA_ERR_INTERNAL: return "internal error";
	case ZA_ERR_CAP: return "over a cap of this scanner";
	}
	return "unknown error";
}
