/* text.c - see text.h. */
#include "text.h"

size_t text_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c;
	size_t len, i;
	unsigned long cp;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int text_is_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k = text_utf8_seq(p + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

void text_sanitize(const char *in, size_t n, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0;

	while (i < n && !out->truncated && !out->oom) {
		unsigned char c = p[i];
		size_t k;

		if (c == '\n') {
			buf_puts(out, "\\n");
			i++;
			continue;
		}
		if (c == '\r') {
			buf_puts(out, "\\r");
			i++;
			continue;
		}
		if (c == '\t') {
			buf_puts(out, "\\t");
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_printf(out, "\\x%02x", c);
			i++;
			continue;
		}
		k = text_utf8_seq(p + i, n - i);
		if (!k) {
			buf_printf(out, "\\x%02x", c);
			i++;
			continue;
		}
		/* C1 controls (U+0080..U+009F) are invisible in a terminal too */
		if (k == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
			buf_printf(out, "\\u%04x", p[i + 1]);
			i += 2;
			continue;
		}
		if (out->max - out->len < k) {
			out->truncated = 1;
			break;
		}
		buf_append(out, p + i, k);
		i += k;
	}
	if (i < n)
		out->truncated = 1;
}
