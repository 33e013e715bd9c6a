// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "cpu_regs.h"
#include "mb2test.h"
#include "print.h"

struct entry64_state {
	uint64_t rax, rbx, rsp, rflags;
	uint16_t cs, ds, es, ss;
};

_Static_assert(__builtin_offsetof(struct entry64_state, rax) == ENTRY64_RAX, "rax");
_Static_assert(__builtin_offsetof(struct entry64_state, rbx) == ENTRY64_RBX, "rbx");
_Static_assert(__builtin_offsetof(struct entry64_state, rsp) == ENTRY64_RSP, "rsp");
_Static_assert(__builtin_offsetof(struct entry64_state, rflags) == ENTRY64_RFLAGS, "rflags");
_Static_assert(__builtin_offsetof(struct entry64_state, cs) == ENTRY64_CS, "cs");
_Static_assert(__builtin_offsetof(struct entry64_state, ds) == ENTRY64_DS, "ds");
_Static_assert(__builtin_offsetof(struct entry64_state, es) == ENTRY64_ES, "es");
_Static_assert(__builtin_offsetof(struct entry64_state, ss) == ENTRY64_SS, "ss");

/* Written by entry64.S before the .bss zero-fill check runs. */
struct entry64_state entry64_state __attribute__((section(".bss.entry")));

uint64_t entry_magic(void)
{
	return entry64_state.rax;
}

uint64_t entry_mbi(void)
{
	return entry64_state.rbx;
}

/* The EFI amd64 entry (spec 3.3, "EFI amd64 machine state with boot
 * services enabled"): long mode on the firmware's identity-mapped page
 * tables, RAX the magic, RBX the information's physical address. */
void cpu_check(void)
{
	const struct entry64_state *s = &entry64_state;
	uint64_t cr0 = read_cr0(), efer = read_msr(MSR_EFER);
	uint32_t ar = 0;

	report("entry rax=0x%llx rbx=0x%llx rsp=0x%llx rflags=0x%llx",
	       (unsigned long long)s->rax, (unsigned long long)s->rbx,
	       (unsigned long long)s->rsp, (unsigned long long)s->rflags);
	report("cpu cr0=0x%llx efer=0x%llx cs=0x%x ds=0x%x ss=0x%x", (unsigned long long)cr0,
	       (unsigned long long)efer, s->cs, s->ds, s->ss);
	if (s->rax != MB2_BOOTLOADER_MAGIC)
		fail("rax=0x%llx want 0x%x", (unsigned long long)s->rax, MB2_BOOTLOADER_MAGIC);
	if (s->rbx >> 32)
		fail("rbx=0x%llx: the information's address must fit 32 bits",
		     (unsigned long long)s->rbx);
	if (!(cr0 & CR0_PE) || !(cr0 & CR0_PG) || !(efer & EFER_LMA))
		fail("cr0=0x%llx efer=0x%llx: not in long mode", (unsigned long long)cr0,
		     (unsigned long long)efer);
	if (!read_access_rights(s->cs, &ar) || !(ar & AR_CODE) || !(ar & AR_LONG))
		fail("cs=0x%x ar=0x%x: not a 64-bit code segment", s->cs, ar);
	/* Entered as a call would enter it (UEFI 2.10 2.3.4.2): RSP is 8 mod
	 * 16, the return address pushed on a 16-byte aligned stack. */
	if ((s->rsp & 15) != 8)
		fail("rsp=0x%llx: not 8 mod 16, as a call leaves it", (unsigned long long)s->rsp);
}
