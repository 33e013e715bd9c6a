/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbreal: the layout shared by the 32-bit kernel (C and assembly) and the
 * real-mode trampoline it copies below 1 MiB.
 *
 * Low memory used while in real mode (all of it type-1 RAM that neither
 * QEMU's BIOS path nor multiboot.efi puts the MBI in: both use 0x9000 for
 * the memory map and 0x9500 for the MBI; main.c checks it anyway):
 *   0x7000-0x7fff  real-mode stack (SS = 0, SP = RM_STACK_TOP)
 *   0x8000-0x83ff  trampoline code (CS = DS = ES = RM_SEGMENT)
 *   0x8400-0x8fff  what each BIOS call returned
 */
#ifndef MBREAL_REALMODE_H
#define MBREAL_REALMODE_H

#define RM_BASE        0x8000
#define RM_SEGMENT     (RM_BASE >> 4)
#define RM_CODE_MAX    0x400
#define RM_STACK_LOW   0x7000
#define RM_STACK_TOP   0x8000   /* SS = 0: a whole page below the code */
#define RM_END         0x9000   /* where the MBI's memory map may start */

/* GDT selectors (entry.S); the 16-bit ones are what real mode needs. */
#define SEL_CODE32 0x08
#define SEL_DATA32 0x10
#define SEL_CODE16 0x18   /* base RM_BASE, so offsets match real mode's */
#define SEL_DATA16 0x20   /* 64 KiB limit, as real mode expects */

/* Values put in registers a call must not change, to see that it didn't. */
#define SENTINEL_EBX 0xb0b1b2b3
#define SENTINEL_ECX 0xc0c1c2c3
#define SENTINEL_EDX 0xd0d1d2d3
#define SENTINEL_ESI 0x5a5b5c5d
#define SENTINEL_EDI 0xd4d5d6d7
#define SENTINEL_EBP 0xe0e1e2e3

#define SMAP_SIGNATURE 0x534d4150   /* "SMAP", E820's EDX and EAX */
#define E820_ENTRY_SIZE 20
#define E820_MAX 40                  /* calls made at most */

/* One register snapshot, taken right after an int instruction. */
#define R_EAX   0
#define R_EBX   4
#define R_ECX   8
#define R_EDX   12
#define R_ESI   16
#define R_EDI   20
#define R_EBP   24
#define R_FLAGS 28
#define R_DS    30
#define R_ES    32
#define R_SS    34
#define R_SP    36
#define R_SIZE  40

/* Results: offsets from RM_BASE (so also from RM_SEGMENT in real mode). */
#define RES_BASE     RM_CODE_MAX
#define RES_INT12    (RES_BASE + 0 * R_SIZE)
#define RES_E801     (RES_BASE + 1 * R_SIZE)
#define RES_88       (RES_BASE + 2 * R_SIZE)
#define RES_INT10    (RES_BASE + 3 * R_SIZE)
#define RES_INT13    (RES_BASE + 4 * R_SIZE)
#define RES_E980     (RES_BASE + 5 * R_SIZE)
#define RES_SLOT     (RES_BASE + 6 * R_SIZE)     /* u16: where to snapshot */
#define RES_E820_EBX (RES_SLOT + 2)              /* u32: E820's next EBX */
#define RES_E820_CALLS (RES_E820_EBX + 4)        /* u16: calls made */
#define RES_E820_REGS (RES_E820_CALLS + 2)       /* E820_MAX snapshots */
#define RES_E820_BUF (RES_E820_REGS + E820_MAX * R_SIZE) /* the entries */
/* What the kernel asks of the trampoline (written after the pattern). */
#define RES_REQUEST  (RES_E820_BUF + E820_MAX * E820_ENTRY_SIZE) /* u16 */
/* The real-mode timer check: the BDA tick count before and after, the
 * PICs' in-service registers after (master low byte, slave high), and
 * whether the wait ran out. */
#define RES_TICKS_START (RES_REQUEST + 2)        /* u32 */
#define RES_TICKS_END (RES_TICKS_START + 4)      /* u32 */
#define RES_TIMER_ISR (RES_TICKS_END + 4)        /* u16 */
#define RES_TIMER_TIMEOUT (RES_TIMER_ISR + 2)    /* u16: 1 if it ran out */
#define RES_END      (RES_TIMER_TIMEOUT + 2)

/* RES_REQUEST bits. */
#define REQ_TIMER    0x0001   /* rmtimer=1: sti and wait for BDA ticks */
#define REQ_NO_CALLS 0x0002   /* bioscalls=0: no int 12h, 15h, 10h, 13h */

/* The BIOS's tick count (BDA 0x6C, at 40:6C), raised by its IRQ 0
 * handler 18.2 times a second. */
#define BDA_TICKS    0x46c
#define TIMER_WANT_TICKS 2
/* The wait gives up after 2^33 TSC cycles (about 3 s at 3 GHz; 2 ticks
 * take 0.11 s): the high dword of the elapsed count reaching this. */
#define TIMER_WAIT_CYCLES_HIGH 2

/* The trampoline's results may not reach the MBI's memory map. */
#if RM_BASE + RES_END > RM_END
#error "real-mode results overflow their area"
#endif

/* Flags register bits. */
#define FLAG_CF 0x0001

/* 8259 command ports and the OCW3 that selects which register they read. */
#define PIC1_CMD      0x20
#define PIC2_CMD      0xa0
#define OCW3_READ_IRR 0x0a
#define OCW3_READ_ISR 0x0b

/* The "function not supported" status of BIOS calls (AH). */
#define BIOS_UNSUPPORTED 0x86

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Runs the trampoline (copied to RM_BASE first) and returns in 32-bit mode. */
void realmode_run(void);

extern const uint8_t rm_blob_start[], rm_blob_end[];
#endif

#endif
