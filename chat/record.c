// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded byte buffers and the length-prefixed record framing
 * (docs/chat-protocol.md, section 1).  Callers bound the buffers: input is
 * read only while it holds less than IN_MAX bytes, and output is checked
 * against OUT_MAX by the room.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"

#define READ_CHUNK	65536

void buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* Make room for n more bytes, commit them and return where they start. */
void *buf_reserve(struct buf *b, size_t n)
{
	size_t need = b->len + n;
	unsigned char *p;

	if (b->off + need > b->cap && b->off > 0) {
		memmove(b->data, b->data + b->off, b->len);
		b->off = 0;
	}
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < need)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p)
			return NULL;
		b->data = p;
		b->cap = cap;
	}
	p = b->data + b->off + b->len;
	b->len += n;
	return p;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
	void *dst = buf_reserve(b, n);

	if (!dst)
		return -1;
	memcpy(dst, p, n);
	return 0;
}

void buf_consume(struct buf *b, size_t n)
{
	b->off += n;
	b->len -= n;
	if (b->len == 0)
		b->off = 0;
}

/* Read once from fd, while the buffer holds less than max bytes. */
ssize_t buf_fill(struct buf *b, int fd, size_t max)
{
	size_t room = b->len < max ? max - b->len : 0;
	unsigned char *p;
	ssize_t n;

	if (room > READ_CHUNK)
		room = READ_CHUNK;
	if (room == 0)
		return -(errno = EAGAIN, 1);
	p = buf_reserve(b, room);
	if (!p)
		return -1;
	do
		n = read(fd, p, room);
	while (n < 0 && errno == EINTR);
	b->len -= room - (n > 0 ? n : 0);
	return n;
}

/* Write what fd takes; EAGAIN is not an error, it leaves data pending. */
ssize_t buf_drain(struct buf *b, int fd)
{
	size_t done = 0;
	ssize_t n;

	while (b->len > 0) {
		n = write(fd, b->data + b->off, b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0)
			return -1;
		buf_consume(b, n);
		done += n;
	}
	return done;
}

/* Append a record header for bodylen bytes and return the body's space. */
unsigned char *rec_begin(struct buf *b, size_t bodylen)
{
	unsigned char *p = buf_reserve(b, REC_HDR + bodylen);

	if (!p)
		return NULL;
	p[0] = bodylen >> 24;
	p[1] = bodylen >> 16;
	p[2] = bodylen >> 8;
	p[3] = bodylen;
	return p + REC_HDR;
}

/*
 * Take the next complete record out of b: 1 and its body (valid until the
 * buffer changes), 0 when more bytes are needed, -1 on a bad length.
 */
int rec_next(struct buf *b, const unsigned char **body, size_t *len)
{
	const unsigned char *p = b->data + b->off;
	size_t n;

	if (b->len < REC_HDR)
		return 0;
	n = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
	if (n > RECORD_MAX)
		return -(errno = E_TOOLONG, 1);
	if (n == 0)
		return -(errno = E_PROTO, 1);
	if (b->len < REC_HDR + n)
		return 0;
	*body = p + REC_HDR;
	*len = n;
	buf_consume(b, REC_HDR + n);
	return 1;
}

int buf_append_rec(struct buf *b, const void *p, size_t n)
{
	unsigned char *body = rec_begin(b, n);

	if (!body)
		return -1;
	memcpy(body, p, n);
	return 0;
}
