// SPDX-License-Identifier: BSD-2-Clause
/* Port I/O and DMA access to the fw_cfg device, as in SeaBIOS's paravirt.c. */
#include "fwcfg.h"
#include "../efi/portio.h"

/* Polls of the DMA control word before giving up: QEMU completes a
 * transfer before the port write returns, so this only guards a hang. */
#define DMA_POLL_LIMIT 100000000u

static void pio_select(uint16_t select)
{
	outw(FW_CFG_PORT_SEL, select);
}

static void pio_read(void *dest, uint32_t len)
{
	insb(FW_CFG_PORT_DATA, dest, len);
}

/* Skipping by port I/O means reading: into a small scratch buffer. */
static void pio_skip(uint64_t len)
{
	uint8_t sink[512];

	while (len) {
		uint32_t n = len < sizeof(sink) ? (uint32_t)len : sizeof(sink);

		pio_read(sink, n);
		len -= n;
	}
}

static int dma_transfer(uint16_t select, uint32_t control, uint32_t length,
			uint64_t address)
{
	static struct fw_cfg_dma_access access;
	uint64_t desc = (uint64_t)(uintptr_t)&access;

	fwcfg_dma_encode(&access, select, control, length, address);
	__asm__ volatile("" : : : "memory");
	outl(FW_CFG_PORT_DMA, __builtin_bswap32((uint32_t)(desc >> 32)));
	outl(FW_CFG_PORT_DMA + 4, __builtin_bswap32((uint32_t)desc));
	for (uint32_t i = 0; i < DMA_POLL_LIMIT; i++) {
		int status = fwcfg_dma_status(*(volatile uint32_t *)&access.control);

		if (status <= 0)
			return status;
	}
	return -1;
}

bool fwcfg_probe(struct fwcfg *fw, bool allow_dma, const struct fwcfg_allocator *allocator)
{
	char signature[4];

	*fw = (struct fwcfg){ .allocator = allocator };
	pio_select(FW_CFG_SIGNATURE);
	pio_read(signature, sizeof(signature));
	if (signature[0] != 'Q' || signature[1] != 'E' || signature[2] != 'M' ||
	    signature[3] != 'U')
		return false;
	if (allow_dma && (fwcfg_read_u32(fw, FW_CFG_ID) & FW_CFG_ID_DMA)) {
		uint64_t high = __builtin_bswap32(inl(FW_CFG_PORT_DMA));
		uint64_t low = __builtin_bswap32(inl(FW_CFG_PORT_DMA + 4));

		fw->dma = (high << 32 | low) == FW_CFG_DMA_SIGNATURE;
	}
	fw->selected = false;
	return true;
}

int fwcfg_read(struct fwcfg *fw, uint16_t select, uint32_t item_size,
	       uint64_t offset, void *dest, uint32_t len)
{
	if (offset > item_size || len > item_size - offset)
		return -1;
	if (!fw->selected || fw->select != select || offset < fw->position) {
		if (fw->dma) {
			if (dma_transfer(select, FW_CFG_DMA_CTL_SELECT, 0, 0))
				return -1;
		} else {
			pio_select(select);
		}
		fw->selected = true;
		fw->select = select;
		fw->position = 0;
	}
	uint64_t skip = offset - fw->position;

	fw->position = offset + len;
	if (!fw->dma) {
		pio_skip(skip);
		pio_read(dest, len);
		return 0;
	}
	if (skip && dma_transfer(0, FW_CFG_DMA_CTL_SKIP, (uint32_t)skip, 0))
		return -1;
	if (len && dma_transfer(0, FW_CFG_DMA_CTL_READ, len, (uint64_t)(uintptr_t)dest))
		return -1;
	return 0;
}

uint32_t fwcfg_read_u32(struct fwcfg *fw, uint16_t select)
{
	uint8_t v[4];

	fw->selected = false;
	pio_select(select);
	pio_read(v, sizeof(v));
	return v[0] | v[1] << 8 | v[2] << 16 | (uint32_t)v[3] << 24;
}
