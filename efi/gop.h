/* SPDX-License-Identifier: BSD-2-Clause */
/* The GOP framebuffer for the MBI, in the mode the kernel's header asks for. */
#ifndef EFI_GOP_H
#define EFI_GOP_H

#include <stdbool.h>

#include "../loader/payload.h"
#include "../loader/video.h"

/*
 * Fill fb from the firmware's graphics output, after switching to the mode
 * closest to the kernel's request (header flags bit 2, linear graphics).
 * False when there is no usable framebuffer (no GOP, or blit-only).
 */
bool gop_framebuffer(const struct payload *p, struct framebuffer *fb);

#endif
