// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The data path on the guest's scatter-gather (issue 13): src and dst
 * split into iovecs that do not line up with each other nor with the
 * cipher's blocks, 1-byte iovecs, empty ones, and src and dst that share
 * memory (in place, shifted, dst over itself).
 *
 * Every case has the same oracle: the memory of an arena after the
 * request must be what it would be if all of src had been read through
 * its iovecs first, OpenSSL had run on it in one piece, and dst had then
 * been written through its iovecs in order (what the core did before it
 * ran on the iovecs, and still does through a bounce buffer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "test-util.h"

#define ARENA		(48 << 10)
#define MAX_SEGS	4096
#define AES_CTR		VIRTIO_CRYPTODEV_CIPHER_AES_CTR
#define AES_XTS		VIRTIO_CRYPTODEV_CIPHER_AES_XTS
#define AES_GCM		VIRTIO_CRYPTODEV_CIPHER_AES_GCM
#define DES3_CBC	VIRTIO_CRYPTODEV_CIPHER_3DES_CBC
#define HMAC		VIRTIO_CRYPTODEV_SESSION_HMAC

struct seg {
	size_t off, len;	/* in the arena */
};

struct layout {
	const char *name;
	struct seg src[MAX_SEGS], dst[MAX_SEGS];
	unsigned int nsrc, ndst;
};

/* One kind of request: the session and how OpenSSL does the same. */
struct alg {
	const char *name;	/* EVP cipher, NULL: hash only */
	uint32_t cipher, hash, sess_flags;
	const uint8_t *key;
	uint32_t key_len;
	const char *md;		/* EVP digest, NULL: none */
	bool hmac;
	uint32_t iv_len;	/* and block size for CBC */
};

static uint8_t arena[ARENA], before[ARENA], expect[ARENA];
static const uint8_t key32[32] = "0123456789abcdefFEDCBA9876543210";
static const uint8_t mac_key[20] = "HMAC key of 20 bytes";
static const uint8_t iv16[16] = "sg test iv 16 b";
static uint32_t seed = 12345;

static uint32_t rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 8;
}

/*
 * @len bytes from @off in pieces of @piece bytes (0: random, 0 to 39),
 * each @gap bytes after the one before: a gap makes a block that
 * crosses pieces discontiguous in memory as well as in the iovecs.
 */
static unsigned int pieces_gap(struct seg *v, size_t off, size_t len,
			       size_t piece, size_t gap)
{
	unsigned int n = 0;
	size_t m;

	while (len && n < MAX_SEGS) {
		m = piece ? piece : rnd() % 40;
		if (n == MAX_SEGS - 1 || m > len)
			m = len;
		v[n++] = (struct seg){ off, m };
		off += m + gap;
		len -= m;
	}
	return n;
}

static unsigned int pieces(struct seg *v, size_t off, size_t len,
			   size_t piece)
{
	return pieces_gap(v, off, len, piece, 0);
}

/* Gather or scatter @len bytes of @buf through @segs over @mem. */
static void through(uint8_t *mem, const struct seg *segs, unsigned int n,
		    uint8_t *buf, size_t len, bool scatter)
{
	size_t done = 0, m;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		m = segs[i].len < len - done ? segs[i].len : len - done;
		if (scatter)
			memcpy(mem + segs[i].off, buf + done, m);
		else
			memcpy(buf + done, mem + segs[i].off, m);
		done += m;
	}
}

/* OpenSSL on @in in one piece; the digest of the plaintext too. */
static bool reference(const struct alg *a, bool dec, const uint8_t *in,
		      size_t len, uint8_t *out, uint8_t *digest,
		      uint8_t *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	EVP_CIPHER *c = a->name ? EVP_CIPHER_fetch(NULL, a->name, NULL)
				: NULL;
	bool gcm = a->cipher == AES_GCM;
	int outl = 0, fl = 0;
	bool ok = ctx != NULL;
	size_t dlen = 0;

	if (ok && c) {
		ok = EVP_CipherInit_ex2(ctx, c, a->key, iv16, !dec, NULL);
		EVP_CIPHER_CTX_set_padding(ctx, 0);
		ok = ok && EVP_CipherUpdate(ctx, out, &outl, in, (int)len);
		/* GCM decrypt: the plaintext only, the tag is made below. */
		if (!(gcm && dec))
			ok = ok && EVP_CipherFinal_ex(ctx, out + outl, &fl);
		if (ok && gcm && !dec)
			ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
						 16, tag);
		if (ok && gcm && dec) {
			/* The tag that makes @in authentic. */
			static uint8_t ct[ARENA];

			ok = EVP_CipherInit_ex2(ctx, c, a->key, iv16, 1,
						NULL) &&
			     EVP_CipherUpdate(ctx, ct, &outl, out, (int)len) &&
			     EVP_CipherFinal_ex(ctx, ct, &fl) &&
			     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
						 16, tag);
		}
	}
	if (ok && a->md) {
		const uint8_t *pt = a->name && !dec ? in : a->name ? out : in;

		if (a->hmac)
			ok = EVP_Q_mac(NULL, "HMAC", NULL, a->md, NULL,
				       mac_key, sizeof(mac_key), pt, len,
				       digest, 64, &dlen) != NULL;
		else
			ok = EVP_Q_digest(NULL, a->md, NULL, pt, len, digest,
					  NULL);
	}
	EVP_CIPHER_free(c);
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

/*
 * Run @a (direction @dec) on @len bytes laid out as @l in the arena and
 * check the arena, the chained IV and the digest against reference().
 */
static void check(struct vcd_core *core, uint64_t id, const struct alg *a,
		  bool dec, const struct layout *l, size_t len)
{
	static uint8_t src[ARENA], ref[ARENA];
	uint8_t digest[64], tag[16];
	bool cipher = a->name != NULL, gcm = a->cipher == AES_GCM;
	bool cbc = cipher && strstr(a->name, "CBC");
	uint32_t dlen = a->md ? (uint32_t)EVP_MD_get_size(
		EVP_get_digestbyname(a->md)) : 0;
	struct iovec out[MAX_SEGS + 2], in[MAX_SEGS + 1];
	unsigned int nout = 0, nin = 0, i;
	size_t hdr, tail, written = 0;
	uint32_t st;
	struct rb rb;
	bool good;

	for (i = 0; i < ARENA; i++)
		arena[i] = (uint8_t)rnd();
	memcpy(before, arena, ARENA);
	through(arena, l->src, l->nsrc, src, len, false);
	memset(ref, 0, len);
	if (!reference(a, dec, src, len, ref, digest, tag)) {
		ok(false, "%s %s: OpenSSL reference", a->name, l->name);
		return;
	}
	memcpy(expect, before, ARENA);
	if (cipher)
		through(expect, l->dst, l->ndst, ref, len, true);

	rb_init(&rb);
	rb_op(&rb, &(struct rb_op){
		.opcode = gcm ? OP_AEAD : 0,
		.flags = (dec ? F_DEC : 0) | (cbc ? F_WIV : 0) |
			 (a->md ? F_RESET | F_FINAL : 0),
		.session_id = id, .iv = cipher ? iv16 : NULL,
		.iv_len = a->iv_len, .iv_out_len = cbc ? a->iv_len : 0,
		.src = src, .src_len = (uint32_t)len,
		.dst_len = cipher ? (uint32_t)len : 0,
		.tag = gcm && dec ? tag : NULL,
		.tag_len = gcm ? 16 : dlen });
	/* The header (and IV) before src, the AEAD tag after it. */
	hdr = rb.out_len - len - (gcm && dec ? 16 : 0);
	out[nout++] = (struct iovec){ rb.out, hdr };
	for (i = 0; i < l->nsrc; i++)
		out[nout++] = (struct iovec){ arena + l->src[i].off,
					      l->src[i].len };
	if (rb.out_len > hdr + len)
		out[nout++] = (struct iovec){ rb.out + hdr + len,
					      rb.out_len - hdr - len };
	if (cipher)
		for (i = 0; i < l->ndst; i++)
			in[nin++] = (struct iovec){ arena + l->dst[i].off,
						    l->dst[i].len };
	tail = rb.in_len - (cipher ? len : 0);
	in[nin++] = (struct iovec){ rb.in + rb.in_len - tail, tail };

	st = UINT32_MAX;
	if (vcd_core_handle(core, false, out, nout, in, nin, &written) ==
	    VCD_ANSWERED)
		st = rb_status(&rb);
	good = st == S_OK && !memcmp(arena, expect, ARENA);
	/* CBC: the next IV is the last ciphertext block. */
	if (good && cbc)
		good = !memcmp(rb.in + rb.in_len - tail,
			       (dec ? src : ref) + len - a->iv_len,
			       a->iv_len);
	if (good && (a->md || (gcm && !dec)))
		good = !memcmp(rb.in + rb.in_len - tail +
			       (cbc ? a->iv_len : 0),
			       gcm ? tag : digest, gcm ? 16 : dlen);
	ok(good, "%s%s%s%s %s, %zu bytes, %s", a->name ? a->name : "",
	   a->name && a->md ? "+" : "", a->hmac ? "HMAC-" : "",
	   a->md ? a->md : "", dec ? "decrypt" : "encrypt", len, l->name);
	if (st != S_OK)
		printf("# status %u\n", st);
	rb_free(&rb);
}

/* The layouts, @len bytes each (a multiple of 16, at most 16 KiB). */
static unsigned int layouts(struct layout *v, size_t len)
{
	unsigned int n = 0;

	/* Apart, and each cut differently. */
	v[n] = (struct layout){ .name = "1-byte iovecs both sides" };
	v[n].nsrc = pieces_gap(v[n].src, 0, len, 1, 1);
	v[n].ndst = pieces_gap(v[n].dst, 20000, len, 1, 1);
	n++;
	v[n] = (struct layout){ .name = "1-byte src, one dst" };
	v[n].nsrc = pieces_gap(v[n].src, 0, len, 1, 1);
	v[n].ndst = pieces(v[n].dst, 20000, len, len);
	n++;
	v[n] = (struct layout){ .name = "one src, 3-byte dst" };
	v[n].nsrc = pieces(v[n].src, 3, len, len);
	v[n].ndst = pieces_gap(v[n].dst, 20001, len, 3, 2);
	n++;
	if (len > 4096) {
		v[n] = (struct layout){ .name = "pages off by 5 and 24" };
		v[n].nsrc = pieces(v[n].src, 5, 4091, 4091);
		v[n].nsrc += pieces_gap(v[n].src + v[n].nsrc, 4100,
					len - 4091, 4096, 4);
		v[n].ndst = pieces(v[n].dst, 20000, 24, 24);
		v[n].ndst += pieces_gap(v[n].dst + v[n].ndst, 24580,
					len - 24, 4096, 4);
		n++;
	}
	v[n] = (struct layout){ .name = "random cuts, empty iovecs" };
	v[n].nsrc = pieces_gap(v[n].src, 0, len, 0, 1);
	v[n].ndst = pieces_gap(v[n].dst, 20000, len, 0, 1);
	n++;
	/* Sharing memory. */
	v[n] = (struct layout){ .name = "in place, cut alike" };
	v[n].nsrc = pieces(v[n].src, 7, len, 100);
	v[n].ndst = pieces(v[n].dst, 7, len, 100);
	n++;
	v[n] = (struct layout){ .name = "in place, cut differently" };
	v[n].nsrc = pieces(v[n].src, 7, len, 0);
	v[n].ndst = pieces(v[n].dst, 7, len, 13);
	n++;
	v[n] = (struct layout){ .name = "dst 16 bytes after src" };
	v[n].nsrc = pieces(v[n].src, 64, len, 0);
	v[n].ndst = pieces(v[n].dst, 80, len, 0);
	n++;
	v[n] = (struct layout){ .name = "dst a page after src (1 iovec)" };
	v[n].nsrc = pieces(v[n].src, 0, len, len);
	v[n].ndst = pieces(v[n].dst, 4096, len, len);
	n++;
	v[n] = (struct layout){ .name = "dst 3 bytes before src" };
	v[n].nsrc = pieces(v[n].src, 100, len, 4096);
	v[n].ndst = pieces(v[n].dst, 97, len, 4096);
	n++;
	v[n] = (struct layout){ .name = "dst pieces on one another" };
	v[n].nsrc = pieces(v[n].src, 0, len, len);
	v[n].ndst = pieces(v[n].dst, 30000, len / 2, len / 2);
	v[n].ndst += pieces(v[n].dst + v[n].ndst, 30008, len - len / 2,
			    len - len / 2);
	n++;
	v[n] = (struct layout){ .name = "src pieces shared, dst apart" };
	v[n].nsrc = pieces(v[n].src, 0, len / 2, 0);
	v[n].nsrc += pieces(v[n].src + v[n].nsrc, 0, len - len / 2, 0);
	v[n].ndst = pieces(v[n].dst, 20000, len, 0);
	n++;
	/* Far apart in memory, interleaved page by page. */
	v[n] = (struct layout){ .name = "src and dst pages interleaved" };
	{
		size_t k;

		size_t m;

		for (k = 0; k * 256 < len; k++) {
			m = len - k * 256 < 256 ? len - k * 256 : 256;
			v[n].src[k] = (struct seg){ k * 512, m };
			v[n].dst[k] = (struct seg){ k * 512 + 256, m };
		}
		v[n].nsrc = v[n].ndst = (unsigned int)k;
	}
	n++;
	return n;
}

void scatter_gather(struct vcd_core *core)
{
	static struct layout v[16];
	static const struct alg algs[] = {
		{ "AES-128-CBC", VIRTIO_CRYPTODEV_CIPHER_AES_CBC, 0, 0,
		  key32, 16, NULL, false, 16 },
		{ "AES-256-CTR", AES_CTR, 0, 0, key32, 32, NULL, false, 16 },
		{ "DES-EDE3-CBC", DES3_CBC, 0, 0, key32, 24, NULL, false, 8 },
		{ "AES-128-XTS", AES_XTS, 0, 0, key32, 32, NULL, false, 16 },
		{ "AES-128-GCM", AES_GCM, 0, 0, key32, 16, NULL, false, 12 },
		{ NULL, 0, SHA256, 0, NULL, 0, "SHA256", false, 0 },
		{ NULL, 0, VIRTIO_CRYPTODEV_HASH_SHA1, HMAC, NULL, 0,
		  "SHA1", true, 0 },
		{ "AES-128-CBC", VIRTIO_CRYPTODEV_CIPHER_AES_CBC, SHA256,
		  HMAC, key32, 16, "SHA256", true, 16 },
	};
	static const size_t lens[] = { 16, 48, 8192 + 32 };
	unsigned int a, i, n, k, dec;
	uint64_t id;
	uint32_t st;

	for (a = 0; a < sizeof(algs) / sizeof(algs[0]); a++) {
		id = rb_new_session(core, algs[a].cipher, algs[a].hash,
				    algs[a].sess_flags, algs[a].key,
				    algs[a].key_len,
				    algs[a].hmac ? mac_key : NULL,
				    algs[a].hmac ? sizeof(mac_key) : 0, &st);
		if (!id) {
			skip("not offered here", "scatter-gather %s",
			     algs[a].name ? algs[a].name : algs[a].md);
			continue;
		}
		for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
			n = layouts(v, lens[k]);
			for (i = 0; i < n; i++)
				for (dec = 0; dec < (algs[a].name ? 2u : 1u);
				     dec++)
					check(core, id, &algs[a], dec, &v[i],
					      lens[k]);
		}
		rb_end_session(core, id);
	}
}
