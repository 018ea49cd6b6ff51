/* vantage.c - see vantage.h. */
#define _GNU_SOURCE
#include "vantage.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum za_err vantage_parse(const char *spec, struct vantage *v, char *err, size_t errlen)
{
	memset(v, 0, sizeof(*v));
	if (!spec || strcmp(spec, "here") == 0) {
		snprintf(v->kind, sizeof(v->kind), "here");
		return ZA_OK;
	}
	if (strncmp(spec, "netns:", 6) == 0) {
		const char *n = spec + 6;
		size_t len = strlen(n);
		if (len == 0 || len >= sizeof(v->netns) || strchr(n, '/') || strcmp(n, ".") == 0 ||
		    strcmp(n, "..") == 0) {
			za_seterr(err, errlen, "--vantage %s: not a valid network namespace name", spec);
			return ZA_ERR_USAGE;
		}
		snprintf(v->kind, sizeof(v->kind), "netns");
		snprintf(v->netns, sizeof(v->netns), "%s", n);
		return ZA_OK;
	}
	if (strcmp(spec, "untrusted-local") == 0 || strncmp(spec, "untrusted-local:", 16) == 0) {
		snprintf(v->kind, sizeof(v->kind), "untrusted-local");
		if (spec[15] == ':') {
			struct in_addr a;
			if (inet_pton(AF_INET, spec + 16, &a) != 1) {
				za_seterr(err, errlen, "--vantage %s: '%s' is not an IPv4 address", spec, spec + 16);
				return ZA_ERR_USAGE;
			}
			snprintf(v->source, sizeof(v->source), "%s", spec + 16);
		}
		v->lab.home_fd = v->lab.inner_fd = -1;
		return ZA_OK;
	}
	za_seterr(err, errlen, "--vantage %s: expected 'here', 'netns:NAME' or 'untrusted-local[:ADDR]'", spec);
	return ZA_ERR_USAGE;
}

static void collect(struct vantage *v)
{
	struct ifaddrs *ifa = NULL;

	if (gethostname(v->hostname, sizeof(v->hostname) - 1) != 0)
		snprintf(v->hostname, sizeof(v->hostname), "unknown");
	if (getifaddrs(&ifa) != 0)
		return;
	for (struct ifaddrs *i = ifa; i && v->naddrs < ZA_MAX_VANTAGE_ADDRS; i = i->ifa_next) {
		socklen_t sl;
		if (!i->ifa_addr || (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			sl = sizeof(struct sockaddr_in);
		else if (i->ifa_addr->sa_family == AF_INET6) {
			const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)i->ifa_addr;
			if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
				continue;
			sl = sizeof(struct sockaddr_in6);
		} else
			continue;
		if (getnameinfo(i->ifa_addr, sl, v->addrs[v->naddrs], sizeof(v->addrs[0]), NULL, 0, NI_NUMERICHOST) ==
		    0)
			v->naddrs++;
	}
	freeifaddrs(ifa);
}

enum za_err vantage_enter(struct vantage *v, char *err, size_t errlen)
{
	if (strcmp(v->kind, "netns") == 0) {
		char path[128];
		int fd;

		snprintf(path, sizeof(path), "/run/netns/%s", v->netns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			za_seterr(err, errlen, "--vantage netns:%s: cannot open %s: %s", v->netns, path,
			          strerror(errno));
			return ZA_ERR_VANTAGE;
		}
		if (setns(fd, CLONE_NEWNET) != 0) {
			int e = errno;
			close(fd);
			za_seterr(err, errlen, "--vantage netns:%s: cannot enter the namespace: %s%s", v->netns,
			          strerror(e), e == EPERM ? " (needs CAP_SYS_ADMIN: run as root)" : "");
			return ZA_ERR_VANTAGE;
		}
		close(fd);
	}
	if (strcmp(v->kind, "untrusted-local") == 0) {
		enum za_err r = netlab_up(&v->lab, v->source, err, errlen);
		if (r != ZA_OK)
			return r;
	}
	v->entered = 1;
	collect(v);
	return ZA_OK;
}

void vantage_leave(struct vantage *v)
{
	if (strcmp(v->kind, "untrusted-local") == 0)
		netlab_down(&v->lab);
}
