// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The runner behind harness.h: registration, one child per test with a
 * timeout, the kernel-log check, and TAP output.
 */
#include "harness.h"

static struct __test_metadata *tests_head, **tests_tail = &tests_head;
static struct __variant no_variant = { .name = NULL };
static volatile sig_atomic_t timed_out;

void __harness_register(struct __test_metadata *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

void __harness_add_variant(struct __fixture *f, struct __variant *v)
{
	struct __variant **p = &f->variants;

	while (*p)
		p = &(*p)->next;
	*p = v;
}

void __harness_fail(struct __test_metadata *m, const char *file, int line,
		    const char *expr, long long a, long long b)
{
	printf("#   %s:%d: expected %s (%lld vs %lld)\n", file, line, expr,
	       a, b);
	fflush(stdout);
	m->result->failed = 1;
}

void __harness_skip(struct __test_metadata *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->result->skip_reason, sizeof(m->result->skip_reason),
		  fmt, ap);
	va_end(ap);
	m->result->skipped = 1;
}

void __harness_abort(struct __test_metadata *m)
{
	fflush(stdout);
	_exit(1);
}

/* Skip to the end of the kernel log; -1 when there is none to read. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * A record is "prio,seq,usec,flags;text".  Bad: any WARNING/BUG/oops,
 * or a line at level err or worse from our driver.
 */
static bool kmsg_bad(const char *rec)
{
	static const char *const always[] = {
		"WARNING:", "BUG:", "Oops", "general protection",
		"Call Trace", "kernel panic", "list_add corruption",
		"list_del corruption", "refcount_t:", "UBSAN:", "KASAN:",
	};
	const char *text = strchr(rec, ';');
	int prio = atoi(rec) & 7;
	size_t i;

	if (!text)
		return false;
	for (i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (strstr(text, always[i]))
			return true;
	return prio <= 3 && (strstr(text, "virtio_cryptodev") ||
			     strstr(text, "virtio-cryptodev"));
}

/* Read what the test added to the kernel log; count the bad lines. */
static int kmsg_check(int fd)
{
	char rec[2048];
	int bad = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (kmsg_bad(rec)) {
			rec[strcspn(rec, "\n")] = '\0';
			printf("#   kernel log: %s\n", rec);
			bad++;
		}
	}
	return bad;
}

static void on_alarm(int sig)
{
	timed_out = 1;
}

static int wait_child(pid_t pid, int timeout)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int status = 0;

	timed_out = 0;
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: waitpid wakes */
	alarm(timeout);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
		if (timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
	}
	alarm(0);
	/* Reap whatever the test left behind in its group. */
	kill(-pid, SIGKILL);
	return status;
}

static bool selected(const char *full, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (strstr(full, argv[i]))
			return true;
	return false;
}

/* Run one test in its own child; print its TAP line. */
static bool run_one(struct __test_metadata *t, struct __variant *v, int num,
		    const char *full)
{
	struct __test_result *res = t->result;
	int kfd, status, bad;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	kfd = kmsg_open();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		alarm(0);
		t->run(t, v->data);
		fflush(stdout);
		_exit(res->failed ? 1 :
		      res->skipped ? HARNESS_EXIT_SKIP : 0);
	}
	if (pid < 0) {
		printf("not ok %d %s # fork: %s\n", num, full, strerror(errno));
		return false;
	}
	status = wait_child(pid, t->timeout);
	bad = kmsg_check(kfd);
	if (kfd >= 0)
		close(kfd);

	if (timed_out) {
		printf("#   timed out after %d s\n", t->timeout);
	} else if (WIFSIGNALED(status)) {
		printf("#   killed by signal %d\n", WTERMSIG(status));
	} else if (WEXITSTATUS(status) == HARNESS_EXIT_SKIP && !bad) {
		printf("ok %d %s # SKIP %s\n", num, full, res->skip_reason);
		return true;
	} else if (WEXITSTATUS(status) == 0 && !bad) {
		printf("ok %d %s\n", num, full);
		return true;
	}
	printf("not ok %d %s\n", num, full);
	return false;
}

static void full_name(char *buf, size_t len, struct __test_metadata *t,
		      struct __variant *v)
{
	if (v->name)
		snprintf(buf, len, "%s.%s.%s", t->fixture->name, v->name,
			 t->name);
	else
		snprintf(buf, len, "%s.%s", t->fixture->name, t->name);
}

#define FOR_EACH_RUN(t, v)						\
	for (t = tests_head; t; t = t->next)				\
		for (v = t->fixture->variants ?: &no_variant; v;	\
		     v = v == &no_variant ? NULL : v->next)

int __harness_main(int argc, char **argv)
{
	struct __test_result *res;
	struct __test_metadata *t;
	struct __variant *v;
	int total = 0, num = 0, failed = 0;
	char full[256];

	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	FOR_EACH_RUN(t, v) {
		full_name(full, sizeof(full), t, v);
		total += selected(full, argc, argv);
	}
	printf("TAP version 13\n1..%d\n", total);
	FOR_EACH_RUN(t, v) {
		full_name(full, sizeof(full), t, v);
		if (!selected(full, argc, argv))
			continue;
		t->result = res;
		if (!run_one(t, v, ++num, full))
			failed++;
	}
	printf("# %d of %d tests failed\n", failed, total);
	return failed ? 1 : 0;
}
