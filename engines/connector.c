/* connector.c - see connector.h. */
#define _GNU_SOURCE
#include "connector.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

struct attempt {
	int fd;
	int early_errno; /* connect(2) ended at once: 0 connected, else the error; -1 in progress */
	long t0_us;
	size_t idx; /* in pend, or in early */
	struct sockaddr_storage sa;
	conn_done_fn done;
	void *arg;
};

struct connector {
	struct rtt_table *rtt;
	int epfd;
	struct attempt **pend; /* in progress */
	size_t npend, cpend;
	struct attempt **early; /* ended in connect(2) itself, for the next step */
	size_t nearly, cearly;
	long next_scan_us; /* no attempt can time out before this */
};

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

enum za_err connector_new(struct rtt_table *rtt, struct connector **out)
{
	struct connector *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return ZA_ERR_NOMEM;
	c->rtt = rtt;
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0) {
		free(c);
		return ZA_ERR_NOMEM;
	}
	*out = c;
	c = NULL; /* caller owns */
	return ZA_OK;
}

int connector_fd(const struct connector *c)
{
	return c->epfd;
}

size_t connector_pending(const struct connector *c)
{
	return c->npend + c->nearly;
}

static void unlink_attempt(struct connector *c, struct attempt *a)
{
	struct attempt **v = a->early_errno >= 0 ? c->early : c->pend;
	size_t *n = a->early_errno >= 0 ? &c->nearly : &c->npend;

	v[a->idx] = v[--*n];
	v[a->idx]->idx = a->idx;
}

/* Room for one more in v (*cap grows); -1 when out of memory. */
static int reserve(struct attempt ***v, size_t n, size_t *cap)
{
	if (n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		struct attempt **nv = realloc(*v, nc * sizeof(*nv));
		if (!nv)
			return -1;
		*v = nv;
		*cap = nc;
	}
	return 0;
}

/* What an errno of connect(2) or SO_ERROR says about the network. */
static enum http_outcome outcome_of(int err)
{
	switch (err) {
	case ECONNREFUSED: return HTTP_REFUSED;
	case ETIMEDOUT: return HTTP_FILTERED;
	case EHOSTUNREACH:
	case EHOSTDOWN: return HTTP_UNREACHABLE;
	case ENETUNREACH:
	case EINVAL:
	case EACCES:
	case EPERM: return HTTP_NO_ROUTE; /* the vantage's own routing or filter */
	case ECONNRESET: return HTTP_CLOSED;
	default: return HTTP_LOCAL_ERROR; /* EMFILE, EADDRNOTAVAIL, ENOBUFS ... */
	}
}

/* a ends: with err (0: connected), or timed out (err < 0). */
static void finish(struct connector *c, struct attempt *a, int err, long now)
{
	struct conn_result res;

	memset(&res, 0, sizeof(res));
	res.fd = -1;
	res.rtt_us = -1;
	res.limit_ms = rtt_timeout(c->rtt, (struct sockaddr *)&a->sa);
	/* close(2) takes a socket out of the epoll set; one handed on leaves it here */
	if (err == 0 && a->fd >= 0 && a->early_errno < 0)
		(void)epoll_ctl(c->epfd, EPOLL_CTL_DEL, a->fd, NULL);
	unlink_attempt(c, a);
	if (err == 0 || err == ECONNREFUSED) {
		/* an answer of the peer: one round trip of its network */
		res.rtt_us = now - a->t0_us;
		rtt_sample(c->rtt, (struct sockaddr *)&a->sa, res.rtt_us);
	}
	if (err == 0) {
		res.connected = 1;
		res.fd = a->fd;
		a->fd = -1;
		snprintf(res.detail, sizeof(res.detail), "connected");
	} else if (err < 0) {
		res.outcome = HTTP_FILTERED;
		res.os_errno = ETIMEDOUT;
		snprintf(res.detail, sizeof(res.detail), "no answer to the connection attempt within %ld ms",
		         res.limit_ms);
	} else {
		res.outcome = outcome_of(err);
		res.os_errno = err;
		snprintf(res.detail, sizeof(res.detail), "connect: %s", strerror(err));
	}
	if (a->fd >= 0)
		close(a->fd);
	a->done(a->arg, &res);
	free(a);
}

enum za_err connector_start(struct connector *c, const char *ip, long port, conn_done_fn done, void *arg)
{
	struct attempt *a;
	struct addrinfo hints, *ai = NULL;
	char svc[16];
	struct epoll_event ev;

	if (reserve(&c->pend, c->npend, &c->cpend) != 0 || reserve(&c->early, c->nearly, &c->cearly) != 0)
		return ZA_ERR_NOMEM;
	a = calloc(1, sizeof(*a));
	if (!a)
		return ZA_ERR_NOMEM;
	a->fd = -1;
	a->early_errno = -1;
	a->done = done;
	a->arg = arg;
	a->t0_us = now_us();
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(svc, sizeof(svc), "%ld", port);
	if (getaddrinfo(ip, svc, &hints, &ai) != 0 || !ai || ai->ai_addrlen > sizeof(a->sa)) {
		a->early_errno = EAFNOSUPPORT; /* not an address this scanner can connect to: ours */
		a->idx = c->nearly;
		c->early[c->nearly++] = a;
		if (ai)
			freeaddrinfo(ai);
		return ZA_OK;
	}
	memcpy(&a->sa, ai->ai_addr, ai->ai_addrlen);
	a->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (a->fd < 0) {
		a->early_errno = errno;
	} else if (connect(a->fd, ai->ai_addr, ai->ai_addrlen) == 0) {
		a->early_errno = 0;
	} else if (errno != EINPROGRESS) {
		a->early_errno = errno;
	} else {
		ev.events = EPOLLOUT;
		ev.data.ptr = a;
		if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, a->fd, &ev) != 0)
			a->early_errno = errno;
	}
	freeaddrinfo(ai);
	if (a->early_errno >= 0) {
		a->idx = c->nearly;
		c->early[c->nearly++] = a;
		return ZA_OK;
	}
	a->idx = c->npend;
	c->pend[c->npend++] = a;
	{
		/* the estimate may shrink before it is checked: look again within the floor */
		long at = a->t0_us + rtt_floor(c->rtt) * 1000;
		if (c->npend == 1 || at < c->next_scan_us)
			c->next_scan_us = at;
	}
	return ZA_OK;
}

long connector_wait_ms(const struct connector *c)
{
	long left;

	if (c->nearly)
		return 0;
	if (!c->npend)
		return -1;
	left = c->next_scan_us - now_us();
	return left <= 0 ? 0 : (left + 999) / 1000;
}

/* Attempts past their network's timeout end as filtered. */
static void expire(struct connector *c, long now)
{
	long next = now + rtt_ceiling(c->rtt) * 1000L;

	for (size_t i = 0; i < c->npend;) {
		struct attempt *a = c->pend[i];
		long deadline = a->t0_us + rtt_timeout(c->rtt, (struct sockaddr *)&a->sa) * 1000L;
		if (now >= deadline) {
			finish(c, a, -1, now); /* moves the last attempt into slot i */
			continue;
		}
		if (deadline < next)
			next = deadline;
		i++;
	}
	c->next_scan_us = next;
}

void connector_step(struct connector *c)
{
	struct epoll_event ev[256];
	long now = now_us();
	int n;

	while (c->nearly)
		finish(c, c->early[c->nearly - 1], c->early[c->nearly - 1]->early_errno, now);
	do {
		n = epoll_wait(c->epfd, ev, (int)(sizeof(ev) / sizeof(ev[0])), 0);
		now = now_us();
		for (int i = 0; i < n; i++) {
			struct attempt *a = ev[i].data.ptr;
			int err = 0;
			socklen_t len = sizeof(err);
			if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
				err = errno;
			finish(c, a, err, now);
		}
	} while (n == (int)(sizeof(ev) / sizeof(ev[0])));
	if (c->npend && now >= c->next_scan_us)
		expire(c, now);
}

void connector_abort(struct connector *c, const char *why)
{
	while (c->npend || c->nearly) {
		struct attempt *a = c->nearly ? c->early[c->nearly - 1] : c->pend[c->npend - 1];
		struct conn_result res;
		memset(&res, 0, sizeof(res));
		res.fd = -1;
		res.rtt_us = -1;
		res.outcome = HTTP_DEADLINE;
		snprintf(res.detail, sizeof(res.detail), "%.127s", why);
		unlink_attempt(c, a);
		if (a->fd >= 0)
			close(a->fd);
		a->done(a->arg, &res);
		free(a);
	}
}

void connector_free(struct connector *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->npend + c->nearly; i++) {
		struct attempt *a = i < c->npend ? c->pend[i] : c->early[i - c->npend];
		if (a->fd >= 0)
			close(a->fd);
		free(a);
	}
	free(c->pend);
	free(c->early);
	close(c->epfd);
	free(c);
}
