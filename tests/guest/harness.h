/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small test harness in the style of the kernel's kselftest_harness.h,
 * written for the in-guest tests of virtio-cryptodev.
 *
 *   FIXTURE(f) { members };             per-test state, "self"
 *   FIXTURE_SETUP(f) { ... }            runs before each TEST_F(f, ...)
 *   FIXTURE_TEARDOWN(f) { ... }         runs after it
 *   FIXTURE_VARIANT(f) { members };     optional: one run per variant,
 *   FIXTURE_VARIANT_ADD(f, v) { ... };  e.g. one per algorithm
 *   TEST_F(f, name) { ... }             one behaviour, named after it
 *   TEST_F_TIMEOUT(f, name, secs)       the same with its own timeout
 *   TEST_HARNESS_MAIN                   main(): run all, print TAP
 *
 * EXPECT_*() records a failure and goes on; ASSERT_*() stops the test.
 * SKIP(statement, fmt, ...) marks the test skipped and runs statement
 * (usually "return").  Every test runs in its own child process (and
 * process group) with a timeout.  After each test the kernel log is read
 * from /dev/kmsg: a WARNING, BUG, oops or an error line from the driver
 * fails the test.  `prog NAME...` runs only the tests whose full name
 * (fixture.variant.test) contains one of the NAMEs.
 */
#ifndef VCD_TEST_HARNESS_H
#define VCD_TEST_HARNESS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define HARNESS_DEFAULT_TIMEOUT	60
#define HARNESS_EXIT_SKIP	4

struct __fixture;

/* What a child reports back through shared memory. */
struct __test_result {
	int failed;
	int skipped;
	char skip_reason[200];
};

struct __test_metadata {
	const char *name;
	struct __fixture *fixture;
	void (*run)(struct __test_metadata *m, const void *variant);
	int timeout;
	struct __test_result *result;
	struct __test_metadata *next;
};

struct __variant {
	const char *name;
	const void *data;
	struct __variant *next;
};

struct __fixture {
	const char *name;
	struct __variant *variants;
};

void __harness_register(struct __test_metadata *t);
void __harness_add_variant(struct __fixture *f, struct __variant *v);
void __harness_fail(struct __test_metadata *m, const char *file, int line,
		    const char *expr, long long a, long long b);
void __harness_skip(struct __test_metadata *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void __harness_abort(struct __test_metadata *m) __attribute__((noreturn));
int __harness_main(int argc, char **argv);

#define FIXTURE_DATA(f)		struct _fixture_data_##f
#define FIXTURE_VARIANT(f)	struct _fixture_variant_##f

#define FIXTURE(f)							\
	FIXTURE_VARIANT(f);						\
	FIXTURE_DATA(f);						\
	static struct __fixture _fixture_##f = { .name = #f };		\
	static void _##f##_setup(struct __test_metadata *_metadata,	\
				 FIXTURE_DATA(f) *self,			\
				 const FIXTURE_VARIANT(f) *variant);	\
	static void _##f##_teardown(struct __test_metadata *_metadata,	\
				    FIXTURE_DATA(f) *self,		\
				    const FIXTURE_VARIANT(f) *variant);	\
	FIXTURE_DATA(f)

#define FIXTURE_SETUP(f)						\
	static void _##f##_setup(struct __test_metadata *_metadata,	\
				 FIXTURE_DATA(f) *self,			\
				 const FIXTURE_VARIANT(f) *variant)

#define FIXTURE_TEARDOWN(f)						\
	static void _##f##_teardown(struct __test_metadata *_metadata,	\
				    FIXTURE_DATA(f) *self,		\
				    const FIXTURE_VARIANT(f) *variant)

#define FIXTURE_VARIANT_ADD(f, v)					\
	static const FIXTURE_VARIANT(f) _variant_##f##_##v;		\
	static struct __variant _variant_rec_##f##_##v = {		\
		.name = #v, .data = &_variant_##f##_##v };		\
	__attribute__((constructor)) static void _variant_reg_##f##_##v(void) \
	{								\
		__harness_add_variant(&_fixture_##f, &_variant_rec_##f##_##v); \
	}								\
	static const FIXTURE_VARIANT(f) _variant_##f##_##v =

#define TEST_F_TIMEOUT(f, t, secs)					\
	static void _##f##_##t##_body(struct __test_metadata *_metadata, \
				      FIXTURE_DATA(f) *self,		\
				      const FIXTURE_VARIANT(f) *variant); \
	static void _##f##_##t##_run(struct __test_metadata *_metadata, \
				     const void *v)			\
	{								\
		FIXTURE_DATA(f) self;					\
									\
		memset(&self, 0, sizeof(self));				\
		_##f##_setup(_metadata, &self, v);			\
		if (!_metadata->result->skipped)			\
			_##f##_##t##_body(_metadata, &self, v);		\
		_##f##_teardown(_metadata, &self, v);			\
	}								\
	static struct __test_metadata _##f##_##t##_meta = {		\
		.name = #t, .fixture = &_fixture_##f,			\
		.run = _##f##_##t##_run, .timeout = (secs) };		\
	__attribute__((constructor)) static void _##f##_##t##_reg(void) \
	{								\
		__harness_register(&_##f##_##t##_meta);			\
	}								\
	static void _##f##_##t##_body(struct __test_metadata *_metadata, \
				      FIXTURE_DATA(f) *self,		\
				      const FIXTURE_VARIANT(f) *variant)

#define TEST_F(f, t) TEST_F_TIMEOUT(f, t, HARNESS_DEFAULT_TIMEOUT)

#define TH_LOG(fmt, ...) \
	printf("#   %s:%d: " fmt "\n", __FILE__, __LINE__, ##__VA_ARGS__)

#define SKIP(statement, fmt, ...) do {					\
		__harness_skip(_metadata, fmt, ##__VA_ARGS__);		\
		statement;						\
	} while (0)

#define __CHECK(a, b, op, fatal) do {					\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (!(__a op __b)) {					\
			__harness_fail(_metadata, __FILE__, __LINE__,	\
				       #a " " #op " " #b, __a, __b);	\
			if (fatal)					\
				__harness_abort(_metadata);		\
		}							\
	} while (0)

#define EXPECT_EQ(a, b)		__CHECK(a, b, ==, 0)
#define EXPECT_NE(a, b)		__CHECK(a, b, !=, 0)
#define EXPECT_GE(a, b)		__CHECK(a, b, >=, 0)
#define EXPECT_TRUE(a)		__CHECK(!!(a), 1, ==, 0)
#define EXPECT_FALSE(a)		__CHECK(!!(a), 0, ==, 0)
#define ASSERT_EQ(a, b)		__CHECK(a, b, ==, 1)
#define ASSERT_NE(a, b)		__CHECK(a, b, !=, 1)
#define ASSERT_GE(a, b)		__CHECK(a, b, >=, 1)
#define ASSERT_TRUE(a)		__CHECK(!!(a), 1, ==, 1)
#define ASSERT_FALSE(a)		__CHECK(!!(a), 0, ==, 1)

/* expr must fail with -1 and errno e; prints what it got instead. */
#define EXPECT_ERRNO(expr, e) do {					\
		long __r;						\
		errno = 0;						\
		__r = (long)(expr);					\
		__CHECK(__r, -1, ==, 0);				\
		__CHECK(errno, e, ==, 0);				\
	} while (0)

#define TEST_HARNESS_MAIN						\
	int main(int argc, char **argv)					\
	{								\
		return __harness_main(argc, argv);			\
	}

#endif /* VCD_TEST_HARNESS_H */
