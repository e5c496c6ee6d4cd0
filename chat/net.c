// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sockets: listen, connect and accept through getaddrinfo, for IPv4 and
 * IPv6.  Errors come back as -1 with errno; a getaddrinfo failure is
 * returned as -1 with errno = 0 and the EAI code in net_gai_error.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat.h"

int net_gai_error;

int net_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return 0;
}

/* "ADDR:PORT" or "[ADDR]:PORT", numeric. */
static void sa_name(const struct sockaddr *sa, socklen_t len,
		    char *name, size_t n)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(name, n, "?");
		return;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(name, n, "[%s]:%s", host, serv);
	else
		snprintf(name, n, "%s:%s", host, serv);
}

static int resolve(const char *host, const char *port, int flags,
		   struct addrinfo **res)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = flags,
	};

	net_gai_error = getaddrinfo(host, port, &hints, res);
	if (net_gai_error == 0)
		return 0;
	if (net_gai_error != EAI_SYSTEM)
		errno = 0;
	return -1;
}

static int listen_one(const struct addrinfo *ai)
{
	int fd, on = 1, off = 0;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	/* "::" also takes IPv4 where the system allows it. */
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    listen(fd, 128) < 0 || net_nonblock(fd) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int listen_at(const char *addr, const char *port)
{
	struct addrinfo *res, *ai;
	int fd = -1;

	if (resolve(addr, port, AI_PASSIVE, &res) < 0)
		return -1;
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = listen_one(ai);
	freeaddrinfo(res);
	return fd;
}

/*
 * Listen on addr (NULL: every address, IPv6 and IPv4) and port; write the
 * address actually bound to where.
 */
int net_listen(const char *addr, const char *port, char *where, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd;

	if (addr) {
		fd = listen_at(addr, port);
	} else {
		fd = listen_at("::", port);
		if (fd < 0 && errno != EADDRINUSE && errno != EACCES)
			fd = listen_at("0.0.0.0", port);
	}
	if (fd < 0)
		return -1;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		sa_name((struct sockaddr *)&ss, len, where, n);
	return fd;
}

static void tune(int fd)
{
	int on = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

/* Connect to the first address of host that answers; blocking. */
int net_connect(const char *host, const char *port)
{
	struct addrinfo *res, *ai;
	int fd = -1, e = ECONNREFUSED;

	if (resolve(host, port, 0, &res) < 0)
		return -1;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0) {
			e = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		e = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return -(errno = e, 1);
	if (net_nonblock(fd) < 0) {
		close(fd);
		return -1;
	}
	tune(fd);
	return fd;
}

/* Accept one connection, non-blocking, and name its peer. */
int net_accept(int lfd, char *name, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd;

	do
		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -1;
	tune(fd);
	sa_name((struct sockaddr *)&ss, len, name, n);
	return fd;
}
