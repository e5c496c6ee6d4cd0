// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sessions across a live migration: run by tests/guest/migrate*.t in a
 * guest of `vm/run --migrate tcp|file`.
 *
 * Three streams and a batch of jobs go through /dev/crypto in one loop,
 * each on one session that lives for the whole run:
 *   - AES-128-CBC, one chain: the first request carries the IV, every
 *     later one has iv == NULL and goes on from the device's chained IV;
 *   - HMAC-SHA256 of everything, one UPDATE request an iteration and a
 *     FINAL at the end (chunks of any length, so the hash is mid-block);
 *   - AES-128-GCM, one record an iteration (CIOCAUTHCRYPT, its own nonce
 *     and AAD);
 *   - and ASYNC_JOBS independent AES-128-CBC jobs an iteration, all
 *     submitted (CIOCASYNCCRYPT) before any is fetched, so that requests
 *     are in flight when the guest stops: none may be lost (a fetch that
 *     never comes bails out) nor run twice (the chain and the HMAC
 *     would show it: each request moves them on).
 * OpenSSL (the static libcrypto) computes the same streams alongside;
 * each answer is compared at once, and the final outputs (a digest of
 * the whole CBC stream, the HMAC, a digest of the GCM records and tags)
 * at the end.
 *
 * The harness moves the guest in the middle of the loop.  The program
 * asks for it on the control port ($VM_CONTROL, vm/run's ttyS3): it
 * writes "migrate", and goes on looping until the answer comes, which
 * vm/migrate writes only on the destination once the guest runs there.
 * Before and after, "counters" reads the device's counters over QMP on
 * the QEMU that runs the guest; the destination's must show the requests
 * made after the migration.  So the CBC chain and the HMAC are both half
 * done when the guest moves, and the loop runs while it moves.
 *
 * `vcd-migrate --stale-hash` is for a device whose migrate-hash-max is
 * below the HMAC's bytes at the move (tests/guest/migrate-stale.t): the
 * HMAC must not continue there with a wrong state; from its first
 * request on the destination to the FINAL each gives ESTALE, then a
 * hash started again (COP_FLAG_RESET) is OpenSSL's again.
 *
 * `vcd-migrate --refused` is for a destination that cannot take the
 * sessions (tests/guest/migrate-refused.t): the harness answers "error
 * ...", and everything goes on, right, on the source.
 *
 * Plain TAP, not the harness: the sessions must live in one process.
 * `vcd-migrate --no-migrate` runs the loop without a control port.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include "dc.h"

#define N_BEFORE	40	/* iterations before asking to migrate */
#define N_AFTER		40	/* iterations once on the destination */
#define ASYNC_JOBS	16
#define ASYNC_WAIT	120	/* seconds for an async job's answer */
#define REQS_PER_ITER	(3 + ASYNC_JOBS) /* CBC, HMAC UPDATE, GCM, jobs */
/*
 * At most this many while the guest moves; then it waits, its streams
 * still half done.  This bounds the HMAC's bytes at the move to
 * (N_BEFORE + N_DURING_MAX) * MAXLEN = 394 KiB, within what the device
 * replays on the destination (docs/qemu.md, migrate-hash-max: 1 MiB).
 */
#define N_DURING_MAX	1500
#define MAXLEN		256

static int tests, failed;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static uint8_t key[16], mackey[32], iv[16], gcm_key[16], async_key[16];

struct streams {
	int fd;
	uint32_t s_cbc, s_hmac, s_gcm, s_async;
	unsigned int iter;		/* iterations done */
	unsigned int bad;		/* iterations that did not match */
	unsigned int first_bad;
	int bad_errno;
	/* OpenSSL's side, and digests of both sides' outputs. */
	EVP_CIPHER_CTX *ref_cbc;
	EVP_MAC_CTX *ref_hmac;
	EVP_MD_CTX *cbc_dev, *cbc_ref, *gcm_dev, *gcm_ref;
	unsigned long long cbc_bytes, hmac_bytes;
	/* --stale-hash: HMAC requests must give ESTALE from this one on. */
	bool stale_hash;
	unsigned int stale_from, stale_seen, stale_bad;
};

/* The data of iteration i, and its lengths: anything, but repeatable. */
static void chunk(unsigned int i, uint8_t *buf, uint32_t *cbc_len,
		  uint32_t *hmac_len, uint32_t *gcm_len)
{
	unsigned int seed = 0x5eed0000 + i;

	fill_random(buf, MAXLEN, &seed);
	*cbc_len = 16 * (1 + i % 16);		/* 16 .. 256 */
	*hmac_len = 1 + (i * 37) % MAXLEN;	/* 1 .. 256, rarely whole */
	*gcm_len = 1 + (i * 53) % MAXLEN;
}

/*
 * ASYNC_JOBS jobs in flight at once, then each answer fetched and
 * compared with OpenSSL: true when all match.  A job whose answer never
 * comes ends the program.
 */
static bool async_jobs(struct streams *st, unsigned int i)
{
	static uint8_t src[ASYNC_JOBS][MAXLEN], dst[ASYNC_JOBS][MAXLEN];
	static uint8_t jiv[ASYNC_JOBS][16];
	static bool fetched[ASYNC_JOBS];
	const struct dc_alg *cbc = dc_alg("AES-128-CBC");
	uint8_t ref[MAXLEN], ivc[16];
	uint32_t len[ASYNC_JOBS];
	struct pollfd p = { .fd = st->fd, .events = POLLIN };
	struct crypt_op c;
	unsigned int j, n, seed;
	bool good = true;

	for (j = 0; j < ASYNC_JOBS; j++) {
		seed = 0xa5c00000 + i * ASYNC_JOBS + j;
		fill_random(src[j], MAXLEN, &seed);
		fill_random(jiv[j], 16, &seed);
		len[j] = 16 * (1 + (i + j) % 16);
		fetched[j] = false;
		memcpy(ivc, jiv[j], 16);
		c = (struct crypt_op){
			.ses = st->s_async, .op = COP_ENCRYPT, .len = len[j],
			.src = src[j], .dst = dst[j], .iv = ivc,
		};
		if (ioctl(st->fd, CIOCASYNCCRYPT, &c)) {
			printf("Bail out! iteration %u: CIOCASYNCCRYPT: %s\n",
			       i, strerror(errno));
			exit(1);
		}
	}
	for (n = 0; n < ASYNC_JOBS; n++) {
		if (poll(&p, 1, ASYNC_WAIT * 1000) != 1) {
			printf("Bail out! iteration %u: %u of %d async jobs never answered (lost?)\n",
			       i, ASYNC_JOBS - n, ASYNC_JOBS);
			exit(1);
		}
		memset(&c, 0, sizeof(c));
		if (ioctl(st->fd, CIOCASYNCFETCH, &c)) {
			printf("Bail out! iteration %u: CIOCASYNCFETCH: %s\n",
			       i, strerror(errno));
			exit(1);
		}
		for (j = 0; j < ASYNC_JOBS; j++)
			if (c.src == src[j] && !fetched[j])
				break;
		if (j == ASYNC_JOBS) {
			printf("Bail out! iteration %u: a fetched job that was not submitted, or twice\n",
			       i);
			exit(1);
		}
		fetched[j] = true;
		if (ref_crypt(cbc, async_key, NULL, jiv[j], src[j], len[j], ref,
			      NULL, true) ||
		    c.len != len[j] || memcmp(dst[j], ref, len[j]))
			good = false;
	}
	return good;
}

/* One iteration: the three streams and the jobs, compared with OpenSSL. */
static void iterate(struct streams *st)
{
	unsigned int i = st->iter++;
	uint8_t buf[MAXLEN], dst[MAXLEN + 16], ref[MAXLEN + 16], tag[16];
	uint8_t nonce[12], ivc[12], aad[8];
	uint32_t cbc_len, hmac_len, gcm_len, len;
	int outl, err = 0, r;
	bool good = true;

	chunk(i, buf, &cbc_len, &hmac_len, &gcm_len);

	/* CBC: the IV once, then the device's chain. */
	if (dc_crypt(st->fd, st->s_cbc, COP_ENCRYPT, 0, buf, dst, cbc_len,
		     i == 0 ? iv : NULL, NULL)) {
		err = errno;
		good = false;
		memset(dst, 0, cbc_len);
	}
	if (!EVP_EncryptUpdate(st->ref_cbc, ref, &outl, buf, cbc_len) ||
	    outl != (int)cbc_len)
		good = false;
	if (memcmp(dst, ref, cbc_len))
		good = false;
	EVP_DigestUpdate(st->cbc_dev, dst, cbc_len);
	EVP_DigestUpdate(st->cbc_ref, ref, cbc_len);
	st->cbc_bytes += cbc_len;

	/* HMAC: one more UPDATE. */
	r = dc_crypt(st->fd, st->s_hmac, COP_ENCRYPT, COP_FLAG_UPDATE, buf,
		     NULL, hmac_len, NULL, NULL);
	if (st->stale_hash && r == -1 && errno == ESTALE) {
		/* Lost in the move: so is every one after it. */
		if (!st->stale_seen++)
			st->stale_from = i;
	} else if (st->stale_hash && st->stale_seen) {
		/* One after ESTALE went on: a wrong digest in the making. */
		st->stale_bad++;
		good = false;
	} else if (r) {
		err = err ? err : errno;
		good = false;
	}
	EVP_MAC_update(st->ref_hmac, buf, hmac_len);
	st->hmac_bytes += hmac_len;

	/* GCM: one record, nonce and AAD from the iteration. */
	memset(nonce, 0xa5, sizeof(nonce));
	memcpy(nonce + 8, &i, sizeof(i));
	memcpy(aad, "rec#", 4);
	memcpy(aad + 4, &i, sizeof(i));
	len = gcm_len;
	memcpy(ivc, nonce, sizeof(nonce));
	if (dc_aead(st->fd, st->s_gcm, COP_ENCRYPT, aad, sizeof(aad), buf,
		    dst, &len, 16, ivc) || len != gcm_len + 16) {
		err = err ? err : errno;
		good = false;
		memset(dst, 0, gcm_len + 16);
	}
	if (ref_gcm(gcm_key, 16, nonce, aad, sizeof(aad), buf, gcm_len, ref,
		    tag, 16))
		good = false;
	memcpy(ref + gcm_len, tag, 16);
	if (memcmp(dst, ref, gcm_len + 16))
		good = false;
	EVP_DigestUpdate(st->gcm_dev, dst, gcm_len + 16);
	EVP_DigestUpdate(st->gcm_ref, ref, gcm_len + 16);

	if (!async_jobs(st, i))
		good = false;

	if (!good && !st->bad++) {
		st->first_bad = i;
		st->bad_errno = err;
	}
}

/* Runs iterations [from, st->iter) matched OpenSSL: one TAP line. */
static void ok_iterations(struct streams *st, unsigned int bad_before,
			  unsigned int from, const char *when)
{
	unsigned int n = st->iter - from, bad = st->bad - bad_before;

	ok(bad == 0, "%u iteration(s) %s: every answer equals OpenSSL's", n,
	   when);
	if (bad)
		printf("#   %u did not; the run's first bad one: iteration %u (%s)\n",
		       bad, st->first_bad, st->bad_errno ?
		       strerror(st->bad_errno) : "wrong answer");
}

/* The control port: one command line out, one answer line back. */
static int ctl_fd = -1;
static char ctl_buf[1024];
static size_t ctl_len;

static int ctl_open(const char *path)
{
	struct termios t;

	ctl_fd = open(path, O_RDWR | O_NOCTTY);
	if (ctl_fd < 0)
		return -1;
	if (tcgetattr(ctl_fd, &t) == 0) {
		cfmakeraw(&t);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(ctl_fd, TCSANOW, &t);
	}
	return 0;
}

static int ctl_send(const char *cmd)
{
	size_t n = strlen(cmd);

	if (write(ctl_fd, cmd, n) != (ssize_t)n || write(ctl_fd, "\n", 1) != 1)
		return -1;
	return tcdrain(ctl_fd);
}

/*
 * The answer, once a whole line is there: 1 (in @line), 0 not yet (with
 * @wait 0), -1 on an error.  @wait: milliseconds for poll(), -1 forever.
 */
static int ctl_answer(char *line, size_t size, int wait)
{
	struct pollfd p = { .fd = ctl_fd, .events = POLLIN };
	char *nl;
	ssize_t n;

	while (!(nl = memchr(ctl_buf, '\n', ctl_len))) {
		if (ctl_len == sizeof(ctl_buf))
			return -1;
		n = poll(&p, 1, wait);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n;
		n = read(ctl_fd, ctl_buf + ctl_len, sizeof(ctl_buf) - ctl_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		ctl_len += n;
	}
	*nl = '\0';
	snprintf(line, size, "%s", ctl_buf);
	ctl_len -= nl + 1 - ctl_buf;
	memmove(ctl_buf, nl + 1, ctl_len);
	return 1;
}

static int ctl_ask(const char *cmd, char *line, size_t size)
{
	if (ctl_send(cmd))
		return -1;
	return ctl_answer(line, size, -1) == 1 ? 0 : -1;
}

/* "ok WHERE NAME=VALUE ...": NAME's value, or -1. */
static long long counter(const char *answer, const char *name)
{
	size_t n = strlen(name);
	const char *p = answer;

	while ((p = strstr(p, name))) {
		if ((p == answer || p[-1] == ' ') && p[n] == '=')
			return strtoll(p + n + 1, NULL, 10);
		p += n;
	}
	return -1;
}

static bool answered_from(const char *answer, const char *where)
{
	size_t n = strlen(where);

	return !strncmp(answer, "ok ", 3) && !strncmp(answer + 3, where, n) &&
	       answer[3 + n] == ' ';
}

static int setup(struct streams *st)
{
	const struct dc_alg *cbc = dc_alg("AES-128-CBC");
	const struct dc_alg *hmac = dc_alg("hmac(sha256)");
	const struct dc_alg *gcm = dc_alg("gcm(aes)");
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
		OSSL_PARAM_END,
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);

	st->ref_cbc = EVP_CIPHER_CTX_new();
	st->ref_hmac = mac ? EVP_MAC_CTX_new(mac) : NULL;
	EVP_MAC_free(mac);
	st->cbc_dev = EVP_MD_CTX_new();
	st->cbc_ref = EVP_MD_CTX_new();
	st->gcm_dev = EVP_MD_CTX_new();
	st->gcm_ref = EVP_MD_CTX_new();
	if (!st->ref_cbc || !st->ref_hmac || !st->cbc_dev || !st->cbc_ref ||
	    !st->gcm_dev || !st->gcm_ref ||
	    !EVP_EncryptInit_ex(st->ref_cbc, EVP_aes_128_cbc(), NULL, key, iv) ||
	    !EVP_CIPHER_CTX_set_padding(st->ref_cbc, 0) ||
	    !EVP_MAC_init(st->ref_hmac, mackey, sizeof(mackey), params) ||
	    !EVP_DigestInit_ex(st->cbc_dev, EVP_sha256(), NULL) ||
	    !EVP_DigestInit_ex(st->cbc_ref, EVP_sha256(), NULL) ||
	    !EVP_DigestInit_ex(st->gcm_dev, EVP_sha256(), NULL) ||
	    !EVP_DigestInit_ex(st->gcm_ref, EVP_sha256(), NULL)) {
		errno = ENOMEM;
		return -1;
	}
	if (dc_session(st->fd, cbc, key, NULL, &st->s_cbc) ||
	    dc_session(st->fd, hmac, NULL, mackey, &st->s_hmac) ||
	    dc_session(st->fd, gcm, gcm_key, NULL, &st->s_gcm) ||
	    dc_session(st->fd, cbc, async_key, NULL, &st->s_async))
		return -1;
	return 0;
}

/* The HMAC session, started again after ESTALE: OpenSSL's answer? */
static bool hmac_again(struct streams *st)
{
	uint8_t buf[MAXLEN], dev[32], ref[32];
	unsigned int seed = 77;

	fill_random(buf, sizeof(buf), &seed);
	if (dc_crypt(st->fd, st->s_hmac, COP_ENCRYPT,
		     COP_FLAG_UPDATE | COP_FLAG_RESET, buf, NULL, 100, NULL,
		     NULL) ||
	    dc_crypt(st->fd, st->s_hmac, COP_ENCRYPT, COP_FLAG_UPDATE,
		     buf + 100, NULL, MAXLEN - 100, NULL, NULL) ||
	    dc_crypt(st->fd, st->s_hmac, COP_ENCRYPT, COP_FLAG_FINAL, NULL,
		     NULL, 0, NULL, dev)) {
		printf("#   HMAC again: %s\n", strerror(errno));
		return false;
	}
	if (!HMAC(EVP_sha256(), mackey, sizeof(mackey), buf, MAXLEN, ref,
		  NULL))
		return false;
	return !memcmp(dev, ref, 32);
}

static void finish(struct streams *st)
{
	uint8_t dev[64], ref[64], dev2[32], ref2[32];
	size_t reflen = 0;
	int r;

	/* The CBC stream: every byte, through one chain. */
	EVP_DigestFinal_ex(st->cbc_dev, dev, NULL);
	EVP_DigestFinal_ex(st->cbc_ref, ref, NULL);
	ok(!memcmp(dev, ref, 32),
	   "AES-128-CBC: the chained stream of %llu bytes (%u requests, one IV) equals OpenSSL's",
	   st->cbc_bytes, st->iter);

	/* The HMAC: FINAL after every UPDATE. */
	memset(dev, 0, sizeof(dev));
	r = dc_crypt(st->fd, st->s_hmac, COP_ENCRYPT, COP_FLAG_FINAL, NULL,
		     NULL, 0, NULL, dev);
	if (r && !(st->stale_hash && errno == ESTALE))
		printf("#   HMAC FINAL: %s\n", strerror(errno));
	EVP_MAC_final(st->ref_hmac, ref, &reflen, sizeof(ref));
	if (!st->stale_hash) {
		ok(reflen == 32 && !memcmp(dev, ref, 32),
		   "HMAC-SHA256 of %llu bytes in %u UPDATEs and a FINAL equals OpenSSL's",
		   st->hmac_bytes, st->iter);
	} else {
		ok(st->stale_seen && !st->stale_bad && r == -1 &&
		   errno == ESTALE,
		   "HMAC-SHA256 past migrate-hash-max: ESTALE from its first request on the destination (iteration %u, %u UPDATEs) to the FINAL, never a digest",
		   st->stale_from, st->stale_seen);
		ok(hmac_again(st), "HMAC-SHA256 started again (COP_FLAG_RESET) equals OpenSSL's");
	}

	EVP_DigestFinal_ex(st->gcm_dev, dev2, NULL);
	EVP_DigestFinal_ex(st->gcm_ref, ref2, NULL);
	ok(!memcmp(dev2, ref2, 32),
	   "AES-128-GCM: %u records and tags equal OpenSSL's", st->iter);

	ok(!dc_free(st->fd, st->s_cbc) && !dc_free(st->fd, st->s_hmac) &&
	   !dc_free(st->fd, st->s_gcm) && !dc_free(st->fd, st->s_async),
	   "every session freed");
}

int main(int argc, char **argv)
{
	bool migrate = !(argc > 1 && !strcmp(argv[1], "--no-migrate"));
	struct streams st = {
		.fd = -1,
		.stale_hash = argc > 1 && !strcmp(argv[1], "--stale-hash"),
	};
	bool refused = argc > 1 && !strcmp(argv[1], "--refused");
	/* Where the guest runs after the move, and what the harness says. */
	const char *after = refused ? "source" : "destination";
	const char *port = getenv("VM_CONTROL");
	char answer[1024], c0[1024];
	unsigned int seed = 11, from, bad, during;
	long long r0, r1;
	int r;

	printf("1..%d\n", (migrate ? 11 : 6) + st.stale_hash);
	fill_random(key, sizeof(key), &seed);
	fill_random(mackey, sizeof(mackey), &seed);
	fill_random(iv, sizeof(iv), &seed);
	fill_random(gcm_key, sizeof(gcm_key), &seed);
	fill_random(async_key, sizeof(async_key), &seed);

	if (migrate && (!port || ctl_open(port))) {
		printf("Bail out! no control port %s (run under vm/run --migrate): %s\n",
		       port ? port : "($VM_CONTROL unset)", strerror(errno));
		return 1;
	}
	st.fd = dc_open();
	if (st.fd < 0) {
		printf("Bail out! cannot open %s: %s\n", dc_path(),
		       strerror(errno));
		return 1;
	}
	if (setup(&st)) {
		printf("Bail out! sessions: %s\n", strerror(errno));
		return 1;
	}
	/* A harness that never answers fails the test, not hangs it. */
	alarm(900);

	for (from = st.iter; st.iter < N_BEFORE;)
		iterate(&st);
	ok_iterations(&st, 0, from, "before the migration");
	if (!migrate) {
		for (from = st.iter, bad = st.bad; st.iter < N_BEFORE + N_AFTER;)
			iterate(&st);
		ok_iterations(&st, bad, from, "more");
		finish(&st);
		return failed ? 1 : 0;
	}

	r = ctl_ask("counters", answer, sizeof(answer));
	ok(r == 0 && answered_from(answer, "source") &&
	   counter(answer, "requests") >= N_BEFORE * REQS_PER_ITER,
	   "the source's device served them (%lld requests)",
	   r ? -1 : counter(answer, "requests"));
	if (r || !answered_from(answer, "source"))
		printf("#   the harness said: %s\n", r ? "nothing" : answer);

	/*
	 * Ask, and loop until the answer is there: it comes from the
	 * destination, after the migration.  At least one iteration runs
	 * while the harness migrates; usually many.
	 */
	r = ctl_send("migrate");
	from = st.iter;
	bad = st.bad;
	do {
		iterate(&st);
	} while (r == 0 && st.iter - from < N_DURING_MAX &&
		 (r = ctl_answer(answer, sizeof(answer), 0)) == 0);
	during = st.iter - from;
	if (r == 0) {
		printf("# %u iterations done, waiting for the harness\n",
		       during);
		fflush(stdout);
		r = ctl_answer(answer, sizeof(answer), -1);
	}
	if (!refused) {
		ok(r == 1 && (!strcmp(answer, "ok migrated tcp") ||
			      !strcmp(answer, "ok migrated file")),
		   "the harness migrated the guest, %u iteration(s) after asking",
		   during);
		if (r != 1 || strncmp(answer, "ok migrated", 11))
			printf("#   the harness said: %s\n",
			       r == 1 ? answer : "nothing");
	} else {
		ok(r == 1 && !strncmp(answer, "error ", 6) &&
		   strstr(answer, "cannot restore the sessions") &&
		   strstr(answer, "migrate-hash-max"),
		   "the migration failed and says why, %u iteration(s) after asking: %s",
		   during, r == 1 ? answer : "no answer");
	}
	ok_iterations(&st, bad, from, "while the guest moved");

	/* The destination's device does the rest (or the source's). */
	r = ctl_ask("counters", c0, sizeof(c0));
	ok(r == 0 && answered_from(c0, after),
	   "the %s's QEMU answers: %s", after, r ? "nothing" : c0);
	from = st.iter;
	bad = st.bad;
	while (st.iter < from + N_AFTER)
		iterate(&st);
	ok_iterations(&st, bad, from, "after the migration");
	r = ctl_ask("counters", answer, sizeof(answer));
	r0 = counter(c0, "requests");
	r1 = r ? -1 : counter(answer, "requests");
	ok(r == 0 && answered_from(answer, after) && r0 >= 0 &&
	   r1 - r0 >= N_AFTER * REQS_PER_ITER &&
	   (st.stale_hash ||
	    counter(answer, "errors") == counter(c0, "errors")),
	   "the %s's device served them: %lld more requests (>= %d)%s",
	   after, r1 - r0, N_AFTER * REQS_PER_ITER,
	   st.stale_hash ? "" : ", no more errors");
	if (r == 0)
		printf("#   then: %s\n", answer);

	finish(&st);
	close(st.fd);
	return failed ? 1 : 0;
}
