/*
 * fileio.h - reading and writing whole files with caps.
 *
 * fileio_read() opens with O_NOFOLLOW|O_CLOEXEC when asked, fstat()s the
 * descriptor, refuses anything but a regular file, refuses files over the cap
 * and files containing a NUL byte (text inputs only), and returns a
 * NUL-terminated malloc'd copy. Errors name the path.
 *
 * fileio_write() writes atomically: a temporary file in the same directory,
 * fsync, rename.
 */
#ifndef ZA_FILEIO_H
#define ZA_FILEIO_H

#include <stddef.h>

#include "za.h"

enum {
	FILEIO_NOFOLLOW = 1, /* refuse a symbolic link as the last component */
	FILEIO_TEXT = 2,     /* refuse NUL bytes */
};

enum za_err fileio_read(const char *path, size_t cap, int flags, char **out, size_t *outlen, char *err, size_t errlen);
enum za_err fileio_write(const char *path, const void *data, size_t len, char *err, size_t errlen);
/* mkdir -p, mode 0755 for new directories. */
enum za_err fileio_mkdirs(const char *path, char *err, size_t errlen);

#endif
