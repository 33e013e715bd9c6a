/* SPDX-License-Identifier: BSD-2-Clause */
/* The framebuffer a loader may hand over (MBI flags bit 12). */
#ifndef MBTEST_FB_H
#define MBTEST_FB_H

#include <multiboot/multiboot.h>

/* What fb= on the command line asks for: nothing (flag bit 12 clear), or
 * a framebuffer of this Multiboot type. */
#define FB_WANT_NONE 0
#define FB_WANT_RGB  MULTIBOOT_FRAMEBUFFER_TYPE_RGB       /* 1 */
#define FB_WANT_TEXT MULTIBOOT_FRAMEBUFFER_TYPE_EGA_TEXT  /* 2 */

/* Prints the framebuffer fields and checks them against want: an RGB one
 * must be drawable 32-bit pixels, a text one the VGA's 80x25 at 0xB8000;
 * neither may lie in memory the map calls available. */
void fb_check(const multiboot_info_t *mbi, unsigned want);

/* Draws the test pattern (see fb.c), reports "fb drawn WxH" (pixels, or
 * characters for text) and halts: the harness reads the screen back
 * through QEMU's monitor, then stops QEMU. */
__attribute__((noreturn)) void fb_draw_and_wait(const multiboot_info_t *mbi);

#endif
