// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Concurrency through /dev/crypto: many processes with requests in
 * flight at once, on one shared file and on a file each, every result
 * checked against OpenSSL; sessions shared across fork and CRIOGET;
 * processes killed with requests in flight while the others carry on.
 *
 * VCD_STRESS_OPS in the environment sets the operations per process
 * (default 2000).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>

#include "dc.h"
#include "harness.h"

#define NPROC	8
#define MAXLEN	8192

struct worker {
	const struct dc_alg *alg;
	uint8_t key[32], mackey[32], iv[16];
	uint8_t in[MAXLEN], out[MAXLEN], ref[MAXLEN];
	uint8_t mac[64], refmac[64];
};

static int stress_ops(void)
{
	const char *s = getenv("VCD_STRESS_OPS");

	return s && atoi(s) > 0 ? atoi(s) : 2000;
}

/*
 * One random operation on session ses of fd, checked against OpenSSL.
 * Returns 0, or -1 after printing what went wrong.
 */
static int one_op(int fd, uint32_t ses, struct worker *w, unsigned int *seed)
{
	const struct dc_alg *a = w->alg;
	size_t len = rand_r(seed) % MAXLEN;
	int op = a->cipher ? rand_r(seed) & 1 : COP_ENCRYPT;

	len -= len % a->blocksize;
	if (a->cipher == CRYPTO_AES_XTS && len < 16)
		len = 16;	/* XTS needs a whole block */
	fill_random(w->in, len, seed);
	fill_random(w->iv, sizeof(w->iv), seed);
	if (ref_crypt(a, w->key, w->mackey, w->iv, w->in, len, w->ref,
		      w->refmac, op == COP_ENCRYPT))
		return -1;
	if (dc_crypt(fd, ses, op, 0, w->in, w->out, len,
		     a->ivsize ? w->iv : NULL, a->mac ? w->mac : NULL)) {
		printf("#   %s len %zu: %s\n", a->name, len, strerror(errno));
		return -1;
	}
	if ((a->cipher && memcmp(w->out, w->ref, len)) ||
	    (a->mac && memcmp(w->mac, w->refmac, a->digestsize))) {
		printf("#   %s len %zu: wrong result\n", a->name, len);
		return -1;
	}
	return 0;
}

static const char *const mix[] = {
	"AES-128-CBC", "sha256", "hmac(sha512)", "AES-256-CBC",
	"AES-128-CTR", "cbc(aes)+hmac(sha256)", "sha1", "AES-128-XTS",
};

/* A child: its own session (on fd, maybe shared), ops random ops. */
static int worker_main(int fd, int idx, int ops)
{
	unsigned int seed = 1000 + idx;
	struct worker *w = calloc(1, sizeof(*w));
	uint32_t ses;
	int i;

	if (!w)
		return 1;
	w->alg = dc_alg(mix[idx % (sizeof(mix) / sizeof(mix[0]))]);
	fill_random(w->key, sizeof(w->key), &seed);
	fill_random(w->mackey, sizeof(w->mackey), &seed);
	if (fd < 0)
		fd = dc_open();
	if (fd < 0 || dc_session(fd, w->alg, w->key, w->mackey, &ses)) {
		printf("#   worker %d: %s\n", idx, strerror(errno));
		return 1;
	}
	for (i = 0; i < ops; i++)
		if (one_op(fd, ses, w, &seed))
			return 1;
	return dc_free(fd, ses) ? 1 : 0;
}

/* Start n workers; fd < 0 gives each its own file.  Returns pids. */
static void start_workers(pid_t *pids, int n, int fd, int ops)
{
	int i;

	for (i = 0; i < n; i++) {
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(worker_main(fd, i, ops));
	}
}

static int wait_workers(pid_t *pids, int n)
{
	int i, status, failed = 0;

	for (i = 0; i < n; i++) {
		if (pids[i] <= 0 || waitpid(pids[i], &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("#   worker %d failed\n", i);
			failed++;
		}
	}
	return failed;
}

/* Encrypt 1 MiB (or the device's limit) again and again, until killed. */
static int big_loop(int fd)
{
	static uint8_t in[1 << 20], out[1 << 20];
	uint8_t key[16] = { 1 }, iv[16] = { 0 };
	size_t len = sizeof(in);
	uint32_t ses;

	if (fd < 0)
		fd = dc_open();
	if (fd < 0 || dc_session(fd, dc_alg("AES-128-CBC"), key, NULL, &ses))
		return 1;
	for (;;) {
		if (!dc_crypt(fd, ses, COP_ENCRYPT, 0, in, out, len, iv, NULL))
			continue;
		if (errno != EINVAL || len <= 4096)
			return 1;
		len /= 2;	/* over max_data_len: halve */
	}
}

FIXTURE(stress) {
	int fd;
};

FIXTURE_VARIANT(stress) {
	bool shared_fd;
};

FIXTURE_VARIANT_ADD(stress, shared_fd) { .shared_fd = true };
FIXTURE_VARIANT_ADD(stress, separate_fds) { .shared_fd = false };

FIXTURE_SETUP(stress)
{
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
}

FIXTURE_TEARDOWN(stress)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F_TIMEOUT(stress, many_processes_random_sizes, 1200)
{
	pid_t pids[NPROC];

	start_workers(pids, NPROC, variant->shared_fd ? self->fd : -1,
		      stress_ops());
	EXPECT_EQ(wait_workers(pids, NPROC), 0);
}

/*
 * Kill half the workers while their requests are in flight; the rest
 * finish and check every result, and the device still answers after.
 */
TEST_F_TIMEOUT(stress, killed_with_requests_in_flight, 600)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	pid_t pids[NPROC];
	int i, status, survivors = 0;

	start_workers(pids, NPROC, variant->shared_fd ? self->fd : -1,
		      1000000);
	nanosleep(&ts, NULL);
	for (i = 0; i < NPROC; i += 2)
		kill(pids[i], SIGKILL);
	for (i = 0; i < NPROC; i += 2)
		waitpid(pids[i], &status, 0);
	/* The others are still working and still right. */
	for (i = 1; i < NPROC; i += 2)
		survivors += waitpid(pids[i], &status, WNOHANG) == 0;
	EXPECT_EQ(survivors, NPROC / 2);
	for (i = 1; i < NPROC; i += 2)
		kill(pids[i], SIGKILL);
	for (i = 1; i < NPROC; i += 2)
		waitpid(pids[i], &status, 0);
	/* And new work goes through. */
	start_workers(pids, 2, variant->shared_fd ? self->fd : -1, 50);
	EXPECT_EQ(wait_workers(pids, 2), 0);
}

/*
 * Requests of the largest size the device takes, killed over and over:
 * the buffers the device still owns must outlive their process.
 */
TEST_F_TIMEOUT(stress, killed_during_large_requests, 600)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	pid_t pids[4];
	int round, i, status;

	for (round = 0; round < 10; round++) {
		for (i = 0; i < 4; i++) {
			fflush(stdout);
			pids[i] = fork();
			if (pids[i] == 0)
				_exit(big_loop(variant->shared_fd ?
					       self->fd : -1));
		}
		nanosleep(&ts, NULL);
		for (i = 0; i < 4; i++)
			kill(pids[i], SIGKILL);
		for (i = 0; i < 4; i++)
			waitpid(pids[i], &status, 0);
	}
	start_workers(pids, 2, variant->shared_fd ? self->fd : -1, 50);
	EXPECT_EQ(wait_workers(pids, 2), 0);
}

FIXTURE(sharing) {
	int fd;
	uint32_t ses;
	uint8_t key[16], buf[64], out[64], iv[16];
};

FIXTURE_SETUP(sharing)
{
	memset(self->key, 7, sizeof(self->key));
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key, NULL,
			     &self->ses), 0);
}

FIXTURE_TEARDOWN(sharing)
{
	if (self->fd >= 0)
		close(self->fd);
}

static int use(int fd, uint32_t ses, uint8_t *buf, uint8_t *out, uint8_t *iv)
{
	return dc_crypt(fd, ses, COP_ENCRYPT, 0, buf, out, 64, iv, NULL);
}

/* After fork the child shares the parent's file and its sessions. */
TEST_F(sharing, across_fork)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (use(self->fd, self->ses, self->buf, self->out, self->iv))
			_exit(1);
		_exit(dc_free(self->fd, self->ses) ? 2 : 0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(WEXITSTATUS(status), 0);
	/* The child freed it, for both. */
	EXPECT_ERRNO(use(self->fd, self->ses, self->buf, self->out, self->iv),
		     EINVAL);
}

/* A CRIOGET descriptor is the same file, also in another process. */
TEST_F(sharing, through_crioget)
{
	uint32_t fd2 = 0, ses2;
	int status;
	pid_t pid;

	ASSERT_EQ(ioctl(self->fd, CRIOGET, &fd2), 0);
	ASSERT_EQ(dc_session(fd2, dc_alg("sha256"), NULL, NULL, &ses2), 0);
	fflush(stdout);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		close(self->fd);
		_exit(use(fd2, self->ses, self->buf, self->out, self->iv) ?
		      1 : 0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_EQ(WEXITSTATUS(status), 0);
	/* A session made through fd2 is usable through fd. */
	EXPECT_EQ(dc_crypt(self->fd, ses2, COP_ENCRYPT, 0, self->buf, NULL,
			   64, NULL, self->out), 0);
	close(fd2);
}

/* One session, many processes, explicit IVs: every result right. */
TEST_F(sharing, one_session_many_processes)
{
	pid_t pids[4];
	int i, status, bad = 0;

	for (i = 0; i < 4; i++) {
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] == 0) {
			struct worker *w = calloc(1, sizeof(*w));
			unsigned int seed = 77 + i;
			int n;

			if (!w)
				_exit(1);
			w->alg = dc_alg("AES-128-CBC");
			memcpy(w->key, self->key, sizeof(self->key));
			for (n = 0; n < 300; n++)
				if (one_op(self->fd, self->ses, w, &seed))
					_exit(1);
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++)
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	EXPECT_EQ(bad, 0);
}

/* A separate open() is a separate file: no sharing. */
TEST_F(sharing, not_between_opens)
{
	int fd2 = dc_open();

	ASSERT_GE(fd2, 0);
	EXPECT_ERRNO(use(fd2, self->ses, self->buf, self->out, self->iv),
		     EINVAL);
	close(fd2);
}

TEST_HARNESS_MAIN
