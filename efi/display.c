// SPDX-License-Identifier: BSD-2-Clause
#include "display.h"

#include "../loader/kernel_file.h"
#include "../loader/multiboot2.h"
#include "console.h"
#include "vga.h"
#include "gop.h"

/*
 * Kernels that print to 0xB8000 expect the text mode a BIOS leaves: set it
 * up on a VGA-compatible adapter. QEMU's BIOS path gives a -kernel text mode
 * whatever its header asks (bios_video: a -kernel payload, or --bios-video);
 * a kernel given as a file gets the graphics mode its header asks for, as
 * GRUB gives it. A Multiboot 2 kernel that does not say it supports EGA
 * text gets no text mode unless --text-mode insists.
 */
static bool wants_text_mode(const struct payload *p, const struct kernel_file *mb2,
			    const struct options *opt, bool bios_video)
{
	bool asks_graphics = p->header.has_video && p->header.mode_type == 0;
	bool no_text = mb2 && !(mb2->mb2_header.console_flags & MB2_CONSOLE_EGA_TEXT);

	if (opt->keep_graphics)
		return false;
	if (!opt->text_mode && (no_text || (asks_graphics && !bios_video)))
		return false;
	return vga_present();
}

void display_choose(struct display *d, const struct options *opt, const struct source *src,
		    bool boot_services_kept)
{
	const struct kernel_file *k = source_kernel(src);
	bool bios_video = opt->bios_video || !k;

	*d = (struct display){ 0 };
	d->text_mode = !boot_services_kept &&
		       wants_text_mode(src->payload, k && k->mb2 ? k : NULL, opt, bios_video);
	d->have_fb = d->text_mode || gop_framebuffer(src->payload, &d->fb);
	if (d->text_mode) {
		vga_text_framebuffer(&d->fb);
		con_info("VGA text mode 80x25 at 0xb8000 will be set up at hand-off (--keep-graphics keeps this mode)");
	} else if (d->have_fb) {
		con_info("framebuffer %ux%u, %u bytes per line, at 0x%llx", d->fb.width,
			 d->fb.height, d->fb.pitch, (unsigned long long)d->fb.addr);
	}
}
