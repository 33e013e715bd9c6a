// SPDX-License-Identifier: BSD-2-Clause
#include "fwcfg.h"

void fwcfg_dma_encode(struct fw_cfg_dma_access *access, uint16_t select,
		      uint32_t control, uint32_t length, uint64_t address)
{
	access->control = __builtin_bswap32((uint32_t)select << 16 | control);
	access->length = __builtin_bswap32(length);
	access->address = __builtin_bswap64(address);
}

int fwcfg_dma_status(uint32_t control_be)
{
	uint32_t control = __builtin_bswap32(control_be);

	if (control & FW_CFG_DMA_CTL_ERROR)
		return -1;
	return control ? 1 : 0;
}
