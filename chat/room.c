// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The room server: one ppoll() loop over the listening socket, the
 * server's own stdin (a member with the server's nick, with the client's
 * commands) and the members.  Members of protocol version 1 get only
 * what they know (docs/chat-protocol.md, section 6).
 *
 * Flow control: while a member has more than ROOM_HIGH bytes pending and
 * is still taking them (it took some in the last HOLD_MS), the room reads
 * from no source (members and stdin), so a burst never costs a reader
 * that keeps up its messages.  A member that takes nothing for HOLD_MS no
 * longer holds the room; it is disconnected once its pending output passes
 * OUT_MAX or it has taken nothing for STALL_MS.  So one member that stops
 * reading holds the others for HOLD_MS at most.  Without a backlog there
 * is no timeout, and no CPU is used while idle.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chat.h"

struct member {
	struct conn c;
	char nick[NICK_MAX + 1];
	int open;		/* nick received: relayed to and from */
	int version;		/* what its V said; 0: version 1 */
	int dead;		/* to be removed at the end of the round */
	int err;		/* what to report then, 0 for nothing */
	long long since;	/* over ROOM_HIGH: ms of its last progress */
};

struct room {
	int lfd;
	const unsigned char *psk;
	char nick[NICK_MAX + 1];	/* the server's own */
	int stdin_open;
	int quit;		/* /quit on stdin */
	int paused;		/* a reading member is over ROOM_HIGH */
	int n;
	struct member *m[MEMBERS_MAX];
	struct pollfd pfd[MEMBERS_MAX + 2];
};

static void kill_member(struct member *m, int err)
{
	if (m->dead)
		return;
	m->dead = 1;
	m->err = err;
}

/* Queue a message for m; overfull members die. */
static void send_to(struct room *r, struct member *m, int type,
		    const void *a, size_t alen, const void *b, size_t blen)
{
	if (conn_send(&m->c, type, a, alen, b, blen) < 0)
		kill_member(m, errno);
	else if (m->c.out.len > OUT_MAX)
		kill_member(m, E_SLOW);
	else if (m->c.out.len > ROOM_HIGH)
		r->paused = 1;
}

static int is_other(struct member *m, struct member *except)
{
	return m != except && m->open && !m->dead;
}

/* Queue a message for every open member but one. */
static void broadcast(struct room *r, struct member *except, int type,
		      const void *a, size_t alen, const void *b, size_t blen)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (is_other(r->m[i], except))
			send_to(r, r->m[i], type, a, alen, b, blen);
}

/* "nick length (u8), nick" into hdr; returns its size. */
static size_t nick8(unsigned char *hdr, const char *nick)
{
	size_t len = strlen(nick);

	hdr[0] = len;
	memcpy(hdr + 1, nick, len);
	return 1 + len;
}

static void relay(struct room *r, struct member *from, const char *nick,
		  const void *text, size_t n)
{
	unsigned char hdr[1 + NICK_MAX];

	broadcast(r, from, T_MSG, hdr, nick8(hdr, nick), text, n);
}

/*
 * An action: A to members of version 2, and to those of version 1 (which
 * know no A) the message "* nick text" from nick.
 */
static void relay_action(struct room *r, struct member *from,
			 const char *nick, const void *text, size_t n)
{
	static char old[NICK_MAX + 3 + MSG_MAX];
	unsigned char hdr[1 + NICK_MAX];
	size_t hlen = nick8(hdr, nick), olen;
	struct member *m;
	int i;

	olen = snprintf(old, sizeof(old), "* %s ", nick);
	memcpy(old + olen, text, n);
	olen += n;
	for (i = 0; i < r->n; i++) {
		m = r->m[i];
		if (!is_other(m, from))
			continue;
		if (m->version >= 2)
			send_to(r, m, T_ACTION, hdr, hlen, text, n);
		else
			send_to(r, m, T_MSG, hdr, hlen, old, olen);
	}
}

static int nick_taken(struct room *r, const char *nick)
{
	int i;

	if (strcmp(nick, r->nick) == 0)
		return 1;
	for (i = 0; i < r->n; i++)
		if (r->m[i]->open && strcmp(r->m[i]->nick, nick) == 0)
			return 1;
	return 0;
}

/* Give m the nick it asked for, or the first free "nick-N". */
static void assign_nick(struct room *r, struct member *m,
			const unsigned char *p, size_t n)
{
	char suffix[16];
	size_t keep;
	int i;

	memcpy(m->nick, p, n);
	m->nick[n] = '\0';
	for (i = 2; nick_taken(r, m->nick); i++) {
		snprintf(suffix, sizeof(suffix), "-%d", i);
		keep = n + strlen(suffix) > NICK_MAX ?
		       NICK_MAX - strlen(suffix) : n;
		snprintf(m->nick, sizeof(m->nick), "%.*s%s", (int)keep,
			 (const char *)p, suffix);
	}
}

static int on_nick(struct room *r, struct member *m,
		   const unsigned char *p, size_t n)
{
	if (m->open || !nick_valid((const char *)p, n))
		return -(errno = E_PROTO, 1);
	assign_nick(r, m, p, n);
	if (conn_send(&m->c, T_NICK, m->nick, strlen(m->nick), NULL, 0) < 0)
		return -1;
	m->open = 1;
	snprintf(m->c.name, sizeof(m->c.name), "%s", m->nick);
	term_show("-- %s joined\n", m->nick);
	broadcast(r, m, T_JOIN, m->nick, strlen(m->nick), NULL, 0);
	return 0;
}

/* The server's nick first, then every member's. */
static int send_who(struct room *r, struct member *to)
{
	static unsigned char list[(1 + NICK_MAX) * (MEMBERS_MAX + 1)];
	size_t len = nick8(list, r->nick);
	int i;

	for (i = 0; i < r->n; i++)
		if (r->m[i]->open && !r->m[i]->dead)
			len += nick8(list + len, r->m[i]->nick);
	return conn_send(&to->c, T_WHO, list, len, NULL, 0);
}

/* "-- old is now new" here, R to the others, or (version 1) L and J. */
static void announce_rename(struct room *r, struct member *m,
			    const char *old, const char *new)
{
	unsigned char old8[1 + NICK_MAX];
	size_t olen = nick8(old8, old), n = strlen(new);
	struct member *o;
	int i;

	term_show("-- %s is now %s\n", old, new);
	for (i = 0; i < r->n; i++) {
		o = r->m[i];
		if (!is_other(o, m))
			continue;
		if (o->version >= 2) {
			send_to(r, o, T_RENAME, old8, olen, new, n);
		} else {
			send_to(r, o, T_LEAVE, old, olen - 1, NULL, 0);
			send_to(r, o, T_JOIN, new, n, NULL, 0);
		}
	}
}

/*
 * /nick: the answer is N with the nick m has now, the new one or, when
 * it is taken, the old one.
 */
static int on_rename(struct room *r, struct member *m,
		     const unsigned char *p, size_t n)
{
	char old[NICK_MAX + 1], want[NICK_MAX + 1];

	if (!nick_valid((const char *)p, n))
		return -(errno = E_PROTO, 1);
	memcpy(want, p, n);
	want[n] = '\0';
	if (strcmp(want, m->nick) == 0 || nick_taken(r, want))
		return conn_send(&m->c, T_NICK, m->nick, strlen(m->nick),
				 NULL, 0);
	strcpy(old, m->nick);
	memcpy(m->nick, want, n + 1);
	snprintf(m->c.name, sizeof(m->c.name), "%s", m->nick);
	if (conn_send(&m->c, T_NICK, m->nick, n, NULL, 0) < 0)
		return -1;
	announce_rename(r, m, old, m->nick);
	return 0;
}

static int on_version(struct member *m, const unsigned char *p, size_t n)
{
	static const unsigned char version = PROTO_VERSION;

	if (m->version || n < 1 || p[0] < 2)
		return -(errno = E_PROTO, 1);
	m->version = p[0] < PROTO_VERSION ? p[0] : PROTO_VERSION;
	return conn_send(&m->c, T_VERSION, &version, 1, NULL, 0);
}

static int on_message(void *ctx, struct conn *c, int type,
		      const unsigned char *p, size_t n)
{
	struct room *r = ctx;
	struct member *m = (struct member *)c;

	if (m->dead)
		return -(errno = 0, 1);
	if (type == T_OPEN)
		return 0;
	if (type == T_NICK)
		return on_nick(r, m, p, n);
	if (!m->open)
		return -(errno = E_PROTO, 1);
	switch (type) {
	case T_MSG:
	case T_ACTION:
		if (n > MSG_MAX)
			break;
		term_show_msg(m->nick, p, n, type == T_ACTION);
		if (type == T_ACTION)
			relay_action(r, m, m->nick, p, n);
		else
			relay(r, m, m->nick, p, n);
		return 0;
	case T_VERSION:
		return on_version(m, p, n);
	case T_WHO:
		if (n != 0)
			break;
		return send_who(r, m);
	case T_RENAME:
		return on_rename(r, m, p, n);
	}
	return -(errno = E_PROTO, 1);
}

/* -- the server's own commands, on its stdin -------------------------- */

static void cmd_help(void *ctx, const char *arg, size_t n);

/* "-- 3 in the room: srv (server, you), alice, bob" */
static void cmd_who(void *ctx, const char *arg, size_t n)
{
	static char line[(NICK_MAX + 2) * MEMBERS_MAX + 64];
	struct room *r = ctx;
	size_t len = 0;
	int i, count = 1;

	line[0] = '\0';
	for (i = 0; i < r->n; i++) {
		if (!r->m[i]->open || r->m[i]->dead)
			continue;
		len += snprintf(line + len, sizeof(line) - len, ", %s",
				r->m[i]->nick);
		count++;
	}
	term_show("-- %d in the room: %s (server, you)%s\n", count, r->nick,
		  line);
}

static void cmd_nick(void *ctx, const char *arg, size_t n)
{
	struct room *r = ctx;
	char old[NICK_MAX + 1], want[NICK_MAX + 1];

	if (!command_nick(arg, &n))
		return;
	memcpy(want, arg, n);
	want[n] = '\0';
	if (strcmp(want, r->nick) == 0) {
		chat_note("you are %s already", r->nick);
	} else if (nick_taken(r, want)) {
		chat_note("nick %s is taken; you are still %s", want, r->nick);
	} else {
		strcpy(old, r->nick);
		strcpy(r->nick, want);
		announce_rename(r, NULL, old, r->nick);
	}
}

static void cmd_me(void *ctx, const char *arg, size_t n)
{
	struct room *r = ctx;

	if (n == 0)
		chat_note("usage: /me TEXT");
	else
		relay_action(r, NULL, r->nick, arg, n);
}

static void cmd_quit(void *ctx, const char *arg, size_t n)
{
	struct room *r = ctx;

	r->quit = 1;
}

static const struct command commands[] = {
	{ "help", "", "list the commands", cmd_help },
	{ "who", "", "list the members of the room", cmd_who },
	{ "nick", "NEW", "change the server's nick", cmd_nick },
	{ "me", "TEXT", "send an action, shown as * nick TEXT", cmd_me },
	{ "quit", "", "stop reading this input; the room goes on", cmd_quit },
	{ NULL, NULL, NULL, NULL },
};

static void cmd_help(void *ctx, const char *arg, size_t n)
{
	command_help(commands);
}

static void on_stdin_line(void *ctx, const char *line, size_t n)
{
	struct room *r = ctx;

	if (!r->quit && !command_run(commands, r, &line, &n))
		relay(r, NULL, r->nick, line, n);
}

static void add_member(struct room *r, int fd, const char *name)
{
	struct member *m = calloc(1, sizeof(*m));

	if (!m || r->n == MEMBERS_MAX) {
		chat_report(name, m ? EMFILE : ENOMEM);
		free(m);
		close(fd);
		return;
	}
	if (conn_start(&m->c, fd, r->psk, 1) < 0) {
		chat_report(name, errno);
		conn_close(&m->c);
		free(m);
		return;
	}
	snprintf(m->c.name, sizeof(m->c.name), "%s", name);
	r->m[r->n++] = m;
}

static void accept_all(struct room *r)
{
	char name[80];
	int fd;

	while ((fd = net_accept(r->lfd, name, sizeof(name))) >= 0)
		add_member(r, fd, name);
	if (errno != EAGAIN && errno != ECONNABORTED)
		chat_report("accept", errno);
}

static void read_member(struct room *r, struct member *m)
{
	ssize_t n;

	if (m->dead)
		return;
	n = buf_fill(&m->c.in, m->c.fd, IN_MAX);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n < 0)
		return kill_member(m, errno);
	if (n == 0)
		return kill_member(m, m->c.in.len ? E_TRUNC : 0);
	if (conn_input(&m->c, on_message, r) < 0)
		kill_member(m, errno);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void write_member(struct member *m, long long now)
{
	ssize_t n = 0;

	if (!m->dead && m->c.out.len)
		n = buf_drain(&m->c.out, m->c.fd);
	if (n < 0)
		kill_member(m, errno == EPIPE ? E_GONE : errno);
	else if (m->c.out.len <= ROOM_HIGH)
		m->since = 0;
	else if (n > 0 || !m->since)
		m->since = now;
}

/*
 * Pause the room while a member that is still reading is behind, drop a
 * member that stopped; return poll's timeout: when the next of those
 * changes.
 */
static int watch_backlog(struct room *r, long long now)
{
	long long left, timeout = -1;
	struct member *m;
	int i;

	r->paused = 0;
	for (i = 0; i < r->n; i++) {
		m = r->m[i];
		if (m->dead || !m->since)
			continue;
		left = m->since + STALL_MS - now;
		if (left <= 0) {
			kill_member(m, E_STALL);
			continue;
		}
		if (now - m->since < HOLD_MS) {
			r->paused = 1;
			left = m->since + HOLD_MS - now;
		}
		if (timeout < 0 || left < timeout)
			timeout = left;
	}
	return timeout;
}

/* Remove dead members; their leave notices may kill others, so loop. */
static void reap(struct room *r)
{
	struct member *m;
	int i, again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < r->n; i++) {
			m = r->m[i];
			if (!m->dead)
				continue;
			if (m->err)
				chat_report(m->c.name, m->err);
			if (m->err && m->c.out.len)
				buf_drain(&m->c.out, m->c.fd);
			r->m[i--] = r->m[--r->n];
			if (m->open) {
				term_show("-- %s left\n", m->nick);
				broadcast(r, m, T_LEAVE, m->nick,
					  strlen(m->nick), NULL, 0);
				again = 1;
			}
			conn_close(&m->c);
			free(m);
		}
	}
}

static int fill_pollfds(struct room *r)
{
	struct member *m;
	int i;

	r->pfd[0] = (struct pollfd){ .fd = r->lfd, .events = POLLIN };
	r->pfd[1] = (struct pollfd){
		.fd = r->stdin_open && !r->paused ? 0 : -1, .events = POLLIN };
	for (i = 0; i < r->n; i++) {
		m = r->m[i];
		r->pfd[i + 2] = (struct pollfd){ .fd = m->c.fd,
			.events = (!r->paused && m->c.in.len < IN_MAX ?
				   POLLIN : 0) | (m->c.out.len ? POLLOUT : 0) };
	}
	return r->n + 2;
}

/* Handle what poll() reported; return the next poll's timeout. */
static int round_trip(struct room *r, int nfds)
{
	long long now;
	int i, timeout;

	if (r->pfd[0].revents)
		accept_all(r);
	if (r->pfd[1].revents && (term_read() <= 0 || r->quit)) {
		r->stdin_open = 0;
		if (r->quit)
			term_close();	/* no prompt for input not read */
	}
	/*
	 * Members added by accept_all() have no pollfd yet.  Once a member
	 * is behind, read no more this round, but for hang-ups and errors,
	 * which poll() reports even when they are not asked for.
	 */
	for (i = 0; i < nfds - 2; i++)
		if (r->pfd[i + 2].revents & (POLLHUP | POLLERR) ||
		    (r->pfd[i + 2].revents & POLLIN && !r->paused))
			read_member(r, r->m[i]);
	now = now_ms();
	for (i = 0; i < r->n; i++)
		write_member(r->m[i], now);
	timeout = watch_backlog(r, now);
	reap(r);
	return timeout;
}

/* Serve until SIGINT or SIGTERM; returns 0, or -1 with errno. */
int room_run(int lfd, const unsigned char *psk, const char *nick)
{
	static struct room r;
	struct timespec ts;
	int nfds, i, timeout = -1;
	sigset_t old;

	r = (struct room){ .lfd = lfd, .psk = psk };
	snprintf(r.nick, sizeof(r.nick), "%s", nick);
	r.stdin_open = term_open(NULL, on_stdin_line, &r) == 0;
	chat_catch_signals(&old);
	while (!chat_stopping) {
		nfds = fill_pollfds(&r);
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = timeout % 1000 * 1000000L;
		if (ppoll(r.pfd, nfds, timeout < 0 ? NULL : &ts, &old) < 0 &&
		    errno != EINTR)
			break;
		if (!chat_stopping)
			timeout = round_trip(&r, nfds);
	}
	for (i = 0; i < r.n; i++) {
		conn_close(&r.m[i]->c);
		free(r.m[i]);
	}
	term_close();
	return chat_stopping ? 0 : -1;
}
