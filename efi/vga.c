// SPDX-License-Identifier: BSD-2-Clause
#include "vga.h"

#include <multiboot/multiboot.h>
#include <stdint.h>

#include "pci.h"
#include "portio.h"
#include "vga_font.h"  /* generated from console-setup's Uni2-VGA16 */

#define PCI_COMMAND_IO     0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_CLASS_VGA      0x030000  /* display, VGA-compatible, prog-if 0 */

#define VGA_MISC_WRITE  0x3c2
#define VGA_SEQ_INDEX   0x3c4
#define VGA_DAC_WRITE   0x3c8
#define VGA_DAC_DATA    0x3c9
#define VGA_GC_INDEX    0x3ce
#define VGA_CRTC_INDEX  0x3d4
#define VGA_AC_INDEX    0x3c0
#define VGA_INPUT_STATUS 0x3da  /* reading it resets the AC flip-flop */
#define VGA_AC_VIDEO_ON 0x20

/* Bochs/QEMU display interface: leave its linear graphics mode. */
#define VBE_DISPI_INDEX 0x1ce
#define VBE_DISPI_DATA  0x1cf
#define VBE_DISPI_INDEX_ENABLE 4

#define VGA_FONT_PLANE  ((volatile uint8_t *)0xa0000)
#define VGA_FONT_STRIDE 32
#define BLANK_CELL      0x0720  /* space, light grey on black */

/* Mode 3 (80x25, 720x400, 9-dot cells), the values a VGA BIOS programs. */
static const uint8_t misc_mode3 = 0x67;
static const uint8_t seq_mode3[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const uint8_t crtc_mode3[25] = {
	0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
	0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};
static const uint8_t gc_mode3[9] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff };
static const uint8_t ac_mode3[21] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c,
	0x3d, 0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00,
};

/* The first VGA-compatible function on bus 0, as dev << 3 | fn, or -1. */
static int find_vga(void)
{
	for (unsigned dev = 0; dev < 32; dev++) {
		for (unsigned fn = 0; fn < 8; fn++) {
			if ((pci_read32(dev, fn, PCI_VENDOR_DEVICE) & 0xffff) == PCI_NO_DEVICE)
				continue;
			if (pci_read32(dev, fn, PCI_CLASS) >> 8 == PCI_CLASS_VGA)
				return (int)(dev << 3 | fn);
		}
	}
	return -1;
}

bool vga_present(void)
{
	return find_vga() >= 0;
}

void vga_text_framebuffer(struct framebuffer *fb)
{
	*fb = (struct framebuffer){
		.addr = VGA_TEXT_ADDR,
		.pitch = VGA_TEXT_COLUMNS * 2,
		.width = VGA_TEXT_COLUMNS,
		.height = VGA_TEXT_ROWS,
		.bpp = 16,
		.type = MULTIBOOT_FRAMEBUFFER_TYPE_EGA_TEXT,
	};
}

static void write_indexed(uint16_t index_port, const uint8_t *values, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		outw(index_port, (uint16_t)(values[i] << 8 | i));
}

static void seq(uint8_t index, uint8_t value)
{
	outw(VGA_SEQ_INDEX, (uint16_t)(value << 8 | index));
}

static void gc(uint8_t index, uint8_t value)
{
	outw(VGA_GC_INDEX, (uint16_t)(value << 8 | index));
}

/* The font goes to plane 2, reached linearly at 0xA0000 meanwhile. */
static void load_font(void)
{
	seq(2, 0x04);  /* write plane 2 only */
	seq(4, 0x06);  /* sequential addressing */
	gc(4, 0x02);   /* read plane 2 */
	gc(5, 0x00);
	gc(6, 0x04);   /* 0xA0000, 64 KiB, no odd/even */
	for (unsigned c = 0; c < 256; c++)
		for (unsigned row = 0; row < VGA_FONT_STRIDE; row++)
			VGA_FONT_PLANE[c * VGA_FONT_STRIDE + row] =
				row < sizeof(vga_font[c]) ? vga_font[c][row] : 0;
	seq(2, seq_mode3[2]);
	seq(4, seq_mode3[4]);
	gc(4, gc_mode3[4]);
	gc(5, gc_mode3[5]);
	gc(6, gc_mode3[6]);
}

/* The 64 EGA colours: two bits per gun, high (0x2a) and low (0x15) intensity. */
static void load_palette(void)
{
	outb(VGA_DAC_WRITE, 0);
	for (unsigned i = 0; i < 64; i++) {
		outb(VGA_DAC_DATA, (uint8_t)(0x2a * (i >> 2 & 1) + 0x15 * (i >> 5 & 1)));
		outb(VGA_DAC_DATA, (uint8_t)(0x2a * (i >> 1 & 1) + 0x15 * (i >> 4 & 1)));
		outb(VGA_DAC_DATA, (uint8_t)(0x2a * (i & 1) + 0x15 * (i >> 3 & 1)));
	}
}

void vga_set_text_mode(void)
{
	int vga = find_vga();

	if (vga < 0)
		return;
	/* Legacy VGA ports and memory decode through the device's enables. */
	uint32_t command = pci_read32((unsigned)vga >> 3, (unsigned)vga & 7, PCI_COMMAND);
	pci_write32((unsigned)vga >> 3, (unsigned)vga & 7, PCI_COMMAND,
		  (command & 0xffff) | PCI_COMMAND_IO | PCI_COMMAND_MEMORY);

	outw(VBE_DISPI_INDEX, VBE_DISPI_INDEX_ENABLE);
	outw(VBE_DISPI_DATA, 0);

	/* The sequencer stays in synchronous reset while the clocks change. */
	seq(0, 0x01);
	outb(VGA_MISC_WRITE, misc_mode3);
	for (uint8_t i = 1; i < sizeof(seq_mode3); i++)
		seq(i, seq_mode3[i]);
	seq(0, seq_mode3[0]);
	/* CRTC registers 0-7 are write-protected until bit 7 of 0x11 clears. */
	outw(VGA_CRTC_INDEX, 0x0011);
	write_indexed(VGA_CRTC_INDEX, crtc_mode3, sizeof(crtc_mode3));
	write_indexed(VGA_GC_INDEX, gc_mode3, sizeof(gc_mode3));
	(void)inb(VGA_INPUT_STATUS);
	for (unsigned i = 0; i < sizeof(ac_mode3); i++) {
		outb(VGA_AC_INDEX, (uint8_t)i);
		outb(VGA_AC_INDEX, ac_mode3[i]);
	}
	load_palette();
	load_font();
	(void)inb(VGA_INPUT_STATUS);
	outb(VGA_AC_INDEX, VGA_AC_VIDEO_ON);

	volatile uint16_t *text = (volatile uint16_t *)VGA_TEXT_ADDR;
	for (unsigned i = 0; i < VGA_TEXT_COLUMNS * VGA_TEXT_ROWS; i++)
		text[i] = BLANK_CELL;
	/* Cursor at the top left. */
	outw(VGA_CRTC_INDEX, 0x000e);
	outw(VGA_CRTC_INDEX, 0x000f);
}
