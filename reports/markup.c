/* markup.c - see markup.h. */
#define _GNU_SOURCE
#include "markup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

void markup_escape(struct buf *b, const char *text, int breaks_as_refs)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t n = strlen((const char *)p), i = 0;

	while (i < n) {
		unsigned char c = p[i];
		const char *ref = NULL;
		size_t k;
		switch (c) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		case '\n': ref = breaks_as_refs ? "&#10;" : "\n"; break;
		case '\t': ref = breaks_as_refs ? "&#9;" : "\t"; break;
		default: break;
		}
		if (ref) {
			buf_puts(b, ref);
			i++;
			continue;
		}
		k = c < 0x20 || c == 0x7f ? 0 : text_utf8_seq(p + i, n - i);
		/* U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters of XML */
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

void markup_escapev(struct buf *b, int breaks_as_refs, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0 || !s) {
		b->oom = 1;
		return;
	}
	markup_escape(b, s, breaks_as_refs);
	free(s);
}
