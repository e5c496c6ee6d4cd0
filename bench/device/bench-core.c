// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-core: requests/s and MB/s of the device core with the openssl
 * engine against OpenSSL EVP called directly, for AES-128-CBC encrypt
 * and SHA-256, at 16 B, 256 B, 4 KiB and 64 KiB.  The difference is the
 * core's cost per request: parsing, session lookup and locking, and
 * walking the iovecs (split into 4 KiB descriptors, as pinned guest
 * pages would be).
 *
 *   bench-core [--markdown] [--seconds=S] [--extra]
 *
 * --extra prints, instead of the table, two lines per algorithm at
 * 64 KiB: "noise", OpenSSL EVP measured against itself the same way in
 * three windows, the one where the two differ most (what the method
 * reads as overhead when there is none), and
 * "aligned", the core with src and dst cut at the same 4 KiB
 * boundaries (the header and IV in a descriptor of their own, as the
 * guest driver sends page-aligned buffers) instead of the whole
 * streams cut every 4 KiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>

#include "../../tests/device/reqbuild.h"

static const size_t sizes[] = { 16, 256, 4096, 65536 };
#define N_SIZES		(sizeof(sizes) / sizeof(sizes[0]))
static double seconds = 1.5;	/* per table row pair */
#define ROUNDS		9
static const uint8_t key[16] = "bench key 16 by";
static const uint8_t iv[16] = "bench iv 16 byte";

/*
 * The thread's CPU time: time spent descheduled for other work on a busy
 * machine does not count, so rates are per CPU-second of this thread.
 */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct result {
	double rps, mbs;
};

/* One way of doing one request of @len bytes, repeated by measure(). */
struct runner {
	void (*one)(struct runner *r);
	size_t len;
	uint8_t *src, *dst;
	EVP_CIPHER_CTX *cctx;
	EVP_MD_CTX *mctx;
	EVP_MD *md;
	struct vcd_core *core;
	struct rb rb;
	bool failed;
};

static void one_evp_cbc(struct runner *r)
{
	int outl, fl;

	EVP_CipherInit_ex2(r->cctx, NULL, NULL, iv, -1, NULL);
	EVP_CipherUpdate(r->cctx, r->dst, &outl, r->src, (int)r->len);
	EVP_CipherFinal_ex(r->cctx, r->dst + outl, &fl);
}

static void one_evp_sha256(struct runner *r)
{
	uint8_t dg[32];

	EVP_DigestInit_ex2(r->mctx, r->md, NULL);
	EVP_DigestUpdate(r->mctx, r->src, r->len);
	EVP_DigestFinal_ex(r->mctx, dg, NULL);
}

static void one_core(struct runner *r)
{
	if (rb_run(r->core, &r->rb) != VCD_ANSWERED || rb_status(&r->rb))
		r->failed = true;
}

/* Requests per second over one round of about @secs. */
static double round_rate(struct runner *r, double secs)
{
	double t0 = now(), t;
	unsigned long n = 0;
	int k;

	do {
		for (k = 0; k < 64; k++, n++)
			r->one(r);
		t = now() - t0;
	} while (t < secs);
	return n / t;
}

/*
 * Alternate rounds of @a and @b and keep each one's best: other load on
 * the machine only ever slows a round down, and hits both alike.
 */
static void measure(struct runner *a, struct runner *b, struct result *ra,
		    struct result *rb)
{
	double x;
	int i;

	ra->rps = rb->rps = 0;
	for (i = 0; i < ROUNDS; i++) {
		x = round_rate(a, seconds / ROUNDS / 2);
		if (x > ra->rps)
			ra->rps = x;
		x = round_rate(b, seconds / ROUNDS / 2);
		if (x > rb->rps)
			rb->rps = x;
	}
	ra->mbs = ra->rps * (double)a->len / 1e6;
	rb->mbs = rb->rps * (double)b->len / 1e6;
}

static void row(bool md, const char *alg, size_t len, const char *path,
		const struct result *r, const struct result *base)
{
	double over = r == base ? 0 : 1e9 / r->rps - 1e9 / base->rps;

	if (md)
		printf("| %s | %zu | %s | %.0f | %.1f | %+.0f |\n", alg, len,
		       path, r->rps, r->mbs, over);
	else
		printf("%-12s %6zu  %-16s %12.0f %10.1f %+10.0f\n", alg, len,
		       path, r->rps, r->mbs, over);
}

/* One line of --extra: @b's extra time per request over @a's. */
static void extra_line(const char *what, const char *alg,
		       const struct result *a, const struct result *b)
{
	double over = 1e9 / b->rps - 1e9 / a->rps;

	printf("%s %s 65536 %+.0f ns %+.2f%%\n", what, alg, over,
	       100 * (a->rps / b->rps - 1));
}

/*
 * The request of @core again, with the header and IV (@hdr bytes) in
 * one iovec and src and dst (@dst_len) in 4 KiB iovecs that start
 * together.
 */
static void aligned_split(struct runner *core, size_t hdr, size_t dst_len)
{
	struct rb *rb = &core->rb;
	size_t n = core->len, k, m;
	unsigned int i = 0, j = 0;

	free(rb->out_iov);
	free(rb->in_iov);
	rb->out_iov = calloc(n / 4096 + 3, sizeof(*rb->out_iov));
	rb->in_iov = calloc(n / 4096 + 3, sizeof(*rb->in_iov));
	rb->out_iov[i++] = (struct iovec){ rb->out, hdr };
	for (k = 0; k < n; k += m) {
		m = n - k < 4096 ? n - k : 4096;
		rb->out_iov[i++] = (struct iovec){ rb->out + hdr + k, m };
	}
	for (k = 0; k < dst_len; k += m) {
		m = dst_len - k < 4096 ? dst_len - k : 4096;
		rb->in_iov[j++] = (struct iovec){ rb->in + k, m };
	}
	rb->in_iov[j++] = (struct iovec){ rb->in + dst_len,
					  rb->in_len - dst_len };
	rb->out_num = i;
	rb->in_num = j;
}

/* Build the core's request for row @s (ciphers first, then hashes). */
static void core_request(struct runner *core, size_t s, uint64_t cbc,
			 uint64_t sha)
{
	uint32_t n = (uint32_t)core->len;

	if (s >= N_SIZES)
		rb_op(&core->rb, &(struct rb_op){ .session_id = sha,
		      .flags = VIRTIO_CRYPTODEV_F_HASH_RESET |
			       VIRTIO_CRYPTODEV_F_HASH_FINAL,
		      .src = core->src, .src_len = n, .tag_len = 32 });
	else
		rb_op(&core->rb, &(struct rb_op){ .session_id = cbc,
		      .iv = iv, .iv_len = 16, .src = core->src,
		      .src_len = n, .dst_len = n });
	rb_split(&core->rb, 4096, 4096);
}

int main(int argc, char **argv)
{
	struct vcd_core_conf conf = { .engine = "openssl" };
	EVP_CIPHER *aes = EVP_CIPHER_fetch(NULL, "AES-128-CBC", NULL);
	struct runner evp = { .one = NULL }, core = { .one = one_core };
	struct result re, rc, rn = { 0 }, rm = { 0 };
	bool md = false, extra = false;
	double worst, d;
	char err[256];
	uint64_t cbc, sha;
	size_t s;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--markdown"))
			md = true;
		else if (!strncmp(argv[i], "--seconds=", 10))
			seconds = atof(argv[i] + 10);
		else if (!strcmp(argv[i], "--extra"))
			extra = true;
	}
	core.core = vcd_core_new(&conf, err, sizeof(err));
	if (!core.core || !aes) {
		fprintf(stderr, "bench-core: %s\n", core.core ? "no AES" : err);
		return 1;
	}
	evp.src = core.src = calloc(1, 65536);
	evp.dst = calloc(1, 65536);
	evp.cctx = EVP_CIPHER_CTX_new();
	EVP_CipherInit_ex2(evp.cctx, aes, key, NULL, 1, NULL);
	EVP_CIPHER_CTX_set_padding(evp.cctx, 0);
	evp.mctx = EVP_MD_CTX_new();
	evp.md = EVP_MD_fetch(NULL, "SHA256", NULL);
	rb_init(&core.rb);
	cbc = rb_new_session(core.core, VIRTIO_CRYPTODEV_CIPHER_AES_CBC, 0, 0,
			     key, 16, NULL, 0, NULL);
	sha = rb_new_session(core.core, 0, VIRTIO_CRYPTODEV_HASH_SHA256, 0,
			     NULL, 0, NULL, 0, NULL);
	for (s = N_SIZES - 1; extra && s < 2 * N_SIZES; s += N_SIZES) {
		const char *alg = s >= N_SIZES ? "SHA-256" : "AES-128-CBC";
		struct runner evp2;

		evp.len = core.len = sizes[N_SIZES - 1];
		evp.one = s >= N_SIZES ? one_evp_sha256 : one_evp_cbc;
		evp2 = evp;
		/* Three windows: the one where the twins differ most. */
		for (i = 0, worst = -1; i < 3; i++) {
			measure(&evp, &evp2, &re, &rc);
			d = re.rps / rc.rps - 1;
			if (d < 0)
				d = -d;
			if (d > worst) {
				worst = d;
				rn = re;
				rm = rc;
			}
		}
		extra_line("noise", alg, &rn, &rm);
		core_request(&core, s, cbc, sha);
		/* The header (40) and, for the cipher, the IV (16). */
		if (s >= N_SIZES)
			aligned_split(&core, 40, 0);
		else
			aligned_split(&core, 56, core.len);
		measure(&evp, &core, &re, &rc);
		extra_line("aligned", alg, &re, &rc);
	}
	if (md && !extra)
		printf("| algorithm | bytes | path | requests/s | MB/s "
		       "| core overhead ns/request |\n"
		       "|---|---|---|---|---|---|\n");
	else if (!extra)
		printf("%-12s %6s  %-16s %12s %10s %10s\n", "algorithm",
		       "bytes", "path", "requests/s", "MB/s", "+ns/req");
	for (s = 0; !extra && s < 2 * N_SIZES; s++) {
		const char *alg = s >= N_SIZES ? "SHA-256" : "AES-128-CBC";

		evp.len = core.len = sizes[s % N_SIZES];
		evp.one = s >= N_SIZES ? one_evp_sha256 : one_evp_cbc;
		core_request(&core, s, cbc, sha);
		measure(&evp, &core, &re, &rc);
		row(md, alg, evp.len, "OpenSSL EVP", &re, &re);
		row(md, alg, evp.len, "core (openssl)", &rc, &re);
	}
	rb_free(&core.rb);
	vcd_core_free(core.core);
	EVP_CIPHER_CTX_free(evp.cctx);
	EVP_MD_CTX_free(evp.mctx);
	EVP_MD_free(evp.md);
	EVP_CIPHER_free(aes);
	free(evp.src);
	free(evp.dst);
	if (core.failed)
		fprintf(stderr, "bench-core: a request failed\n");
	return core.failed ? 1 : 0;
}
