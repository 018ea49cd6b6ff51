/* secret.c - see secret.h. */
#define _GNU_SOURCE
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct za_secret {
	unsigned char *v;
	size_t len;
	char *source;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	dev_t dev; /* the file it was read from: its home */
	ino_t ino;
};

static struct za_secret *secret_new(const void *data, size_t len)
{
	struct za_secret *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->v = malloc(len ? len : 1);
	s->source = strdup("");
	if (!s->v || !s->source) {
		secret_free(s);
		return NULL;
	}
	if (len)
		memcpy(s->v, data, len);
	s->len = len;
	return s;
}

struct za_secret *secret_from_bytes(const void *data, size_t len)
{
	return secret_new(data, len);
}

enum za_err secret_load_file(const char *path, struct za_secret **out, char *err, size_t errlen)
{
	/* O_NONBLOCK: a FIFO named as a token file must not hang the open */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	*out = NULL;
	if (fd < 0) {
		za_seterr(err, errlen, "%s: cannot open token file: %s", path, strerror(errno));
		return ZA_ERR_IO;
	}
	return secret_load_fd(fd, path, out, err, errlen);
}

enum za_err secret_load_fd(int fd, const char *path, struct za_secret **out, char *err, size_t errlen)
{
	enum za_err r = ZA_ERR_INPUT;
	unsigned char raw[ZA_MAX_TOKEN_BYTES + 1];
	size_t got = 0;
	struct stat st;
	struct za_secret *s = NULL;

	*out = NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		za_seterr(err, errlen, "%s: token file is not a regular file", path);
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, raw + got, sizeof(raw) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			za_seterr(err, errlen, "%s: cannot read token file: %s", path, strerror(errno));
			r = ZA_ERR_IO;
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got == sizeof(raw)) {
			za_seterr(err, errlen, "%s: token file is over %u bytes", path, ZA_MAX_TOKEN_BYTES);
			goto out;
		}
	}
	while (got && (raw[got - 1] == '\n' || raw[got - 1] == '\r' || raw[got - 1] == ' ' || raw[got - 1] == '\t'))
		got--;
	if (!got) {
		za_seterr(err, errlen, "%s: token file is empty", path);
		goto out;
	}
	for (size_t i = 0; i < got; i++) {
		if (raw[i] == '\0' || raw[i] == '\n' || raw[i] == '\r') {
			za_seterr(err, errlen, "%s: token file holds more than one line or a NUL byte", path);
			goto out;
		}
	}
	s = secret_new(raw, got);
	if (!s) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	free(s->source);
	s->source = strdup(path);
	if (!s->source) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	s->mode = st.st_mode;
	s->uid = st.st_uid;
	s->gid = st.st_gid;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	*out = s;
	s = NULL; /* caller owns */
	r = ZA_OK;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	secret_free(s);
	if (fd >= 0)
		close(fd);
	return r;
}

void secret_free_all(struct za_secret **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		secret_free(v[i]);
	free(v);
}

enum za_err secret_load_lines(const char *path, struct za_secret ***out, size_t *n, char *err, size_t errlen)
{
	return secret_load_lines_fd(open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK), path, out, n, err,
	                            errlen);
}

enum za_err secret_load_lines_fd(int fd, const char *path, struct za_secret ***out, size_t *n, char *err, size_t errlen)
{
	enum za_err r = ZA_ERR_IO;
	struct stat st;
	size_t cap = ZA_MAX_SECRET_LINES * (ZA_MAX_TOKEN_BYTES + 1), got = 0;
	char *text = NULL;
	struct za_secret **v = NULL;
	size_t nv = 0;

	*out = NULL;
	*n = 0;
	if (fd < 0) {
		za_seterr(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return ZA_ERR_IO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > cap) {
		za_seterr(err, errlen, "%s: not a regular file of secrets", path);
		r = ZA_ERR_INPUT;
		goto out;
	}
	text = malloc((size_t)st.st_size + 1);
	v = calloc(ZA_MAX_SECRET_LINES + 1, sizeof(*v));
	if (!text || !v) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t k = read(fd, text + got, (size_t)st.st_size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	text[got] = '\0';
	long lineno = 0;
	for (char *line = text, *next; line && *line; line = next) {
		char *end, *field;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		end = line + strlen(line);
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#')
			continue;
		if (nv == ZA_MAX_SECRET_LINES) {
			za_seterr(err, errlen, "%s: more than %u secrets: split the file", path, ZA_MAX_SECRET_LINES);
			r = ZA_ERR_INPUT;
			goto out;
		}
		field = strrchr(line, ' ');
		if (!field || strrchr(line, '\t') > field)
			field = strrchr(line, '\t');
		field = field ? field + 1 : line;
		if (strlen(field) > ZA_MAX_TOKEN_BYTES) {
			/* a secret never searched for would let a leak of it pass */
			za_seterr(err, errlen, "%s: line %ld: a secret over %u bytes (the cap of this scanner)", path,
			          lineno, ZA_MAX_TOKEN_BYTES);
			r = ZA_ERR_INPUT;
			goto out;
		}
		if (!(v[nv] = secret_new(field, strlen(field)))) {
			r = ZA_ERR_NOMEM;
			goto out;
		}
		free(v[nv]->source);
		v[nv]->source = strdup(path);
		v[nv]->mode = st.st_mode;
		v[nv]->uid = st.st_uid;
		v[nv]->gid = st.st_gid;
		v[nv]->dev = st.st_dev;
		v[nv]->ino = st.st_ino;
		nv++;
	}
	*out = v;
	*n = nv;
	v = NULL; /* caller owns */
	r = ZA_OK;
out:
	if (text) {
		OPENSSL_cleanse(text, got);
		free(text);
	}
	secret_free_all(v, nv);
	close(fd);
	return r;
}

struct za_secret *secret_random_hex(size_t len, const struct za_secret *avoid)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[ZA_MAX_TOKEN_BYTES];
	char val[ZA_MAX_TOKEN_BYTES];
	struct za_secret *s = NULL;

	if (len == 0 || len > sizeof(val))
		return NULL;
	for (int tries = 0; tries < 4; tries++) {
		if (RAND_bytes(rnd, (int)len) != 1)
			break;
		for (size_t i = 0; i < len; i++)
			val[i] = hex[rnd[i] & 15];
		if (avoid && secret_equal(avoid, val, len))
			continue;
		s = secret_new(val, len);
		break;
	}
	OPENSSL_cleanse(rnd, sizeof(rnd));
	OPENSSL_cleanse(val, sizeof(val));
	return s;
}

size_t secret_len(const struct za_secret *s)
{
	return s ? s->len : 0;
}

const char *secret_source(const struct za_secret *s)
{
	return s && s->source ? s->source : "";
}

mode_t secret_file_mode(const struct za_secret *s)
{
	return s ? s->mode : 0;
}

uid_t secret_file_uid(const struct za_secret *s)
{
	return s ? s->uid : 0;
}

gid_t secret_file_gid(const struct za_secret *s)
{
	return s ? s->gid : 0;
}

int secret_home_is(const struct za_secret *s, dev_t dev, ino_t ino)
{
	return s && s->source && s->ino && s->dev == dev && s->ino == ino;
}

enum secret_mode_verdict secret_mode_judge(mode_t mode, gid_t gid, int group_allowed, char *msg, size_t msglen)
{
	unsigned m = (unsigned)(mode & 07777);

	if (mode & 0006) {
		snprintf(msg, msglen, "every user can %s (mode %04o)",
		         (mode & 0004) && (mode & 0002) ? "read and write it"
		         : (mode & 0004)                ? "read it"
		                                        : "write it, replacing the token",
		         m);
		return SECRET_MODE_OPEN;
	}
	if ((mode & 0060) && gid != 0 && !group_allowed) {
		snprintf(msg, msglen, "group %u has access (mode %04o) and the policy does not allow that group",
		         (unsigned)gid, m);
		return SECRET_MODE_GROUP;
	}
	if (mode & 0060)
		snprintf(msg, msglen, "private (mode %04o; group %s%u only%s)", m, gid == 0 ? "root, gid " : "",
		         (unsigned)gid, gid == 0 ? ": as tight as 0600" : ", a group the policy allows");
	else
		snprintf(msg, msglen, "private (mode %04o)", m);
	return SECRET_MODE_TIGHT;
}

int secret_equal(const struct za_secret *s, const void *data, size_t len)
{
	if (!s || len != s->len)
		return 0;
	return CRYPTO_memcmp(s->v, data, len) == 0;
}

void secret_fingerprint_bytes(const void *data, size_t len, char out[SECRET_FINGERPRINT_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	memcpy(out, "sha256:", 7);
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen < 6) {
		memcpy(out + 7, "000000000000", 13);
		return;
	}
	for (int i = 0; i < 6; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
	out[19] = '\0';
}

void secret_fingerprint(const struct za_secret *s, char out[SECRET_FINGERPRINT_LEN])
{
	secret_fingerprint_bytes(s ? s->v : (const unsigned char *)"", s ? s->len : 0, out);
}

long secret_find(const struct za_secret *s, const char *hay, size_t n)
{
	const char *p;

	if (!s || !s->len || n < s->len)
		return -1;
	p = memmem(hay, n, s->v, s->len);
	return p ? (long)(p - hay) : -1;
}

char *secret_auth_header(const struct za_secret *s, const char *scheme)
{
	static const char pfx[] = "Authorization: ";
	size_t sl = strlen(scheme), n = sizeof(pfx) - 1 + sl + 1 + s->len + 1;
	char *h = malloc(n);

	if (!h)
		return NULL;
	memcpy(h, pfx, sizeof(pfx) - 1);
	memcpy(h + sizeof(pfx) - 1, scheme, sl);
	h[sizeof(pfx) - 1 + sl] = ' ';
	memcpy(h + sizeof(pfx) + sl, s->v, s->len);
	h[n - 1] = '\0';
	return h;
}

void secret_wipe_buf(char *p, size_t len)
{
	if (!p)
		return;
	OPENSSL_cleanse(p, len);
	free(p);
}

char *secret_encode(const struct za_secret *s, enum secret_encoding e, size_t *len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = NULL;
	size_t n = 0;

	*len = 0;
	if (!s || !s->len)
		return NULL;
	switch (e) {
	case SECRET_RAW:
		o = malloc(s->len + 1);
		if (o) {
			memcpy(o, s->v, s->len);
			n = s->len;
		}
		break;
	case SECRET_PERCENT:
		o = malloc(3 * s->len + 1);
		for (size_t i = 0; o && i < s->len; i++) {
			unsigned char c = s->v[i];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			    c == '_' || c == '.' || c == '~') {
				o[n++] = (char)c;
			} else {
				o[n++] = '%';
				o[n++] = hex[c >> 4];
				o[n++] = hex[c & 15];
			}
		}
		break;
	case SECRET_JSON:
		o = malloc(6 * s->len + 1);
		for (size_t i = 0; o && i < s->len; i++) {
			unsigned char c = s->v[i];
			if (c == '"' || c == '\\' || c == '/') {
				o[n++] = '\\';
				o[n++] = (char)(c == '/' ? '/' : c);
			} else if (c < 0x20) {
				n += (size_t)snprintf(o + n, 7, "\\u%04x", c);
			} else {
				o[n++] = (char)c;
			}
		}
		break;
	case SECRET_BASE64:
		o = malloc(4 * ((s->len + 2) / 3) + 1);
		if (o)
			n = (size_t)EVP_EncodeBlock((unsigned char *)o, s->v, (int)s->len);
		break;
	default: break;
	}
	if (!o)
		return NULL;
	o[n] = '\0';
	if (e != SECRET_RAW && n == s->len && memcmp(o, s->v, n) == 0) {
		secret_wipe_buf(o, n); /* same as raw: nothing new to search for */
		return NULL;
	}
	*len = n;
	return o;
}

char *secret_url_param(const struct za_secret *s, const char *url, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t ul = strlen(url), nl = strlen(name), n = ul + 1 + nl + 1 + 3 * s->len + 1, o;
	char *u = malloc(n);

	if (!u)
		return NULL;
	memcpy(u, url, ul);
	o = ul;
	u[o++] = strchr(url, '?') ? '&' : '?';
	memcpy(u + o, name, nl);
	o += nl;
	u[o++] = '=';
	for (size_t i = 0; i < s->len; i++) {
		unsigned char c = s->v[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~') {
			u[o++] = (char)c;
		} else {
			u[o++] = '%';
			u[o++] = hex[c >> 4];
			u[o++] = hex[c & 15];
		}
	}
	u[o] = '\0';
	return u;
}

void secret_wipe_free(char *p)
{
	if (!p)
		return;
	OPENSSL_cleanse(p, strlen(p));
	free(p);
}

void secret_free(struct za_secret *s)
{
	if (!s)
		return;
	if (s->v)
		OPENSSL_cleanse(s->v, s->len);
	free(s->v);
	free(s->source);
	free(s);
}
