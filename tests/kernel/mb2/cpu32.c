// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "cpu_checks.h"
#include "cpu_regs.h"
#include "entry_state.h"
#include "mb2test.h"
#include "print.h"

struct entry_state entry_state __attribute__((section(".bss.entry")));

uint64_t entry_magic(void)
{
	return entry_state.eax;
}

uint64_t entry_mbi(void)
{
	return entry_state.ebx;
}

void cpu_check(void)
{
	uint32_t cr0;

	/* The i386 entry's machine state is Multiboot 1's (spec 3.3), which
	 * ../cpu_checks.c checks, EAX included (see mb2_magic.h). */
	if (entry_kind == ENTRY_KIND_I386) {
		check_cpu_state();
		return;
	}
	/* The EFI i386 entry: the firmware's own 32-bit flat protected mode,
	 * paging and interrupts as it keeps them; only the registers are
	 * Multiboot's. */
	cr0 = read_cr0();
	report("entry eax=0x%x ebx=0x%x esp=0x%x eflags=0x%x cr0=0x%x", entry_state.eax,
	       entry_state.ebx, entry_state.esp, entry_state.eflags, cr0);
	if (entry_state.eax != MB2_BOOTLOADER_MAGIC)
		fail("eax=0x%x want 0x%x", entry_state.eax, MB2_BOOTLOADER_MAGIC);
	if (!(cr0 & CR0_PE))
		fail("cr0=0x%x: not in protected mode", cr0);
	/* Entered as a call would enter it: the return address pushed on a
	 * 16-byte aligned stack (the i386 System V ABI that UEFI's IA-32
	 * calling convention follows). */
	if ((entry_state.esp & 15) != 12)
		fail("esp=0x%x: not 12 mod 16, as a call leaves it", entry_state.esp);
}
