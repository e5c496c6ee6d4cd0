// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A 32-bit program on the 64-bit guest kernel: the compat ioctls.  Every
 * shared known answer (tests/vectors) for the ciphers, hashes and HMACs
 * goes through CIOCGSESSION and CIOCCRYPT in their 32-bit layout; the
 * ioctls with one layout (CIOCCPHASH too) pass through; a copied and a
 * pinned request agree; CIOCASYNCCRYPT and CIOCASYNCFETCH work under
 * both their numbers; what cryptodev-linux has no compat handler for is
 * EINVAL.
 *
 * Built with -m32 and without OpenSSL (there is no 32-bit libcrypto in
 * the build): dc.c's wrappers, and the vectors as the reference.
 */
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "dc.h"
#include "harness.h"
#include "vectors.h"

_Static_assert(sizeof(void *) == 4, "a 32-bit build (-m32)");
/* cryptodev-linux's compat_session_op and compat_crypt_op. */
_Static_assert(sizeof(struct session_op) == 28, "compat session_op");
_Static_assert(sizeof(struct crypt_op) == 28, "compat crypt_op");
_Static_assert(CIOCGSESSION == 0xc01c6366, "COMPAT_CIOCGSESSION");
_Static_assert(CIOCCRYPT == 0xc01c6368, "COMPAT_CIOCCRYPT");

#define BIG	(64 * 1024)

static const uint32_t cipher_ids[] = {
	[KAT_AES_ECB] = CRYPTO_AES_ECB, [KAT_AES_CBC] = CRYPTO_AES_CBC,
	[KAT_AES_CTR] = CRYPTO_AES_CTR, [KAT_AES_XTS] = CRYPTO_AES_XTS,
	[KAT_NULL] = CRYPTO_NULL, [KAT_DES_CBC] = CRYPTO_DES_CBC,
	[KAT_3DES_CBC] = CRYPTO_3DES_CBC, [KAT_BF_CBC] = CRYPTO_BLF_CBC,
	[KAT_CAST5_CBC] = CRYPTO_CAST_CBC, [KAT_ARC4] = CRYPTO_ARC4,
	[KAT_CAMELLIA_CBC] = CRYPTO_CAMELLIA_CBC,
};
static const uint32_t hash_ids[] = {
	[KAT_SHA1] = CRYPTO_SHA1, [KAT_SHA224] = CRYPTO_SHA2_224,
	[KAT_SHA256] = CRYPTO_SHA2_256, [KAT_SHA384] = CRYPTO_SHA2_384,
	[KAT_SHA512] = CRYPTO_SHA2_512,
	[KAT_MD5] = CRYPTO_MD5, [KAT_RIPEMD160] = CRYPTO_RIPEMD160,
};
static const uint32_t hmac_ids[] = {
	[KAT_SHA1] = CRYPTO_SHA1_HMAC, [KAT_SHA224] = CRYPTO_SHA2_224_HMAC,
	[KAT_SHA256] = CRYPTO_SHA2_256_HMAC,
	[KAT_SHA384] = CRYPTO_SHA2_384_HMAC,
	[KAT_SHA512] = CRYPTO_SHA2_512_HMAC,
	[KAT_MD5] = CRYPTO_MD5_HMAC, [KAT_RIPEMD160] = CRYPTO_RIPEMD160_HMAC,
};

FIXTURE(compat) {
	int fd;
	uint8_t *a, *b;		/* BIG bytes each */
};

FIXTURE_SETUP(compat)
{
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	self->a = malloc(BIG);
	self->b = malloc(BIG);
	ASSERT_TRUE(self->a && self->b);
}

FIXTURE_TEARDOWN(compat)
{
	free(self->a);
	free(self->b);
	if (self->fd >= 0)
		close(self->fd);
}

/* A session of cryptodev ids and key lengths that dc_algs[] has not. */
static int session(int fd, uint32_t cipher, const void *key, uint32_t keylen,
		   uint32_t mac, const void *mackey, uint32_t mackeylen,
		   uint32_t *ses)
{
	const struct dc_alg a = {
		.cipher = cipher, .keylen = keylen, .mac = mac,
		.hmac = mackey != NULL, .mackeylen = mackeylen,
	};

	return dc_session(fd, &a, key, mackey, ses);
}

/* A hash or HMAC of data: mac_len bytes of the result must be expect. */
static void check_mac(struct __test_metadata *_metadata, int fd, uint32_t id,
		      const void *key, size_t keylen, const void *data,
		      size_t len, const void *expect, size_t mac_len,
		      const char *name)
{
	uint8_t mac[64];
	uint32_t ses;

	ASSERT_EQ(session(fd, 0, NULL, 0, id, key, keylen, &ses), 0);
	ASSERT_EQ(dc_crypt(fd, ses, COP_ENCRYPT, 0, data, NULL, len, NULL,
			   mac), 0);
	if (memcmp(mac, expect, mac_len))
		TH_LOG("%s: wrong result", name);
	EXPECT_EQ(memcmp(mac, expect, mac_len), 0);
	EXPECT_EQ(dc_free(fd, ses), 0);
}

/* Encrypt and decrypt one cipher vector (ARC4: a fresh keystream each). */
static void check_cipher(struct __test_metadata *_metadata, int fd,
			 const struct kat_cipher *v, uint8_t *out)
{
	uint32_t ses;

	ASSERT_EQ(session(fd, cipher_ids[v->alg], v->key, v->key_len, 0, NULL,
			  0, &ses), 0);
	ASSERT_EQ(dc_crypt(fd, ses, COP_ENCRYPT, 0, v->pt, out, v->len,
			   (void *)v->iv, NULL), 0);
	if (memcmp(out, v->ct, v->len))
		TH_LOG("%s: wrong ciphertext", v->name);
	EXPECT_EQ(memcmp(out, v->ct, v->len), 0);
	if (v->alg == KAT_ARC4) {
		EXPECT_EQ(dc_free(fd, ses), 0);
		ASSERT_EQ(session(fd, cipher_ids[v->alg], v->key, v->key_len,
				  0, NULL, 0, &ses), 0);
	}
	ASSERT_EQ(dc_crypt(fd, ses, COP_DECRYPT, 0, v->ct, out, v->len,
			   (void *)v->iv, NULL), 0);
	EXPECT_EQ(memcmp(out, v->pt, v->len), 0);
	EXPECT_EQ(dc_free(fd, ses), 0);
}

TEST_F(compat, cipher_known_answers)
{
	size_t i;

	for (i = 0; i < kat_ciphers_count; i++)
		check_cipher(_metadata, self->fd, &kat_ciphers[i], self->a);
}

/* The rest of the ABI's algorithms: NULL, DES ... MD5, RIPEMD-160. */
TEST_F(compat, more_known_answers)
{
	size_t i;

	for (i = 0; i < kat_more_ciphers_count; i++)
		check_cipher(_metadata, self->fd, &kat_more_ciphers[i],
			     self->a);
	for (i = 0; i < kat_more_hashes_count; i++) {
		const struct kat_hash *v = &kat_more_hashes[i];
		unsigned char *msg = kat_msg_dup(v);

		ASSERT_TRUE(msg || !v->len);
		check_mac(_metadata, self->fd, hash_ids[v->alg], NULL, 0, msg,
			  v->len, v->digest, v->digest_len, v->name);
		free(msg);
	}
	for (i = 0; i < kat_more_hmacs_count; i++) {
		const struct kat_hmac *v = &kat_more_hmacs[i];

		check_mac(_metadata, self->fd, hmac_ids[v->alg], v->key,
			  v->key_len, v->data, v->data_len, v->mac, v->mac_len,
			  v->name);
	}
}

/* CIOCCPHASH has one layout: it passes through. */
TEST_F(compat, copy_hash)
{
	const struct kat_hash *v = &kat_hashes[0];	/* SHA-1 "abc" */
	struct cphash_op cp;
	uint32_t s1, s2;
	uint8_t mac[20];

	ASSERT_EQ(v->alg, KAT_SHA1);
	ASSERT_EQ(v->len, 3);
	ASSERT_EQ(session(self->fd, 0, NULL, 0, CRYPTO_SHA1, NULL, 0, &s1), 0);
	ASSERT_EQ(session(self->fd, 0, NULL, 0, CRYPTO_SHA1, NULL, 0, &s2), 0);
	ASSERT_EQ(dc_crypt(self->fd, s1, COP_ENCRYPT, COP_FLAG_UPDATE, v->msg,
			   NULL, 1, NULL, NULL), 0);
	cp = (struct cphash_op){ .dst_ses = s2, .src_ses = s1 };
	ASSERT_EQ(ioctl(self->fd, CIOCCPHASH, &cp), 0);
	ASSERT_EQ(dc_crypt(self->fd, s2, COP_ENCRYPT, COP_FLAG_FINAL,
			   v->msg + 1, NULL, 2, NULL, mac), 0);
	EXPECT_EQ(memcmp(mac, v->digest, 20), 0);
	ASSERT_EQ(dc_crypt(self->fd, s1, COP_ENCRYPT, COP_FLAG_FINAL,
			   v->msg + 1, NULL, 2, NULL, mac), 0);
	EXPECT_EQ(memcmp(mac, v->digest, 20), 0);
	cp.src_ses = s2;
	EXPECT_ERRNO(ioctl(self->fd, CIOCCPHASH, &cp), EDEADLK);
}

/* One million 'a' included: a request of about 1 MiB, pinned. */
TEST_F(compat, hash_known_answers)
{
	size_t i;

	for (i = 0; i < kat_hashes_count; i++) {
		const struct kat_hash *v = &kat_hashes[i];
		unsigned char *msg = kat_msg_dup(v);

		ASSERT_TRUE(msg || !v->len);
		check_mac(_metadata, self->fd, hash_ids[v->alg], NULL, 0, msg,
			  v->len, v->digest, v->digest_len, v->name);
		free(msg);
	}
}

TEST_F(compat, hmac_known_answers)
{
	size_t i;

	for (i = 0; i < kat_hmacs_count; i++) {
		const struct kat_hmac *v = &kat_hmacs[i];

		check_mac(_metadata, self->fd, hmac_ids[v->alg], v->key,
			  v->key_len, v->data, v->data_len, v->mac, v->mac_len,
			  v->name);
	}
}

/* CRIOGET, CIOCGSESSINFO, CIOCASYMFEAT and CIOCFSESSION: one layout. */
TEST_F(compat, pass_through_ioctls)
{
	struct session_info_op si = { 0 };
	uint8_t key[16] = { 1 };
	uint32_t ses, feat = 7, fd2 = 0;

	ASSERT_EQ(session(self->fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &ses),
		  0);
	si.ses = ses;
	ASSERT_EQ(ioctl(self->fd, CIOCGSESSINFO, &si), 0);
	EXPECT_EQ(strcmp(si.cipher_info.cra_name, "cbc(aes)"), 0);
	EXPECT_EQ(ioctl(self->fd, CIOCASYMFEAT, &feat), 0);
	EXPECT_EQ(feat, 0);

	ASSERT_EQ(ioctl(self->fd, CRIOGET, &fd2), 0);
	EXPECT_EQ(dc_crypt(fd2, ses, COP_ENCRYPT, 0, key, self->a, 16, key,
			   NULL), 0);
	close(fd2);

	EXPECT_EQ(ioctl(self->fd, CIOCFSESSION, &ses), 0);
	EXPECT_ERRNO(dc_crypt(self->fd, ses, COP_ENCRYPT, 0, key, self->a, 16,
			      key, NULL), EINVAL);
}

/* 64 KiB in one pinned request equals 128 chained copied ones. */
TEST_F(compat, copied_and_pinned_agree)
{
	uint8_t key[16] = { 2 }, iv[16] = { 3 };
	uint32_t ses, off;

	for (off = 0; off < BIG; off++)
		self->a[off] = off * 7;
	ASSERT_EQ(session(self->fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &ses),
		  0);
	ASSERT_EQ(dc_crypt(self->fd, ses, COP_ENCRYPT, 0, self->a, self->b, BIG,
			   iv, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, ses, COP_ENCRYPT, 0, self->a, self->a, 512,
			   iv, NULL), 0);
	for (off = 512; off < BIG; off += 512)
		ASSERT_EQ(dc_crypt(self->fd, ses, COP_ENCRYPT, 0, self->a + off,
				   self->a + off, 512, NULL, NULL), 0);
	EXPECT_EQ(memcmp(self->a, self->b, BIG), 0);
}

/*
 * cryptodev-linux's compat numbers for the async pair (107, 108), and
 * what the header gives a 32-bit program (110, 111): both work.
 */
#define COMPAT_ASYNCCRYPT	_IOW('c', 107, struct crypt_op)
#define COMPAT_ASYNCFETCH	_IOR('c', 108, struct crypt_op)
_Static_assert(COMPAT_ASYNCCRYPT == 0x401c636b, "COMPAT_CIOCASYNCCRYPT");
_Static_assert(COMPAT_ASYNCFETCH == 0x801c636c, "COMPAT_CIOCASYNCFETCH");
_Static_assert(CIOCASYNCCRYPT == 0x401c636e, "32-bit CIOCASYNCCRYPT");
_Static_assert(CIOCASYNCFETCH == 0x801c636f, "32-bit CIOCASYNCFETCH");

#define ASYNC_JOBS	8
#define ASYNC_LEN	2048

/*
 * ASYNC_JOBS AES-CBC jobs in flight at once, through one pair of
 * numbers, each as CIOCCRYPT computes it; a fetch gives back the 32-bit
 * pointers of the job it returns.
 */
static void async_pair(struct __test_metadata *_metadata, int fd,
		       unsigned long crypt, unsigned long fetch, uint8_t *a,
		       uint8_t *b)
{
	uint8_t key[16] = { 4 }, iv[16] = { 5 }, ref[ASYNC_LEN];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct crypt_op c;
	bool seen[ASYNC_JOBS] = { false };
	uint32_t ses, i, k;

	ASSERT_EQ(session(fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &ses), 0);
	for (i = 0; i < ASYNC_JOBS * ASYNC_LEN; i++)
		a[i] = i * 13 + 1;
	memset(b, 0, ASYNC_JOBS * ASYNC_LEN);
	EXPECT_ERRNO(ioctl(fd, fetch, &c), EBUSY);
	for (i = 0; i < ASYNC_JOBS; i++) {
		c = (struct crypt_op){ .ses = ses, .op = COP_ENCRYPT,
				       .len = ASYNC_LEN,
				       .src = a + i * ASYNC_LEN,
				       .dst = b + i * ASYNC_LEN, .iv = iv };
		ASSERT_EQ(ioctl(fd, crypt, &c), 0);
	}
	c.flags = COP_FLAG_NO_ZC;
	EXPECT_ERRNO(ioctl(fd, crypt, &c), EINVAL);
	for (k = 0; k < ASYNC_JOBS; k++) {
		ASSERT_EQ(poll(&p, 1, 60000), 1);
		ASSERT_TRUE(p.revents & POLLIN);
		memset(&c, 0, sizeof(c));
		ASSERT_EQ(ioctl(fd, fetch, &c), 0);
		i = (c.src - a) / ASYNC_LEN;
		ASSERT_TRUE(i < ASYNC_JOBS && !seen[i]);
		seen[i] = true;
		EXPECT_TRUE(c.src == a + i * ASYNC_LEN);
		EXPECT_TRUE(c.dst == b + i * ASYNC_LEN);
		EXPECT_TRUE(c.iv == iv);
		EXPECT_EQ(c.len, ASYNC_LEN);
	}
	EXPECT_ERRNO(ioctl(fd, fetch, &c), EBUSY);
	for (i = 0; i < ASYNC_JOBS; i++) {
		ASSERT_EQ(dc_crypt(fd, ses, COP_ENCRYPT, 0, a + i * ASYNC_LEN,
				   ref, ASYNC_LEN, iv, NULL), 0);
		EXPECT_EQ(memcmp(b + i * ASYNC_LEN, ref, ASYNC_LEN), 0);
	}
	EXPECT_EQ(dc_free(fd, ses), 0);
}

TEST_F(compat, async_jobs)
{
	async_pair(_metadata, self->fd, CIOCASYNCCRYPT, CIOCASYNCFETCH,
		   self->a, self->b);
	async_pair(_metadata, self->fd, COMPAT_ASYNCCRYPT, COMPAT_ASYNCFETCH,
		   self->a, self->b);
}

TEST_F(compat, errors)
{
	uint8_t key[16] = { 0 };
	uint32_t ses;
	/* The 32-bit CIOCAUTHCRYPT: cryptodev-linux has no compat handler. */
	struct crypt_auth_op caop = { 0 };

	EXPECT_ERRNO(ioctl(self->fd, CIOCAUTHCRYPT, &caop), EINVAL);
	EXPECT_ERRNO(ioctl(self->fd, _IOWR('c', 200, uint32_t), &ses), EINVAL);
	EXPECT_ERRNO(session(self->fd, CRYPTO_AES_CBC, key, 15, 0, NULL, 0,
			     &ses), EINVAL);
	EXPECT_ERRNO(session(self->fd, CRYPTO_AES_CBC, (void *)1, 16, 0, NULL,
			     0, &ses), EFAULT);
	ASSERT_EQ(session(self->fd, CRYPTO_AES_CBC, key, 16, 0, NULL, 0, &ses),
		  0);
	EXPECT_ERRNO(dc_crypt(self->fd, ses, COP_ENCRYPT, 0, (void *)1, self->a,
			      16, key, NULL), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, ses, COP_ENCRYPT, 0, self->a, (void *)1,
			      BIG, key, NULL), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, ses + 1000, COP_ENCRYPT, 0, self->a,
			      self->b, 16, key, NULL), EINVAL);
	EXPECT_ERRNO(ioctl(self->fd, CIOCCRYPT, (void *)1), EFAULT);
}

/*
 * The TLS and SRTP modes of CIOCAUTHCRYPT, from a 32-bit program: EINVAL
 * like every 32-bit CIOCAUTHCRYPT (cryptodev-linux has no compat handler),
 * on a session that CIOCCRYPT still serves.
 */
TEST_F(compat, authenc_modes_einval)
{
	uint8_t key[16] = { 1 }, mackey[20] = { 2 }, iv[16] = { 3 };
	uint8_t buf[64] = { 0 }, tag[20];
	uint32_t tls, srtp;
	struct crypt_auth_op caop;

	ASSERT_EQ(session(self->fd, CRYPTO_AES_CBC, key, 16, CRYPTO_SHA1_HMAC,
			  mackey, 20, &tls), 0);
	ASSERT_EQ(session(self->fd, CRYPTO_AES_CTR, key, 16, CRYPTO_SHA1_HMAC,
			  mackey, 20, &srtp), 0);
	caop = (struct crypt_auth_op){
		.ses = tls, .op = COP_ENCRYPT, .flags = COP_FLAG_AEAD_TLS_TYPE,
		.len = 16, .src = buf, .dst = buf, .iv = iv,
	};
	EXPECT_ERRNO(ioctl(self->fd, CIOCAUTHCRYPT, &caop), EINVAL);
	caop = (struct crypt_auth_op){
		.ses = srtp, .op = COP_ENCRYPT,
		.flags = COP_FLAG_AEAD_SRTP_TYPE, .len = 16, .auth_len = 28,
		.auth_src = buf, .src = buf + 12, .dst = buf + 12, .tag = tag,
		.tag_len = 10, .iv = iv,
	};
	EXPECT_ERRNO(ioctl(self->fd, CIOCAUTHCRYPT, &caop), EINVAL);
	EXPECT_EQ(dc_crypt(self->fd, tls, COP_ENCRYPT, 0, buf, buf, 16, iv,
			   tag), 0);
	EXPECT_EQ(dc_free(self->fd, tls), 0);
	EXPECT_EQ(dc_free(self->fd, srtp), 0);
}

TEST_HARNESS_MAIN
