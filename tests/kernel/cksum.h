/* SPDX-License-Identifier: BSD-2-Clause */
/* The CRC that POSIX cksum prints (its first number), so the harness can
 * compare a module with `cksum FILE` on the host. */
#ifndef MBTEST_CKSUM_H
#define MBTEST_CKSUM_H

#include <stdint.h>

uint32_t posix_cksum(const uint8_t *data, uint32_t len);

#endif
