// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CIOCAUTHCRYPT in cryptodev-linux's TLS and SRTP modes through
 * /dev/crypto, against OpenSSL doing the same construction (ref.c):
 * records and packets of several sizes, the length written back, the
 * output IV, and EBADMSG for a bad MAC, a bad pad or a bad tag; and the
 * shared fixed vectors (tests/vectors/vectors-authenc.c).  Also the
 * output tag pointer of an AEAD (GCM) CIOCAUTHCRYPT.
 */
#include <stdlib.h>
#include <sys/ioctl.h>

#include "dc.h"
#include "harness.h"
#include "vectors.h"

#define MAXBUF	4200
#define AADLEN	13	/* a TLS 1.0-1.2 pseudo-header */

static int authcrypt(int fd, struct crypt_auth_op *caop)
{
	return ioctl(fd, CIOCAUTHCRYPT, caop);
}

FIXTURE(tls) {
	int fd;
	uint32_t ses;
	uint8_t key[32], mackey[32], iv[16], aad[AADLEN];
	uint8_t src[MAXBUF], buf[MAXBUF], ref[MAXBUF];
	unsigned int seed;
};

FIXTURE_VARIANT(tls) {
	uint32_t cipher, mac;
	const char *evp_cipher, *evp_md;
	unsigned int keylen, bs, digestsize;
};

FIXTURE_VARIANT_ADD(tls, aes128_cbc_hmac_sha1) {
	.cipher = CRYPTO_AES_CBC, .mac = CRYPTO_SHA1_HMAC,
	.evp_cipher = "AES-128-CBC", .evp_md = "SHA1",
	.keylen = 16, .bs = 16, .digestsize = 20,
};
FIXTURE_VARIANT_ADD(tls, aes256_cbc_hmac_sha256) {
	.cipher = CRYPTO_AES_CBC, .mac = CRYPTO_SHA2_256_HMAC,
	.evp_cipher = "AES-256-CBC", .evp_md = "SHA256",
	.keylen = 32, .bs = 16, .digestsize = 32,
};
FIXTURE_VARIANT_ADD(tls, des3_cbc_hmac_sha1) {
	.cipher = CRYPTO_3DES_CBC, .mac = CRYPTO_SHA1_HMAC,
	.evp_cipher = "DES-EDE3-CBC", .evp_md = "SHA1",
	.keylen = 24, .bs = 8, .digestsize = 20,
};
FIXTURE_VARIANT_ADD(tls, des3_cbc_hmac_sha256) {
	.cipher = CRYPTO_3DES_CBC, .mac = CRYPTO_SHA2_256_HMAC,
	.evp_cipher = "DES-EDE3-CBC", .evp_md = "SHA256",
	.keylen = 24, .bs = 8, .digestsize = 32,
};

FIXTURE_SETUP(tls)
{
	struct session_op sop = {
		.cipher = variant->cipher, .mac = variant->mac,
		.keylen = variant->keylen, .key = self->key,
		.mackeylen = sizeof(self->mackey), .mackey = self->mackey,
	};

	self->seed = 9;
	fill_random(self->key, sizeof(self->key), &self->seed);
	fill_random(self->mackey, sizeof(self->mackey), &self->seed);
	fill_random(self->iv, sizeof(self->iv), &self->seed);
	fill_random(self->aad, sizeof(self->aad), &self->seed);
	fill_random(self->src, sizeof(self->src), &self->seed);
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "%s: %s", dc_path(), strerror(errno));
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
	self->ses = sop.ses;
}

FIXTURE_TEARDOWN(tls)
{
	if (self->fd >= 0)
		close(self->fd);
}

static const unsigned int tls_lens[] = { 0, 1, 7, 15, 16, 31, 100, 1000,
					 4096 };

static long tls_ref(FIXTURE_DATA(tls) *self,
		    const FIXTURE_VARIANT(tls) *variant, size_t len,
		    unsigned int taglen, int corrupt)
{
	return ref_tls(variant->evp_cipher, variant->bs, variant->evp_md,
		       self->key, self->mackey, sizeof(self->mackey),
		       self->iv, self->aad, AADLEN, self->src, len, taglen,
		       corrupt, self->ref);
}

static struct crypt_auth_op tls_op(FIXTURE_DATA(tls) *self, int op,
				   uint32_t len, uint8_t *iv)
{
	struct crypt_auth_op caop = {
		.ses = self->ses, .op = op, .flags = COP_FLAG_AEAD_TLS_TYPE,
		.len = len, .auth_len = AADLEN, .auth_src = self->aad,
		.src = self->buf, .dst = self->buf, .iv = iv,
	};

	return caop;
}

/* MAC, pad, encrypt: OpenSSL's record, its length written back. */
TEST_F(tls, encrypt_matches_openssl)
{
	unsigned int i;

	for (i = 0; i < sizeof(tls_lens) / sizeof(tls_lens[0]); i++) {
		unsigned int len = tls_lens[i];
		struct crypt_auth_op caop = tls_op(self, COP_ENCRYPT, len,
						   self->iv);
		long n = tls_ref(self, variant, len, variant->digestsize, 0);

		ASSERT_GE(n, 1);
		memcpy(self->buf, self->src, len);
		ASSERT_EQ(authcrypt(self->fd, &caop), 0);
		EXPECT_EQ(caop.len, n);
		EXPECT_EQ(memcmp(self->buf, self->ref, n), 0);
		EXPECT_EQ((long)caop.tag, 0);	/* TLS leaves it */
	}
}

/* tag_len below the digest: the MAC is truncated, as TLS's may be. */
TEST_F(tls, truncated_tag)
{
	struct crypt_auth_op caop = tls_op(self, COP_ENCRYPT, 100, self->iv);
	long n = tls_ref(self, variant, 100, 12, 0);

	memcpy(self->buf, self->src, 100);
	caop.tag_len = 12;
	ASSERT_EQ(authcrypt(self->fd, &caop), 0);
	EXPECT_EQ(caop.len, n);
	EXPECT_EQ(memcmp(self->buf, self->ref, n), 0);

	caop = tls_op(self, COP_DECRYPT, n, self->iv);
	caop.tag_len = 12;
	ASSERT_EQ(authcrypt(self->fd, &caop), 0);
	EXPECT_EQ(caop.len, 100);
}

/* COP_FLAG_WRITE_IV: the last ciphertext block comes back as the IV. */
TEST_F(tls, write_iv)
{
	struct crypt_auth_op caop;
	uint8_t iv[16];
	long n = tls_ref(self, variant, 100, variant->digestsize, 0);

	memcpy(iv, self->iv, sizeof(iv));
	caop = tls_op(self, COP_ENCRYPT, 100, iv);
	caop.flags |= COP_FLAG_WRITE_IV;
	memcpy(self->buf, self->src, 100);
	ASSERT_EQ(authcrypt(self->fd, &caop), 0);
	ASSERT_EQ(caop.len, n);
	EXPECT_EQ(memcmp(iv, self->ref + n - variant->bs, variant->bs), 0);
}

/* Decrypt: the plaintext, and len without MAC and pad. */
TEST_F(tls, decrypt_gives_plaintext)
{
	unsigned int i;

	for (i = 0; i < sizeof(tls_lens) / sizeof(tls_lens[0]); i++) {
		unsigned int len = tls_lens[i];
		long n = tls_ref(self, variant, len, variant->digestsize, 0);
		struct crypt_auth_op caop = tls_op(self, COP_DECRYPT, n,
						   self->iv);

		ASSERT_GE(n, 1);
		memcpy(self->buf, self->ref, n);
		ASSERT_EQ(authcrypt(self->fd, &caop), 0);
		EXPECT_EQ(caop.len, len);
		EXPECT_EQ(memcmp(self->buf, self->src, len), 0);
	}
}

/* Each corruption: EBADMSG, len as it was, the record as it was. */
static void tls_bad(struct __test_metadata *_metadata,
		    FIXTURE_DATA(tls) *self,
		    const FIXTURE_VARIANT(tls) *variant, unsigned int len,
		    int corrupt, bool bad_aad)
{
	long n = tls_ref(self, variant, len, variant->digestsize, corrupt);
	struct crypt_auth_op caop = tls_op(self, COP_DECRYPT, n, self->iv);

	ASSERT_GE(n, 1);
	memcpy(self->buf, self->ref, n);
	if (bad_aad)
		self->aad[AADLEN - 1] ^= 1;
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EBADMSG);
	EXPECT_EQ(caop.len, n);
	EXPECT_EQ(memcmp(self->buf, self->ref, n), 0);
	if (bad_aad)
		self->aad[AADLEN - 1] ^= 1;
}

TEST_F(tls, bad_mac_ebadmsg)
{
	tls_bad(_metadata, self, variant, 0, REF_TLS_BAD_MAC, false);
	tls_bad(_metadata, self, variant, 100, REF_TLS_BAD_MAC, false);
}

TEST_F(tls, bad_aad_ebadmsg)
{
	tls_bad(_metadata, self, variant, 100, 0, true);
}

TEST_F(tls, bad_pad_ebadmsg)
{
	/* 100 + digest leaves more than one pad byte for each variant. */
	tls_bad(_metadata, self, variant, 100, REF_TLS_BAD_PAD, false);
	tls_bad(_metadata, self, variant, 3, REF_TLS_LONG_PAD, false);
}

/* cryptodev-linux's TLS mode works in place only. */
TEST_F(tls, not_in_place_einval)
{
	struct crypt_auth_op caop = tls_op(self, COP_ENCRYPT, 16, self->iv);

	caop.dst = self->ref;
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
}

/*
 * A len whose record length (len + MAC + pad) wraps around 32 bits is
 * EINVAL, not a short buffer that the whole len is copied into.
 */
TEST_F(tls, huge_len_einval)
{
	struct crypt_auth_op caop = tls_op(self, COP_ENCRYPT, 0xffffffffu,
					   self->iv);

	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
	caop = tls_op(self, COP_DECRYPT, 0xfffffff0u, self->iv);
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
}

FIXTURE(srtp) {
	int fd;
	uint32_t ses;
	uint8_t key[16], mackey[20], iv[16];
	uint8_t pkt[MAXBUF], ref[MAXBUF], tag[20], reftag[20];
	unsigned int seed;
};

#define SRTP_HDR	12
#define SRTP_TAG	10	/* HMAC-SHA1-80 */

FIXTURE_SETUP(srtp)
{
	struct session_op sop = {
		.cipher = CRYPTO_AES_CTR, .mac = CRYPTO_SHA1_HMAC,
		.keylen = 16, .key = self->key,
		.mackeylen = sizeof(self->mackey), .mackey = self->mackey,
	};

	self->seed = 7;
	fill_random(self->key, sizeof(self->key), &self->seed);
	fill_random(self->mackey, sizeof(self->mackey), &self->seed);
	fill_random(self->iv, sizeof(self->iv), &self->seed);
	fill_random(self->pkt, sizeof(self->pkt), &self->seed);
	memcpy(self->ref, self->pkt, sizeof(self->pkt));
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "%s: %s", dc_path(), strerror(errno));
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
	self->ses = sop.ses;
}

FIXTURE_TEARDOWN(srtp)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* auth_src is the whole packet, src == dst the payload inside it. */
static struct crypt_auth_op srtp_op(FIXTURE_DATA(srtp) *self, int op,
				    uint32_t len)
{
	struct crypt_auth_op caop = {
		.ses = self->ses, .op = op, .flags = COP_FLAG_AEAD_SRTP_TYPE,
		.len = len, .auth_len = SRTP_HDR + len, .auth_src = self->pkt,
		.src = self->pkt + SRTP_HDR, .dst = self->pkt + SRTP_HDR,
		.tag = self->tag, .tag_len = SRTP_TAG, .iv = self->iv,
	};

	return caop;
}

static const unsigned int srtp_lens[] = { 1, 20, 160, 1000, 4000 };

TEST_F(srtp, encrypt_matches_openssl)
{
	unsigned int i;

	for (i = 0; i < sizeof(srtp_lens) / sizeof(srtp_lens[0]); i++) {
		unsigned int len = srtp_lens[i];
		struct crypt_auth_op caop = srtp_op(self, COP_ENCRYPT, len);

		memcpy(self->ref, self->pkt, SRTP_HDR + len);
		ASSERT_EQ(ref_srtp(self->key, self->mackey,
				   sizeof(self->mackey), self->iv, self->ref,
				   SRTP_HDR, len, self->reftag, SRTP_TAG), 0);
		memset(self->tag, 0, sizeof(self->tag));
		ASSERT_EQ(authcrypt(self->fd, &caop), 0);
		EXPECT_EQ(caop.len, len);
		EXPECT_EQ(memcmp(self->pkt, self->ref, SRTP_HDR + len), 0);
		EXPECT_EQ(memcmp(self->tag, self->reftag, SRTP_TAG), 0);
		/* Only tag_len bytes of the tag are written. */
		EXPECT_EQ(self->tag[SRTP_TAG], 0);
	}
}

TEST_F(srtp, decrypt_and_bad_tag)
{
	uint8_t plain[SRTP_HDR + 160];
	struct crypt_auth_op caop;

	memcpy(plain, self->pkt, sizeof(plain));
	ASSERT_EQ(ref_srtp(self->key, self->mackey, sizeof(self->mackey),
			   self->iv, self->pkt, SRTP_HDR, 160, self->tag,
			   SRTP_TAG), 0);
	memcpy(self->ref, self->pkt, sizeof(plain));

	/* A bad tag: EBADMSG, and the packet is left as it was. */
	self->tag[3] ^= 0x10;
	caop = srtp_op(self, COP_DECRYPT, 160);
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EBADMSG);
	EXPECT_EQ(memcmp(self->pkt, self->ref, sizeof(plain)), 0);
	self->tag[3] ^= 0x10;

	/* A bit flipped in the header fails the same way. */
	self->pkt[2] ^= 1;
	caop = srtp_op(self, COP_DECRYPT, 160);
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EBADMSG);
	self->pkt[2] ^= 1;

	caop = srtp_op(self, COP_DECRYPT, 160);
	ASSERT_EQ(authcrypt(self->fd, &caop), 0);
	EXPECT_EQ(caop.len, 160);
	EXPECT_EQ(memcmp(self->pkt, plain, sizeof(plain)), 0);
}

/* cryptodev-linux's layout rules: each gives EINVAL. */
TEST_F(srtp, layout_einval)
{
	struct crypt_auth_op caop = srtp_op(self, COP_ENCRYPT, 100);

	caop.src = caop.dst = self->pkt + 257;	/* too far from auth_src */
	caop.auth_len = 257 + 100;
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
	caop = srtp_op(self, COP_ENCRYPT, 100);
	caop.auth_src = self->pkt + 20;		/* after src */
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
	caop = srtp_op(self, COP_ENCRYPT, 100);
	caop.dst = self->ref;			/* not in place */
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
	caop = srtp_op(self, COP_ENCRYPT, 100);
	caop.auth_len = 0;
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
}

/* SRTP takes a stream cipher only: AES-CBC is EINVAL. */
TEST_F(srtp, block_cipher_einval)
{
	struct session_op sop = {
		.cipher = CRYPTO_AES_CBC, .mac = CRYPTO_SHA1_HMAC,
		.keylen = 16, .key = self->key,
		.mackeylen = sizeof(self->mackey), .mackey = self->mackey,
	};
	struct crypt_auth_op caop = srtp_op(self, COP_ENCRYPT, 160);

	ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
	caop.ses = sop.ses;
	EXPECT_ERRNO(authcrypt(self->fd, &caop), EINVAL);
}

FIXTURE(gcm) {
	int fd;
	uint32_t ses;
	uint8_t key[16], iv[12], buf[256];
};

FIXTURE_SETUP(gcm)
{
	struct session_op sop = {
		.cipher = CRYPTO_AES_GCM, .keylen = 16, .key = self->key,
	};

	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "%s: %s", dc_path(), strerror(errno));
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
	self->ses = sop.ses;
}

FIXTURE_TEARDOWN(gcm)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* cryptodev-linux points tag at the tag inside dst, both ways. */
TEST_F(gcm, sets_tag_pointer)
{
	struct crypt_auth_op caop = {
		.ses = self->ses, .op = COP_ENCRYPT, .len = 64,
		.src = self->buf, .dst = self->buf, .iv = self->iv,
	};

	ASSERT_EQ(authcrypt(self->fd, &caop), 0);
	EXPECT_EQ(caop.len, 64 + 16);
	EXPECT_EQ((long)(caop.tag - self->buf), 64);

	caop = (struct crypt_auth_op){
		.ses = self->ses, .op = COP_DECRYPT, .len = 64 + 16,
		.src = self->buf, .dst = self->buf, .iv = self->iv,
	};
	ASSERT_EQ(authcrypt(self->fd, &caop), 0);
	EXPECT_EQ(caop.len, 64);
	EXPECT_EQ((long)(caop.tag - self->buf), 64);
}

FIXTURE(vectors) {
	int fd;
	uint8_t buf[MAXBUF], iv[16], tag[20];
};

FIXTURE_SETUP(vectors)
{
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "%s: %s", dc_path(), strerror(errno));
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(vectors)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* Each kat_tls record: built by encrypting, read back by decrypting. */
TEST_F(vectors, tls)
{
	size_t i;

	for (i = 0; i < kat_tls_count; i++) {
		const struct kat_tls *v = &kat_tls[i];
		bool aes = v->alg == KAT_AES_CBC;
		unsigned int bs = aes ? 16 : 8;
		struct session_op sop = {
			.cipher = aes ? CRYPTO_AES_CBC : CRYPTO_3DES_CBC,
			.mac = v->mac == KAT_SHA1 ? CRYPTO_SHA1_HMAC :
						    CRYPTO_SHA2_256_HMAC,
			.keylen = v->key_len, .key = (uint8_t *)v->key,
			.mackeylen = v->mackey_len,
			.mackey = (uint8_t *)v->mackey,
		};
		struct crypt_auth_op caop = {
			.flags = COP_FLAG_AEAD_TLS_TYPE, .auth_len = v->aad_len,
			.auth_src = (uint8_t *)v->aad, .src = self->buf,
			.dst = self->buf, .tag_len = v->tag_len, .iv = self->iv,
		};

		TH_LOG("%s", v->name);
		ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
		caop.ses = sop.ses;
		if (!v->bad) {
			memcpy(self->buf, v->pt, v->len);
			memcpy(self->iv, v->iv, bs);
			caop.op = COP_ENCRYPT;
			caop.len = v->len;
			ASSERT_EQ(authcrypt(self->fd, &caop), 0);
			EXPECT_EQ(caop.len, v->rec_len);
			EXPECT_EQ(memcmp(self->buf, v->rec, v->rec_len), 0);
		}
		memcpy(self->buf, v->rec, v->rec_len);
		memcpy(self->iv, v->iv, bs);
		caop.op = COP_DECRYPT;
		caop.len = v->rec_len;
		if (v->bad) {
			EXPECT_ERRNO(authcrypt(self->fd, &caop), EBADMSG);
		} else {
			ASSERT_EQ(authcrypt(self->fd, &caop), 0);
			EXPECT_EQ(caop.len, v->len);
			EXPECT_EQ(memcmp(self->buf, v->pt, v->len), 0);
		}
		EXPECT_EQ(ioctl(self->fd, CIOCFSESSION, &sop.ses), 0);
	}
}

/* Each kat_srtp packet, both ways, and its tag spoilt. */
TEST_F(vectors, srtp)
{
	size_t i;

	for (i = 0; i < kat_srtp_count; i++) {
		const struct kat_srtp *v = &kat_srtp[i];
		size_t plen = v->hdr_len + v->len;
		struct session_op sop = {
			.cipher = CRYPTO_AES_CTR, .mac = CRYPTO_SHA1_HMAC,
			.keylen = 16, .key = (uint8_t *)v->key,
			.mackeylen = v->mackey_len,
			.mackey = (uint8_t *)v->mackey,
		};
		struct crypt_auth_op caop = {
			.op = COP_ENCRYPT, .flags = COP_FLAG_AEAD_SRTP_TYPE,
			.len = v->len, .auth_len = plen,
			.auth_src = self->buf,
			.src = self->buf + v->hdr_len,
			.dst = self->buf + v->hdr_len,
			.tag = self->tag, .tag_len = v->tag_len,
			.iv = self->iv,
		};

		TH_LOG("%s", v->name);
		ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
		caop.ses = sop.ses;
		memcpy(self->buf, v->pt, plen);
		memcpy(self->iv, v->iv, 16);
		ASSERT_EQ(authcrypt(self->fd, &caop), 0);
		EXPECT_EQ(memcmp(self->buf, v->ct, plen), 0);
		EXPECT_EQ(memcmp(self->tag, v->tag, v->tag_len), 0);

		caop.op = COP_DECRYPT;
		memcpy(self->iv, v->iv, 16);
		ASSERT_EQ(authcrypt(self->fd, &caop), 0);
		EXPECT_EQ(memcmp(self->buf, v->pt, plen), 0);

		memcpy(self->buf, v->ct, plen);
		self->tag[v->tag_len - 1] ^= 0x80;
		EXPECT_ERRNO(authcrypt(self->fd, &caop), EBADMSG);
		EXPECT_EQ(memcmp(self->buf, v->ct, plen), 0);
		EXPECT_EQ(ioctl(self->fd, CIOCFSESSION, &sop.ses), 0);
	}
}

/*
 * Processes SIGKILLed in the middle of TLS requests (64 KiB records, MAC
 * and cipher ops in flight): the kernel log stays clean (the harness
 * checks it) and the device still answers right afterwards.
 */
TEST_F(vectors, killed_mid_request)
{
	const struct kat_tls *v = &kat_tls[1];	/* AES-256 + HMAC-SHA256 */
	enum { KIDS = 4, BIG = 65536 };
	struct session_op sop = {
		.cipher = CRYPTO_AES_CBC, .mac = CRYPTO_SHA2_256_HMAC,
		.keylen = v->key_len, .key = (uint8_t *)v->key,
		.mackeylen = v->mackey_len, .mackey = (uint8_t *)v->mackey,
	};
	pid_t kids[KIDS];
	int i, p[2];
	char c;

	ASSERT_EQ(pipe(p), 0);
	for (i = 0; i < KIDS; i++) {
		kids[i] = fork();
		ASSERT_GE(kids[i], 0);
		if (!kids[i]) {
			static uint8_t big[BIG + 64];
			struct crypt_auth_op caop = {
				.flags = COP_FLAG_AEAD_TLS_TYPE,
				.auth_len = v->aad_len,
				.auth_src = (uint8_t *)v->aad, .src = big,
				.dst = big, .iv = self->iv,
			};
			int fd = dc_open();

			if (fd < 0 || ioctl(fd, CIOCGSESSION, &sop))
				_exit(1);
			caop.ses = sop.ses;
			for (;;) {
				caop.op = COP_ENCRYPT;
				caop.len = BIG - 48;
				if (authcrypt(fd, &caop))
					_exit(1);
				if (write(p[1], "x", 1) != 1)
					_exit(1);
				caop.op = COP_DECRYPT;
				authcrypt(fd, &caop);	/* any answer */
			}
		}
	}
	for (i = 0; i < KIDS; i++)
		ASSERT_EQ(read(p[0], &c, 1), 1);	/* each one ran */
	for (i = 0; i < KIDS; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < KIDS; i++)
		ASSERT_EQ(waitpid(kids[i], NULL, 0), kids[i]);
	close(p[0]);
	close(p[1]);

	/* The device still gives the known answer. */
	{
		struct crypt_auth_op caop = {
			.op = COP_ENCRYPT, .flags = COP_FLAG_AEAD_TLS_TYPE,
			.len = v->len, .auth_len = v->aad_len,
			.auth_src = (uint8_t *)v->aad, .src = self->buf,
			.dst = self->buf, .tag_len = v->tag_len,
			.iv = self->iv,
		};

		ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
		caop.ses = sop.ses;
		memcpy(self->buf, v->pt, v->len);
		memcpy(self->iv, v->iv, 16);
		ASSERT_EQ(authcrypt(self->fd, &caop), 0);
		EXPECT_EQ(caop.len, v->rec_len);
		EXPECT_EQ(memcmp(self->buf, v->rec, v->rec_len), 0);
	}
}

TEST_HARNESS_MAIN
