/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VGA text mode for kernels that print to 0xB8000, as a BIOS leaves the
 * display: after ExitBootServices, put a VGA-compatible adapter back into
 * 80x25 colour text mode 3 with an 8x16 font.
 */
#ifndef EFI_VGA_H
#define EFI_VGA_H

#include <stdbool.h>

#include "../loader/video.h"

#define VGA_TEXT_ADDR 0xb8000
#define VGA_TEXT_COLUMNS 80
#define VGA_TEXT_ROWS 25

/* Whether PCI bus 0 has a VGA-compatible display controller (class 03 00 00). */
bool vga_present(void);

/* The text framebuffer the kernel is told about once text mode is set. */
void vga_text_framebuffer(struct framebuffer *fb);

/* Program mode 3; call only after ExitBootServices (no firmware owns it). */
void vga_set_text_mode(void);

#endif
