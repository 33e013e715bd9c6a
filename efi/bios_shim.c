// SPDX-License-Identifier: BSD-2-Clause
#include "bios_shim.h"

_Static_assert(SHIM_CODE + SHIM_CODE_MAX <= SHIM_BASE_KIB, "layout");

extern const uint8_t bios_shim_code_start[], bios_shim_code_end[];
extern const uint8_t bios_shim_unsupported[], bios_shim_ignore[];
extern const uint8_t bios_shim_int12[], bios_shim_int15[];
extern const uint8_t bios_shim_irq0[], bios_shim_irq_master[], bios_shim_irq_slave[];

/* Where a BIOS puts the 8259s' interrupts (as the hand-off programs them). */
#define IRQ0_VECTOR       0x08
#define MASTER_LAST       0x0f
#define SLAVE_FIRST       0x70
#define SLAVE_LAST        0x77
#define CPU_EXCEPTIONS    0x08
#define USER_TIMER_HOOK   0x1c

/* The assembler cannot check the code's size against the layout, so this
 * does, and the IVT is only installed when the code is. */
bool bios_shim_fits(void)
{
	return bios_shim_code_end - bios_shim_code_start <= SHIM_CODE_MAX;
}

void bios_shim_install(uint8_t *block)
{
	if (bios_shim_fits())
		__builtin_memcpy(block + SHIM_CODE, bios_shim_code_start,
				 (size_t)(bios_shim_code_end - bios_shim_code_start));
}

static uint16_t offset_of(const uint8_t *handler)
{
	return (uint16_t)(SHIM_CODE + (handler - bios_shim_code_start));
}

static const uint8_t *handler_for(unsigned v)
{
	if (v == IRQ0_VECTOR)
		return bios_shim_irq0;
	if (v > IRQ0_VECTOR && v <= MASTER_LAST)
		return bios_shim_irq_master;
	if (v >= SLAVE_FIRST && v <= SLAVE_LAST)
		return bios_shim_irq_slave;
	if (v < CPU_EXCEPTIONS || v == USER_TIMER_HOOK)
		return bios_shim_ignore;
	if (v == 0x12)
		return bios_shim_int12;
	if (v == 0x15)
		return bios_shim_int15;
	return bios_shim_unsupported;
}

void bios_shim_ivt(uint32_t ivt[IVT_ENTRIES], uint16_t shim_segment)
{
	for (unsigned v = 0; v < IVT_ENTRIES; v++)
		ivt[v] = (uint32_t)shim_segment << 16 | offset_of(handler_for(v));
}
