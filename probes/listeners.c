/*
 * listeners.c - the listeners family (vantage role `host`): which monitoring
 * services listen on which addresses, seen from inside the host.
 *
 * One inet_diag dump of the TCP listening sockets through libnl-idiag (it
 * returns IPv4 and IPv6 sockets at once), each socket mapped to its process
 * through /proc/PID/fd (socket:[inode]); a process is a monitoring service
 * when its name is one of the fingerprint's "processes". For each such
 * socket, `listeners.exposed`:
 *   pass  loopback only (127.0.0.0/8, ::1)
 *   fail  a wildcard (0.0.0.0, ::) or another address: only a firewall keeps
 *         it from untrusted networks - evidence that corroborates or explains
 *         the exposure checks run from outside.
 * Sockets whose process cannot be found (another user's, or /proc/1 which is
 * closed even to root) are not judged.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/idiag/idiagnl.h>
#include <netlink/idiag/msg.h>
#include <netlink/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "family.h"
#include "http.h"
struct sock {
	int family;
	char addr[64];
	unsigned port;
	unsigned long inode;
	int pid;
	char proc[64];
};

struct socks {
	struct sock v[ZA_MAX_SOCKETS];
	size_t n;
	size_t over; /* sockets past the cap: not judged */
};

static void collect(struct nl_object *obj, void *arg)
{
	struct socks *s = arg;
	struct idiagnl_msg *m = (struct idiagnl_msg *)obj;
	struct nl_addr *a = idiagnl_msg_get_src(m);
	struct sock *k;
	int fam = idiagnl_msg_get_family(m);

	if (!a || (fam != AF_INET && fam != AF_INET6))
		return;
	if (s->n >= ZA_MAX_SOCKETS) {
		s->over++;
		return;
	}
	k = &s->v[s->n];
	memset(k, 0, sizeof(*k));
	k->family = fam;
	if (!inet_ntop(fam, nl_addr_get_binary_addr(a), k->addr, sizeof(k->addr)))
		return;
	k->port = ntohs(idiagnl_msg_get_sport(m)); /* network byte order in libnl */
	k->inode = idiagnl_msg_get_inode(m);
	for (size_t i = 0; i < s->n; i++) /* SO_REUSEPORT: once per address */
		if (s->v[i].family == fam && s->v[i].port == k->port && strcmp(s->v[i].addr, k->addr) == 0)
			return;
	s->n++;
}

/* inode -> pid and process name, one walk of /proc. */
static void map_processes(struct socks *s)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;

	while (proc && (p = readdir(proc))) {
		char path[300], link[64], comm[64] = "";
		DIR *fds;
		struct dirent *f;
		int pid = atoi(p->d_name);
		FILE *cf;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		fds = opendir(path);
		if (!fds)
			continue; /* gone, or closed to us */
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		if ((cf = fopen(path, "re"))) {
			if (fgets(comm, sizeof(comm), cf))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(cf);
		}
		while ((f = readdir(fds))) {
			ssize_t n;
			unsigned long ino;
			snprintf(path, sizeof(path), "/proc/%d/fd/%s", pid, f->d_name);
			n = readlink(path, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = '\0';
			if (sscanf(link, "socket:[%lu]", &ino) != 1)
				continue;
			for (size_t i = 0; i < s->n; i++)
				if (s->v[i].inode == ino && !s->v[i].pid) {
					s->v[i].pid = pid;
					snprintf(s->v[i].proc, sizeof(s->v[i].proc), "%s", comm);
				}
		}
		closedir(fds);
	}
	if (proc)
		closedir(proc);
}

static const struct fp_service *service_of(const struct fp_db *fp, const char *proc)
{
	for (size_t i = 0; fp && i < fp->nsvc; i++)
		for (size_t j = 0; j < fp->svc[i].nprocesses; j++)
			/* comm holds at most 15 characters of the name */
			if (strcmp(fp->svc[i].processes[j], proc) == 0 ||
			    (strlen(proc) == 15 && strncmp(fp->svc[i].processes[j], proc, 15) == 0))
				return &fp->svc[i];
	return NULL;
}

void listeners_run(struct probe_ctx *ctx)
{
	struct nl_sock *sk = NULL;
	struct nl_cache *cache = NULL;
	struct socks *s = NULL;
	const struct check_def *c = check_get(CK_LISTENERS_EXPOSED);
	long t0 = probe_now_ms();
	size_t monitoring = 0, mapped = 0;

	if (ctx->role != ZA_ROLE_HOST)
		return;
	s = calloc(1, sizeof(*s));
	sk = nl_socket_alloc();
	if (!s || !sk || idiagnl_connect(sk) != 0 ||
	    idiagnl_msg_alloc_cache(sk, AF_INET, 1 << IDIAG_SS_LISTEN, &cache) != 0) {
		struct za_result *r = probe_begin(ctx, c, NULL, "listening sockets");
		if (r) {
			result_status(ctx->rs, r, ZA_ERROR, "could not list the listening sockets through inet_diag");
			probe_end(ctx, r, t0);
		}
		goto out;
	}
	/* the legacy TCPDIAG request ignores the family: one dump holds v4 and v6 */
	nl_cache_foreach(cache, collect, s);
	map_processes(s);
	if (s->over) {
		/* a monitoring service among the ones not read could listen anywhere */
		struct za_result *r = probe_begin(ctx, c, NULL, "listening sockets");
		if (r) {
			result_status(ctx->rs, r, ZA_ERROR,
			              "%zu listening sockets past the cap of %u were not judged (%zu were)", s->over,
			              ZA_MAX_SOCKETS, s->n);
			probe_end(ctx, r, t0);
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		mapped += s->v[i].pid != 0;
		monitoring += s->v[i].pid && service_of(ctx->fp, s->v[i].proc);
	}
	if (s->over) {
		/* judged above: an error, whatever the sockets that were read show */
	} else if (mapped < s->n && geteuid() != 0) {
		/* without root, other users' processes cannot be mapped: one of them
		 * could be a monitoring service on every interface */
		struct za_result *r = probe_begin(ctx, c, NULL, "listening sockets");
		if (r) {
			result_status(
			        ctx->rs, r, ZA_ERROR,
			        "%zu of %zu listening sockets could not be mapped to a process (not root): cannot "
			        "tell which service listens where",
			        s->n - mapped, s->n);
			probe_end(ctx, r, t0);
		}
	} else if (!monitoring) {
		struct za_result *r = probe_begin(ctx, c, NULL, "listening sockets");
		if (r && s->n && !mapped)
			result_status(
			        ctx->rs, r, ZA_ERROR,
			        "%zu listening sockets, none mapped to a process (is /proc readable?): cannot tell "
			        "which service listens where",
			        s->n);
		else if (r)
			result_status(ctx->rs, r, ZA_PASS,
			              "no monitoring process listens here (%zu listening sockets, none of a known "
			              "service)",
			              s->n);
		if (r)
			probe_end(ctx, r, t0);
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct sock *k = &s->v[i];
		const struct fp_service *fs = k->pid ? service_of(ctx->fp, k->proc) : NULL;
		char target[100];
		struct za_result *r;
		int v6 = k->family == AF_INET6;

		if (!fs)
			continue;
		snprintf(target, sizeof(target), "%s%s%s:%u", v6 ? "[" : "", k->addr, v6 ? "]" : "", k->port);
		r = probe_begin(ctx, c, NULL, target);
		if (!r)
			continue;
		result_evidence(ctx->rs, r, "socket", target, "%s (process %s, pid %d) listens on %s port %u", fs->name,
		                k->proc, k->pid, k->addr, k->port);
		if (http_addr_is_loopback(k->addr))
			result_status(ctx->rs, r, ZA_PASS, "%s listens on loopback only (%s:%u)", fs->name, k->addr,
			              k->port);
		else if (http_addr_is_wildcard(k->addr))
			result_status(
			        ctx->rs, r, ZA_FAIL,
			        "%s listens on every interface (%s port %u%s): only a firewall keeps it from untrusted "
			        "networks",
			        fs->name, k->addr, k->port, v6 ? ", IPv4 included unless v6only" : "");
		else /* one interface: the admin path; the untrusted vantages' exposure checks prove the rest */
			result_status(ctx->rs, r, ZA_PASS,
			              "%s listens on %s port %u only (not every interface): the exposure checks from "
			              "untrusted vantages show who reaches it",
			              fs->name, k->addr, k->port);
		probe_end(ctx, r, t0);
	}
out:
	if (cache)
		nl_cache_free(cache);
	if (sk)
		nl_socket_free(sk);
	free(s);
}
