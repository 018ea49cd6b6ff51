/* htmlw.c - see htmlw.h. */
#define _GNU_SOURCE
#include "htmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void hw_tag(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

void hw_text(struct buf *b, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t n = strlen((const char *)p), i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t k;
		switch (c) {
		case '&':
			buf_puts(b, "&amp;");
			i++;
			continue;
		case '<':
			buf_puts(b, "&lt;");
			i++;
			continue;
		case '>':
			buf_puts(b, "&gt;");
			i++;
			continue;
		case '"':
			buf_puts(b, "&quot;");
			i++;
			continue;
		case '\'':
			buf_puts(b, "&#39;");
			i++;
			continue;
		case '\n':
			buf_putc(b, '\n');
			i++;
			continue;
		case '\t':
			buf_putc(b, '\t');
			i++;
			continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\x%02x", c);
			i++;
			continue;
		}
		k = text_utf8_seq(p + i, n - i);
		if (!k) {
			buf_printf(b, "\\x%02x", c);
			i++;
			continue;
		}
		buf_append(b, p + i, k);
		i += k;
	}
}

void hw_textf(struct buf *b, const char *fmt, ...)
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
	hw_text(b, s);
	free(s);
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
