# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench-guest: AES-128-CBC, SHA-256 and HMAC-SHA256 throughput and
# latency seen by a guest process, 16 B .. 64 KiB, over our device
# (/dev/crypto), QEMU's stock virtio-crypto-pci (AF_ALG), the guest's
# software crypto (AF_ALG) and host OpenSSL.  bench/guest/run prints a
# table, keeps the data in $(BUILD)/bench/guest/, draws
# docs/bench/guest-throughput{,-sha256}.png and rewrites the "## Guest"
# section of docs/benchmarks.md.  Included by the top Makefile; never
# part of check.
#
# GUEST_BENCH_SECS (seconds per round, default 0.5) and
# GUEST_BENCH_ROUNDS (default 3) are passed through the environment.

GUEST_BENCH := $(BUILD)/bench/guest/guest-bench
GUEST_BENCH_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Wshadow \
	-Wno-unused-parameter -Wno-missing-field-initializers \
	-Iinclude -D_GNU_SOURCE

.PHONY: bench-guest bench-guest-run bench-guest-async bench-guest-async-run
.PHONY: bench-guest-perf bench-guest-perf-run bench-guest-ab

# The guest runs unsanitized programs only: nothing here with SANITIZE=1.
ifneq ($(SANITIZE),1)
BENCH += bench-guest

# Static, like the in-guest tests (tests/guest/guest.mk); -Wl,-w for
# glibc's static getaddrinfo/dlopen warnings from libcrypto.
$(GUEST_BENCH): bench/guest/guest-bench.c include/crypto/cryptodev.h
	@mkdir -p $(@D)
	$(CC) $(GUEST_BENCH_CFLAGS) -o $@ $< -static -lcrypto -pthread -Wl,-w

# The packages first (libcrypto.a, busybox, gnuplot...), then the build
# and the run, like `make check`.
bench-guest:
	scripts/install-deps base vm bench
	$(MAKE) bench-guest-run

bench-guest-run: $(GUEST_BENCH) $(VM_INITRD) $(VM_QEMU_TARGET)
	$(VM_ENV) OUT='$(BUILD)/bench/guest' bench/guest/run $(GUEST_BENCH)

# Issue 9: openssl speed with the devcrypto engine against the guest's
# software, and CIOCASYNCCRYPT with 1, 8 and 64 requests in flight
# (bench/guest/run-async; a table, no plot).
BENCH += bench-guest-async

bench-guest-async:
	scripts/install-deps base vm bench
	$(MAKE) bench-guest-async-run

bench-guest-async-run: $(GUEST_BENCH) $(VM_INITRD) $(VM_QEMU_TARGET)
	$(VM_ENV) OUT='$(BUILD)/bench/guest' bench/guest/run-async \
		$(GUEST_BENCH)

# Issue 13: requests in flight 1..256 (plot, p50/p99), two processes
# against one in a -smp 2 guest with queues=2, 64 KiB against host
# OpenSSL, and the table of the issue's targets (bench/guest/run-perf).
BENCH += bench-guest-perf

bench-guest-perf:
	scripts/install-deps base vm bench
	$(MAKE) bench-guest-perf-run

bench-guest-perf-run: $(GUEST_BENCH) $(VM_INITRD) $(VM_QEMU_TARGET)
	$(VM_ENV) OUT='$(BUILD)/bench/guest' bench/guest/run-perf \
		$(GUEST_BENCH)

# Two builds of the driver against each other in one guest, by hand:
# make bench-guest-ab A=old.ko B=new.ko (bench/guest/run-ab; not in
# BENCH).
bench-guest-ab: $(GUEST_BENCH) $(VM_INITRD) $(VM_QEMU_TARGET)
	@[ -n '$(A)' ] && [ -n '$(B)' ] || \
		{ echo 'usage: make bench-guest-ab A=old.ko B=new.ko' >&2; false; }
	$(VM_ENV) OUT='$(BUILD)/bench/guest' bench/guest/run-ab \
		$(GUEST_BENCH) '$(A)' '$(B)'
else
bench-guest bench-guest-async bench-guest-perf bench-guest-ab:
	@echo "$@: not with SANITIZE=1 (the guest is never sanitized)" >&2
	@false
endif
