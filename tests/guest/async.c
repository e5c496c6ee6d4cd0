// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CIOCASYNCCRYPT, CIOCASYNCFETCH and poll(), as cryptodev-linux serves
 * them: 256 jobs of mixed algorithms and sizes in flight from one file
 * at once, each result checked against OpenSSL; the errnos; and files
 * closed or processes SIGKILLed with jobs in flight, after which no page
 * stays pinned, every device session comes back, the module's refcount
 * is 0 and rmmod works.
 *
 * Needs root (module parameters, rmmod).  async.t gives the device two
 * data queues of 128 slots (a process's jobs go on its CPU's ring, and
 * a submit past 128 waits there for room), and max-sessions=32 (three children's 10 sessions each may be alive
 * at once), so that a leaked device session shows.
 */
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>

#include "dc.h"
#include "harness.h"

#define MODNAME		"virtio_cryptodev"
#define JOBS		256
#define MAXLEN		(64 * 1024)
#define DEV_SESSIONS	32
#define LIVENESS	120	/* seconds for the device to answer it all */
#define HEAVY		(1024 * 1024)

/* The mix: what the guest's OpenSSL computes, so each result is checked. */
static const char *const mix[] = {
	"AES-128-CBC", "AES-256-CBC", "AES-128-CTR", "CAMELLIA-128-CBC",
	"sha1", "sha256", "sha512", "hmac(sha1)", "hmac(sha384)",
	"cbc(aes)+hmac(sha256)",
};
#define NMIX	(sizeof(mix) / sizeof(mix[0]))

static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static const uint8_t mackey[32] = "fedcba9876543210fedcba9876543210";

struct job {
	const struct dc_alg *a;
	uint32_t ses;
	bool encrypt;
	uint32_t len;
	uint8_t iv[16];
	uint8_t *src, *dst;
	uint8_t mac[64];
	bool fetched;
};

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* A number from a file such as /sys/module/M/refcnt; -1 if none. */
static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/*
 * Pages pinned now (FOLL_PIN), from /proc/vmstat: exact once stat_refresh
 * has folded the per-CPU deltas in (without it the two counters lag by
 * different amounts, and their difference can even be negative).
 */
static long pinned_pages(void)
{
	long acq = -1, rel = -1, v;
	char name[64];
	FILE *f = fopen("/proc/sys/vm/stat_refresh", "w");

	if (!f)
		return -1;
	fputs("1\n", f);
	if (fclose(f))
		return -1;
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &v) == 2) {
		if (!strcmp(name, "nr_foll_pin_acquired"))
			acq = v;
		else if (!strcmp(name, "nr_foll_pin_released"))
			rel = v;
	}
	fclose(f);
	return acq < 0 || rel < 0 ? -1 : acq - rel;
}

/* Sessions, one per algorithm of the mix: 0, or -1. */
static int open_sessions(int fd, uint32_t *ses)
{
	unsigned int i;

	for (i = 0; i < NMIX; i++)
		if (dc_session(fd, dc_alg(mix[i]), key, mackey, &ses[i]))
			return -1;
	return 0;
}

/*
 * Job i: an algorithm of the mix, encrypt or decrypt, a length from 0
 * (hashes) or one block to MAXLEN, in place or not, at an odd offset or
 * not; its buffers random.
 */
static int job_init(struct job *j, unsigned int i, const uint32_t *ses,
		    unsigned int *seed)
{
	unsigned int m = rand_r(seed) % NMIX, bs;

	j->a = dc_alg(mix[m]);
	j->ses = ses[m];
	bs = j->a->blocksize ? j->a->blocksize : 1;
	j->encrypt = !j->a->cipher || rand_r(seed) % 2;
	j->len = i % 4 == 0 ? rand_r(seed) % 64 : rand_r(seed) % MAXLEN;
	j->len -= j->len % bs;
	if (j->a->cipher && !j->len)
		j->len = bs;
	j->src = malloc(MAXLEN + 64);
	j->dst = rand_r(seed) % 2 ? j->src : malloc(MAXLEN + 64);
	if (!j->src || !j->dst)
		return -1;
	fill_random(j->src, MAXLEN + 64, seed);
	fill_random(j->iv, sizeof(j->iv), seed);
	if (rand_r(seed) % 2) {
		j->src += 3;
		if (j->dst != j->src - 3)
			j->dst += 5;
		else
			j->dst = j->src;
	}
	return 0;
}

static int submit(int fd, struct job *j)
{
	struct crypt_op cop = {
		.ses = j->ses, .op = j->encrypt ? COP_ENCRYPT : COP_DECRYPT,
		.len = j->len, .src = j->src, .dst = j->a->cipher ? j->dst : NULL,
		.mac = j->a->mac ? j->mac : NULL,
		.iv = j->a->ivsize ? j->iv : NULL,
	};

	return ioctl(fd, CIOCASYNCCRYPT, &cop);
}

/* Which job a fetched crypt_op is: by its src, unique to it. */
static struct job *job_of(struct job *jobs, int n, const struct crypt_op *c)
{
	int i;

	for (i = 0; i < n; i++)
		if (jobs[i].src == c->src && !jobs[i].fetched)
			return &jobs[i];
	return NULL;
}

FIXTURE(async) {
	int fd;
	uint32_t ses[NMIX];
	struct job *jobs;
	uint8_t **src0, **dst0;	/* the job buffers, as malloc'd */
	uint8_t **copy;		/* each job's input, for the reference */
};

FIXTURE_SETUP(async)
{
	unsigned int i;

	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	for (i = 0; i < NMIX; i++)
		ASSERT_TRUE(dc_alg(mix[i]) && ref_has(dc_alg(mix[i])));
	self->jobs = calloc(JOBS, sizeof(*self->jobs));
	ASSERT_TRUE(self->jobs != NULL);
	dc_param_write("async_max", 64);	/* the default */
}

FIXTURE_TEARDOWN(async)
{
	dc_param_write("async_max", 64);
	if (self->fd >= 0)
		close(self->fd);
}

/* Wait up to LIVENESS seconds for fd to be readable; its revents. */
static short wait_in(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, LIVENESS * 1000) <= 0)
		return 0;
	return p.revents;
}

/*
 * 256 jobs of mixed algorithms and sizes, submitted before any is
 * fetched: all are taken (async_max=256), the 257th is EBUSY, poll says
 * no slot is free; then each is fetched when poll says so, and its
 * output, IV and digest are OpenSSL's.
 */
TEST_F_TIMEOUT(async, many_in_flight_each_checked, 600)
{
	unsigned int seed = 9, i, n = 0;
	uint8_t *in[JOBS], *out, mac[64];
	int r;
	struct pollfd p = { .fd = self->fd, .events = POLLIN | POLLOUT };
	struct crypt_op c;
	struct job extra;
	struct job *j;

	EXPECT_EQ(dc_param_write("async_max", JOBS), 0);
	ASSERT_EQ(open_sessions(self->fd, self->ses), 0);
	for (i = 0; i < JOBS; i++) {
		ASSERT_EQ(job_init(&self->jobs[i], i, self->ses, &seed), 0);
		in[i] = malloc(MAXLEN);
		ASSERT_TRUE(in[i] != NULL);
		memcpy(in[i], self->jobs[i].src, self->jobs[i].len);
	}
	ASSERT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents, POLLOUT);	/* nothing to fetch yet */
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCFETCH, &c), EBUSY);

	for (i = 0; i < JOBS; i++) {
		r = submit(self->fd, &self->jobs[i]);
		if (r)
			TH_LOG("submit %u: %s", i, strerror(errno));
		ASSERT_EQ(r, 0);
	}
	extra = self->jobs[0];
	EXPECT_ERRNO(submit(self->fd, &extra), EBUSY);
	p.revents = 0;
	poll(&p, 1, 0);
	EXPECT_FALSE(p.revents & POLLOUT);

	out = malloc(MAXLEN);
	ASSERT_TRUE(out != NULL);
	while (n < JOBS) {
		ASSERT_TRUE(wait_in(self->fd) & POLLIN);
		memset(&c, 0, sizeof(c));
		ASSERT_EQ(ioctl(self->fd, CIOCASYNCFETCH, &c), 0);
		j = job_of(self->jobs, JOBS, &c);
		ASSERT_TRUE(j != NULL);
		i = j - self->jobs;
		j->fetched = true;
		n++;
		EXPECT_EQ(c.ses, j->ses);
		EXPECT_EQ(c.len, j->len);
		ASSERT_EQ(ref_crypt(j->a, key, mackey, j->iv, in[i], j->len,
				    out, mac, j->encrypt), 0);
		if (j->a->cipher)
			EXPECT_EQ(memcmp(j->dst, out, j->len), 0);
		if (j->a->mac)
			EXPECT_EQ(memcmp(j->mac, mac, j->a->digestsize), 0);
	}
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCFETCH, &c), EBUSY);
	p.revents = 0;
	EXPECT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents, POLLOUT);
}

/*
 * The same sessions, synchronous and asynchronous, give the same
 * answer; COP_FLAG_WRITE_IV writes the IV at fetch time.
 */
TEST_F(async, write_iv_at_fetch)
{
	const struct dc_alg *a = dc_alg("AES-128-CBC");
	uint8_t src[64], dst[64], ref[64], iv[16], iv2[16];
	struct crypt_op c = { 0 };
	unsigned int seed = 3;
	uint32_t ses;

	ASSERT_EQ(dc_session(self->fd, a, key, NULL, &ses), 0);
	fill_random(src, sizeof(src), &seed);
	fill_random(iv, sizeof(iv), &seed);
	memcpy(iv2, iv, sizeof(iv));
	ASSERT_EQ(dc_crypt(self->fd, ses, COP_ENCRYPT, COP_FLAG_WRITE_IV, src,
			   ref, sizeof(src), iv2, NULL), 0);
	c = (struct crypt_op){ .ses = ses, .op = COP_ENCRYPT,
			       .flags = COP_FLAG_WRITE_IV, .len = sizeof(src),
			       .src = src, .dst = dst, .iv = iv };
	ASSERT_EQ(ioctl(self->fd, CIOCASYNCCRYPT, &c), 0);
	ASSERT_TRUE(wait_in(self->fd) & POLLIN);
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(ioctl(self->fd, CIOCASYNCFETCH, &c), 0);
	EXPECT_EQ(c.src, src);
	EXPECT_EQ(memcmp(dst, ref, sizeof(dst)), 0);
	EXPECT_EQ(memcmp(iv, iv2, sizeof(iv)), 0);
}

/*
 * cryptodev-linux's errnos: COP_FLAG_NO_ZC and an unknown session are
 * EINVAL at submit; with no slot left EBUSY (64 by default); with
 * nothing answered the fetch is EBUSY; what the operation finds wrong
 * (a length that is not whole blocks, an unmapped buffer) is the errno
 * of its fetch, which still writes the job's crypt_op back.
 */
TEST_F(async, errnos)
{
	const struct dc_alg *a = dc_alg("AES-128-CBC");
	uint8_t buf[64] = { 0 }, iv[16] = { 0 };
	struct crypt_op c = { .op = COP_ENCRYPT, .len = 16, .src = buf,
			      .dst = buf, .iv = iv };
	uint32_t ses;
	int i;

	ASSERT_EQ(dc_session(self->fd, a, key, NULL, &ses), 0);
	c.ses = ses;
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCFETCH, &c), EBUSY);
	c.flags = COP_FLAG_NO_ZC;
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCCRYPT, &c), EINVAL);
	c.flags = 0;
	c.ses ^= 1;
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCCRYPT, &c), EINVAL);
	c.ses ^= 1;

	c.len = 15;
	ASSERT_EQ(ioctl(self->fd, CIOCASYNCCRYPT, &c), 0);
	ASSERT_TRUE(wait_in(self->fd) & POLLIN);
	memset(&c, 0, sizeof(c));
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCFETCH, &c), EINVAL);
	EXPECT_EQ(c.len, 15);	/* which job failed */
	EXPECT_TRUE(c.src == buf);

	/* An unmapped buffer: found when the job is built, so at fetch. */
	c = (struct crypt_op){ .ses = ses, .op = COP_ENCRYPT, .len = 16,
			       .src = (uint8_t *)1, .dst = buf, .iv = iv };
	ASSERT_EQ(ioctl(self->fd, CIOCASYNCCRYPT, &c), 0);
	ASSERT_TRUE(wait_in(self->fd) & POLLIN);
	memset(&c, 0, sizeof(c));
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCFETCH, &c), EFAULT);
	EXPECT_TRUE(c.src == (uint8_t *)1);

	c = (struct crypt_op){ .ses = ses, .op = COP_ENCRYPT, .len = 16,
			       .src = buf, .dst = buf, .iv = iv };
	for (i = 0; i < 64; i++)
		ASSERT_EQ(ioctl(self->fd, CIOCASYNCCRYPT, &c), 0);
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCCRYPT, &c), EBUSY);
	for (i = 0; i < 64; i++) {
		ASSERT_TRUE(wait_in(self->fd) & POLLIN);
		ASSERT_EQ(ioctl(self->fd, CIOCASYNCFETCH, &c), 0);
	}
	EXPECT_ERRNO(ioctl(self->fd, CIOCASYNCFETCH, &c), EBUSY);
}

/*
 * A child submits JOBS jobs (buffers of up to 64 KiB, and every other
 * one a SHA-512 of 1 MiB, all pinned) and is killed halfway through,
 * or closes its file once all are submitted.  The pages still pinned
 * just after a close are those of the jobs on the rings: the log shows
 * them.
 */
static void __attribute__((noreturn)) child_run(int wfd, bool kill_me)
{
	struct job *jobs = calloc(JOBS, sizeof(*jobs));
	uint8_t *heavy = malloc(HEAVY);
	unsigned int seed = 77, i;
	uint32_t ses[NMIX];
	int fd = dc_open();

	if (fd < 0 || !jobs || open_sessions(fd, ses) || !heavy)
		_exit(1);
	fill_random(heavy, HEAVY, &seed);
	for (i = 0; i < JOBS; i++) {
		if (job_init(&jobs[i], i, ses, &seed))
			_exit(2);
		/* Every other job: SHA-512 of a shared 1 MiB, to be slow. */
		if (i % 2) {
			jobs[i].a = dc_alg(mix[6]);	/* sha512 */
			jobs[i].ses = ses[6];
			jobs[i].src = heavy;
			jobs[i].len = HEAVY;
		}
		if (submit(fd, &jobs[i]))
			_exit(3);
		/* To be killed: while it still submits, jobs on the rings. */
		if (kill_me && i == JOBS / 2 && write(wfd, "x", 1) != 1)
			_exit(4);
	}
	if (!kill_me)
		close(fd);
	if (!kill_me && write(wfd, "x", 1) != 1)
		_exit(4);
	for (;;)
		pause();
}

/* Every device session free again within LIVENESS: 1, else 0. */
static int all_sessions_come_back(void)
{
	const struct dc_alg *a = dc_alg("AES-128-CBC");
	uint32_t ids[DEV_SESSIONS];
	int i, n = 0, fd, tries;

	for (tries = 0; tries < LIVENESS * 10; tries++) {
		fd = dc_open();
		if (fd < 0)
			return 0;
		for (n = 0; n < DEV_SESSIONS; n++)
			if (dc_session(fd, a, key, NULL, &ids[n]))
				break;
		for (i = 0; i < n; i++)
			dc_free(fd, ids[i]);
		close(fd);
		if (n == DEV_SESSIONS)
			return 1;
		msleep(100);
	}
	TH_LOG("only %d of %d device sessions came back", n, DEV_SESSIONS);
	return 0;
}

/* No page pinned beyond base within LIVENESS: 1, else 0. */
static int pins_come_back(long base)
{
	long now = -1;
	int tries;

	for (tries = 0; tries < LIVENESS * 10; tries++) {
		now = pinned_pages();
		if (now == base)
			return 1;
		msleep(100);
	}
	TH_LOG("%ld pages still pinned (%ld before)", now, base);
	return 0;
}

static void killed_or_closed(FIXTURE_DATA(async) *self,
			     struct __test_metadata *_metadata, bool kill_me)
{
	int round, status, p[2];
	long base;
	pid_t pid;
	char x;

	EXPECT_EQ(dc_param_write("async_max", JOBS), 0);
	base = pinned_pages();
	ASSERT_GE(base, 0);
	for (round = 0; round < 3; round++) {
		ASSERT_EQ(pipe(p), 0);
		fflush(stdout);
		pid = fork();
		ASSERT_GE(pid, 0);
		if (pid == 0) {
			close(p[0]);
			child_run(p[1], kill_me);
		}
		close(p[1]);
		if (read(p[0], &x, 1) != 1)
			TH_LOG("the child failed to submit its jobs");
		ASSERT_EQ(waitpid(pid, &status, WNOHANG), 0);
		close(p[0]);
		TH_LOG("round %d: %ld pages pinned at the kill", round,
		       pinned_pages() - base);
		kill(pid, SIGKILL);
		ASSERT_EQ(waitpid(pid, &status, 0), pid);
		ASSERT_TRUE(WIFSIGNALED(status));
	}
	EXPECT_TRUE(pins_come_back(base));
	EXPECT_TRUE(all_sessions_come_back());

	/* Nothing holds the module: refcount 0, rmmod and load again. */
	close(self->fd);
	self->fd = -1;
	EXPECT_EQ(read_long("/sys/module/" MODNAME "/refcnt"), 0);
	ASSERT_EQ(dc_module_unload(), 0);
	ASSERT_EQ(dc_module_load(), 0);
	for (round = 0; round < 100 && self->fd < 0; round++) {
		self->fd = dc_open();
		if (self->fd < 0)
			msleep(50);
	}
	ASSERT_GE(self->fd, 0);
}

TEST_F_TIMEOUT(async, killed_with_jobs_in_flight, 900)
{
	killed_or_closed(self, _metadata, true);
}

TEST_F_TIMEOUT(async, closed_with_jobs_in_flight, 900)
{
	killed_or_closed(self, _metadata, false);
}

TEST_HARNESS_MAIN
