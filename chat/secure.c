// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The connection layer: the hello and key-confirmation handshake, and
 * record protection (AES-256-CBC with PKCS#7 padding, then HMAC-SHA256
 * over sequence number, length, IV and ciphertext).  Every primitive goes
 * through the ucrypto library; docs/chat-protocol.md is the specification.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"

#define IV_LEN		16
#define BLOCK		16
#define TAG_LEN		32
#define SEAL_OVERHEAD	(IV_LEN + BLOCK + TAG_LEN)
#define INNER_MAX	(RECORD_MAX - SEAL_OVERHEAD)

enum { CLIENT, SERVER };

static const char magic[4] = "CCH1";
static const char role_char[2] = { 'C', 'S' };

/*
 * Inner messages are decrypted into rxbuf and built in txbuf: a handler
 * may send (into txbuf) what it was handed (in rxbuf).
 */
static unsigned char rxbuf[RECORD_MAX];
static unsigned char txbuf[RECORD_MAX];

static void put_be(unsigned char *p, uint64_t v, int n)
{
	while (n-- > 0) {
		p[n] = v;
		v >>= 8;
	}
}

/* K(label) = HMAC(PRK, label || 0x01): HKDF-Expand, one block. */
static int expand(const unsigned char *prk, const char *label,
		  unsigned char *out)
{
	static const unsigned char one = 1;
	const struct cc_piece in[] = {
		{ label, strlen(label) }, { &one, 1 },
	};

	return cc_hmac(prk, 32, in, 2, out);
}

static int derive(struct sec *s)
{
	const unsigned char *nc = s->hello[CLIENT] + 6;
	const unsigned char *ns = s->hello[SERVER] + 6;
	const struct cc_piece in[] = {
		{ "crypto-chat v1", 14 }, { nc, NONCE_LEN }, { ns, NONCE_LEN },
	};
	unsigned char prk[32], mac[2][32], enc[2][32];
	int me = s->server ? SERVER : CLIENT, r;

	r = cc_hmac(s->psk, KEY_LEN, in, 3, prk);
	r = r ?: expand(prk, "c2s enc", enc[CLIENT]);
	r = r ?: expand(prk, "c2s mac", mac[CLIENT]);
	r = r ?: expand(prk, "s2c enc", enc[SERVER]);
	r = r ?: expand(prk, "s2c mac", mac[SERVER]);
	r = r ?: expand(prk, "c finished", s->confirm[CLIENT]);
	r = r ?: expand(prk, "s finished", s->confirm[SERVER]);
	r = r ?: cc_dir_set(&s->tx, enc[me], mac[me]);
	r = r ?: cc_dir_set(&s->rx, enc[!me], mac[!me]);
	cc_wipe(prk, sizeof(prk));
	cc_wipe(mac, sizeof(mac));
	cc_wipe(enc, sizeof(enc));
	return r;
}

static int finished_mac(const struct sec *s, int who, unsigned char *out)
{
	const struct cc_piece in[] = {
		{ s->hello[CLIENT], HELLO_LEN }, { s->hello[SERVER], HELLO_LEN },
	};

	return cc_hmac(s->confirm[who], 32, in, 2, out);
}

static int record_mac(struct cc_dir *d, uint64_t seq,
		      const unsigned char *iv, const unsigned char *ct,
		      size_t n, unsigned char *out)
{
	unsigned char hdr[12];
	const struct cc_piece in[] = {
		{ hdr, 12 }, { iv, IV_LEN }, { ct, n },
	};

	put_be(hdr, seq, 8);
	put_be(hdr + 8, n, 4);
	return cc_dir_mac(d, in, 3, out);
}

static int send_hello(struct conn *c)
{
	struct sec *s = &c->sec;
	unsigned char *h = s->hello[s->server ? SERVER : CLIENT];

	memcpy(h, magic, 4);
	h[4] = role_char[s->server ? SERVER : CLIENT];
	h[5] = s->psk != NULL;
	memset(h + 6, 0, NONCE_LEN);
	if (s->psk && cc_random(h + 6, NONCE_LEN) < 0)
		return -1;
	return buf_append_rec(&c->out, h, HELLO_LEN);
}

int conn_start(struct conn *c, int fd, const unsigned char *psk, int server)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	c->sec.psk = psk;
	c->sec.server = server;
	c->sec.state = SEC_HELLO;
	return send_hello(c);
}

void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	buf_free(&c->in);
	buf_free(&c->out);
	cc_dir_free(&c->sec.tx);
	cc_dir_free(&c->sec.rx);
	cc_wipe(&c->sec, sizeof(c->sec));
}

static int on_hello(struct conn *c, const unsigned char *p, size_t n)
{
	struct sec *s = &c->sec;
	int peer = s->server ? CLIENT : SERVER;
	unsigned char *fin;

	if (n != HELLO_LEN || memcmp(p, magic, 4) != 0 ||
	    p[4] != role_char[peer] || p[5] > 1)
		return -(errno = E_PROTO, 1);
	if (s->psk && !p[5])
		return -(errno = E_PLAIN, 1);
	if (!s->psk && p[5])
		return -(errno = E_KEYED, 1);
	memcpy(s->hello[peer], p, HELLO_LEN);
	if (!s->psk) {
		s->state = SEC_OPEN;
		return 0;
	}
	fin = rec_begin(&c->out, 32);
	if (!fin || derive(s) < 0 || finished_mac(s, !peer, fin) < 0)
		return -1;
	s->state = SEC_CONFIRM;
	return 0;
}

static int on_finished(struct conn *c, const unsigned char *p, size_t n)
{
	struct sec *s = &c->sec;
	unsigned char want[32];
	int ok;

	if (finished_mac(s, s->server ? CLIENT : SERVER, want) < 0)
		return -1;
	ok = n == 32 && cc_equal(want, p, 32);
	cc_wipe(want, sizeof(want));
	if (!ok)
		return -(errno = E_AUTH, 1);
	s->state = SEC_OPEN;
	return 0;
}

/* Check and decrypt a protected body into rxbuf; return the inner size. */
static ssize_t unseal(struct sec *s, const unsigned char *p, size_t n)
{
	const unsigned char *iv = p, *ct = p + IV_LEN;
	size_t clen = n - IV_LEN - TAG_LEN, i, pad;
	unsigned char tag[TAG_LEN];
	int ok;

	if (n < SEAL_OVERHEAD || clen % BLOCK != 0)
		return -(errno = E_PROTO, 1);
	if (record_mac(&s->rx, s->seq_rx, iv, ct, clen, tag) < 0)
		return -1;
	ok = cc_equal(tag, ct + clen, TAG_LEN);
	if (!ok)
		return -(errno = E_RECORD, 1);
	if (cc_decrypt(&s->rx, iv, ct, rxbuf, clen) < 0)
		return -1;
	s->seq_rx++;
	pad = rxbuf[clen - 1];
	if (pad == 0 || pad > BLOCK || pad >= clen)
		return -(errno = E_PROTO, 1);
	for (i = clen - pad; i < clen; i++)
		if (rxbuf[i] != pad)
			return -(errno = E_PROTO, 1);
	return clen - pad;
}

static int on_record(struct conn *c, const unsigned char *p, size_t n,
		     conn_fn fn, void *ctx)
{
	ssize_t len = n;

	if (c->sec.psk) {
		len = unseal(&c->sec, p, n);
		if (len < 0)
			return -1;
		p = rxbuf;
	}
	return fn(ctx, c, p[0], p + 1, len - 1);
}

static int dispatch(struct conn *c, const unsigned char *p, size_t n,
		    conn_fn fn, void *ctx)
{
	int was = c->sec.state, r;

	if (was == SEC_OPEN)
		return on_record(c, p, n, fn, ctx);
	r = was == SEC_HELLO ? on_hello(c, p, n) : on_finished(c, p, n);
	if (r == 0 && c->sec.state == SEC_OPEN)
		r = fn(ctx, c, T_OPEN, NULL, 0);
	return r;
}

/* Handle every complete record in c->in; -1 with errno ends the conn. */
int conn_input(struct conn *c, conn_fn fn, void *ctx)
{
	const unsigned char *body;
	size_t n;
	int r;

	while ((r = rec_next(&c->in, &body, &n)) > 0)
		if (dispatch(c, body, n, fn, ctx) < 0)
			return -1;
	return r;
}

static int seal(struct conn *c, size_t n)
{
	struct sec *s = &c->sec;
	size_t pad = BLOCK - n % BLOCK, clen = n + pad;
	unsigned char *p = rec_begin(&c->out, IV_LEN + clen + TAG_LEN);

	if (!p)
		return -1;
	memset(txbuf + n, pad, pad);
	if (cc_random(p, IV_LEN) < 0 ||
	    cc_encrypt(&s->tx, p, txbuf, p + IV_LEN, clen) < 0 ||
	    record_mac(&s->tx, s->seq_tx, p, p + IV_LEN, clen,
		       p + IV_LEN + clen) < 0)
		return -1;
	s->seq_tx++;
	return 0;
}

/* Queue one inner message: type, then a and b back to back. */
int conn_send(struct conn *c, int type, const void *a, size_t alen,
	      const void *b, size_t blen)
{
	size_t n = 1 + alen + blen;

	if (n > INNER_MAX)
		return -(errno = EMSGSIZE, 1);
	txbuf[0] = type;
	if (alen)
		memcpy(txbuf + 1, a, alen);
	if (blen)
		memcpy(txbuf + 1 + alen, b, blen);
	if (!c->sec.psk)
		return buf_append_rec(&c->out, txbuf, n);
	return seal(c, n);
}
