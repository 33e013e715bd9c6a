// SPDX-License-Identifier: BSD-2-Clause
#include <stdint.h>
#include <multiboot/multiboot.h>
#include "check.h"
#include "cpu_checks.h"
#include "cpu_regs.h"
#include "entry_state.h"
#include "print.h"

#define EFLAGS_IF (1u << 9)
#define EFLAGS_DF (1u << 10)

#define FLAT_LIMIT 0xFFFFFFFFu

enum seg_kind { SEG_CODE, SEG_DATA, SEG_STACK };

static void check_segment(const char *name, uint16_t sel, enum seg_kind kind)
{
	uint32_t ar = 0, limit = 0;

	if (!read_access_rights(sel, &ar) || !read_limit(sel, &limit)) {
		fail("segment %s sel=0x%x unusable (lar/lsl)", name, sel);
		return;
	}
	report("segment %s sel=0x%x ar=0x%x limit=0x%x", name, sel, ar, limit);

	if (limit != FLAT_LIMIT)
		fail("segment %s limit=0x%x want 0x%x", name, limit, FLAT_LIMIT);
	if (!(ar & AR_PRESENT) || !(ar & AR_NOT_SYSTEM))
		fail("segment %s ar=0x%x not a present code/data segment", name, ar);
	if (kind == SEG_CODE) {
		if (!(ar & AR_CODE) || !(ar & AR_DEFAULT_32BIT))
			fail("segment %s ar=0x%x not 32-bit code", name, ar);
		return;
	}
	if ((ar & AR_CODE) || !(ar & AR_DATA_WRITABLE) || (ar & AR_DATA_EXPAND_DOWN))
		fail("segment %s ar=0x%x not writable expand-up data", name, ar);
	/* A 16-bit stack segment would make push/pop use SP, not ESP. */
	if (kind == SEG_STACK && !(ar & AR_DEFAULT_32BIT))
		fail("segment %s ar=0x%x not a 32-bit stack (B=0)", name, ar);
}

void check_cpu_state(void)
{
	const struct entry_state *s = &entry_state;
	uint32_t cr0 = read_cr0();
	uint64_t efer = read_msr(MSR_EFER);

	report("entry eax=0x%x ebx=0x%x esp=0x%x eflags=0x%x", s->eax, s->ebx, s->esp, s->eflags);
	report("cpu cr0=0x%x cr4=0x%x efer=0x%llx", cr0, read_cr4(), efer);

	if (s->eax != MULTIBOOT_BOOTLOADER_MAGIC)
		fail("eax=0x%x want 0x%x", s->eax, MULTIBOOT_BOOTLOADER_MAGIC);
	if (!(cr0 & CR0_PE) || (cr0 & CR0_PG))
		fail("cr0=0x%x want PE=1 PG=0", cr0);
	if (efer & EFER_LME)
		fail("efer=0x%llx want LME=0", efer);
	if (s->eflags & (EFLAGS_IF | EFLAGS_DF))
		fail("eflags=0x%x want IF=0 DF=0", s->eflags);

	check_segment("cs", s->cs, SEG_CODE);
	check_segment("ds", s->ds, SEG_DATA);
	check_segment("es", s->es, SEG_DATA);
	check_segment("ss", s->ss, SEG_STACK);
	check_segment("fs", s->fs, SEG_DATA);
	check_segment("gs", s->gs, SEG_DATA);
}
