/* buf.c - see buf.h. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

static int buf_reserve(struct buf *b, size_t need)
{
	size_t n;
	char *p;

	if (need + 1 <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < need + 1)
		n *= 2;
	if (b->max && n > b->max + 1 && need + 1 <= b->max + 1)
		n = b->max + 1; /* never more than the cap needs: a 32 MiB answer takes 32 MiB, not 64 */
	p = realloc(b->p, n);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->p = p;
	b->alloc = n;
	return 0;
}

void buf_append(struct buf *b, const void *data, size_t n)
{
	if (b->oom)
		return;
	if (n > b->max - b->len) {
		n = b->max - b->len;
		b->truncated = 1;
	}
	if (buf_reserve(b, b->len + n) != 0)
		return;
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_append(b, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);
		if (!big) {
			b->oom = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		buf_append(b, big, (size_t)n);
		free(big);
	}
}

const char *buf_str(const struct buf *b)
{
	return b->p ? b->p : "";
}

char *buf_detach(struct buf *b)
{
	char *p = b->p;

	if (!p)
		p = calloc(1, 1);
	b->p = NULL;
	b->len = b->alloc = 0;
	b->truncated = 0;
	return p;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->truncated = 0;
	if (b->p)
		b->p[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->alloc = 0;
}
