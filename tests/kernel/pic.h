/* SPDX-License-Identifier: BSD-2-Clause */
/* The interrupt hardware as a PC BIOS leaves it for the kernel: the two
 * 8259 PICs (vector bases, masks, trigger modes) and the 8254's channel 0,
 * checked by reading them and by taking real interrupts. */
#ifndef MBTEST_PIC_H
#define MBTEST_PIC_H

/* Reads the PICs' masks and trigger modes and the PIT channel 0 mode and
 * compares them with what SeaBIOS leaves; then, with an IDT of its own,
 * enables interrupts until the PIT's IRQ 0 and the RTC's IRQ 8 have
 * arrived a few times (bounded by the TSC), and checks that they came at
 * the BIOS's vectors 0x08 and 0x70, that the PIT counts down from the
 * BIOS's 65536, and that nothing else came. Interrupts are off again, and
 * the previous IDT back, when it returns. */
void pic_check(void);

#endif
