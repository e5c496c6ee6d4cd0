// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A room member: one ppoll() loop over the server connection and stdin.
 * Stdin is read only once the handshake is done, and only while less than
 * STDIN_HIGH bytes wait to be sent.  EOF on stdin (or /quit) leaves: the
 * client sends what it still has, shuts its side down, and prints what
 * still arrives until the server closes.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#include "chat.h"

struct client {
	struct conn c;
	const char *nick;
	int open;		/* handshake done, nick sent */
	int leaving;		/* 1: stdin ended, flush and shut down;
				 * -1: a line could not be queued */
	int shut;		/* our side is shut down */
};

static int show_msg(const unsigned char *p, size_t n)
{
	char nick[NICK_MAX + 1];
	size_t len = n ? p[0] : 0;

	if (n < 1 + len || !nick_valid((const char *)p + 1, len))
		return -(errno = E_PROTO, 1);
	memcpy(nick, p + 1, len);
	nick[len] = '\0';
	term_show_msg(nick, p + 1 + len, n - 1 - len);
	return 0;
}

static int show_notice(const unsigned char *p, size_t n, const char *what)
{
	if (!nick_valid((const char *)p, n))
		return -(errno = E_PROTO, 1);
	term_show("-- %.*s %s\n", (int)n, (const char *)p, what);
	return 0;
}

static int on_nick(struct client *cl, const unsigned char *p, size_t n)
{
	if (!nick_valid((const char *)p, n))
		return -(errno = E_PROTO, 1);
	if (strlen(cl->nick) != n || memcmp(cl->nick, p, n) != 0)
		chat_note("nick %s is taken; you are %.*s", cl->nick,
			  (int)n, (const char *)p);
	return 0;
}

static int on_message(void *ctx, struct conn *c, int type,
		      const unsigned char *p, size_t n)
{
	struct client *cl = ctx;

	if (type == T_OPEN) {
		cl->open = 1;
		return conn_send(c, T_NICK, cl->nick, strlen(cl->nick),
				 NULL, 0);
	}
	if (type == T_MSG)
		return show_msg(p, n);
	if (type == T_JOIN)
		return show_notice(p, n, "joined");
	if (type == T_LEAVE)
		return show_notice(p, n, "left");
	if (type == T_NICK)
		return on_nick(cl, p, n);
	return -(errno = E_PROTO, 1);
}

static void on_line(void *ctx, const char *line, size_t n)
{
	struct client *cl = ctx;

	if (conn_send(&cl->c, T_MSG, line, n, NULL, 0) < 0)
		cl->leaving = -1;
}

/* Read from the server; 1 to go on, 0 at the end, -1 with errno. */
static int read_server(struct client *cl)
{
	ssize_t n = buf_fill(&cl->c.in, cl->c.fd, IN_MAX);

	if (n < 0)
		return errno == EAGAIN ? 1 : -1;
	if (n == 0 && cl->c.in.len)
		return -(errno = E_TRUNC, 1);
	if (n == 0)
		return cl->shut ? 0 : -(errno = E_GONE, 1);
	return conn_input(&cl->c, on_message, cl) < 0 ? -1 : 1;
}

static int write_server(struct client *cl)
{
	if (buf_drain(&cl->c.out, cl->c.fd) < 0)
		return -(errno = errno == EPIPE ? E_GONE : errno, 1);
	if (cl->leaving && !cl->shut && cl->c.out.len == 0) {
		shutdown(cl->c.fd, SHUT_WR);
		cl->shut = 1;
	}
	return 0;
}

static int step(struct client *cl, struct pollfd *pfd)
{
	int r = 1;

	if (pfd[1].revents && term_read() <= 0 && !cl->leaving)
		cl->leaving = 1;
	if (cl->leaving < 0)
		return -1;
	if (pfd[0].revents)
		r = read_server(cl);
	if (r > 0 && write_server(cl) < 0)
		return -1;
	return r;
}

static void poll_setup(struct client *cl, struct pollfd *pfd)
{
	int want_stdin = cl->open && !cl->leaving &&
			 cl->c.out.len < STDIN_HIGH;

	pfd[0] = (struct pollfd){ .fd = cl->c.fd,
		.events = POLLIN | (cl->c.out.len ? POLLOUT : 0) };
	pfd[1] = (struct pollfd){ .fd = want_stdin ? 0 : -1,
				  .events = POLLIN };
}

/* Chat until we leave (0) or the connection fails (-1 with errno). */
int client_run(int fd, const unsigned char *psk, const char *nick)
{
	static struct client cl;
	struct pollfd pfd[2];
	sigset_t old;
	int r = 1, e;

	cl = (struct client){ .nick = nick };
	if (conn_start(&cl.c, fd, psk, 0) < 0 ||
	    term_open("> ", on_line, &cl) < 0)
		return -1;
	chat_catch_signals(&old);
	while (r > 0 && !chat_stopping) {
		if (write_server(&cl) < 0)
			break;
		poll_setup(&cl, pfd);
		if (ppoll(pfd, 2, NULL, &old) < 0 && errno != EINTR)
			break;
		if (!chat_stopping)
			r = step(&cl, pfd);
	}
	e = errno;
	/* Best effort: the server learns why (our FINISHED, for one). */
	buf_drain(&cl.c.out, cl.c.fd);
	term_close();
	conn_close(&cl.c);
	errno = e;
	return chat_stopping || r == 0 ? 0 : -1;
}
