// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guest-bench: throughput and latency of one crypto path, for the guest
 * benchmarks (bench/guest/run, run-async, run-perf).  One process, one
 * request at a time unless -q or -P say otherwise:
 *
 *   guest-bench [-t SECONDS] [-r ROUNDS] [-s SIZE,...] [-q DEPTH] [-P N]
 *               [-l] [-C N] PATH ALG
 *
 * PATH  devcrypto[:NODE]   cryptodev ioctls on /dev/crypto (or NODE)
 *       afalg:DRIVER       AF_ALG socket bound to the name DRIVER
 *                          (a cra_name like "cbc(aes)" or a driver name
 *                          like "virtio_crypto_aes_cbc")
 *       evp                OpenSSL EVP in this process
 * ALG   aes-128-cbc | sha256 | hmac-sha256
 *
 * For every size, the first request's output is checked against OpenSSL;
 * then the request is repeated for SECONDS (default 1), ROUNDS times
 * (default 3), and the best round is kept.  Each size prints one line:
 *
 *   result path=P alg=A size=N ops=N secs=S mbps=X usop=Y
 *
 * mbps is 10^6 bytes of input per second; usop is the mean time of one
 * request (one request in flight, so it is the latency).
 *
 * -q DEPTH (devcrypto only): CIOCASYNCCRYPT with DEPTH requests in
 * flight, each one fetched (CIOCASYNCFETCH, when poll() says so) and
 * submitted again; the path prints as "devcrypto-async-DEPTH", and usop
 * is then the time per request, not its latency.
 *
 * -P N: N processes (fork), each with its own open file and session,
 * run every round at the same time (a process-shared barrier starts and
 * ends each round); the path prints with "-pN" appended and ops/mbps/usop
 * are the sum of the processes' rates.
 *
 * -C N (devcrypto only): instead of requests, the time of a close() of
 * a file with N AES-128-CBC sessions (which destroys them all), the
 * best of ROUNDS: "close path=P sessions=N usop=Y".
 *
 * -l: time every request on its own, from its submit to its answer (for
 * -q: from CIOCASYNCCRYPT to the CIOCASYNCFETCH that returns it), and
 * add p50=X p99=Y (µs, over the kept round; with -P, the first process's)
 * to the result line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_alg.h>
#include <openssl/core_names.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <openssl/evp.h>
#include <poll.h>

#include <crypto/cryptodev.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

enum alg { AES_CBC, SHA256, HMAC_SHA256 };
enum kind { DEVCRYPTO, AFALG, EVP };

struct bench {
	enum alg alg;
	enum kind kind;
	const char *path;	/* as given */
	uint8_t key[32], iv[16];
	/* devcrypto */
	int fd;
	uint32_t ses;
	unsigned int depth;	/* async requests in flight, 0: sync */
	uint8_t *outs;		/* async: one output buffer per slot */
	size_t out_stride;
	double *sent;		/* async with -l: each slot's submit time */
	bool fetched;		/* async: the last fetch found a job */
	/* -l: the latencies of the current round, in seconds */
	bool lat;
	double *lats;
	size_t nlat, maxlat;
	/* afalg */
	int tfm, op;
	/* evp */
	EVP_CIPHER_CTX *cctx;
	EVP_MD_CTX *mctx;
	EVP_MAC_CTX *hctx;
	EVP_MD *md;
};

static void die(const char *what)
{
	fprintf(stderr, "guest-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *msg)
{
	fprintf(stderr, "guest-bench: %s\n", msg);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* -l: one more request's latency; the samples past maxlat are dropped. */
static void record(struct bench *b, double secs)
{
	if (b->nlat < b->maxlat)
		b->lats[b->nlat++] = secs;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) of the round's samples, in µs. */
static double percentile(struct bench *b, double p)
{
	size_t i;

	if (!b->nlat)
		return 0;
	i = (size_t)(p / 100 * (double)(b->nlat - 1) + 0.5);
	return b->lats[i] * 1e6;
}

static size_t out_len(const struct bench *b, size_t len)
{
	return b->alg == AES_CBC ? len : 32;
}

/* The reference: OpenSSL, one-shot, fresh contexts. */
static void reference(const struct bench *b, const uint8_t *in, size_t len,
		      uint8_t *out)
{
	unsigned int mdlen = 32;
	size_t maclen = 32;
	int n = 0;

	if (b->alg == AES_CBC) {
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();

		if (!c || !EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL,
					      b->key, b->iv) ||
		    !EVP_CIPHER_CTX_set_padding(c, 0) ||
		    !EVP_EncryptUpdate(c, out, &n, in, (int)len))
			fail("OpenSSL reference failed");
		EVP_CIPHER_CTX_free(c);
	} else if (b->alg == SHA256) {
		if (!EVP_Digest(in, len, out, &mdlen, EVP_sha256(), NULL))
			fail("OpenSSL reference failed");
	} else {
		if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, b->key,
			       sizeof(b->key), in, len, out, 32, &maclen))
			fail("OpenSSL reference failed");
	}
}

static void setup_devcrypto(struct bench *b, const char *node)
{
	struct session_op s;

	b->fd = open(node, O_RDWR | O_CLOEXEC);
	if (b->fd < 0)
		die(node);
	memset(&s, 0, sizeof(s));
	if (b->alg == AES_CBC) {
		s.cipher = CRYPTO_AES_CBC;
		s.keylen = 16;
		s.key = b->key;
	} else if (b->alg == SHA256) {
		s.mac = CRYPTO_SHA2_256;
	} else {
		s.mac = CRYPTO_SHA2_256_HMAC;
		s.mackeylen = sizeof(b->key);
		s.mackey = b->key;
	}
	if (ioctl(b->fd, CIOCGSESSION, &s))
		die("CIOCGSESSION");
	b->ses = s.ses;
}

static void setup_afalg(struct bench *b, const char *name)
{
	struct sockaddr_alg sa;
	int keyed = b->alg != SHA256;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	strcpy((char *)sa.salg_type, b->alg == AES_CBC ? "skcipher" : "hash");
	if (strlen(name) >= sizeof(sa.salg_name))
		fail("AF_ALG name too long");
	strcpy((char *)sa.salg_name, name);
	b->tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (b->tfm < 0)
		die("socket(AF_ALG)");
	if (bind(b->tfm, (struct sockaddr *)&sa, sizeof(sa)))
		die(name);
	if (keyed && setsockopt(b->tfm, SOL_ALG, ALG_SET_KEY, b->key,
				b->alg == AES_CBC ? 16 : sizeof(b->key)))
		die("ALG_SET_KEY");
	b->op = accept(b->tfm, NULL, NULL);
	if (b->op < 0)
		die("accept(AF_ALG)");
}

static void setup_evp(struct bench *b)
{
	OSSL_PARAM p[2];
	EVP_MAC *mac;

	if (b->alg == AES_CBC) {
		b->cctx = EVP_CIPHER_CTX_new();
		if (!b->cctx || !EVP_EncryptInit_ex(b->cctx, EVP_aes_128_cbc(),
						    NULL, b->key, b->iv) ||
		    !EVP_CIPHER_CTX_set_padding(b->cctx, 0))
			fail("EVP cipher setup failed");
	} else if (b->alg == SHA256) {
		/* Fetched once: EVP_sha256() would fetch on every init. */
		b->md = EVP_MD_fetch(NULL, "SHA256", NULL);
		b->mctx = EVP_MD_CTX_new();
		if (!b->md || !b->mctx)
			fail("EVP digest setup failed");
	} else {
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		b->hctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
							(char *)"SHA256", 0);
		p[1] = OSSL_PARAM_construct_end();
		if (!b->hctx || !EVP_MAC_init(b->hctx, b->key, sizeof(b->key),
					      p))
			fail("EVP MAC setup failed");
		EVP_MAC_free(mac);
	}
}

/* One request: len bytes of in, the ciphertext or digest into out. */
static void one(struct bench *b, const uint8_t *in, size_t len, uint8_t *out)
{
	if (b->kind == DEVCRYPTO) {
		struct crypt_op c;

		memset(&c, 0, sizeof(c));
		c.ses = b->ses;
		c.op = COP_ENCRYPT;
		c.len = (uint32_t)len;
		c.src = (uint8_t *)in;
		if (b->alg == AES_CBC) {
			c.dst = out;
			c.iv = b->iv;
		} else {
			c.mac = out;
		}
		if (ioctl(b->fd, CIOCCRYPT, &c))
			die("CIOCCRYPT");
	} else if (b->kind == AFALG && b->alg == AES_CBC) {
		char cbuf[CMSG_SPACE(sizeof(uint32_t)) +
			  CMSG_SPACE(sizeof(struct af_alg_iv) + 16)] = { 0 };
		struct iovec iov = { .iov_base = (void *)in, .iov_len = len };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = cbuf,
				    .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *h = CMSG_FIRSTHDR(&m);
		struct af_alg_iv *aiv;
		uint32_t opv = ALG_OP_ENCRYPT;
		size_t got = 0;
		ssize_t n;

		h->cmsg_level = SOL_ALG;
		h->cmsg_type = ALG_SET_OP;
		h->cmsg_len = CMSG_LEN(sizeof(opv));
		memcpy(CMSG_DATA(h), &opv, sizeof(opv));
		h = CMSG_NXTHDR(&m, h);
		h->cmsg_level = SOL_ALG;
		h->cmsg_type = ALG_SET_IV;
		h->cmsg_len = CMSG_LEN(sizeof(*aiv) + 16);
		aiv = (struct af_alg_iv *)CMSG_DATA(h);
		aiv->ivlen = 16;
		memcpy(aiv->iv, b->iv, 16);
		if (sendmsg(b->op, &m, 0) != (ssize_t)len)
			die("AF_ALG sendmsg");
		while (got < len) {
			n = read(b->op, out + got, len - got);
			if (n <= 0)
				die("AF_ALG read");
			got += (size_t)n;
		}
	} else if (b->kind == AFALG) {
		if (send(b->op, in, len, 0) != (ssize_t)len)
			die("AF_ALG send");
		if (read(b->op, out, 32) != 32)
			die("AF_ALG read");
	} else if (b->alg == AES_CBC) {
		int n = 0;

		if (!EVP_EncryptInit_ex(b->cctx, NULL, NULL, NULL, b->iv) ||
		    !EVP_EncryptUpdate(b->cctx, out, &n, in, (int)len))
			fail("EVP encrypt failed");
	} else if (b->alg == SHA256) {
		unsigned int n;

		if (!EVP_DigestInit_ex(b->mctx, b->md, NULL) ||
		    !EVP_DigestUpdate(b->mctx, in, len) ||
		    !EVP_DigestFinal_ex(b->mctx, out, &n))
			fail("EVP digest failed");
	} else {
		size_t n;

		/* A NULL key starts again with the key already set. */
		if (!EVP_MAC_init(b->hctx, NULL, 0, NULL) ||
		    !EVP_MAC_update(b->hctx, in, len) ||
		    !EVP_MAC_final(b->hctx, out, &n, 32))
			fail("EVP MAC failed");
	}
}

/* Submit async request number slot (its own output buffer). */
static void async_submit(struct bench *b, const uint8_t *in, size_t len,
			 unsigned int slot)
{
	struct crypt_op c;

	memset(&c, 0, sizeof(c));
	c.ses = b->ses;
	c.op = COP_ENCRYPT;
	c.len = (uint32_t)len;
	c.src = (uint8_t *)in;
	if (b->alg == AES_CBC) {
		c.dst = b->outs + slot * b->out_stride;
		c.iv = b->iv;
	} else {
		c.mac = b->outs + slot * b->out_stride;
	}
	if (b->lat)
		b->sent[slot] = now();
	if (ioctl(b->fd, CIOCASYNCCRYPT, &c))
		die("CIOCASYNCCRYPT");
}

/* Wait for and fetch one answered request: its slot. */
/*
 * With more than one in flight, after a fetch that found a job the next
 * one is tried at once (EBUSY if none is answered yet), before any
 * poll(): under load answers come in bunches, and a fetch each is
 * enough for them.
 */
static unsigned int async_fetch(struct bench *b)
{
	struct pollfd p = { .fd = b->fd, .events = POLLIN };
	struct crypt_op c;
	unsigned int slot;
	uint8_t *o;

	memset(&c, 0, sizeof(c));
	if (b->fetched && b->depth > 1 && !ioctl(b->fd, CIOCASYNCFETCH, &c))
		goto got;
	if (b->fetched && b->depth > 1 && errno != EBUSY)
		die("CIOCASYNCFETCH");
	b->fetched = false;
	if (poll(&p, 1, 60000) != 1 || !(p.revents & POLLIN))
		fail("poll: no answer in 60 s");
	memset(&c, 0, sizeof(c));
	if (ioctl(b->fd, CIOCASYNCFETCH, &c))
		die("CIOCASYNCFETCH");
got:
	b->fetched = true;
	o = b->alg == AES_CBC ? c.dst : c.mac;
	slot = (unsigned int)((size_t)(o - b->outs) / b->out_stride);
	if (b->lat)
		record(b, now() - b->sent[slot]);
	return slot;
}

/* Async: depth requests in flight for about secs seconds. */
static uint64_t round_async(struct bench *b, const uint8_t *in, size_t len,
			    double secs, double *elapsed)
{
	double t0 = now(), t1 = t0;
	uint64_t ops = 0;
	unsigned int i;

	for (i = 0; i < b->depth; i++)
		async_submit(b, in, len, i);
	while (t1 - t0 < secs) {
		async_submit(b, in, len, async_fetch(b));
		ops++;
		if (!(ops % 16))
			t1 = now();
	}
	for (i = 0; i < b->depth; i++) {
		async_fetch(b);
		ops++;
	}
	*elapsed = now() - t0;
	return ops;
}

/* Requests for about secs seconds; returns the count, sets *elapsed. */
static uint64_t round_of(struct bench *b, const uint8_t *in, size_t len,
			 uint8_t *out, double secs, double *elapsed)
{
	uint64_t ops = 0, batch = 1, i;
	double t0 = now(), t1 = t0, tb;

	b->nlat = 0;
	if (b->depth)
		return round_async(b, in, len, secs, elapsed);
	while (b->lat && t1 - t0 < secs) {
		tb = t1;
		one(b, in, len, out);
		t1 = now();
		record(b, t1 - tb);
		ops++;
	}
	while (t1 - t0 < secs) {
		tb = t1;
		for (i = 0; i < batch; i++)
			one(b, in, len, out);
		ops += batch;
		t1 = now();
		/* Read the clock about every millisecond, not every request. */
		if (t1 - tb < 1e-3 && batch < (1u << 20))
			batch *= 2;
	}
	*elapsed = t1 - t0;
	return ops;
}

static const char *alg_name(enum alg a)
{
	return a == AES_CBC ? "aes-128-cbc" : a == SHA256 ? "sha256" :
	       "hmac-sha256";
}

/* -C: open, n sessions, close; the best close time in µs. */
static int bench_close(struct bench *b, const char *node, unsigned int n,
		       int rounds)
{
	double best = -1, t;
	unsigned int i;
	int r;

	for (r = 0; r < rounds; r++) {
		setup_devcrypto(b, node);	/* one session */
		for (i = 1; i < n; i++) {
			struct session_op so = { .cipher = CRYPTO_AES_CBC,
						 .keylen = 16, .key = b->key };

			if (ioctl(b->fd, CIOCGSESSION, &so))
				die("CIOCGSESSION");
		}
		t = now();
		if (close(b->fd))
			die("close");
		t = now() - t;
		if (best < 0 || t < best)
			best = t;
	}
	printf("close path=%s sessions=%u usop=%.1f\n", b->path, n,
	       best * 1e6);
	return 0;
}

/* -P: what the processes share, in a MAP_SHARED mapping. */
#define MAX_PROCS 16

struct shared {
	pthread_barrier_t bar;
	double rate[MAX_PROCS];		/* this round's ops/s, per process */
	double p50, p99;		/* this round's, of process 0 */
};

static struct shared *shared_new(unsigned int procs)
{
	pthread_barrierattr_t a;
	struct shared *sh;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap");
	if (pthread_barrierattr_init(&a) ||
	    pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED) ||
	    pthread_barrier_init(&sh->bar, &a, procs))
		fail("pthread_barrier_init failed");
	return sh;
}

/* Fork procs - 1 children: the caller's index, 0 in the parent. */
static unsigned int spawn(unsigned int procs)
{
	unsigned int w;

	for (w = 1; w < procs; w++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid)
			return w;
	}
	return 0;
}

/* The parent: every child's exit status, 0 if all succeeded. */
static int reap(unsigned int procs)
{
	int st, bad = 0;

	while (procs-- > 1)
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			bad = 1;
	return bad;
}

int main(int argc, char **argv)
{
	static const size_t default_sizes[] = { 16, 256, 4096, 65536 };
	size_t sizes[16], nsizes = 0, i, max = 0;
	unsigned int procs = 1, me = 0, w, nclose = 0;
	double secs = 1.0;
	int rounds = 3, opt, r;
	struct shared *sh;
	struct bench b;
	uint8_t *in, *out, *ref;
	char *s, *tok, path[80];

	memset(&b, 0, sizeof(b));
	b.fd = b.tfm = b.op = -1;
	while ((opt = getopt(argc, argv, "t:r:s:q:P:lC:")) != -1) {
		switch (opt) {
		case 'C':
			nclose = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'q':
			b.depth = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'P':
			procs = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'l':
			b.lat = true;
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 's':
			for (s = optarg; (tok = strtok(s, ",")) && nsizes < 16;
			     s = NULL)
				sizes[nsizes++] = strtoul(tok, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2 || secs <= 0 || rounds < 1 || !procs ||
	    procs > MAX_PROCS)
		goto usage;
	if (!nsizes)
		for (; nsizes < 4; nsizes++)
			sizes[nsizes] = default_sizes[nsizes];
	b.path = argv[optind];
	if (!strcmp(argv[optind + 1], "aes-128-cbc"))
		b.alg = AES_CBC;
	else if (!strcmp(argv[optind + 1], "sha256"))
		b.alg = SHA256;
	else if (!strcmp(argv[optind + 1], "hmac-sha256"))
		b.alg = HMAC_SHA256;
	else
		goto usage;
	for (i = 0; i < nsizes; i++) {
		if (!sizes[i] || (b.alg == AES_CBC && sizes[i] % 16))
			fail("sizes must be positive (multiples of 16 for AES)");
		if (sizes[i] > max)
			max = sizes[i];
	}

	for (i = 0; i < sizeof(b.key); i++)
		b.key[i] = (uint8_t)(0x11 * i + 1);
	for (i = 0; i < sizeof(b.iv); i++)
		b.iv[i] = (uint8_t)(0xa5 ^ i);
	if (nclose) {
		if (strncmp(b.path, "devcrypto", 9) ||
		    (b.path[9] && b.path[9] != ':'))
			goto usage;
		b.alg = AES_CBC;
		return bench_close(&b, b.path[9] ? b.path + 10 : "/dev/crypto",
				   nclose, rounds);
	}
	sh = shared_new(procs);
	fflush(stdout);
	me = spawn(procs);
	/* Each process its own open file, session, socket or context. */
	if (!strcmp(b.path, "devcrypto") || !strncmp(b.path, "devcrypto:", 10)) {
		b.kind = DEVCRYPTO;
		setup_devcrypto(&b, b.path[9] ? b.path + 10 : "/dev/crypto");
	} else if (!strncmp(b.path, "afalg:", 6)) {
		b.kind = AFALG;
		setup_afalg(&b, b.path + 6);
	} else if (!strcmp(b.path, "evp")) {
		b.kind = EVP;
		setup_evp(&b);
	} else {
		goto usage;
	}
	if (b.depth && b.kind != DEVCRYPTO)
		goto usage;
	snprintf(path, sizeof(path), b.depth ? "%s-async-%u" : "%s", b.path,
		 b.depth);
	if (procs > 1)
		snprintf(path + strlen(path), sizeof(path) - strlen(path),
			 "-p%u", procs);

	b.out_stride = (max + 64 + 4095) & ~(size_t)4095;
	if (b.depth && posix_memalign((void **)&b.outs, 4096,
				      b.depth * b.out_stride))
		fail("out of memory");
	if (b.lat) {
		b.maxlat = 1u << 20;
		b.lats = malloc(b.maxlat * sizeof(*b.lats));
		b.sent = calloc(b.depth + 1, sizeof(*b.sent));
		if (!b.lats || !b.sent)
			fail("out of memory");
	}
	if (posix_memalign((void **)&in, 4096, max) ||
	    posix_memalign((void **)&out, 4096, max + 64) ||
	    posix_memalign((void **)&ref, 4096, max + 64))
		fail("out of memory");
	for (i = 0; i < max; i++)
		in[i] = (uint8_t)(i * 7 + 3);

	for (i = 0; i < nsizes; i++) {
		size_t len = sizes[i];
		double el, rate, best_rate = -1, p50 = 0, p99 = 0;

		memset(out, 0, len + 64);
		one(&b, in, len, out);
		reference(&b, in, len, ref);
		if (memcmp(out, ref, out_len(&b, len))) {
			fprintf(stderr, "guest-bench: %s %s %zu: wrong output\n",
				b.path, alg_name(b.alg), len);
			return 1;
		}
		round_of(&b, in, len, out, secs / 10, &el);	/* warm up */
		if (b.depth && memcmp(b.outs, ref, out_len(&b, len))) {
			fprintf(stderr, "guest-bench: %s %s %zu: wrong async output\n",
				path, alg_name(b.alg), len);
			return 1;
		}
		for (r = 0; r < rounds; r++) {
			pthread_barrier_wait(&sh->bar);
			sh->rate[me] = (double)round_of(&b, in, len, out, secs,
							&el) / el;
			if (b.lat && !me) {
				qsort(b.lats, b.nlat, sizeof(*b.lats),
				      cmp_double);
				sh->p50 = percentile(&b, 50);
				sh->p99 = percentile(&b, 99);
			}
			pthread_barrier_wait(&sh->bar);
			for (rate = 0, w = 0; w < procs; w++)
				rate += sh->rate[w];
			if (rate > best_rate) {
				best_rate = rate;
				p50 = sh->p50;
				p99 = sh->p99;
			}
		}
		if (me)
			continue;
		printf("result path=%s alg=%s size=%zu ops=%.0f secs=%.3f "
		       "mbps=%.3f usop=%.3f", path, alg_name(b.alg), len,
		       best_rate * secs, secs, best_rate * len / 1e6,
		       1e6 / best_rate);
		if (b.lat)
			printf(" p50=%.1f p99=%.1f", p50, p99);
		printf("\n");
		fflush(stdout);
	}
	if (me)
		return 0;
	return reap(procs);

usage:
	fprintf(stderr, "usage: guest-bench [-t SECONDS] [-r ROUNDS] "
		"[-s SIZE,...] [-q DEPTH] [-P N] [-l] [-C N] "
		"devcrypto[:NODE]|afalg:NAME|evp "
		"aes-128-cbc|sha256|hmac-sha256\n");
	return 2;
}
