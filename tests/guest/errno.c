// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The errno matrix of /dev/crypto, as cryptodev-linux 1.14 answers:
 * bad algorithms and key lengths, unknown and foreign sessions, lengths
 * that are not block multiples or over the limits, NULL and bad
 * pointers, unknown ioctls.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>

#include "dc.h"
#include "harness.h"

#define BAD_PTR ((void *)1)

FIXTURE(errnos) {
	int fd;
	uint32_t cbc, sha, gcm;		/* sessions */
	uint8_t key[64], buf[64], out[64], iv[16], mac[64];
};

FIXTURE_SETUP(errnos)
{
	memset(self->key, 0x42, sizeof(self->key));
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key,
			     NULL, &self->cbc), 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("hmac(sha256)"), NULL,
			     self->key, &self->sha), 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("gcm(aes)"), self->key, NULL,
			     &self->gcm), 0);
}

FIXTURE_TEARDOWN(errnos)
{
	if (self->fd >= 0)
		close(self->fd);
}

static int gsession(int fd, uint32_t cipher, uint32_t keylen, void *key,
		    uint32_t mac, uint32_t mackeylen, void *mackey)
{
	struct session_op sop = {
		.cipher = cipher, .keylen = keylen, .key = key,
		.mac = mac, .mackeylen = mackeylen, .mackey = mackey,
	};

	return ioctl(fd, CIOCGSESSION, &sop);
}

TEST_F(errnos, bad_algorithm)
{
	uint8_t *k = self->key;

	EXPECT_ERRNO(gsession(self->fd, 0, 0, NULL, 0, 0, NULL), EINVAL);
	EXPECT_ERRNO(gsession(self->fd, 9999, 16, k, 0, 0, NULL), EINVAL);
	EXPECT_ERRNO(gsession(self->fd, 0, 0, NULL, 9999, 16, k), EINVAL);
	/* Known to cryptodev-linux, not served by this device. */
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_SKIPJACK_CBC, 10, k, 0, 0,
			      NULL), EINVAL);
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_AES_CFB, 16, k, 0, 0, NULL),
		     EINVAL);
	EXPECT_ERRNO(gsession(self->fd, 0, 0, NULL, CRYPTO_MD5_KPDK, 0, NULL),
		     EINVAL);
	/* A hash where a cipher goes, and the other way round. */
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_SHA1, 16, k, 0, 0, NULL),
		     EINVAL);
	EXPECT_ERRNO(gsession(self->fd, 0, 0, NULL, CRYPTO_AES_CBC, 16, k),
		     EINVAL);
}

TEST_F(errnos, bad_key_length)
{
	static const uint32_t aes_bad[] = { 0, 1, 15, 17, 20, 33, 64, 65,
					    1000 };
	uint8_t big[600];
	size_t i;

	for (i = 0; i < sizeof(aes_bad) / sizeof(aes_bad[0]); i++)
		EXPECT_ERRNO(gsession(self->fd, CRYPTO_AES_CBC, aes_bad[i], big,
				      0, 0, NULL), EINVAL);
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_AES_XTS, 16, big, 0, 0, NULL),
		     EINVAL);
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_AES_XTS, 48, big, 0, 0, NULL),
		     EINVAL);
	EXPECT_ERRNO(gsession(self->fd, 0, 0, NULL, CRYPTO_SHA2_256_HMAC, 513,
			      big), EINVAL);
	/* What is valid still works. */
	EXPECT_EQ(gsession(self->fd, CRYPTO_AES_CBC, 24, big, 0, 0, NULL), 0);
	EXPECT_EQ(gsession(self->fd, CRYPTO_AES_XTS, 64, big, 0, 0, NULL), 0);
}

TEST_F(errnos, bad_key_pointer)
{
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_AES_CBC, 16, NULL, 0, 0, NULL),
		     EFAULT);
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_AES_CBC, 16, BAD_PTR, 0, 0,
			      NULL), EFAULT);
	EXPECT_ERRNO(gsession(self->fd, 0, 0, NULL, CRYPTO_SHA1_HMAC, 20,
			      BAD_PTR), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CIOCGSESSION, NULL), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CIOCGSESSION, BAD_PTR), EFAULT);
}

/* The struct can be read but not written back: EFAULT, no session. */
TEST_F(errnos, session_copy_back_fails)
{
	struct session_op *sop;

	sop = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(sop != MAP_FAILED);
	sop->cipher = CRYPTO_AES_CBC;
	sop->keylen = 16;
	sop->key = self->key;
	ASSERT_EQ(mprotect(sop, 4096, PROT_READ), 0);
	EXPECT_ERRNO(ioctl(self->fd, CIOCGSESSION, sop), EFAULT);
	munmap(sop, 4096);
}

TEST_F(errnos, unknown_session)
{
	uint32_t bad = self->cbc ^ self->sha ^ self->gcm ^ 0x5a5a5a5a;
	struct session_info_op si = { .ses = bad };

	EXPECT_ERRNO(dc_crypt(self->fd, bad, COP_ENCRYPT, 0, self->buf,
			      self->out, 16, self->iv, NULL), EINVAL);
	EXPECT_ERRNO(dc_free(self->fd, bad), EINVAL);
	EXPECT_ERRNO(ioctl(self->fd, CIOCGSESSINFO, &si), EINVAL);
	EXPECT_ERRNO(dc_free(self->fd, 0), EINVAL);
}

TEST_F(errnos, freed_session)
{
	EXPECT_EQ(dc_free(self->fd, self->cbc), 0);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			      self->out, 16, self->iv, NULL), EINVAL);
	EXPECT_ERRNO(dc_free(self->fd, self->cbc), EINVAL);
}

TEST_F(errnos, another_files_session)
{
	int fd2 = dc_open();
	struct session_info_op si = { .ses = self->cbc };

	ASSERT_GE(fd2, 0);
	EXPECT_ERRNO(dc_crypt(fd2, self->cbc, COP_ENCRYPT, 0, self->buf,
			      self->out, 16, self->iv, NULL), EINVAL);
	EXPECT_ERRNO(dc_free(fd2, self->cbc), EINVAL);
	EXPECT_ERRNO(ioctl(fd2, CIOCGSESSINFO, &si), EINVAL);
	close(fd2);
	/* Untouched in its own file. */
	EXPECT_EQ(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			   self->out, 16, self->iv, NULL), 0);
}

TEST_F(errnos, not_block_multiple)
{
	uint32_t ecb, ctr;

	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			      self->out, 15, self->iv, NULL), EINVAL);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_DECRYPT, 0, self->buf,
			      self->out, 17, self->iv, NULL), EINVAL);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-ECB"), self->key, NULL,
			     &ecb), 0);
	EXPECT_ERRNO(dc_crypt(self->fd, ecb, COP_ENCRYPT, 0, self->buf,
			      self->out, 31, NULL, NULL), EINVAL);
	/* A stream cipher and a hash take any length. */
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CTR"), self->key, NULL,
			     &ctr), 0);
	EXPECT_EQ(dc_crypt(self->fd, ctr, COP_ENCRYPT, 0, self->buf,
			   self->out, 15, self->iv, NULL), 0);
	EXPECT_EQ(dc_crypt(self->fd, self->sha, COP_ENCRYPT, 0, self->buf,
			   NULL, 15, NULL, self->mac), 0);
}

TEST_F(errnos, bad_op)
{
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, 2, 0, self->buf,
			      self->out, 16, self->iv, NULL), EINVAL);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, 0xffff, 0, self->buf,
			      self->out, 16, self->iv, NULL), EINVAL);
}

TEST_F(errnos, null_and_bad_pointers)
{
	EXPECT_ERRNO(ioctl(self->fd, CIOCCRYPT, NULL), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CIOCCRYPT, BAD_PTR), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, NULL,
			      self->out, 16, self->iv, NULL), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, BAD_PTR,
			      self->out, 16, self->iv, NULL), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			      NULL, 16, self->iv, NULL), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			      BAD_PTR, 16, self->iv, NULL), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			      self->out, 16, BAD_PTR, NULL), EFAULT);
	/* A hash that finalises needs somewhere to put the digest. */
	EXPECT_ERRNO(dc_crypt(self->fd, self->sha, COP_ENCRYPT, 0, self->buf,
			      NULL, 16, NULL, NULL), EFAULT);
	EXPECT_ERRNO(dc_crypt(self->fd, self->sha, COP_ENCRYPT, 0, self->buf,
			      NULL, 16, NULL, BAD_PTR), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CIOCFSESSION, NULL), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CIOCGSESSINFO, BAD_PTR), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYMFEAT, NULL), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CIOCAUTHCRYPT, BAD_PTR), EFAULT);
	EXPECT_ERRNO(ioctl(self->fd, CRIOGET, BAD_PTR), EFAULT);
}

/* Checked against config space before anything is allocated. */
TEST_F(errnos, over_the_limits)
{
	uint8_t aad[16];
	uint32_t len = 0xfffffff0;

	EXPECT_ERRNO(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			      self->out, 0xfffffff0, self->iv, NULL), EINVAL);
	EXPECT_ERRNO(dc_crypt(self->fd, self->sha, COP_ENCRYPT, 0, self->buf,
			      NULL, 0x7fffffff, NULL, self->mac), EINVAL);
	EXPECT_ERRNO(dc_aead(self->fd, self->gcm, COP_ENCRYPT, aad, 16,
			     self->buf, self->out, &len, 16, self->iv), EINVAL);
	len = 16;
	EXPECT_ERRNO(dc_aead(self->fd, self->gcm, COP_ENCRYPT, aad, 5000,
			     self->buf, self->out, &len, 16, self->iv), EINVAL);
	EXPECT_ERRNO(dc_aead(self->fd, self->gcm, COP_ENCRYPT, aad, 16,
			     self->buf, self->out, &len, 17, self->iv), EINVAL);
	/* Decrypting less than a tag. */
	len = 8;
	EXPECT_ERRNO(dc_aead(self->fd, self->gcm, COP_DECRYPT, aad, 16,
			     self->buf, self->out, &len, 16, self->iv), EINVAL);
}

TEST_F(errnos, wrong_ioctl_for_session)
{
	uint32_t len = 16;

	EXPECT_ERRNO(dc_crypt(self->fd, self->gcm, COP_ENCRYPT, 0, self->buf,
			      self->out, 16, self->iv, NULL), EINVAL);
	EXPECT_ERRNO(dc_aead(self->fd, self->cbc, COP_ENCRYPT, NULL, 0,
			     self->buf, self->out, &len, 16, self->iv), EINVAL);
}

TEST_F(errnos, unknown_ioctl)
{
	struct crypt_kop kop = { 0 };
	struct crypt_op cop = { 0 };
	struct termios t;

	EXPECT_ERRNO(ioctl(self->fd, CIOCKEY, &kop), EINVAL);
	/* The async pair is served (async.t): no session, no job. */
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCCRYPT, &cop), EINVAL);
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCFETCH, &cop), EBUSY);
	EXPECT_ERRNO(ioctl(self->fd, _IO('c', 108)), EINVAL);
	EXPECT_ERRNO(ioctl(self->fd, _IOWR('c', 200, int), &kop), EINVAL);
	EXPECT_ERRNO(ioctl(self->fd, TCGETS, &t), EINVAL);
}

TEST_F(errnos, no_read_or_write)
{
	EXPECT_ERRNO(read(self->fd, self->buf, 16), EINVAL);
	EXPECT_ERRNO(write(self->fd, self->buf, 16), EINVAL);
}

TEST_F(errnos, asymfeat_is_zero)
{
	uint32_t feat = 0xffffffff;

	EXPECT_EQ(ioctl(self->fd, CIOCASYMFEAT, &feat), 0);
	EXPECT_EQ(feat, 0);
}

TEST_F(errnos, crioget_shares_sessions)
{
	uint32_t fd2 = 0;

	ASSERT_EQ(ioctl(self->fd, CRIOGET, &fd2), 0);
	ASSERT_NE(fd2, self->fd);
	EXPECT_EQ(dc_crypt(fd2, self->cbc, COP_ENCRYPT, 0, self->buf,
			   self->out, 16, self->iv, NULL), 0);
	close(self->fd);
	/* The file lives on through the second descriptor. */
	EXPECT_EQ(dc_crypt(fd2, self->cbc, COP_ENCRYPT, 0, self->buf,
			   self->out, 16, self->iv, NULL), 0);
	EXPECT_EQ(dc_free(fd2, self->cbc), 0);
	self->fd = fd2;
}

/* Sessions die with the last close of their file: no leak on the device. */
TEST_F(errnos, sessions_die_with_their_file)
{
	uint32_t ses;
	int i, fd;

	for (i = 0; i < 1500; i++) {
		fd = dc_open();
		ASSERT_GE(fd, 0);
		ASSERT_EQ(dc_session(fd, dc_alg("sha256"), NULL, NULL, &ses), 0);
		ASSERT_EQ(dc_session(fd, dc_alg("AES-128-CBC"), self->key, NULL,
				     &ses), 0);
		close(fd);
	}
}

/* The device's session table fills up: ENOSPC, and it empties again. */
TEST_F(errnos, session_table_full)
{
	uint32_t ses;
	int i, fd = dc_open();

	ASSERT_GE(fd, 0);
	for (i = 0; i < 100000; i++)
		if (dc_session(fd, dc_alg("sha1"), NULL, NULL, &ses))
			break;
	EXPECT_EQ(errno, ENOSPC);
	EXPECT_GE(i, 1);
	EXPECT_TRUE(i < 100000);
	close(fd);
	EXPECT_EQ(dc_session(self->fd, dc_alg("sha1"), NULL, NULL, &ses), 0);
}

/*
 * COP_FLAG_WRITE_IV without an IV: cryptodev-linux has no IV to write
 * (it writes back only an IV it was given) and succeeds.
 */
TEST_F(errnos, write_iv_without_iv)
{
	EXPECT_EQ(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, COP_FLAG_WRITE_IV,
			   self->buf, self->out, 16, NULL, NULL), 0);
}

/*
 * A zero-length cipher op with an IV loads the IV (cryptodev-linux sets
 * it before looking at len): the next op without one continues from it.
 */
TEST_F(errnos, zero_length_loads_iv)
{
	const struct dc_alg *a = dc_alg("AES-128-CBC");
	uint8_t iv[16], ref[16];

	memset(iv, 0x5a, sizeof(iv));
	memset(self->buf, 0x33, 16);
	ASSERT_EQ(ref_crypt(a, self->key, NULL, iv, self->buf, 16, ref, NULL,
			    true), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			   self->out, 0, iv, NULL), 0);
	ASSERT_EQ(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, self->buf,
			   self->out, 16, NULL, NULL), 0);
	EXPECT_EQ(memcmp(self->out, ref, 16), 0);

	/* With COP_FLAG_WRITE_IV the IV comes back as it went in. */
	memset(iv, 0x77, sizeof(iv));
	memcpy(ref, iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, COP_FLAG_WRITE_IV,
			   self->buf, self->out, 0, iv, NULL), 0);
	EXPECT_EQ(memcmp(iv, ref, 16), 0);
}

/* A GCM session with a MAC: cryptodev-linux ignores the MAC. */
TEST_F(errnos, gcm_session_ignores_mac)
{
	uint8_t iv[12] = { 1 }, tag_ref[16], ct_ref[32];
	uint32_t ses, n = 32;
	struct session_op sop = {
		.cipher = CRYPTO_AES_GCM, .keylen = 16, .key = self->key,
		.mac = CRYPTO_SHA2_256_HMAC, .mackeylen = 32,
		.mackey = self->key,
	};

	memset(self->buf, 0x11, 32);
	ASSERT_EQ(ioctl(self->fd, CIOCGSESSION, &sop), 0);
	ses = sop.ses;
	ASSERT_EQ(ref_gcm(self->key, 16, iv, NULL, 0, self->buf, 32, ct_ref,
			  tag_ref, 16), 0);
	ASSERT_EQ(dc_aead(self->fd, ses, COP_ENCRYPT, NULL, 0, self->buf,
			  self->out, &n, 16, iv), 0);
	EXPECT_EQ(n, 48);
	EXPECT_EQ(memcmp(self->out, ct_ref, 32), 0);
	EXPECT_EQ(memcmp(self->out + 32, tag_ref, 16), 0);
	/* An unknown MAC is still EINVAL, as there. */
	EXPECT_ERRNO(gsession(self->fd, CRYPTO_AES_GCM, 16, self->key, 9999,
			      20, self->key), EINVAL);
}

TEST_HARNESS_MAIN
