/* fileio.c - see fileio.h. */
#define _GNU_SOURCE
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum za_err fileio_read(const char *path, size_t cap, int flags, char **out, size_t *outlen, char *err, size_t errlen)
{
	enum za_err r = ZA_ERR_IO;
	int fd = -1;
	struct stat st;
	char *p = NULL;
	size_t got = 0;

	*out = NULL;
	if (outlen)
		*outlen = 0;
	/* O_NONBLOCK: a FIFO named as an input file must not hang the open (refused below) */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | ((flags & FILEIO_NOFOLLOW) ? O_NOFOLLOW : 0));
	if (fd < 0) {
		za_seterr(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		za_seterr(err, errlen, "%s: cannot stat: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		za_seterr(err, errlen, "%s: not a regular file (%s)", path,
		          S_ISDIR(st.st_mode)    ? "a directory"
		          : S_ISFIFO(st.st_mode) ? "a FIFO"
		          : S_ISCHR(st.st_mode)  ? "a character device"
		          : S_ISBLK(st.st_mode)  ? "a block device"
		          : S_ISSOCK(st.st_mode) ? "a socket"
		                                 : "not a file");
		r = ZA_ERR_INPUT;
		goto out;
	}
	if ((unsigned long long)st.st_size > cap) {
		za_seterr(err, errlen, "%s: file is %lld bytes, over the limit of %zu", path, (long long)st.st_size,
		          cap);
		r = ZA_ERR_INPUT;
		goto out;
	}
	{
		/* st_size is a hint only: a file may grow while we read it. */
		size_t room = 0;
		for (;;) {
			ssize_t n;
			if (got + 1 >= room) {
				char *q;
				if (got > cap)
					break;
				room = room ? room * 2 : (size_t)st.st_size + 2;
				if (room > cap + 2)
					room = cap + 2;
				q = realloc(p, room);
				if (!q) {
					r = ZA_ERR_NOMEM;
					za_seterr(err, errlen, "%s: out of memory", path);
					goto out;
				}
				p = q;
			}
			n = read(fd, p + got, room - 1 - got);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				za_seterr(err, errlen, "%s: read failed: %s", path, strerror(errno));
				goto out;
			}
			if (n == 0)
				break;
			got += (size_t)n;
		}
	}
	if (got > cap) {
		za_seterr(err, errlen, "%s: file is over the limit of %zu bytes", path, cap);
		r = ZA_ERR_INPUT;
		goto out;
	}
	p[got] = '\0';
	if ((flags & FILEIO_TEXT) && memchr(p, '\0', got)) {
		size_t at = (size_t)((char *)memchr(p, '\0', got) - p);
		za_seterr(err, errlen, "%s: byte %zu: NUL byte in a text file", path, at);
		r = ZA_ERR_INPUT;
		goto out;
	}
	*out = p;
	p = NULL; /* caller owns */
	if (outlen)
		*outlen = got;
	r = ZA_OK;
out:
	free(p);
	if (fd >= 0)
		close(fd);
	return r;
}

enum za_err fileio_write(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	enum za_err r = ZA_ERR_IO;
	char *tmp = NULL;
	int fd = -1;
	size_t done = 0;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		tmp = NULL;
		r = ZA_ERR_NOMEM;
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		za_seterr(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			za_seterr(err, errlen, "%s: write failed: %s", tmp, strerror(errno));
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		za_seterr(err, errlen, "%s: cannot flush: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		za_seterr(err, errlen, "%s: cannot rename into place: %s", path, strerror(errno));
		goto out;
	}
	r = ZA_OK;
out:
	if (fd >= 0)
		close(fd);
	if (r != ZA_OK && tmp)
		unlink(tmp);
	free(tmp);
	return r;
}

enum za_err fileio_mkdirs(const char *path, char *err, size_t errlen)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(tmp)) {
		za_seterr(err, errlen, "%s: bad directory name", path);
		return ZA_ERR_USAGE;
	}
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
			za_seterr(err, errlen, "%s: cannot create directory: %s", tmp, strerror(errno));
			return ZA_ERR_IO;
		}
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
		za_seterr(err, errlen, "%s: cannot create directory: %s", tmp, strerror(errno));
		return ZA_ERR_IO;
	}
	return ZA_OK;
}
