// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The driver against the failures a review found (issue 8): session
 * creates killed while they wait for ring space, an indirect descriptor
 * table that cannot be allocated, and a device that answers with a used
 * length shorter than the writable part.  They use the module's test
 * knob fault_inject (driver/request.c), which the tests set and clear.
 *
 * Needs root (module parameters, /proc/self/pagemap, rmmod).  The module
 * is reloaded from $VCD_KO, else /lib/modules/$(uname -r)/extra/.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "dc.h"
#include "harness.h"

#define FAULT_INDIRECT	1
#define FAULT_SHORT	2
#define FAULT_RING_FULL	4
#define PAGE		4096UL
#define MIB		(1UL << 20)
#define HUGE		(2UL << 20)
#define CREATORS	200
#define LIVENESS	120	/* seconds a request or rmmod may take */

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Wait for pid up to secs seconds: its status, or -1 if it still runs. */
static int wait_bounded(pid_t pid, int secs)
{
	int status, i;

	for (i = 0; i < secs * 10; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		msleep(100);
	}
	return -1;
}

FIXTURE(harden) {
	int fd;
	long fault, zc;		/* the parameters before the test */
	uint32_t cbc;
	uint8_t key[16], iv[16];
	unsigned int seed;
};

FIXTURE_SETUP(harden)
{
	if (geteuid() != 0 && !dc_required())
		SKIP(return, "needs root");
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	self->fault = dc_param_read("fault_inject");
	self->zc = dc_param_read("zerocopy_min");
	ASSERT_GE(self->fault, 0);
	ASSERT_GE(self->zc, 0);
	self->seed = 8;
	fill_random(self->key, sizeof(self->key), &self->seed);
	fill_random(self->iv, sizeof(self->iv), &self->seed);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key, NULL,
			     &self->cbc), 0);
}

FIXTURE_TEARDOWN(harden)
{
	if (self->fault >= 0)
		dc_param_write("fault_inject", self->fault);
	if (self->zc >= 0)
		dc_param_write("zerocopy_min", self->zc);
	if (self->fd >= 0)
		close(self->fd);
}

static int check_output(FIXTURE_DATA(harden) *self, const uint8_t *src,
			const uint8_t *dst, size_t len)
{
	uint8_t *ref = malloc(len);
	int r;

	if (!ref)
		return -1;
	r = ref_crypt(dc_alg("AES-128-CBC"), self->key, NULL, self->iv, src,
		      len, ref, NULL, true) ?: memcmp(ref, dst, len) ? -1 : 0;
	free(ref);
	return r;
}

struct crypt_job {
	FIXTURE_DATA(harden) *self;
	const void *src;
	void *dst;
	uint32_t len;
	int result;
	volatile int done;
};

static void *crypt_thread(void *arg)
{
	struct crypt_job *j = arg;
	uint8_t iv[16];

	memcpy(iv, j->self->iv, sizeof(iv));
	if (dc_crypt(j->self->fd, j->self->cbc, COP_ENCRYPT, 0, j->src,
		     j->dst, j->len, iv, NULL))
		j->result = errno ? errno : 255;
	else
		j->result = check_output(j->self, j->src, j->dst, j->len) ?
			    200 : 0;
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * One AES-128-CBC encryption of len bytes from src to dst, with the fault
 * knob set to fault: 0 when it succeeded and dst matches OpenSSL, 200
 * when dst does not, else the errno.  It runs in a thread (a child would
 * see copies of the pages: pinning breaks copy-on-write) while this one
 * watches: if it has not finished after LIVENESS seconds the knob is
 * cleared, so that a spinning submitter can get out, and -1 is returned.
 */
static int crypt_watched(FIXTURE_DATA(harden) *self, long fault,
			  const void *src, void *dst, uint32_t len)
{
	struct crypt_job j = { self, src, dst, len, 0, 0 };
	pthread_t t;
	int i;

	if (dc_param_write("fault_inject", fault))
		return -2;
	if (pthread_create(&t, NULL, crypt_thread, &j)) {
		dc_param_write("fault_inject", 0);
		return -2;
	}
	for (i = 0; i < LIVENESS * 10; i++) {
		if (__atomic_load_n(&j.done, __ATOMIC_ACQUIRE))
			break;
		msleep(100);
	}
	dc_param_write("fault_inject", 0);
	pthread_join(t, NULL);
	if (i == LIVENESS * 10) {
		printf("#   the request neither completed nor failed in %d s\n",
		       LIVENESS);
		return -1;
	}
	return j.result;
}

/*
 * Anonymous memory of len bytes at a 2 MiB boundary: in huge pages, or
 * in small pages touched from the last to the first, which the page
 * allocator seldom hands out in ascending physical order.
 */
static uint8_t *map_aligned(size_t len, bool huge)
{
	uint8_t *p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *a;
	size_t i;

	if (p == MAP_FAILED)
		return NULL;
	a = (uint8_t *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));
	madvise(a, len, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	for (i = len / PAGE; i-- > 0;)
		a[i * PAGE] = 0x5a;
	return a;
}

/* How many runs of physically contiguous pages back len bytes at p. */
static int phys_runs(const void *p, size_t len)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	uint64_t e, prev = 0;
	int runs = 0;
	size_t i;

	for (i = 0; fd >= 0 && i < len / PAGE; i++) {
		off_t off = ((uintptr_t)p / PAGE + i) * sizeof(e);

		if (pread(fd, &e, sizeof(e), off) != sizeof(e))
			break;
		e &= (1ULL << 55) - 1;
		runs += !i || e != prev + 1;
		prev = e;
	}
	if (fd >= 0)
		close(fd);
	return runs;
}

#define THP "/sys/kernel/mm/transparent_hugepage/"

/* Write s to a sysfs file; 0 or -1. */
static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* Are the len bytes at p backed by physically contiguous pages? */
static bool phys_contiguous(struct __test_metadata *_metadata, const void *p,
			    size_t len)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	uint64_t e, first = 0;
	size_t i;
	bool ok = fd >= 0;

	for (i = 0; ok && i < len / PAGE; i++) {
		off_t off = ((uintptr_t)p / PAGE + i) * sizeof(e);

		ok = pread(fd, &e, sizeof(e), off) == sizeof(e) &&
		     (e >> 63) && (e & ((1ULL << 55) - 1));
		e &= (1ULL << 55) - 1;
		if (ok && i == 0)
			first = e;
		ok = ok && e == first + i;
		if (!ok)
			TH_LOG("page %zu: pagemap %#llx, first pfn %#llx", i,
			       (unsigned long long)e,
			       (unsigned long long)first);
	}
	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * Indirect tables that cannot be allocated, on a request of 1 MiB pinned
 * page by page (about 520 descriptors, more than the ring holds): the
 * driver must not spin, and the request completes or fails with ENOMEM.
 * A smaller one (fits in the ring as direct descriptors) completes.
 */
TEST_F_TIMEOUT(harden, no_indirect_table_large_request, 600)
{
	uint8_t *src = map_aligned(MIB, false), *dst = map_aligned(MIB, false);
	int r;

	ASSERT_TRUE(src && dst);
	fill_random(src, MIB, &self->seed);
	ASSERT_EQ(dc_param_write("zerocopy_min", 1), 0);

	r = crypt_watched(self, FAULT_INDIRECT, src, dst, MIB);
	TH_LOG("1 MiB in %d + %d physical runs without indirect tables: %s",
	       phys_runs(src, MIB), phys_runs(dst, MIB),
	       r == 0 ? "completed" : r > 0 ? strerror(r) : "hung");
	if (r != 0)
		EXPECT_EQ(r, ENOMEM);

	EXPECT_EQ(crypt_watched(self, FAULT_INDIRECT, src, dst, 64 * 1024),
		  0);
	/* And the device still works normally afterwards. */
	EXPECT_EQ(crypt_watched(self, 0, src, dst, MIB), 0);
}

/*
 * Physically contiguous pages (a transparent huge page) take one
 * descriptor, so 1 MiB in and 1 MiB out fit in the ring even without an
 * indirect table, and the request completes.
 */
TEST_F_TIMEOUT(harden, contiguous_pages_share_a_descriptor, 600)
{
	uint8_t *buf;
	int r;

	/* Guests under 512 MiB boot with huge pages off: ask for them. */
	write_str(THP "enabled", "madvise");
	write_str(THP "defrag", "madvise");
	buf = map_aligned(HUGE, true);
	ASSERT_TRUE(buf != NULL);
	if (!phys_contiguous(_metadata, buf, HUGE))
		SKIP(return, "no transparent huge page for the buffers");
	fill_random(buf, MIB, &self->seed);
	ASSERT_EQ(dc_param_write("zerocopy_min", 1), 0);

	r = crypt_watched(self, FAULT_INDIRECT, buf, buf + MIB, MIB);
	TH_LOG("1 MiB in a huge page without indirect tables: %s",
	       r == 0 ? "completed" : r > 0 ? strerror(r) : "hung");
	EXPECT_EQ(r, 0);
}

/*
 * A used length shorter than the writable part: the device did not say
 * it wrote the response, so the answer is EIO, on both data paths and
 * on the control queue, and the next request works.
 */
TEST_F(harden, short_used_length_is_eio)
{
	static uint8_t src[8192], dst[8192];
	uint32_t ses;
	int r;

	fill_random(src, sizeof(src), &self->seed);
	memset(dst, 0, sizeof(dst));
	ASSERT_EQ(dc_param_write("zerocopy_min", 0), 0);
	r = crypt_watched(self, FAULT_SHORT, src, dst, 64);
	EXPECT_EQ(r, EIO);
	ASSERT_EQ(dc_param_write("zerocopy_min", 1), 0);
	r = crypt_watched(self, FAULT_SHORT, src, dst, sizeof(src));
	EXPECT_EQ(r, EIO);

	ASSERT_EQ(dc_param_write("fault_inject", FAULT_SHORT), 0);
	EXPECT_ERRNO(dc_session(self->fd, dc_alg("sha256"), NULL, NULL, &ses),
		     EIO);
	ASSERT_EQ(dc_param_write("fault_inject", 0), 0);

	EXPECT_EQ(crypt_watched(self, 0, src, dst, sizeof(src)), 0);
}

/* The state letter of thread tid of this process (R, S, D...); 0 if none. */
static char thread_state(pid_t tid)
{
	char path[64], buf[256], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

struct waiter {
	struct crypt_job j;
	volatile pid_t tid;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;

	w->tid = (pid_t)syscall(SYS_gettid);
	return crypt_thread(&w->j);
}

/*
 * A request that finds the rings full sleeps (killably) until there is
 * room, then goes on to the device: once room is back it succeeds, with
 * OpenSSL's output, instead of failing with ENOSPC.  The rings are made
 * to look full (fault_inject bit 2) until the waiter sleeps; then a
 * second request, sent with the knob cleared, frees its slot and wakes
 * it.
 */
TEST_F_TIMEOUT(harden, ring_full_waits_then_succeeds, 300)
{
	static uint8_t src[64], dst[64], dst2[64];
	struct waiter w = { { self, src, dst, sizeof(src), 0, 0 }, 0 };
	uint8_t iv[16];
	pthread_t t;
	int i, asleep = 0;

	fill_random(src, sizeof(src), &self->seed);
	ASSERT_EQ(dc_param_write("zerocopy_min", 0), 0);
	ASSERT_EQ(dc_param_write("fault_inject", FAULT_RING_FULL), 0);
	ASSERT_EQ(pthread_create(&t, NULL, waiter_thread, &w), 0);
	/* Asleep in the driver: D (killable) three looks in a row. */
	for (i = 0; i < LIVENESS * 10 && asleep < 3 && !w.j.done; i++) {
		msleep(100);
		asleep = w.tid && thread_state(w.tid) == 'D' ? asleep + 1 : 0;
	}
	ASSERT_EQ(dc_param_write("fault_inject", 0), 0);
	EXPECT_EQ(asleep, 3);
	memcpy(iv, self->iv, sizeof(iv));
	EXPECT_EQ(dc_crypt(self->fd, self->cbc, COP_ENCRYPT, 0, src, dst2,
			   sizeof(src), iv, NULL), 0);
	for (i = 0; i < LIVENESS * 10 && !w.j.done; i++)
		msleep(100);
	ASSERT_TRUE(w.j.done);
	pthread_join(t, NULL);
	EXPECT_EQ(w.j.result, 0);
	EXPECT_EQ(check_output(self, src, dst2, sizeof(src)), 0);
}

/* The creators: every thread creates and frees sessions until killed. */
static int creator_fd;
static const uint8_t creator_key[16];

static void *creator(void *arg)
{
	uint32_t ses;

	for (;;)
		if (!dc_session(creator_fd, dc_alg("AES-128-CBC"), creator_key,
				NULL, &ses))
			dc_free(creator_fd, ses);
	return NULL;
}

static void __attribute__((noreturn)) creators_run(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int i;

	creator_fd = dc_open();
	if (creator_fd < 0)
		_exit(1);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < CREATORS; i++)
		if (pthread_create(&t, &attr, creator, NULL))
			_exit(2);
	for (;;)
		pause();
}

/*
 * 200 threads create sessions at once (more than the control queue's
 * 128 slots, so some may wait for ring space) and are killed, a few
 * times over; every other round with the rings made to look full
 * (fault_inject bit 2), so that all of them are killed while they wait
 * for room.  Then rmmod must return, and the module loads and works.
 */
TEST_F_TIMEOUT(harden, killed_creates_then_rmmod, 600)
{
	int round, status;
	uint32_t ses;
	pid_t pid;

	close(self->fd);	/* an open file would pin the module */
	self->fd = -1;
	for (round = 0; round < 4; round++) {
		ASSERT_EQ(dc_param_write("fault_inject",
				      round & 1 ? FAULT_RING_FULL : 0), 0);
		fflush(stdout);
		pid = fork();
		ASSERT_GE(pid, 0);
		if (pid == 0)
			creators_run();
		msleep(1500);
		kill(pid, SIGKILL);
		ASSERT_EQ(waitpid(pid, &status, 0), pid);
		ASSERT_TRUE(WIFSIGNALED(status));
		ASSERT_EQ(dc_param_write("fault_inject", 0), 0);
	}

	fflush(stdout);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(dc_module_unload() ?
		      errno : 0);
	status = wait_bounded(pid, LIVENESS);
	if (status < 0)
		TH_LOG("rmmod did not return in %d s", LIVENESS);
	ASSERT_GE(status, 0);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);

	ASSERT_EQ(dc_module_load(), 0);
	/* The nodes come back through devtmpfs; give udev-less boot a try. */
	for (round = 0; round < 100 && self->fd < 0; round++) {
		self->fd = dc_open();
		if (self->fd < 0)
			msleep(50);
	}
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key, NULL,
			     &ses), 0);
	EXPECT_EQ(dc_free(self->fd, ses), 0);
}

TEST_HARNESS_MAIN
