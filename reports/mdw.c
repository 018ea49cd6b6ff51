/* mdw.c - the Markdown writer (see mdw.h). */
#define _GNU_SOURCE
#include "mdw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void md_tag(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

void md_text(struct buf *b, const char *text, size_t max)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t n = strlen((const char *)p), i = 0;

	if (max && n > max)
		n = max;
	while (i < n) {
		unsigned char c = p[i];
		size_t k;
		if (c == '&' || c == '<' || c == '>') {
			buf_puts(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : "&gt;");
			i++;
			continue;
		}
		if (strchr("\\`*_[]|~", c) && c) {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
			i++;
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t') {
			buf_putc(b, ' ');
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f || !(k = text_utf8_seq(p + i, n - i))) {
			buf_printf(b, "\\\\x%02x", c); /* an escaped backslash, then xNN */
			i++;
			continue;
		}
		buf_append(b, p + i, k);
		i += k;
	}
	if (n < strlen((const char *)p))
		buf_puts(b, "...");
}

void md_textf(struct buf *b, const char *fmt, ...)
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
	md_text(b, s, 0);
	free(s);
}
