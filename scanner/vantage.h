/*
 * vantage.h - where the network probes run from.
 *
 *   here          this process's own network namespace
 *   netns:NAME    an existing named network namespace (/run/netns/NAME, as
 *                 made by `ip netns add`); entering it needs CAP_SYS_ADMIN
 *   untrusted-local[:ADDR]
 *                 an emulated outside vantage on this host (netlab.h): a
 *                 temporary namespace and veth pair with ADDR (default: the
 *                 policy's untrusted_range) as its source; torn down by
 *                 vantage_leave(), and by the kernel if the process dies
 *
 * vantage_enter() switches the calling thread (the scanner is single-threaded
 * while probing) and records what the report says of the vantage: kind, host
 * name, source addresses.
 * plug in here.
 */
#ifndef ZA_VANTAGE_H
#define ZA_VANTAGE_H

#include <stddef.h>

#include "netlab.h"
#include "za.h"
struct vantage {
	char kind[16];   /* "here" | "netns" | "untrusted-local" */
	char source[64]; /* untrusted-local: the emulated source address */
	struct netlab lab;
	char netns[64]; /* for netns */
	char hostname[256];
	char addrs[ZA_MAX_VANTAGE_ADDRS][64];
	size_t naddrs;
	int entered;
};

enum za_err vantage_parse(const char *spec, struct vantage *v, char *err, size_t errlen);
enum za_err vantage_enter(struct vantage *v, char *err, size_t errlen);
/* Back home; removes what untrusted-local built. Safe to call twice. */
void vantage_leave(struct vantage *v);

#endif
