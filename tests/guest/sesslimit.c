// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The per-file session limit (module parameter max_file_sessions,
 * default 256): one open file cannot take every session of the device.
 * The device here has max-sessions=1024 (the default), so only the
 * driver's limit can stop the 257th session.
 */
#include <sys/ioctl.h>

#include "dc.h"
#include "harness.h"

#define PARAM "max_file_sessions"

/* Sessions on fd until the first failure: how many were made. */
static int fill(int fd, uint32_t *ids, int max, int *err)
{
	const struct dc_alg *a = dc_alg("hmac(sha256)");
	uint8_t key[32];
	int n;

	memset(key, 0x5a, sizeof(key));
	*err = 0;
	for (n = 0; n < max; n++) {
		if (dc_session(fd, a, NULL, key, &ids[n])) {
			*err = errno;
			break;
		}
	}
	return n;
}

FIXTURE(limit) {
	int fd, fd2;
	int saved;
	uint32_t ids[300];
};

FIXTURE_SETUP(limit)
{
	self->fd2 = -1;
	self->saved = -1;
	self->fd = dc_open();
	if (self->fd < 0 && !dc_required())
		SKIP(return, "no %s", dc_path());
	ASSERT_GE(self->fd, 0);
	self->saved = dc_param_read(PARAM);
}

FIXTURE_TEARDOWN(limit)
{
	if (self->saved >= 0)
		dc_param_write(PARAM, self->saved);
	if (self->fd >= 0)
		close(self->fd);
	if (self->fd2 >= 0)
		close(self->fd2);
}

TEST_F(limit, default_is_256)
{
	EXPECT_EQ(dc_param_read(PARAM), 256);
}

TEST_F(limit, the_257th_session_gets_enospc)
{
	int err, n;

	n = fill(self->fd, self->ids, 300, &err);
	EXPECT_EQ(n, 256);
	EXPECT_EQ(err, ENOSPC);
}

TEST_F(limit, a_destroyed_session_frees_its_slot)
{
	int err, n;

	n = fill(self->fd, self->ids, 300, &err);
	ASSERT_EQ(n, 256);
	ASSERT_EQ(dc_free(self->fd, self->ids[7]), 0);
	n = fill(self->fd, self->ids + 7, 2, &err);
	EXPECT_EQ(n, 1);
	EXPECT_EQ(err, ENOSPC);
}

TEST_F(limit, each_file_has_its_own)
{
	int err, n;

	n = fill(self->fd, self->ids, 300, &err);
	ASSERT_EQ(n, 256);
	self->fd2 = dc_open();
	ASSERT_GE(self->fd2, 0);
	n = fill(self->fd2, self->ids, 10, &err);
	EXPECT_EQ(n, 10);
}

TEST_F(limit, crioget_shares_the_limit)
{
	int err, n, clone = -1;

	ASSERT_EQ(ioctl(self->fd, CRIOGET, &clone), 0);
	ASSERT_GE(clone, 0);
	n = fill(self->fd, self->ids, 200, &err);
	ASSERT_EQ(n, 200);
	n = fill(clone, self->ids + 200, 100, &err);
	EXPECT_EQ(n, 56);
	EXPECT_EQ(err, ENOSPC);
	close(clone);
}

TEST_F(limit, the_parameter_changes_it)
{
	int err, n;

	ASSERT_EQ(dc_param_write(PARAM, 5), 0);
	n = fill(self->fd, self->ids, 10, &err);
	EXPECT_EQ(n, 5);
	EXPECT_EQ(err, ENOSPC);
	ASSERT_EQ(dc_param_write(PARAM, 0), 0);
	self->fd2 = dc_open();
	ASSERT_GE(self->fd2, 0);
	n = fill(self->fd2, self->ids, 1, &err);
	EXPECT_EQ(n, 0);
	EXPECT_EQ(err, ENOSPC);
}

TEST_HARNESS_MAIN
