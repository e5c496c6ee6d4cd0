/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crypto-chat: shared definitions.  The wire protocol is described in
 * docs/chat-protocol.md; the limits below are the ones it names.
 */
#ifndef CHAT_H
#define CHAT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cc-crypto.h"

#define MSG_MAX		65536		/* text bytes in one message */
#define NICK_MAX	32
#define RECORD_MAX	66560		/* body bytes in one record */
#define REC_HDR		4
#define OUT_MAX		(4u << 20)	/* pending output per member */
#define IN_MAX		(RECORD_MAX + REC_HDR + 65536)
#define STDIN_HIGH	(1u << 20)	/* stop reading stdin above this */
#define ROOM_HIGH	(1u << 20)	/* the room waits while a member has more */
#define HOLD_MS		250		/* ... and took something this recently */
#define STALL_MS	3000		/* over ROOM_HIGH, taking nothing: dropped */
#define MEMBERS_MAX	900
#define KEY_LEN		32
#define NONCE_LEN	32
#define HELLO_LEN	38

/* Inner message types (docs/chat-protocol.md, sections 5 and 6). */
#define PROTO_VERSION	2
#define T_NICK		'N'
#define T_MSG		'M'
#define T_JOIN		'J'
#define T_LEAVE		'L'
#define T_VERSION	'V'	/* version 2 on: the types below */
#define T_ACTION	'A'
#define T_WHO		'W'
#define T_RENAME	'R'
#define T_OPEN		0	/* pseudo-type: the handshake completed */

/* Chat-specific failures, carried in errno (see common.c for the texts). */
#define E_AUTH		EACCES		/* wrong key in the handshake */
#define E_RECORD	EBADMSG		/* record failed its MAC */
#define E_TOOLONG	EMSGSIZE	/* record longer than RECORD_MAX */
#define E_PROTO		EPROTO		/* malformed record */
#define E_TRUNC		ENODATA		/* EOF in the middle of a record */
#define E_PLAIN	EPROTONOSUPPORT	/* peer is plain, we have a key */
#define E_KEYED		ENOKEY		/* peer has a key, we are plain */
#define E_SLOW		ENOBUFS		/* output buffer over OUT_MAX */
#define E_STALL		ETIMEDOUT	/* over ROOM_HIGH, nothing taken */
#define E_GONE		ECONNRESET	/* peer closed or vanished */
#define E_OLD		ENOPROTOOPT	/* server closed at our version */

/* record.c: a bounded byte buffer and the length-prefixed framing. */
struct buf {
	unsigned char *data;
	size_t off;		/* first unconsumed byte */
	size_t len;		/* bytes after off */
	size_t cap;
};

void buf_free(struct buf *b);
void *buf_reserve(struct buf *b, size_t n);
int buf_append(struct buf *b, const void *p, size_t n);
void buf_consume(struct buf *b, size_t n);
ssize_t buf_fill(struct buf *b, int fd, size_t max);
ssize_t buf_drain(struct buf *b, int fd);
unsigned char *rec_begin(struct buf *b, size_t bodylen);
int buf_append_rec(struct buf *b, const void *p, size_t n);
int rec_next(struct buf *b, const unsigned char **body, size_t *len);

/* secure.c: handshake and record protection. */

struct sec {
	const unsigned char *psk;	/* NULL: plain mode */
	int server;
	int state;
	unsigned char hello[2][HELLO_LEN];	/* client's, server's */
	unsigned char confirm[2][32];		/* client's, server's key */
	struct cc_dir tx, rx;			/* keys of each direction */
	uint64_t seq_tx, seq_rx;
};

enum { SEC_HELLO, SEC_CONFIRM, SEC_OPEN };

struct conn {
	int fd;
	struct buf in, out;
	struct sec sec;
	char name[80];		/* address, then nick, for diagnostics */
};

typedef int (*conn_fn)(void *ctx, struct conn *c, int type,
		       const unsigned char *p, size_t n);

int conn_start(struct conn *c, int fd, const unsigned char *psk, int server);
int conn_input(struct conn *c, conn_fn fn, void *ctx);
int conn_send(struct conn *c, int type, const void *a, size_t alen,
	      const void *b, size_t blen);
void conn_close(struct conn *c);

/* net.c */
extern int net_gai_error;	/* getaddrinfo's code when errno is 0 */
int net_listen(const char *addr, const char *port, char *where, size_t n);
int net_connect(const char *host, const char *port);
int net_accept(int lfd, char *name, size_t n);
int net_nonblock(int fd);

/* term.c: stdin and stdout, on a TTY with readline, else line by line. */
typedef void (*term_line_fn)(void *ctx, const char *line, size_t n);

int term_open(const char *prompt, term_line_fn fn, void *ctx);
int term_read(void);	/* 1: more, 0: EOF, -1: error */
void term_show(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void term_show_err(const char *s);
void term_show_msg(const char *nick, const unsigned char *p, size_t n,
		   int action);
void term_timestamps(int on);
void term_close(void);

/* room.c and client.c */
int room_run(int lfd, const unsigned char *psk, const char *nick);
int client_run(int fd, const unsigned char *psk, const char *nick);

/* signals.c: SIGINT and SIGTERM set chat_stopping; ppoll() lets them in. */
extern volatile sig_atomic_t chat_stopping;
void chat_catch_signals(sigset_t *old);

/* common.c: below main.c, room.c and client.c; every diagnostic. */
#define NICK_RULE	"1 to 32 of A-Z a-z 0-9 _ - ."
int nick_valid(const char *p, size_t n);
const char *chat_error_text(int error);
void chat_report(const char *who, int error);
void chat_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* common.c: commands, a table ending with a NULL name. */
struct command {
	const char *name;	/* without the '/' */
	const char *args;	/* "" or what /help shows, e.g. "NEW" */
	const char *help;
	void (*fn)(void *ctx, const char *arg, size_t n);
};

int command_run(const struct command *tab, void *ctx, const char **line,
		size_t *n);
void command_help(const struct command *tab);
int command_nick(const char *arg, size_t *n);

#endif
