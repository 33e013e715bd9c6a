/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the kernel finds on the screen, and is told about: VGA text mode as a
 * BIOS leaves it, or the GOP framebuffer in the mode its header asks for.
 */
#ifndef EFI_DISPLAY_H
#define EFI_DISPLAY_H

#include <stdbool.h>

#include "../loader/options.h"
#include "../loader/video.h"
#include "source.h"

struct display {
	bool text_mode;          /* set VGA text mode at hand-off */
	bool have_fb;            /* fb describes what the kernel gets */
	struct framebuffer fb;
};

/**
 * display_choose() - text mode or the GOP framebuffer, and set that up
 * @d: the choice
 * @opt: --keep-graphics, --text-mode, --bios-video
 * @src: the laid-out source (QEMU's -kernel gets the BIOS path's video)
 * @boot_services_kept: a Multiboot 2 EFI entry (text mode needs the hand-off)
 *
 * Switches the GOP mode now when the kernel gets the framebuffer; text mode
 * is programmed only after ExitBootServices (vga_set_text_mode).
 */
void display_choose(struct display *d, const struct options *opt, const struct source *src,
		    bool boot_services_kept);

#endif
