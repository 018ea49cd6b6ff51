/*
 * buf.h - a growable byte buffer with a hard cap.
 *
 *   struct buf b;
 *   buf_init(&b, ZA_MAX_EVIDENCE);
 *   buf_printf(&b, "GET %s -> %ld", url, code);
 *   use(b.p);            // always NUL-terminated (empty string when nothing)
 *   buf_free(&b);
 *
 * Appending past the cap keeps what fits and sets b.truncated: the caller
 * decides whether that is an error or a recorded truncation. Allocation
 * failure sets b.oom; later appends are ignored. buf_free() is NULL-safe and
 * idempotent.
 */
#ifndef ZA_BUF_H
#define ZA_BUF_H

#include <stddef.h>

struct buf {
	char *p;       /* NUL-terminated contents, or NULL before first append */
	size_t len;    /* bytes used, excluding the NUL */
	size_t alloc;  /* bytes allocated */
	size_t max;    /* cap on len */
	int truncated; /* an append did not fit */
	int oom;       /* an allocation failed */
};

void buf_init(struct buf *b, size_t max);
void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Contents as a string: b.p, or "" when empty. */
const char *buf_str(const struct buf *b);
/* Hand the contents to the caller (malloc'd, never NULL unless out of
 * memory); the buffer is left empty. */
char *buf_detach(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
