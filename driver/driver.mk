# SPDX-License-Identifier: GPL-2.0-or-later
#
# The guest kernel module, built with Kbuild against Debian's
# linux-headers for exactly the guest kernel (scripts/guest-kernel-version).
#
# GUEST_KERNEL picks the kernel series: 6.1 (the default, Debian 12's
# linux-image-amd64) or 6.12 (bookworm-backports, through
# scripts/backports-apt).  Another series than the default builds into
# directories of its own: `make GUEST_KERNEL=6.12 driver` gives
# $(BUILD)/driver-6.12/virtio_cryptodev.ko.
#
# Kbuild writes its objects next to the sources, so the sources and the two
# shared headers are staged into $(BUILD)/driver, a complete standalone
# module tree, and built there; driver/ stays clean.
#
#   make driver             $(BUILD)/driver/virtio_cryptodev.ko, W=1, -Werror
#   make driver-checkpatch  checkpatch.pl --no-tree -f on every source
#   make driver-dkms        $(BUILD)/dkms/virtio-cryptodev-0.1 (+ .tar.gz)
#   make guest-tests        the static in-guest test programs

GUEST_KERNEL ?= 6.1
GUEST_KSUFFIX := $(if $(filter 6.1,$(GUEST_KERNEL)),,-$(GUEST_KERNEL))
# apt-get for that series' packages (headers, image, source).
GUEST_APT := $(if $(GUEST_KSUFFIX),$(abspath scripts/backports-apt) apt-get,apt-get)
DRIVER_KVER ?= $(shell scripts/guest-kernel-version $(GUEST_KERNEL))
DRIVER_KDIR ?= /usr/src/linux-headers-$(DRIVER_KVER)
DRIVER_STAGE := $(BUILD)/driver$(GUEST_KSUFFIX)
DRIVER_KO := $(DRIVER_STAGE)/virtio_cryptodev.ko
DRIVER_VERSION := 0.1

DRIVER_FILES := $(notdir $(wildcard driver/*.c driver/*.h)) Kbuild dkms.conf
DRIVER_HEADERS := crypto/cryptodev.h virtio_cryptodev.h
DRIVER_STAGED := $(addprefix $(DRIVER_STAGE)/,$(DRIVER_FILES)) \
		 $(addprefix $(DRIVER_STAGE)/include/,$(DRIVER_HEADERS))

ifneq ($(SANITIZE),1)
CHECK_BUILD += $(DRIVER_KO)
endif

.PHONY: driver driver-headers driver-checkpatch driver-dkms

driver: $(DRIVER_KO)

$(DRIVER_STAGE)/%: driver/%
	@mkdir -p $(@D)
	cp $< $@

$(DRIVER_STAGE)/include/%: include/%
	@mkdir -p $(@D)
	cp $< $@

# The headers package pulls linux-kbuild and the gcc the kernel was built
# with.  Installing it is idempotent and only asks dpkg when present.
driver-headers:
	@kver='$(DRIVER_KVER)'; [ -n "$$kver" ] || exit 1; \
	if [ ! -f '$(DRIVER_KDIR)/Makefile' ]; then \
		echo "driver: installing linux-headers-$$kver"; \
		DEBIAN_FRONTEND=noninteractive $(GUEST_APT) -q install -y \
			--no-install-recommends "linux-headers-$$kver" \
			</dev/null || exit 1; \
	fi

$(DRIVER_KO): $(DRIVER_STAGED) | driver-headers
	$(MAKE) -C '$(DRIVER_KDIR)' M='$(abspath $(DRIVER_STAGE))' \
		W=1 KCFLAGS=-Werror modules

# checkpatch.pl lives in the kernel source, not in the headers package:
# take it (and the files it reads) from Debian's linux-source package.
DRIVER_CHECKPATCH_DIR := $(BUILD)/checkpatch$(GUEST_KSUFFIX)
DRIVER_CHECKPATCH := $(DRIVER_CHECKPATCH_DIR)/scripts/checkpatch.pl

$(DRIVER_CHECKPATCH):
	rm -rf $(DRIVER_CHECKPATCH_DIR) && mkdir -p $(DRIVER_CHECKPATCH_DIR)/dl
	ver=$$(echo '$(DRIVER_KVER)' | cut -d. -f1,2) && \
	cd $(DRIVER_CHECKPATCH_DIR)/dl && \
	$(GUEST_APT) -q download "linux-source-$$ver" && \
	dpkg-deb --fsys-tarfile linux-source-*.deb | \
		tar -xO "./usr/src/linux-source-$$ver.tar.xz" | \
		tar -xJ -C .. --strip-components=1 \
			"linux-source-$$ver/scripts/checkpatch.pl" \
			"linux-source-$$ver/scripts/spelling.txt" \
			"linux-source-$$ver/scripts/const_structs.checkpatch"
	rm -rf $(DRIVER_CHECKPATCH_DIR)/dl

# compat.h is where the kernel versions are told apart, so it alone may
# use LINUX_VERSION_CODE (which checkpatch warns about in any file).
driver-checkpatch: $(DRIVER_CHECKPATCH)
	$(DRIVER_CHECKPATCH) --no-tree --strict -f \
		$(filter-out driver/compat.h,$(wildcard driver/*.c driver/*.h))
	$(DRIVER_CHECKPATCH) --no-tree --strict --ignore LINUX_VERSION_CODE \
		-f driver/compat.h

DRIVER_DKMS := $(BUILD)/dkms/virtio-cryptodev-$(DRIVER_VERSION)

driver-dkms: $(DRIVER_DKMS).tar.gz
	@echo "driver: $(DRIVER_DKMS).tar.gz; see docs/driver.md"

$(DRIVER_DKMS).tar.gz: $(DRIVER_STAGED)
	rm -rf $(DRIVER_DKMS) && mkdir -p $(DRIVER_DKMS)
	cd $(DRIVER_STAGE) && cp -r $(DRIVER_FILES) include \
		$(abspath $(DRIVER_DKMS))/
	tar -C $(BUILD)/dkms -czf $@ virtio-cryptodev-$(DRIVER_VERSION)

# tests/driver/dkms.t: that tarball through dkms add/build/install for
# the 6.1 and the 6.12 kernel on this machine (root; it cleans up).
ifneq ($(SANITIZE),1)
CHECK_BUILD += $(DRIVER_DKMS).tar.gz
FULL_TESTS += tests/driver/dkms.t
endif

-include tests/guest/guest.mk
