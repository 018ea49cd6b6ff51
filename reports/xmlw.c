/* xmlw.c - the XML writer (see xmlw.h). */
#define _GNU_SOURCE
#include "xmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"

void xml_tag(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

void xml_text(struct buf *b, const char *text)
{
	markup_escape(b, text, 1);
}

void xml_textf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s) {
		b->oom = 1;
		return;
	}
	xml_text(b, s);
	free(s);
}
