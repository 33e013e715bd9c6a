/* SPDX-License-Identifier: BSD-2-Clause */
/* Control registers, MSRs and segment descriptors as both word sizes read
 * them: the Multiboot 1 kernel's checks (cpu_checks.c) and the Multiboot 2
 * kernels' (mb2/cpu32.c, mb2/cpu64.c). Inline, so each file keeps only the
 * readers it uses. */
#ifndef MBTEST_CPU_REGS_H
#define MBTEST_CPU_REGS_H

#include <stdint.h>

#define CR0_PE (1u << 0)
#define CR0_PG (1u << 31)

#define MSR_EFER  0xC0000080
#define EFER_LME  (1u << 8)
#define EFER_LMA  (1u << 10)

/* Access-rights bits as LAR returns them (descriptor bytes 5 and 6). */
#define AR_DATA_WRITABLE    (1u << 9)
#define AR_DATA_EXPAND_DOWN (1u << 10)
#define AR_CODE             (1u << 11)
#define AR_NOT_SYSTEM       (1u << 12)
#define AR_PRESENT          (1u << 15)
#define AR_LONG             (1u << 21)  /* L: 64-bit code */
#define AR_DEFAULT_32BIT    (1u << 22)  /* D for code, B for the stack */

/* Control registers are as wide as the mode: 32 or 64 bits. */
static inline uintptr_t read_cr0(void)
{
	uintptr_t value;

	__asm__ volatile("mov %%cr0, %0" : "=r"(value));
	return value;
}

static inline uintptr_t read_cr4(void)
{
	uintptr_t value;

	__asm__ volatile("mov %%cr4, %0" : "=r"(value));
	return value;
}

static inline uint64_t read_msr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t read_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* LAR/LSL clear ZF when the selector is null, outside the GDT or not
 * accessible: report that as "unusable" rather than reading garbage. */
static inline int read_access_rights(uint16_t sel, uint32_t *ar)
{
	uint8_t ok;

	__asm__("lar %2, %0\n\tsetz %1" : "=r"(*ar), "=q"(ok) : "r"((uint32_t)sel) : "cc");
	return ok;
}

static inline int read_limit(uint16_t sel, uint32_t *limit)
{
	uint8_t ok;

	__asm__("lsl %2, %0\n\tsetz %1" : "=r"(*limit), "=q"(ok) : "r"((uint32_t)sel) : "cc");
	return ok;
}

#endif
