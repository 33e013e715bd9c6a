// SPDX-License-Identifier: BSD-2-Clause
#include "handoff.h"

#include <stddef.h>

#include "../loader/multiboot2.h"
#include "../loader/plan.h"

_Static_assert(offsetof(struct handoff_block, gdt_limit) == HB_GDTR_LIMIT, "gdtr");
_Static_assert(offsetof(struct handoff_block, entry) == HB_ENTRY, "entry");
_Static_assert(offsetof(struct handoff_block, mbi) == HB_MBI, "mbi");
_Static_assert(offsetof(struct handoff_block, stack_top) == HB_STACK, "stack");
_Static_assert(offsetof(struct handoff_block, ebda) == HB_EBDA, "ebda");
_Static_assert(offsetof(struct handoff_block, magic) == HB_MAGIC, "magic");
_Static_assert(offsetof(struct handoff_block, copy_count) == HB_COPY_COUNT, "count");
_Static_assert(offsetof(struct handoff_block, copies) == HB_COPIES, "copies");
_Static_assert(sizeof(struct handoff_copy) == HANDOFF_COPY_SIZE, "copy");
_Static_assert(sizeof(struct handoff_block) <= HANDOFF_STACK_TOP - HANDOFF_BLOCK_OFF,
	       "block fits its page");

/* Flat 4 GiB, 4 KiB granularity, 32-bit; accessed bits preset so the CPU
 * never writes to the GDT. */
#define GDT_CODE32 0x00cf9b000000ffffull
#define GDT_DATA32 0x00cf93000000ffffull

extern const uint8_t handoff_code_start[], handoff_code_end[];

#ifdef __x86_64__
/* The entry takes its argument in %rdi, whatever ABI the app is built with. */
typedef void __attribute__((sysv_abi, noreturn)) (*handoff_fn)(struct handoff_block *);
#else
typedef void __attribute__((noreturn)) (*handoff_fn)(struct handoff_block *);
#endif

struct handoff_block *handoff_prepare(const struct plan *plan, uint32_t entry,
				      uint32_t magic, uint16_t shim_segment)
{
	uint8_t *area = (uint8_t *)(uintptr_t)plan->handoff_addr;
	struct handoff_block *b = (struct handoff_block *)(area + HANDOFF_BLOCK_OFF);

	__builtin_memcpy(area, handoff_code_start, handoff_code_end - handoff_code_start);
	*b = (struct handoff_block){
		.gdt = { 0, GDT_CODE32, GDT_DATA32 },
		.gdt_limit = sizeof(b->gdt) - 1,
		.gdt_base = (uint64_t)(uintptr_t)b->gdt,
		.entry = entry,
		.mbi = (uint32_t)plan->mbi_addr,
		.stack_top = (uint32_t)plan->handoff_addr + HANDOFF_STACK_TOP,
		.ebda = plan->ebda,
		.magic = magic,
	};
	if (plan->kernel_staged)
		b->copies[b->copy_count++] = (struct handoff_copy){
			(uint32_t)plan->kernel_addr, (uint32_t)plan->staging_addr,
			(uint32_t)plan->kernel_size,
		};
	if (shim_segment) {
		bios_shim_ivt(b->ivt, shim_segment);
		b->copies[b->copy_count++] = (struct handoff_copy){
			0, (uint32_t)(uintptr_t)b->ivt, sizeof(b->ivt),
		};
	}
	return b;
}

void handoff_enter(const struct plan *plan, struct handoff_block *block)
{
	handoff_fn enter = (handoff_fn)(uintptr_t)plan->handoff_addr;

	enter(block);
}

/*
 * Called as the firmware's calling convention calls a function: the stack
 * 16-byte aligned before the return address is pushed (x64: with the 32
 * bytes of home space for the callee above it). A kernel that returns
 * finds nothing to return to: stop.
 */
#ifdef __x86_64__
#define ENTER_AS_A_CALL "andq $-16, %%rsp\n\tsubq $32, %%rsp\n\tcall *%2\n\t"
#else
#define ENTER_AS_A_CALL "andl $-16, %%esp\n\tcall *%2\n\t"
#endif

void handoff_enter_efi(uint32_t entry, uint32_t mbi)
{
	__asm__ volatile(ENTER_AS_A_CALL
			 "1: cli\n\thlt\n\tjmp 1b"
			 : : "a"((uintptr_t)MB2_BOOTLOADER_MAGIC), "b"((uintptr_t)mbi),
			 "r"((uintptr_t)entry) : "memory");
	__builtin_unreachable();
}
