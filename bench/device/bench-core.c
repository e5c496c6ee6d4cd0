// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-core: requests/s and MB/s of the device core with the openssl
 * engine against OpenSSL EVP called directly, for AES-128-CBC encrypt
 * and SHA-256, at 16 B, 256 B, 4 KiB and 64 KiB.  The difference is the
 * core's cost per request: parsing, session lookup and locking, and
 * copying src in and dst out of the iovecs (split into 4 KiB
 * descriptors, as pinned guest pages would be).
 *
 *   bench-core [--markdown] [--seconds=S]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>

#include "../../tests/device/reqbuild.h"

static const size_t sizes[] = { 16, 256, 4096, 65536 };
static double seconds = 0.6;
static const uint8_t key[16] = "bench key 16 by";
static const uint8_t iv[16] = "bench iv 16 byte";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct result {
	double rps, mbs;
};

/*
 * Run @body for @seconds, in three rounds, and keep the best round's
 * rate: other load on the machine only ever slows a round down.
 */
#define TIMED(res, len, body) do {					\
	(res)->rps = 0;							\
	for (int r_ = 0; r_ < 3; r_++) {				\
		double t0 = now(), t;					\
		unsigned long n = 0;					\
		do {							\
			for (int k_ = 0; k_ < 64; k_++, n++) {		\
				body;					\
			}						\
			t = now() - t0;					\
		} while (t < seconds / 3);				\
		if (n / t > (res)->rps)					\
			(res)->rps = n / t;				\
	}								\
	(res)->mbs = (res)->rps * (double)(len) / 1e6;			\
} while (0)

static void evp_cbc(size_t len, uint8_t *src, uint8_t *dst,
		    struct result *res)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl, fl;

	EVP_CipherInit_ex2(ctx, c, key, NULL, 1, NULL);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	TIMED(res, len, {
		EVP_CipherInit_ex2(ctx, NULL, NULL, iv, -1, NULL);
		EVP_CipherUpdate(ctx, dst, &outl, src, (int)len);
		EVP_CipherFinal_ex(ctx, dst + outl, &fl);
	});
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}

static void evp_sha256(size_t len, uint8_t *src, struct result *res)
{
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t dg[32];

	TIMED(res, len, {
		EVP_DigestInit_ex2(ctx, md, NULL);
		EVP_DigestUpdate(ctx, src, len);
		EVP_DigestFinal_ex(ctx, dg, NULL);
	});
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
}

static bool core_run(struct vcd_core *core, const struct rb_op *op,
		     size_t len, struct result *res)
{
	struct rb rb;
	bool good = true;

	rb_init(&rb);
	rb_op(&rb, op);
	rb_split(&rb, 4096, 4096);
	TIMED(res, len, {
		if (rb_run(core, &rb) != VCD_ANSWERED || rb_status(&rb))
			good = false;
	});
	rb_free(&rb);
	return good;
}

static void row(bool md, const char *alg, size_t len, const char *path,
		const struct result *r, const struct result *base)
{
	double over = 1e9 / r->rps - 1e9 / base->rps;

	if (md)
		printf("| %s | %zu | %s | %.0f | %.1f | %+.0f |\n", alg, len,
		       path, r->rps, r->mbs, r == base ? 0.0 : over);
	else
		printf("%-12s %6zu  %-16s %12.0f %10.1f %10.0f\n", alg, len,
		       path, r->rps, r->mbs, r == base ? 0.0 : over);
}

int main(int argc, char **argv)
{
	struct vcd_core_conf conf = { .engine = "openssl" };
	struct result evp, core;
	bool md = false, good = true;
	struct vcd_core *vc;
	uint8_t *src, *dst;
	char err[256];
	uint64_t cbc, sha;
	int i;
	size_t s;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--markdown"))
			md = true;
		else if (!strncmp(argv[i], "--seconds=", 10))
			seconds = atof(argv[i] + 10);
	}
	vc = vcd_core_new(&conf, err, sizeof(err));
	if (!vc) {
		fprintf(stderr, "bench-core: %s\n", err);
		return 1;
	}
	src = calloc(1, 65536);
	dst = calloc(1, 65536);
	cbc = rb_new_session(vc, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, 0, 0, key,
			     16, NULL, 0, NULL);
	sha = rb_new_session(vc, 0, VIRTIO_CRYPTODEV_HASH_SHA256, 0, NULL, 0,
			     NULL, 0, NULL);
	if (md)
		printf("| algorithm | bytes | path | requests/s | MB/s "
		       "| core overhead ns/request |\n|---|---|---|---|---|---|\n");
	else
		printf("%-12s %6s  %-16s %12s %10s %10s\n", "algorithm",
		       "bytes", "path", "requests/s", "MB/s", "+ns/req");
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint32_t n = (uint32_t)sizes[s];

		evp_cbc(n, src, dst, &evp);
		good &= core_run(vc, &(struct rb_op){ .session_id = cbc,
				 .iv = iv, .iv_len = 16, .src = src,
				 .src_len = n, .dst_len = n }, n, &core);
		row(md, "AES-128-CBC", n, "OpenSSL EVP", &evp, &evp);
		row(md, "AES-128-CBC", n, "core (openssl)", &core, &evp);
	}
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint32_t n = (uint32_t)sizes[s];

		evp_sha256(n, src, &evp);
		good &= core_run(vc, &(struct rb_op){ .session_id = sha,
				 .flags = VIRTIO_CRYPTODEV_F_HASH_RESET |
					  VIRTIO_CRYPTODEV_F_HASH_FINAL,
				 .src = src, .src_len = n, .tag_len = 32 },
				 n, &core);
		row(md, "SHA-256", n, "OpenSSL EVP", &evp, &evp);
		row(md, "SHA-256", n, "core (openssl)", &core, &evp);
	}
	vcd_core_free(vc);
	free(src);
	free(dst);
	if (!good)
		fprintf(stderr, "bench-core: a request failed\n");
	return good ? 0 : 1;
}
