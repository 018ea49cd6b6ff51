/* xmlw.c - the XML writer (see xmlw.h). */
#include "xmlw.h"

#include <stdarg.h>

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

	va_start(ap, fmt);
	markup_escapev(b, 1, fmt, ap);
	va_end(ap);
}
