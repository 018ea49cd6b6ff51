/* xmlw.c - the XML writer (see xmlw.h). */
#define _GNU_SOURCE
#include "xmlw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void xml_tag(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

void xml_text(struct buf *b, const char *text)
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
			buf_puts(b, "&apos;");
			i++;
			continue;
		case '\n':
			buf_puts(b, "&#10;");
			i++;
			continue; /* kept inside attribute values too */
		case '\t':
			buf_puts(b, "&#9;");
			i++;
			continue;
		default: break;
		}
		k = c < 0x20 || c == 0x7f ? 0 : text_utf8_seq(p + i, n - i);
		/* U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters */
		if (k == 3 && c == 0xef && p[i + 1] == 0xbf && (p[i + 2] == 0xbe || p[i + 2] == 0xbf))
			k = 0;
		if (!k) {
			buf_printf(b, "\\x%02x", c);
			i++;
			continue;
		}
		buf_append(b, p + i, k);
		i += k;
	}
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
