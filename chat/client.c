// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A room member: one ppoll() loop over the server connection and stdin.
 * Stdin is read only once the handshake is done, and only while less than
 * STDIN_HIGH bytes wait to be sent.  EOF on stdin (or /quit) leaves: the
 * client sends what it still has, shuts its side down, and prints what
 * still arrives until the server closes.  A line that starts with '/' is
 * a command (commands[] below); the protocol messages they use are in
 * docs/chat-protocol.md, sections 5 and 6.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "chat.h"

struct client {
	struct conn c;
	char nick[NICK_MAX + 1];	/* ours, as the server last said */
	char want[NICK_MAX + 1];	/* a /nick waiting for the answer */
	int named;		/* the server's first N came */
	int version;		/* the server's, 0 until its V */
	int open;		/* handshake done, nick sent */
	int leaving;		/* 1: stdin ended, flush and shut down;
				 * -1: a line could not be queued */
	int shut;		/* our side is shut down */
};

/* A nick from p, n into out, or -1 with E_PROTO. */
static int get_nick(char *out, const unsigned char *p, size_t n)
{
	if (!nick_valid((const char *)p, n))
		return -(errno = E_PROTO, 1);
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* "nick length (u8), nick, rest": the nick and where the rest starts. */
static ssize_t get_nick8(char *out, const unsigned char *p, size_t n)
{
	size_t len = n ? p[0] : 0;

	if (n < 1 + len || get_nick(out, p + 1, len) < 0)
		return -(errno = E_PROTO, 1);
	return 1 + len;
}

static int show_msg(const unsigned char *p, size_t n, int action)
{
	char nick[NICK_MAX + 1];
	ssize_t k = get_nick8(nick, p, n);

	if (k < 0 || n - k > MSG_MAX)
		return -(errno = E_PROTO, 1);
	term_show_msg(nick, p + k, n - k, action);
	return 0;
}

static int show_notice(const unsigned char *p, size_t n, const char *what)
{
	if (!nick_valid((const char *)p, n))
		return -(errno = E_PROTO, 1);
	term_show("-- %.*s %s\n", (int)n, (const char *)p, what);
	return 0;
}

static int show_rename(struct client *cl, const unsigned char *p,
		       size_t n)
{
	char old[NICK_MAX + 1], new[NICK_MAX + 1];
	ssize_t k = get_nick8(old, p, n);

	if (k < 0 || get_nick(new, p + k, n - k) < 0)
		return -1;
	term_show("-- %s is now %s\n", old, new);
	return 0;
}

/* "-- 3 in the room: srv (server), alice (you), bob" */
static int show_who(struct client *cl, const unsigned char *p, size_t n)
{
	static char line[(NICK_MAX + 12) * (MEMBERS_MAX + 1) + 64];
	char nick[NICK_MAX + 1];
	size_t len = 0, off = 0, count = 0;
	ssize_t k;

	while (off < n) {
		k = get_nick8(nick, p + off, n - off);
		if (k < 0 || ++count > MEMBERS_MAX + 1)
			return -(errno = E_PROTO, 1);
		len += snprintf(line + len, sizeof(line) - len, "%s%s%s",
				count > 1 ? ", " : "", nick,
				count == 1 ? " (server)" :
				strcmp(nick, cl->nick) == 0 ? " (you)" : "");
		off += k;
	}
	if (!count)
		return -(errno = E_PROTO, 1);
	term_show("-- %zu in the room: %s\n", count, line);
	return 0;
}

/* The server's N: the nick we got at join, or its answer to /nick. */
static int on_nick(struct client *cl, const unsigned char *p, size_t n)
{
	char nick[NICK_MAX + 1];

	if (get_nick(nick, p, n) < 0)
		return -1;
	if (!cl->named) {
		/* A /nick typed before this came waits for the next N. */
		cl->named = 1;
		if (strcmp(cl->nick, nick) != 0)
			chat_note("nick %s is taken; you are %s", cl->nick,
				  nick);
		memcpy(cl->nick, nick, sizeof(nick));
		return 0;
	}
	if (!cl->want[0])
		return -(errno = E_PROTO, 1);
	if (strcmp(cl->want, nick) == 0)
		term_show("-- %s is now %s\n", cl->nick, nick);
	else
		chat_note("nick %s is taken; you are still %s", cl->want,
			  nick);
	cl->want[0] = '\0';
	memcpy(cl->nick, nick, sizeof(nick));
	return 0;
}

static int on_version(struct client *cl, const unsigned char *p, size_t n)
{
	if (cl->version || n < 1 || p[0] < 2)
		return -(errno = E_PROTO, 1);
	cl->version = p[0] < PROTO_VERSION ? p[0] : PROTO_VERSION;
	return 0;
}

static int on_msg(struct client *cl, const unsigned char *p, size_t n)
{
	return show_msg(p, n, 0);
}

static int on_action(struct client *cl, const unsigned char *p, size_t n)
{
	return show_msg(p, n, 1);
}

static int on_join(struct client *cl, const unsigned char *p, size_t n)
{
	return show_notice(p, n, "joined");
}

static int on_leave(struct client *cl, const unsigned char *p, size_t n)
{
	return show_notice(p, n, "left");
}

/* What the server may send; anything else is a protocol error. */
static const struct {
	int type;
	int (*fn)(struct client *cl, const unsigned char *p, size_t n);
} handlers[] = {
	{ T_MSG, on_msg },
	{ T_ACTION, on_action },
	{ T_JOIN, on_join },
	{ T_LEAVE, on_leave },
	{ T_NICK, on_nick },
	{ T_RENAME, show_rename },
	{ T_WHO, show_who },
	{ T_VERSION, on_version },
};

static int on_message(void *ctx, struct conn *c, int type,
		      const unsigned char *p, size_t n)
{
	static const unsigned char version = PROTO_VERSION;
	struct client *cl = ctx;
	size_t i;

	if (type == T_OPEN) {
		cl->open = 1;
		if (conn_send(c, T_NICK, cl->nick, strlen(cl->nick),
			      NULL, 0) < 0)
			return -1;
		return conn_send(c, T_VERSION, &version, 1, NULL, 0);
	}
	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		if (handlers[i].type == type)
			return handlers[i].fn(cl, p, n);
	return -(errno = E_PROTO, 1);
}

/* -- commands ----------------------------------------------------------- */

static void send_or_leave(struct client *cl, int type, const void *p,
			  size_t n)
{
	if (conn_send(&cl->c, type, p, n, NULL, 0) < 0)
		cl->leaving = -1;
}

static void cmd_help(void *ctx, const char *arg, size_t n);

static void cmd_who(void *ctx, const char *arg, size_t n)
{
	send_or_leave(ctx, T_WHO, NULL, 0);
}

static void cmd_nick(void *ctx, const char *arg, size_t n)
{
	struct client *cl = ctx;

	if (!command_nick(arg, &n))
		return;
	if (cl->want[0])
		chat_note("nick %s: still waiting for the server's answer "
			  "to the last /nick", cl->want);
	else if (strlen(cl->nick) == n && memcmp(cl->nick, arg, n) == 0)
		chat_note("you are %s already", cl->nick);
	else {
		memcpy(cl->want, arg, n);
		cl->want[n] = '\0';
		send_or_leave(cl, T_RENAME, arg, n);
	}
}

static void cmd_me(void *ctx, const char *arg, size_t n)
{
	if (n == 0)
		chat_note("usage: /me TEXT");
	else
		send_or_leave(ctx, T_ACTION, arg, n);
}

static void cmd_quit(void *ctx, const char *arg, size_t n)
{
	struct client *cl = ctx;

	cl->leaving = 1;
}

static const struct command commands[] = {
	{ "help", "", "list the commands", cmd_help },
	{ "who", "", "list the members of the room", cmd_who },
	{ "nick", "NEW", "change your nick", cmd_nick },
	{ "me", "TEXT", "send an action, shown as * nick TEXT", cmd_me },
	{ "quit", "", "leave the room (so does end of input)", cmd_quit },
	{ NULL, NULL, NULL, NULL },
};

static void cmd_help(void *ctx, const char *arg, size_t n)
{
	command_help(commands);
}

/* A line of input: a message, a command, or "//text" for "/text". */
static void on_line(void *ctx, const char *line, size_t n)
{
	struct client *cl = ctx;

	if (!cl->leaving && !command_run(commands, cl, &line, &n))
		send_or_leave(cl, T_MSG, line, n);
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

	memset(&cl, 0, sizeof(cl));
	snprintf(cl.nick, sizeof(cl.nick), "%s", nick);
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
	/* A server of protocol 1 closes at our V: say so. */
	if (!chat_stopping && r != 0 && e == E_GONE && cl.open &&
	    !cl.version)
		e = E_OLD;
	/* Best effort: the server learns why (our FINISHED, for one). */
	buf_drain(&cl.c.out, cl.c.fd);
	term_close();
	conn_close(&cl.c);
	errno = e;
	return chat_stopping || r == 0 ? 0 : -1;
}
