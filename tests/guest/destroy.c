// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A DESTROY that never reached the device must not leak the device
 * session.  The device has max-sessions=8 (destroy.t), and the driver's
 * test knob fail_destroy makes the next N destroys fail to allocate
 * their request, as a kernel short of memory would.  The driver retries
 * them from a worker: soon every one of the 8 device sessions is free
 * again.  Without the retry the device stays full (ENOSPC) for good.
 */
#include <sys/ioctl.h>
#include <time.h>

#include "dc.h"
#include "harness.h"

#define PARAM "fail_destroy"
#define DEV_SESSIONS 8

static const uint8_t key[16] = "0123456789abcdef";

/* Make n sessions on fd; how many were made before the first failure. */
static int fill(int fd, uint32_t *ids, int n)
{
	const struct dc_alg *a = dc_alg("AES-128-CBC");
	int i;

	for (i = 0; i < n; i++)
		if (dc_session(fd, a, key, NULL, &ids[i]))
			break;
	return i;
}

/*
 * Wait (up to 40 s, polling) until a new file can take every device
 * session again; then the leak test has passed.  1 on success.
 */
static int all_sessions_come_back(void)
{
	uint32_t ids[DEV_SESSIONS];
	int i, n, fd, tries;

	for (tries = 0; tries < 400; tries++) {
		fd = dc_open();
		if (fd < 0)
			return 0;
		n = fill(fd, ids, DEV_SESSIONS);
		for (i = 0; i < n; i++)
			dc_free(fd, ids[i]);
		close(fd);
		if (n == DEV_SESSIONS)
			return 1;
		usleep(100 * 1000);
	}
	fprintf(stderr, "# only %d of %d device sessions came back\n", n,
		DEV_SESSIONS);
	return 0;
}

FIXTURE(destroy) {
	int fd;
	uint32_t ids[DEV_SESSIONS];
};

FIXTURE_SETUP(destroy)
{
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_param_read(PARAM), 0);
	ASSERT_EQ(fill(self->fd, self->ids, DEV_SESSIONS), DEV_SESSIONS);
}

FIXTURE_TEARDOWN(destroy)
{
	dc_param_write(PARAM, 0);
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(destroy, device_is_full)
{
	uint32_t id;

	EXPECT_ERRNO(dc_session(self->fd, dc_alg("AES-128-CBC"), key, NULL,
				&id), ENOSPC);
}

TEST_F_TIMEOUT(destroy, dropped_on_close_is_retried, 90)
{
	ASSERT_EQ(dc_param_write(PARAM, DEV_SESSIONS), 0);
	close(self->fd);
	self->fd = -1;
	/* Every destroy failed once: the faults were all used. */
	EXPECT_EQ(dc_param_read(PARAM), 0);
	EXPECT_TRUE(all_sessions_come_back());
}

TEST_F_TIMEOUT(destroy, dropped_on_fsession_is_retried, 90)
{
	int i;

	ASSERT_EQ(dc_param_write(PARAM, DEV_SESSIONS), 0);
	for (i = 0; i < DEV_SESSIONS; i++)
		EXPECT_EQ(dc_free(self->fd, self->ids[i]), 0);
	EXPECT_EQ(dc_param_read(PARAM), 0);
	EXPECT_TRUE(all_sessions_come_back());
}

TEST_F_TIMEOUT(destroy, retries_outlast_a_longer_shortage, 90)
{
	/* More faults than destroys: the first retries fail too. */
	ASSERT_EQ(dc_param_write(PARAM, 1000), 0);
	close(self->fd);
	self->fd = -1;
	dc_param_write(PARAM, 0);
	EXPECT_TRUE(all_sessions_come_back());
}

TEST_HARNESS_MAIN
