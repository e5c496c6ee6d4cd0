// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Removal with files open: unbind and rebind the device through sysfs,
 * and rmmod/insmod the module.  Nothing may oops (the harness reads the
 * kernel log after each test); calls on a file whose device went away
 * fail with ENODEV; the device comes back and works.  With a second
 * device (remove.t boots two), /dev/crypto moves to it.
 *
 * Needs root.  The module is reloaded from $VCD_KO, else from
 * /lib/modules/$(uname -r)/extra/virtio_cryptodev.ko.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "dc.h"
#include "harness.h"

#define DRV_DIR "/sys/bus/virtio/drivers/virtio_cryptodev"

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/* The node's name in /sys/class/misc: "crypto", "cryptodev1". */
static const char *node_name(void)
{
	const char *slash = strrchr(dc_path(), '/');

	return slash ? slash + 1 : dc_path();
}

/* The virtio device behind the node under test ("virtio3"), or -1. */
static int bound_device(char *name, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/class/misc/%s/device",
		 node_name());
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return -1;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return -1;
	strcpy(name, base);
	return 0;
}

/* A device bound to the driver other than dev ("virtio2"), or -1. */
static int other_device(const char *dev, char *other, size_t len)
{
	DIR *d = opendir(DRV_DIR);
	struct dirent *e;
	int r = -1;

	while (d && r && (e = readdir(d))) {
		if (strncmp(e->d_name, "virtio", 6) || !strcmp(e->d_name, dev) ||
		    strlen(e->d_name) >= len)
			continue;
		strcpy(other, e->d_name);
		r = 0;
	}
	if (d)
		closedir(d);
	return r;
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * Wait until the node can be opened again; make it from sysfs if no
 * devtmpfs does.  Returns an open fd or -1.
 */
static int reopen(void)
{
	unsigned int maj, min;
	char buf[PATH_MAX];
	int i, fd;

	for (i = 0; i < 100; i++) {
		fd = dc_open();
		if (fd >= 0)
			return fd;
		snprintf(buf, sizeof(buf), "/sys/class/misc/%s/dev",
			 node_name());
		fd = open(buf, O_RDONLY);
		if (fd >= 0) {
			ssize_t n = read(fd, buf, sizeof(buf) - 1);

			close(fd);
			buf[n > 0 ? n : 0] = '\0';
			if (sscanf(buf, "%u:%u", &maj, &min) == 2) {
				unlink(dc_path());
				mknod(dc_path(), S_IFCHR | 0666,
				      makedev(maj, min));
			}
		}
		msleep(50);
	}
	return -1;
}

FIXTURE(remove) {
	int fd;
	uint32_t ses;
	char dev[256];
	uint8_t key[16], buf[4096], out[4096], iv[16];
};

FIXTURE_SETUP(remove)
{
	if (geteuid() != 0 && !dc_required())
		SKIP(return, "needs root");
	if (access(DRV_DIR, F_OK) && dc_module_load() && !dc_required())
		SKIP(return, "module not loaded and not loadable");
	if (bound_device(self->dev, sizeof(self->dev)) && !dc_required())
		SKIP(return, "no virtio-cryptodev device");
	ASSERT_EQ(access(DRV_DIR, F_OK), 0);
	self->fd = reopen();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key, NULL,
			     &self->ses), 0);
}

FIXTURE_TEARDOWN(remove)
{
	if (self->fd >= 0)
		close(self->fd);
	/* Leave the device bound and the module loaded for the next. */
	if (access(DRV_DIR, F_OK))
		dc_module_load();
	if (self->dev[0] && access(DRV_DIR, F_OK) == 0) {
		char path[512];

		snprintf(path, sizeof(path), DRV_DIR "/%s", self->dev);
		if (access(path, F_OK))
			write_file(DRV_DIR "/bind", self->dev);
	}
}

static int do_crypt(int fd, uint32_t ses, uint8_t *buf, uint8_t *out,
		 uint8_t *iv, uint32_t len)
{
	return dc_crypt(fd, ses, COP_ENCRYPT, 0, buf, out, len, iv, NULL);
}

TEST_F(remove, unbind_rebind_with_file_open)
{
	uint32_t ses;
	int fd2;

	ASSERT_EQ(do_crypt(self->fd, self->ses, self->buf, self->out, self->iv,
			16), 0);
	ASSERT_EQ(write_file(DRV_DIR "/unbind", self->dev), 0);

	EXPECT_ERRNO(do_crypt(self->fd, self->ses, self->buf, self->out,
			   self->iv, 16), ENODEV);
	EXPECT_ERRNO(dc_session(self->fd, dc_alg("sha1"), NULL, NULL, &ses),
		     ENODEV);
	EXPECT_ERRNO(dc_free(self->fd, self->ses), ENODEV);

	ASSERT_EQ(write_file(DRV_DIR "/bind", self->dev), 0);
	fd2 = reopen();
	ASSERT_GE(fd2, 0);
	/* The old file stays dead; a new one works. */
	EXPECT_ERRNO(do_crypt(self->fd, self->ses, self->buf, self->out,
			   self->iv, 16), ENODEV);
	ASSERT_EQ(dc_session(fd2, dc_alg("AES-128-CBC"), self->key, NULL,
			     &ses), 0);
	EXPECT_EQ(do_crypt(fd2, ses, self->buf, self->out, self->iv, 16), 0);
	close(fd2);
}

/* Unbind while processes hammer the device: they end, nothing hangs. */
TEST_F_TIMEOUT(remove, unbind_with_requests_in_flight, 120)
{
	pid_t pids[4];
	int i, status, bad = 0;

	for (i = 0; i < 4; i++) {
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] == 0) {
			int fd = i & 1 ? self->fd : dc_open();
			uint32_t ses;

			if (fd < 0 || dc_session(fd, dc_alg("AES-128-CBC"),
						 self->key, NULL, &ses))
				_exit(errno == ENODEV ? 0 : 1);
			while (!do_crypt(fd, ses, self->buf, self->out, self->iv,
				      sizeof(self->buf)))
				;
			_exit(errno == ENODEV ? 0 : 2);
		}
	}
	msleep(300);
	ASSERT_EQ(write_file(DRV_DIR "/unbind", self->dev), 0);
	for (i = 0; i < 4; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("#   worker %d: status %#x\n", i, status);
			bad++;
		}
	}
	EXPECT_EQ(bad, 0);
	ASSERT_EQ(write_file(DRV_DIR "/bind", self->dev), 0);
	close(self->fd);
	self->fd = reopen();
	EXPECT_GE(self->fd, 0);
}

/*
 * Unbinding the device behind /dev/crypto hands the node to the next
 * device: open files stay dead, a new open works, and the first device
 * coming back does not take the node back.
 */
TEST_F(remove, crypto_node_moves_to_the_next_device)
{
	const struct dc_alg *a = dc_alg("AES-128-CBC");
	char other[256], now[256];
	uint8_t ref[16], iv[16];
	uint32_t ses;
	int fd2;

	if (other_device(self->dev, other, sizeof(other)) && !dc_required())
		SKIP(return, "one device: /dev/crypto has nowhere to go");
	ASSERT_EQ(other_device(self->dev, other, sizeof(other)), 0);
	ASSERT_EQ(ref_crypt(a, self->key, NULL, self->iv, self->buf, 16, ref,
			    NULL, true), 0);

	ASSERT_EQ(write_file(DRV_DIR "/unbind", self->dev), 0);
	EXPECT_ERRNO(do_crypt(self->fd, self->ses, self->buf, self->out,
			      self->iv, 16), ENODEV);
	fd2 = reopen();
	ASSERT_GE(fd2, 0);
	ASSERT_EQ(bound_device(now, sizeof(now)), 0);
	EXPECT_EQ(strcmp(now, other), 0);
	ASSERT_EQ(dc_session(fd2, a, self->key, NULL, &ses), 0);
	memcpy(iv, self->iv, sizeof(iv));
	EXPECT_EQ(do_crypt(fd2, ses, self->buf, self->out, iv, 16), 0);
	EXPECT_EQ(memcmp(self->out, ref, 16), 0);

	ASSERT_EQ(write_file(DRV_DIR "/bind", self->dev), 0);
	ASSERT_EQ(bound_device(now, sizeof(now)), 0);
	EXPECT_EQ(strcmp(now, other), 0);
	memcpy(iv, self->iv, sizeof(iv));
	EXPECT_EQ(do_crypt(fd2, ses, self->buf, self->out, iv, 16), 0);
	EXPECT_EQ(memcmp(self->out, ref, 16), 0);
	close(fd2);
}

TEST_F(remove, rmmod_insmod_with_file_open)
{
	uint32_t ses;

	/* An open file pins the module. */
	EXPECT_ERRNO(dc_module_unload(), EWOULDBLOCK);
	EXPECT_EQ(do_crypt(self->fd, self->ses, self->buf, self->out, self->iv,
			16), 0);

	/* Unbound, the file is dead but still pins the module. */
	ASSERT_EQ(write_file(DRV_DIR "/unbind", self->dev), 0);
	EXPECT_ERRNO(dc_module_unload(), EWOULDBLOCK);
	EXPECT_ERRNO(do_crypt(self->fd, self->ses, self->buf, self->out,
			   self->iv, 16), ENODEV);

	close(self->fd);
	self->fd = -1;
	ASSERT_EQ(dc_module_unload(), 0);
	EXPECT_NE(access(DRV_DIR, F_OK), 0);
	ASSERT_EQ(dc_module_load(), 0);
	self->fd = reopen();
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(dc_session(self->fd, dc_alg("AES-128-CBC"), self->key, NULL,
			     &ses), 0);
	EXPECT_EQ(do_crypt(self->fd, ses, self->buf, self->out, self->iv, 16), 0);
}

TEST_HARNESS_MAIN
