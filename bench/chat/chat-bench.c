// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * chat-bench: load generator for the crypto-chat room server.  It speaks
 * the chat protocol itself (chat/record.c, chat/secure.c and the crypto
 * library), so that one process drives many members:
 *
 *	chat-bench [-k KEYFILE] [-s SIZE] [-m MSGS] [-l SAMPLES] HOST PORT N
 *
 * N sending members and one listening member join the room.  Then:
 *  - latency: one message at a time, from sender k % N, timed from its
 *    send until the listener has it (same process, same clock);
 *  - throughput: every sender sends MSGS messages as fast as the room
 *    takes them, until every member has every message of the others.
 * It prints one line of key=value pairs.  Every wait has a deadline.
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "chat.h"

#define PHASE_SECS	60
#define SEND_AHEAD	(64 * 1024)

struct member {
	struct conn c;
	int id;			/* sender number; the listener is n */
	int joined;
	long sent;
};

static struct bench {
	struct member *m;
	struct pollfd *pfd;
	int n;			/* senders; m[n] is the listener */
	int joined;
	size_t size;
	long msgs;
	long deliveries;
	long awaited;		/* latency phase: sequence number, or -1 */
	long long t_sent;
	double *lat;
	int nlat;
} b;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int on_text(struct member *m, const unsigned char *p, size_t n)
{
	size_t len = n ? p[0] : 0;
	long seq;

	if (n < 1 + len)
		return -(errno = EPROTO, 1);
	b.deliveries++;
	if (m->id != b.n || b.awaited < 0)
		return 0;
	p += 1 + len;
	n -= 1 + len;
	if (n > 2 && p[0] == 'L' && sscanf((const char *)p + 1, "%ld",
					   &seq) == 1 && seq == b.awaited) {
		b.lat[b.nlat++] = (now_ns() - b.t_sent) / 1e3;
		b.awaited = -1;
	}
	return 0;
}

static int on_message(void *ctx, struct conn *c, int type,
		      const unsigned char *p, size_t n)
{
	struct member *m = ctx;
	char nick[16];

	if (type == T_OPEN) {
		snprintf(nick, sizeof(nick), "b%d", m->id);
		return conn_send(c, T_NICK, nick, strlen(nick), NULL, 0);
	}
	if (type == T_NICK && !m->joined) {
		m->joined = 1;
		b.joined++;
	}
	if (type == T_MSG)
		return on_text(m, p, n);
	return 0;
}

static void send_text(struct member *m, char tag, long seq)
{
	static char text[MSG_MAX];
	size_t k = snprintf(text, sizeof(text), "%c%ld ", tag, seq);

	if (b.size > k) {
		memset(text + k, 'x', b.size - k);
		k = b.size;
	}
	if (conn_send(&m->c, T_MSG, text, k, NULL, 0) < 0)
		err(1, "send");
	m->sent++;
}

/* One poll round over every member: read, handle, write. */
static void pump(int timeout_ms)
{
	struct member *m;
	ssize_t r;
	int i;

	for (i = 0; i <= b.n; i++)
		b.pfd[i] = (struct pollfd){ .fd = b.m[i].c.fd,
			.events = POLLIN | (b.m[i].c.out.len ? POLLOUT : 0) };
	if (poll(b.pfd, b.n + 1, timeout_ms) < 0 && errno != EINTR)
		err(1, "poll");
	for (i = 0; i <= b.n; i++) {
		m = &b.m[i];
		if (b.pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = buf_fill(&m->c.in, m->c.fd, IN_MAX);
			if (r == 0)
				errx(1, "member %d: the server closed", i);
			if (r < 0 && errno != EAGAIN)
				err(1, "member %d", i);
			if (conn_input(&m->c, on_message, m) < 0)
				err(1, "member %d: bad record", i);
		}
		if (m->c.out.len && buf_drain(&m->c.out, m->c.fd) < 0)
			err(1, "member %d: write", i);
	}
}

static void run_until(int (*done)(void), const char *what)
{
	long long end = now_ns() + PHASE_SECS * 1000000000LL;

	while (!done()) {
		if (now_ns() > end)
			errx(1, "%s: no progress within %d s", what,
			     PHASE_SECS);
		pump(100);
	}
}

static int all_joined(void)
{
	return b.joined == b.n + 1;
}

static int got_awaited(void)
{
	return b.awaited < 0;
}

static void latency_phase(int samples)
{
	long k;

	b.lat = calloc(samples, sizeof(*b.lat));
	if (!b.lat)
		err(1, "calloc");
	for (k = 0; k < samples; k++) {
		b.awaited = k;
		b.t_sent = now_ns();
		send_text(&b.m[k % b.n], 'L', k);
		run_until(got_awaited, "latency");
	}
}

static long want_deliveries;

static int throughput_done(void)
{
	struct member *m;
	int i;

	for (i = 0; i < b.n; i++) {
		m = &b.m[i];
		while (m->sent < b.msgs && m->c.out.len < SEND_AHEAD)
			send_text(m, 'T', m->sent);
	}
	return b.deliveries >= want_deliveries;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, c = *(const double *)y;

	return (a > c) - (a < c);
}

static double percentile(double p)
{
	int i = (int)(p * (b.nlat - 1) + 0.5);

	return b.lat[i];
}

static void load_key(const char *path, unsigned char *key)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0 || read(fd, key, KEY_LEN) != KEY_LEN)
		err(1, "key file %s", path);
	close(fd);
}

static void join_all(const char *host, const char *port,
		     const unsigned char *psk)
{
	int i, fd;

	b.m = calloc(b.n + 1, sizeof(*b.m));
	b.pfd = calloc(b.n + 1, sizeof(*b.pfd));
	if (!b.m || !b.pfd)
		err(1, "calloc");
	for (i = 0; i <= b.n; i++) {
		fd = net_connect(host, port);
		if (fd < 0)
			err(1, "connect %s port %s", host, port);
		if (conn_start(&b.m[i].c, fd, psk, 0) < 0)
			err(1, "conn_start");
		b.m[i].id = i;
	}
	run_until(all_joined, "join");
}

int main(int argc, char **argv)
{
	static unsigned char key[KEY_LEN];
	const unsigned char *psk = NULL;
	const char *provider = "auto";
	int ch, samples = 1000;
	long long t0;
	double secs;

	b.size = 100;
	b.msgs = 100;
	while ((ch = getopt(argc, argv, "c:k:s:m:l:")) != -1) {
		if (ch == 'c')
			provider = optarg;
		else if (ch == 'k')
			load_key(optarg, key), psk = key;
		else if (ch == 's')
			b.size = strtoul(optarg, NULL, 10);
		else if (ch == 'm')
			b.msgs = strtol(optarg, NULL, 10);
		else if (ch == 'l')
			samples = atoi(optarg);
		else
			errx(2, "usage: chat-bench [-c PROVIDER] [-k KEY] "
			     "[-s SIZE] [-m MSGS] [-l SAMPLES] HOST PORT N");
	}
	if (argc - optind != 3 || b.size < 8 || b.size > MSG_MAX ||
	    samples < 1 || b.msgs < 1)
		errx(2, "bad arguments");
	b.n = atoi(argv[optind + 2]);
	if (b.n < 1 || b.n > MEMBERS_MAX - 1)
		errx(2, "N must be 1 to %d", MEMBERS_MAX - 1);
	signal(SIGPIPE, SIG_IGN);
	if (cc_init(provider) < 0)
		err(1, "crypto provider %s", provider);
	b.awaited = -1;
	join_all(argv[optind], argv[optind + 1], psk);

	latency_phase(samples);
	for (ch = 0; ch < b.n; ch++)
		b.m[ch].sent = 0;
	b.deliveries = 0;
	/* Each message reaches the other senders and the listener. */
	want_deliveries = (long)b.n * b.msgs * b.n;
	t0 = now_ns();
	run_until(throughput_done, "throughput");
	secs = (now_ns() - t0) / 1e9;

	qsort(b.lat, b.nlat, sizeof(*b.lat), cmp_double);
	printf("clients=%d size=%zu msgs=%ld secs=%.3f msgs_per_s=%.0f "
	       "deliveries_per_s=%.0f p50_us=%.0f p99_us=%.0f samples=%d "
	       "provider=%s\n",
	       b.n, b.size, b.n * b.msgs, secs, b.n * b.msgs / secs,
	       b.deliveries / secs, percentile(0.50), percentile(0.99),
	       b.nlat, psk ? cc_provider() : "none");
	return 0;
}
