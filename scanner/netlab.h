/*
 * netlab.h - an emulated untrusted vantage on this host, built with libnl.
 *
 * netlab_up() creates an anonymous network namespace and a veth pair, gives
 * the inner end SOURCE/32 (an address from the policy's untrusted range),
 * routes from the inner namespace to this host's own addresses only (so
 * nothing can leave the host: a target that is not local has no route and
 * ends as `error`), routes SOURCE back to the inner end, and switches the
 * calling thread into the namespace. Probes then reach the host's services
 * through its input path, firewall included, from an outside address.
 *
 * netlab_down() switches back and deletes the veth pair; the namespace dies
 * with its last descriptor. Because the namespace is anonymous, the kernel
 * also removes it and the veth pair when the process is killed (SIGINT,
 * SIGTERM, SIGKILL): nothing is left behind.
 *
 * Needs CAP_NET_ADMIN and CAP_SYS_ADMIN; without them netlab_up() fails with
 * a message that says so (the CLI exits 2, no silent fallback).
 */
#ifndef ZA_NETLAB_H
#define ZA_NETLAB_H

#include <stddef.h>

#include "za.h"

struct netlab {
	int home_fd;  /* the original namespace */
	int inner_fd; /* the emulated vantage */
	char host_if[16], inner_if[16];
	char source[64];
	int up;
	size_t nroutes; /* host addresses routed into the namespace */
};

enum za_err netlab_up(struct netlab *n, const char *source, char *err, size_t errlen);
void netlab_down(struct netlab *n);

#endif
