// SPDX-License-Identifier: GPL-2.0-or-later
#include "harness.h"
TEST_HARNESS_MAIN
