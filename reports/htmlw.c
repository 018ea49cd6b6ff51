/* htmlw.c - see htmlw.h. */
#include "htmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "markup.h"

void hw_tag(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

void hw_text(struct buf *b, const char *text)
{
	markup_escape(b, text, 0);
}

void hw_textf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	markup_escapev(b, 0, fmt, ap);
	va_end(ap);
}

void hw_elem(struct buf *b, const char *tag, const char *cls, const char *text)
{
	buf_printf(b, "<%s", tag);
	if (cls)
		buf_printf(b, " class=\"%s\"", cls);
	buf_putc(b, '>');
	hw_text(b, text);
	buf_printf(b, "</%s>", tag);
}
