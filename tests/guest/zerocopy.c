// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The driver's two data paths, bounce buffers and user pages pinned in
 * place, chosen by the module parameter zerocopy_min: every test runs
 * once with copies only (0) and once with everything pinned (1).  The
 * buffers are the awkward ones: in place, unaligned across pages, read
 * only, the shared zero page, a shared file mapping, partly unmapped.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dc.h"
#include "harness.h"

#define PARAM	"/sys/module/virtio_cryptodev/parameters/zerocopy_min"
#define PAGE	4096
#define NPAGES	8
#define ODD	123		/* an offset that is not a block multiple */

FIXTURE(zc) {
	int fd;
	long saved;		/* zerocopy_min before the test */
	uint32_t cbc, sha, gcm;
	uint8_t key[32], mackey[32], iv[16], mac[64], refmac[64];
	uint8_t *map;		/* NPAGES anonymous pages */
	uint8_t *ref, *in;	/* NPAGES * PAGE each, malloc'd */
	unsigned int seed;
};

FIXTURE_VARIANT(zc) {
	long zerocopy_min;
};

FIXTURE_VARIANT_ADD(zc, copied) {
	.zerocopy_min = 0,
};

FIXTURE_VARIANT_ADD(zc, pinned) {
	.zerocopy_min = 1,
};

static long param_read(void)
{
	FILE *f = fopen(PARAM, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int param_write(long v)
{
	FILE *f = fopen(PARAM, "w");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

FIXTURE_SETUP(zc)
{
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	self->saved = param_read();
	ASSERT_GE(self->saved, 0);
	ASSERT_EQ(param_write(variant->zerocopy_min), 0);
	ASSERT_EQ(param_read(), variant->zerocopy_min);

	self->seed = 7;
	fill_random(self->key, sizeof(self->key), &self->seed);
	fill_random(self->mackey, sizeof(self->mackey), &self->seed);
	fill_random(self->iv, sizeof(self->iv), &self->seed);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key,
			     NULL, &self->cbc), 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("cbc(aes)+hmac(sha256)"),
			     self->key, self->mackey, &self->sha), 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("gcm(aes)"), self->key, NULL,
			     &self->gcm), 0);
	self->map = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(self->map != MAP_FAILED);
	self->ref = malloc(NPAGES * PAGE);
	self->in = malloc(NPAGES * PAGE);
	ASSERT_TRUE(self->ref && self->in);
}

FIXTURE_TEARDOWN(zc)
{
	if (self->saved >= 0)
		param_write(self->saved);
	if (self->map && self->map != MAP_FAILED)
		munmap(self->map, NPAGES * PAGE);
	free(self->ref);
	free(self->in);
	if (self->fd >= 0)
		close(self->fd);
}

static int cbc(FIXTURE_DATA(zc) *self, int op, const void *src, void *dst,
	       uint32_t len)
{
	uint8_t iv[16];

	memcpy(iv, self->iv, sizeof(iv));
	return dc_crypt(self->fd, self->cbc, op, 0, src, dst, len, iv, NULL);
}

/* src == dst, starting mid-page and ending mid-page, both ways. */
TEST_F(zc, in_place_across_pages)
{
	const uint32_t len = 5 * PAGE + 16 * 9;
	uint8_t *p = self->map + ODD;

	fill_random(self->in, len, &self->seed);
	memcpy(p, self->in, len);
	ASSERT_EQ(ref_crypt(dc_alg("AES-128-CBC"), self->key, NULL, self->iv,
			    self->in, len, self->ref, NULL, true), 0);
	ASSERT_EQ(cbc(self, COP_ENCRYPT, p, p, len), 0);
	EXPECT_EQ(memcmp(p, self->ref, len), 0);
	ASSERT_EQ(cbc(self, COP_DECRYPT, p, p, len), 0);
	EXPECT_EQ(memcmp(p, self->in, len), 0);
}

/* Cipher and HMAC of the plaintext, src and dst overlapping by a page. */
TEST_F(zc, cipher_and_hmac_overlapping)
{
	const struct dc_alg *a = dc_alg("cbc(aes)+hmac(sha256)");
	const uint32_t len = 4 * PAGE;
	uint8_t *src = self->map + ODD, *dst = src + PAGE, iv[16];

	fill_random(self->in, len, &self->seed);
	memcpy(src, self->in, len);
	ASSERT_EQ(ref_crypt(a, self->key, self->mackey, self->iv, self->in,
			    len, self->ref, self->refmac, true), 0);
	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, self->sha, COP_ENCRYPT, 0, src, dst, len,
			   iv, self->mac), 0);
	EXPECT_EQ(memcmp(dst, self->ref, len), 0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);
}

/* A read-only source works; a read-only destination is EFAULT. */
TEST_F(zc, read_only_buffers)
{
	const uint32_t len = 3 * PAGE;
	uint8_t zero[3 * PAGE] = { 0 };

	memset(self->map, 0, len);
	ASSERT_EQ(mprotect(self->map, NPAGES * PAGE, PROT_READ), 0);
	ASSERT_EQ(ref_crypt(dc_alg("AES-128-CBC"), self->key, NULL, self->iv,
			    zero, len, self->ref, NULL, true), 0);
	ASSERT_EQ(cbc(self, COP_ENCRYPT, self->map, self->in, len), 0);
	EXPECT_EQ(memcmp(self->in, self->ref, len), 0);
	EXPECT_ERRNO(cbc(self, COP_ENCRYPT, self->in, self->map, len), EFAULT);
	EXPECT_EQ(memcmp(self->map, zero, len), 0);
}

/* Never-touched anonymous memory: the shared zero page as source. */
TEST_F(zc, zero_page_source)
{
	const uint32_t len = 2 * PAGE;
	uint8_t *fresh = mmap(NULL, len, PROT_READ,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(fresh != MAP_FAILED);
	ASSERT_EQ(ref_crypt(dc_alg("AES-128-CBC"), self->key, NULL, self->iv,
			    fresh, len, self->ref, NULL, true), 0);
	EXPECT_EQ(cbc(self, COP_ENCRYPT, fresh, self->in, len), 0);
	EXPECT_EQ(memcmp(self->in, self->ref, len), 0);
	munmap(fresh, len);
}

/* A buffer that runs into an unmapped page is EFAULT either way. */
TEST_F(zc, partly_unmapped)
{
	const uint32_t len = 2 * PAGE;
	uint8_t *edge = self->map + (NPAGES - 1) * PAGE + ODD;

	ASSERT_EQ(munmap(self->map + NPAGES * PAGE - PAGE, PAGE), 0);
	fill_random(self->in, len, &self->seed);
	EXPECT_ERRNO(cbc(self, COP_ENCRYPT, edge - PAGE, self->ref, len),
		     EFAULT);
	EXPECT_ERRNO(cbc(self, COP_ENCRYPT, self->in, edge - PAGE, len),
		     EFAULT);
	/* The rest of the mapping still works. */
	EXPECT_EQ(cbc(self, COP_ENCRYPT, self->in, self->map, len), 0);
}

/* The device writes a shared file mapping; read() sees it. */
TEST_F(zc, shared_file_destination)
{
	const uint32_t len = 4 * PAGE;
	char path[] = "/tmp/zc-XXXXXX";
	int f = mkstemp(path);
	uint8_t *dst;

	ASSERT_GE(f, 0);
	unlink(path);
	ASSERT_EQ(ftruncate(f, len), 0);
	dst = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	ASSERT_TRUE(dst != MAP_FAILED);
	fill_random(self->in, len, &self->seed);
	ASSERT_EQ(ref_crypt(dc_alg("AES-128-CBC"), self->key, NULL, self->iv,
			    self->in, len, self->ref, NULL, true), 0);
	EXPECT_EQ(cbc(self, COP_ENCRYPT, self->in, dst, len), 0);
	munmap(dst, len);
	memset(self->in, 0, len);
	EXPECT_EQ(pread(f, self->in, len, 0), (ssize_t)len);
	EXPECT_EQ(memcmp(self->in, self->ref, len), 0);
	close(f);
}

/* A long unaligned hash: only a source. */
TEST_F(zc, long_hmac)
{
	const struct dc_alg *a = dc_alg("hmac(sha256)");
	const uint32_t len = NPAGES * PAGE - ODD - 5;
	uint32_t ses;

	ASSERT_EQ(dc_session(self->fd, a, NULL, self->mackey, &ses), 0);
	fill_random(self->map + ODD, len, &self->seed);
	ASSERT_EQ(ref_crypt(a, NULL, self->mackey, NULL, self->map + ODD, len,
			    NULL, self->refmac, true), 0);
	ASSERT_EQ(dc_crypt(self->fd, ses, COP_ENCRYPT, 0, self->map + ODD,
			   NULL, len, NULL, self->mac), 0);
	EXPECT_EQ(memcmp(self->mac, self->refmac, a->digestsize), 0);
}

/* GCM in place: ciphertext and tag over the plaintext, and back. */
TEST_F(zc, gcm_in_place)
{
	const uint32_t len = 3 * PAGE + 7;
	uint8_t aad[100], *p = self->map + ODD, iv[12];
	uint32_t n = len;

	fill_random(aad, sizeof(aad), &self->seed);
	fill_random(self->in, len, &self->seed);
	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(ref_gcm(self->key, 16, iv, aad, sizeof(aad), self->in, len,
			  self->ref, self->ref + len, 16), 0);
	memcpy(p, self->in, len);
	ASSERT_EQ(dc_aead(self->fd, self->gcm, COP_ENCRYPT, aad, sizeof(aad),
			  p, p, &n, 16, iv), 0);
	EXPECT_EQ(n, len + 16);
	EXPECT_EQ(memcmp(p, self->ref, len + 16), 0);

	n = len + 16;
	ASSERT_EQ(dc_aead(self->fd, self->gcm, COP_DECRYPT, aad, sizeof(aad),
			  p, p, &n, 16, iv), 0);
	EXPECT_EQ(n, len);
	EXPECT_EQ(memcmp(p, self->in, len), 0);

	/* A tag from the wrong data. */
	memcpy(p, self->ref, len + 16);
	p[len + 3] ^= 0x80;
	n = len + 16;
	EXPECT_ERRNO(dc_aead(self->fd, self->gcm, COP_DECRYPT, aad,
			     sizeof(aad), p, p, &n, 16, iv), EBADMSG);
}

/*
 * A source that cannot be pinned: /dev/mem maps the first page of
 * physical memory VM_IO | VM_PFNMAP.  cryptodev-linux copies such a
 * buffer instead of pinning it (and so do we), so the request works;
 * the device gets the same bytes copy_from_user() reads.
 */
static uint8_t *pfnmap_page(void)
{
	int f = open("/dev/mem", O_RDONLY | O_CLOEXEC);
	void *p;

	if (f < 0)
		return NULL;
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, f, 0);
	close(f);
	return p == MAP_FAILED ? NULL : p;
}

TEST_F(zc, pfnmap_source_is_copied)
{
	uint8_t *mem = pfnmap_page(), *src = self->in + PAGE;
	uint32_t ses, n = PAGE;
	uint8_t iv[12];

	if (!mem)
		SKIP(return, "no /dev/mem mapping: %s", strerror(errno));
	memcpy(src, mem, PAGE);
	ASSERT_EQ(ref_crypt(dc_alg("AES-128-CBC"), self->key, NULL, self->iv,
			    src, PAGE, self->ref, NULL, true), 0);
	ASSERT_EQ(cbc(self, COP_ENCRYPT, mem, self->in, PAGE), 0);
	EXPECT_EQ(memcmp(self->in, self->ref, PAGE), 0);

	/* CIOCAUTHCRYPT (GCM) the same way. */
	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(ref_gcm(self->key, 16, iv, NULL, 0, src, PAGE, self->ref,
			  self->ref + PAGE, 16), 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("gcm(aes)"), self->key, NULL,
			     &ses), 0);
	ASSERT_EQ(dc_aead(self->fd, ses, COP_ENCRYPT, NULL, 0, mem, self->in,
			  &n, 16, iv), 0);
	EXPECT_EQ(n, PAGE + 16);
	EXPECT_EQ(memcmp(self->in, self->ref, PAGE + 16), 0);
	munmap(mem, PAGE);
}

/*
 * COP_FLAG_NO_ZC: the request is copied whatever zerocopy_min says (a
 * source that pinning would refuse shows it).
 */
TEST_F(zc, no_zc_flag_copies)
{
	uint8_t *mem = pfnmap_page(), iv[16];

	if (!mem)
		SKIP(return, "no /dev/mem mapping: %s", strerror(errno));
	memcpy(self->in, mem, PAGE);
	ASSERT_EQ(ref_crypt(dc_alg("AES-128-CBC"), self->key, NULL, self->iv,
			    self->in, PAGE, self->ref, NULL, true), 0);
	memcpy(iv, self->iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, COP_FLAG_NO_ZC,
			   mem, self->map, PAGE, iv, NULL), 0);
	EXPECT_EQ(memcmp(self->map, self->ref, PAGE), 0);
	munmap(mem, PAGE);
}

TEST_HARNESS_MAIN
