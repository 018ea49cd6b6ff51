/* netlab.c - see netlab.h. */
#define _GNU_SOURCE
#include "netlab.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netdb.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static struct nl_sock *route_sock(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (sk && nl_connect(sk, NETLINK_ROUTE) != 0) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

static int link_up(struct nl_sock *sk, const char *name, int *ifindex)
{
	struct rtnl_link *l = NULL, *chg = rtnl_link_alloc();
	int rc = -1;

	if (chg && rtnl_link_get_kernel(sk, 0, name, &l) == 0) {
		rtnl_link_set_flags(chg, IFF_UP);
		rc = rtnl_link_change(sk, l, chg, 0);
		if (ifindex)
			*ifindex = rtnl_link_get_ifindex(l);
	}
	rtnl_link_put(l);
	rtnl_link_put(chg);
	return rc;
}

/* Wait (up to 3 s) until the link has carrier: a veth end reports it only
 * once both ends are up, and packets sent before that are lost, which a
 * probe would take for "filtered". 0 when it is running. */
static int link_wait_running(struct nl_sock *sk, const char *name)
{
	for (int i = 0; i < 300; i++) {
		struct rtnl_link *l = NULL;
		unsigned flags = 0;
		if (rtnl_link_get_kernel(sk, 0, name, &l) == 0)
			flags = rtnl_link_get_flags(l);
		rtnl_link_put(l);
		if (flags & IFF_RUNNING) /* the operational state, carrier included */
			return 0;
		usleep(10000);
	}
	return -1;
}

/* dst/32 (or /128) on-link via ifindex. */
static int route_add(struct nl_sock *sk, const char *dst, int ifindex)
{
	struct rtnl_route *rt = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *a = NULL;
	char spec[80];
	int rc = -1, fam = strchr(dst, ':') ? AF_INET6 : AF_INET;

	snprintf(spec, sizeof(spec), "%s/%d", dst, fam == AF_INET ? 32 : 128);
	if (rt && nh && nl_addr_parse(spec, fam, &a) == 0) {
		rtnl_route_set_family(rt, (uint8_t)fam);
		rtnl_route_set_dst(rt, a);
		rtnl_route_set_scope(rt, RT_SCOPE_LINK);
		rtnl_route_nh_set_ifindex(nh, ifindex);
		rtnl_route_add_nexthop(rt, nh);
		nh = NULL; /* the route owns it */
		rc = rtnl_route_add(sk, rt, NLM_F_CREATE | NLM_F_REPLACE);
	}
	if (nh)
		rtnl_route_nh_free(nh);
	nl_addr_put(a);
	rtnl_route_put(rt);
	return rc;
}

static int addr_add(struct nl_sock *sk, const char *addr, int ifindex)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *a = NULL;
	char spec[80];
	int rc = -1;

	snprintf(spec, sizeof(spec), "%s/32", addr);
	if (ra && nl_addr_parse(spec, AF_INET, &a) == 0) {
		rtnl_addr_set_ifindex(ra, ifindex);
		rtnl_addr_set_local(ra, a);
		rc = rtnl_addr_add(sk, ra, 0);
	}
	nl_addr_put(a);
	rtnl_addr_put(ra);
	return rc;
}

static enum za_err netlab_build(struct netlab *n, const char *source, char *err, size_t errlen);

#define FAIL(...)                                    \
	do {                                         \
		za_seterr(err, errlen, __VA_ARGS__); \
		goto out;                            \
	} while (0)

enum za_err netlab_up(struct netlab *n, const char *source, char *err, size_t errlen)
{
	sigset_t block, old;
	enum za_err r;

	/* SIGINT/SIGTERM wait until the vantage is whole (then the kernel cleans
	 * up after a kill) */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	r = netlab_build(n, source, err, errlen);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

static enum za_err netlab_build(struct netlab *n, const char *source, char *err, size_t errlen)
{
	enum za_err r = ZA_ERR_VANTAGE;
	struct nl_sock *sk = NULL, *isk = NULL;
	struct rtnl_link *veth = NULL, *l = NULL, *chg = NULL;
	struct ifaddrs *ifa = NULL;
	char local[32][64];
	size_t nlocal = 0;
	int host_idx = 0, inner_idx = 0, nlerr;
	struct in_addr probe;

	memset(n, 0, sizeof(*n));
	n->home_fd = n->inner_fd = -1;
	if (inet_pton(AF_INET, source, &probe) != 1)
		FAIL("untrusted-local: source '%s' is not an IPv4 address", source);
	snprintf(n->source, sizeof(n->source), "%s", source);
	snprintf(n->host_if, sizeof(n->host_if), "zlv%dh", (int)getpid() % 100000);
	snprintf(n->inner_if, sizeof(n->inner_if), "zlv%di", (int)getpid() % 100000);

	/* this host's own addresses: the only destinations routed into the vantage */
	if (getifaddrs(&ifa) == 0) {
		for (struct ifaddrs *i = ifa; i && nlocal < 32; i = i->ifa_next)
			if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET && !(i->ifa_flags & IFF_LOOPBACK) &&
			    getnameinfo(i->ifa_addr, sizeof(struct sockaddr_in), local[nlocal], sizeof(local[0]), NULL,
			                0, NI_NUMERICHOST) == 0)
				nlocal++;
		freeifaddrs(ifa);
	}
	if (!nlocal)
		FAIL("untrusted-local: this host has no IPv4 address besides loopback to probe");

	n->home_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (n->home_fd < 0)
		FAIL("untrusted-local: cannot open /proc/self/ns/net: %s", strerror(errno));
	if (unshare(CLONE_NEWNET) != 0)
		FAIL("untrusted-local: cannot create a network namespace: %s%s", strerror(errno),
		     errno == EPERM ? " (needs CAP_NET_ADMIN and CAP_SYS_ADMIN: run as root)" : "");
	n->inner_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (n->inner_fd < 0 || setns(n->home_fd, CLONE_NEWNET) != 0)
		FAIL("untrusted-local: cannot switch namespaces: %s", strerror(errno));

	sk = route_sock();
	if (!sk)
		FAIL("untrusted-local: cannot open a netlink socket");
	veth = rtnl_link_veth_alloc();
	if (!veth)
		FAIL("untrusted-local: out of memory");
	rtnl_link_set_name(veth, n->host_if);
	{
		/* the inner end is born inside the namespace: at no moment are
		 * both ends in this one, so a kill at any point leaves nothing
		 * behind. get_peer takes a reference: drop it. */
		struct rtnl_link *peer = rtnl_link_veth_get_peer(veth);
		rtnl_link_set_name(peer, n->inner_if);
		rtnl_link_set_ns_fd(peer, n->inner_fd);
		rtnl_link_put(peer);
	}
	nlerr = rtnl_link_add(sk, veth, NLM_F_CREATE | NLM_F_EXCL);
	if (nlerr < 0)
		FAIL("untrusted-local: cannot create veth %s: %s%s", n->host_if, nl_geterror(nlerr),
		     nlerr == -NLE_PERM ? " (needs CAP_NET_ADMIN: run as root)" : "");
	n->up = 1;
	/* older kernels ignore the peer's namespace: move it if it stayed here */
	if (rtnl_link_get_kernel(sk, 0, n->inner_if, &l) == 0) {
		chg = rtnl_link_alloc();
		if (!chg)
			FAIL("untrusted-local: out of memory");
		rtnl_link_set_ns_fd(chg, n->inner_fd);
		if ((nlerr = rtnl_link_change(sk, l, chg, 0)) < 0)
			FAIL("untrusted-local: cannot move %s into the namespace: %s", n->inner_if, nl_geterror(nlerr));
	}
	if (link_up(sk, n->host_if, &host_idx) != 0)
		FAIL("untrusted-local: cannot bring %s up", n->host_if);
	if (route_add(sk, source, host_idx) != 0)
		FAIL("untrusted-local: cannot route %s to %s", source, n->host_if);

	/* inside: lo, the inner end, the source address, routes to the host */
	if (setns(n->inner_fd, CLONE_NEWNET) != 0)
		FAIL("untrusted-local: cannot enter the namespace: %s", strerror(errno));
	isk = route_sock(); /* a netlink socket stays in the namespace it was opened in */
	if (!isk || link_up(isk, "lo", NULL) != 0 || link_up(isk, n->inner_if, &inner_idx) != 0)
		FAIL("untrusted-local: cannot bring the namespace's links up");
	if (addr_add(isk, source, inner_idx) != 0)
		FAIL("untrusted-local: cannot give %s the address %s", n->inner_if, source);
	for (size_t i = 0; i < nlocal; i++) {
		if (strcmp(local[i], source) == 0)
			FAIL("untrusted-local: the source %s is one of this host's own addresses", source);
		if (route_add(isk, local[i], inner_idx) != 0)
			FAIL("untrusted-local: cannot route %s into the namespace", local[i]);
		n->nroutes++;
	}
	if (link_wait_running(isk, n->inner_if) != 0 || link_wait_running(sk, n->host_if) != 0)
		FAIL("untrusted-local: the veth pair %s/%s did not come up within 3 s", n->host_if, n->inner_if);
	r = ZA_OK; /* the thread stays in the namespace */
out:
	if (isk)
		nl_socket_free(isk);
	if (sk)
		nl_socket_free(sk);
	if (veth)
		rtnl_link_veth_release(veth); /* the link and its peer */
	rtnl_link_put(l);
	rtnl_link_put(chg);
	if (r != ZA_OK)
		netlab_down(n);
	return r;
}

void netlab_down(struct netlab *n)
{
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (n->home_fd >= 0)
		(void)setns(n->home_fd, CLONE_NEWNET);
	if (n->up) {
		struct nl_sock *sk = route_sock();
		struct rtnl_link *l = NULL;
		if (sk && rtnl_link_get_kernel(sk, 0, n->host_if, &l) == 0)
			rtnl_link_delete(sk, l); /* removes both ends */
		rtnl_link_put(l);
		if (sk)
			nl_socket_free(sk);
		n->up = 0;
	}
	if (n->inner_fd >= 0)
		close(n->inner_fd);
	if (n->home_fd >= 0)
		close(n->home_fd);
	n->inner_fd = n->home_fd = -1;
	sigprocmask(SIG_SETMASK, &old, NULL);
}
