// SPDX-License-Identifier: BSD-2-Clause
#include <stdint.h>
#include "check.h"
#include "cpu_regs.h"
#include "exit.h"
#include "io.h"
#include "isr.h"
#include "pic.h"
#include "print.h"

/* 8259A ports and commands. */
#define PIC1_CMD        0x20
#define PIC1_DATA       0x21
#define PIC2_CMD        0xA0
#define PIC2_DATA       0xA1
#define OCW3_READ_IRR   0x0A
#define OCW3_READ_ISR   0x0B
#define OCW2_EOI        0x20
#define PIC_IRQS        8
#define SPURIOUS_IRQ    7
/* The chipset's edge/level control registers (PIIX3 and ICH9 alike). */
#define ELCR1           0x4D0
#define ELCR2           0x4D1

/* What SeaBIOS (1.16, QEMU 7.2) leaves at a Multiboot kernel's entry, on
 * q35 and pc alike (`info pic` in QEMU's monitor): IRQs 0-7 at vectors
 * 0x08-0x0F and 8-15 at 0x70-0x77, the real-mode BIOS's vectors; IRQs 0
 * (PIT), 1 (keyboard), 2 (the cascade) and 6 (floppy) open on the master,
 * 8 (RTC), 12 (mouse), 13 (FPU) and 14 (IDE) on the slave; IRQs 10 and 11
 * level-triggered, the ones PCI INTx lines are routed to. */
#define BIOS_VECTOR_IRQ0 0x08
#define BIOS_VECTOR_IRQ8 0x70
#define BIOS_IMR1        0xB8
#define BIOS_IMR2        0x8E
#define BIOS_ELCR1       0x00
#define BIOS_ELCR2       0x0C

/* 8254 channel 0. The read-back command (bits 7-6 set) with bit 5 set
 * latches no count, bit 4 clear latches the status, bit 1 picks channel
 * 0. The status's low six bits are the programming: access (5-4), mode
 * (3-1), BCD (0). */
#define PIT_CH0             0x40
#define PIT_CONTROL         0x43
#define PIT_READBACK_STATUS0 0xE2
#define PIT_LATCH_COUNT0    0x00
#define PIT_STATUS_PROGRAM  0x3F
#define PIT_STATUS_ACCESS(s) (((s) >> 4) & 3)
#define PIT_STATUS_MODE(s)  (((s) >> 1) & 7)
#define PIT_STATUS_BCD(s)   ((s) & 1)
/* SeaBIOS's channel 0: low then high byte, mode 2 (rate generator),
 * binary, reload 0 (65536: 18.2 Hz), which the BDA's tick count assumes. */
#define BIOS_PIT_PROGRAM    0x34
/* A count above this proves a reload value above it, that is 65536 for
 * every value a BIOS uses; the sampling loop takes a few microseconds, so
 * it sees values near the top of each period. */
#define BIOS_PIT_MIN_TOP    0xF000

/* MC146818 RTC: its periodic interrupt (IRQ 8) is the one slave interrupt
 * a test can cause without a device of its own. Rate 6 is 1024 Hz. */
#define CMOS_INDEX      0x70
#define CMOS_DATA       0x71
#define RTC_REG_A       0x0A
#define RTC_REG_B       0x0B
#define RTC_REG_C       0x0C
#define RTC_A_RATE      0x0F
#define RTC_A_RATE_1024HZ 0x06
#define RTC_B_PIE       0x40
#define IRQ_RTC         8

/* How many of each interrupt make the point: more than one shows the
 * handler's EOI let the next one through, and three PIT interrupts span
 * two whole periods of its count. */
#define WANT_TIMER_IRQS 3
#define WANT_RTC_IRQS   2
/* The bound on the wait: about 3 s at 3 GHz, where 3 PIT periods take
 * 0.17 s. Under TCG the TSC runs at the host's rate too. */
#define WAIT_CYCLES     (1ull << 33)

/* A 32-bit interrupt gate, present, DPL 0. */
#define GATE_INTERRUPT32 0x8E
/* Exceptions are vectors 0-31; these push an error code. */
#define EXCEPTION_VECTORS 32
#define ERROR_CODE_VECTORS ((1u << 8) | (1u << 10) | (1u << 11) | (1u << 12) | (1u << 13) | \
			    (1u << 14) | (1u << 17) | (1u << 21) | (1u << 29) | (1u << 30))

struct gate {
	uint16_t offset_low, selector;
	uint8_t zero, type;
	uint16_t offset_high;
} __attribute__((packed));

struct table_register {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static struct gate idt[ISR_VECTORS] __attribute__((aligned(8)));

/* What the handler saw, per IRQ at its BIOS vector; spurious IRQ 7s and
 * 15s; and interrupts at any other vector (a PIC with other bases, or a
 * local APIC source left running). */
static volatile uint32_t irq_count[2 * PIC_IRQS];
static volatile uint32_t spurious_count[2];
static volatile uint32_t stray_count, stray_first_vector;

static uint8_t pic_read_isr(uint16_t cmd_port)
{
	uint8_t isr;

	outb(cmd_port, OCW3_READ_ISR);
	isr = inb(cmd_port);
	/* Back to the IRR, what reads return after initialisation. */
	outb(cmd_port, OCW3_READ_IRR);
	return isr;
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t value)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, value);
}

static __attribute__((noreturn)) void exception(const struct isr_frame *f)
{
	const uint32_t *after = &f->eip;

	if (ERROR_CODE_VECTORS & (1u << f->vector)) {
		fail("pic: exception %u (error code 0x%x) at eip 0x%x while taking interrupts",
		     f->vector, after[0], after[1]);
	} else {
		fail("pic: exception %u at eip 0x%x while taking interrupts", f->vector, after[0]);
	}
	report("FAILED %u checks", failure_count());
	qemu_exit(EXIT_FAIL);
}

/* An interrupt at a vector no BIOS uses: count it, and end whatever the
 * PICs have in service so the wait goes on. */
static void stray(uint32_t vector)
{
	if (!stray_count++)
		stray_first_vector = vector;
	if (pic_read_isr(PIC2_CMD))
		outb(PIC2_CMD, OCW2_EOI);
	if (pic_read_isr(PIC1_CMD))
		outb(PIC1_CMD, OCW2_EOI);
}

/*
 * Vectors 0x08-0x0F are exceptions too (double fault, #GP, page fault...):
 * the master's in-service register tells an IRQ from an exception. A
 * spurious IRQ 7 or 15 sets no in-service bit and wants no EOI of its own
 * (the slave's does want the master's cascade EOI).
 */
void isr_dispatch(struct isr_frame *f)
{
	uint32_t v = f->vector;

	if (v >= BIOS_VECTOR_IRQ0 && v < BIOS_VECTOR_IRQ0 + PIC_IRQS) {
		uint32_t irq = v - BIOS_VECTOR_IRQ0;

		if (pic_read_isr(PIC1_CMD) & (1u << irq)) {
			irq_count[irq]++;
			outb(PIC1_CMD, OCW2_EOI);
		} else if (irq == SPURIOUS_IRQ) {
			spurious_count[0]++;
		} else {
			exception(f);
		}
		return;
	}
	if (v >= BIOS_VECTOR_IRQ8 && v < BIOS_VECTOR_IRQ8 + PIC_IRQS) {
		uint32_t irq = v - BIOS_VECTOR_IRQ8;

		if (pic_read_isr(PIC2_CMD) & (1u << irq)) {
			/* The RTC raises no more until register C is read. */
			if (irq + PIC_IRQS == IRQ_RTC)
				cmos_read(RTC_REG_C);
			irq_count[irq + PIC_IRQS]++;
			outb(PIC2_CMD, OCW2_EOI);
		} else if (irq == SPURIOUS_IRQ) {
			spurious_count[1]++;
		} else {
			stray(v);
			return;
		}
		outb(PIC1_CMD, OCW2_EOI);
		return;
	}
	if (v < EXCEPTION_VECTORS)
		exception(f);
	stray(v);
}

static void idt_fill(void)
{
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	for (uint32_t v = 0; v < ISR_VECTORS; v++) {
		uint32_t target = (uint32_t)isr_stubs + v * ISR_STUB_SIZE;

		idt[v].offset_low = target & 0xFFFF;
		idt[v].selector = cs;
		idt[v].zero = 0;
		idt[v].type = GATE_INTERRUPT32;
		idt[v].offset_high = target >> 16;
	}
}

static void check_masks(void)
{
	uint8_t imr1 = inb(PIC1_DATA), imr2 = inb(PIC2_DATA);
	uint8_t elcr1 = inb(ELCR1), elcr2 = inb(ELCR2);

	report("pic imr master=0x%x slave=0x%x elcr master=0x%x slave=0x%x", imr1, imr2, elcr1,
	       elcr2);
	if (imr1 != BIOS_IMR1 || imr2 != BIOS_IMR2)
		fail("pic: masks 0x%x/0x%x want 0x%x/0x%x (master/slave, as SeaBIOS leaves them)",
		     imr1, imr2, BIOS_IMR1, BIOS_IMR2);
	if (elcr1 != BIOS_ELCR1 || elcr2 != BIOS_ELCR2)
		fail("pic: ELCR 0x%x/0x%x want 0x%x/0x%x (IRQs 10 and 11 level-triggered)", elcr1,
		     elcr2, BIOS_ELCR1, BIOS_ELCR2);
}

static void check_pit_mode(void)
{
	uint8_t status;

	outb(PIT_CONTROL, PIT_READBACK_STATUS0);
	status = inb(PIT_CH0);
	report("pit channel 0 status=0x%x access=%u mode=%u bcd=%u", status,
	       PIT_STATUS_ACCESS(status), PIT_STATUS_MODE(status), PIT_STATUS_BCD(status));
	if ((status & PIT_STATUS_PROGRAM) != BIOS_PIT_PROGRAM)
		fail("pit: channel 0 programmed 0x%x want 0x%x (low/high byte, mode 2, binary)",
		     status & PIT_STATUS_PROGRAM, BIOS_PIT_PROGRAM);
}

static uint16_t pit_count(void)
{
	uint8_t low;

	outb(PIT_CONTROL, PIT_LATCH_COUNT0);
	low = inb(PIT_CH0);
	return low | (uint16_t)inb(PIT_CH0) << 8;
}

/* Interrupts on until enough of both have come or the TSC says time is up;
 * returns the highest PIT count seen meanwhile. */
static uint16_t take_interrupts(void)
{
	struct table_register ours = { sizeof(idt) - 1, (uint32_t)idt }, saved;
	uint8_t rtc_a = cmos_read(RTC_REG_A), rtc_b = cmos_read(RTC_REG_B);
	uint64_t start;
	uint16_t top = 0;

	idt_fill();
	__asm__ volatile("sidt %0" : "=m"(saved));
	__asm__ volatile("lidt %0" : : "m"(ours));
	cmos_write(RTC_REG_A, (rtc_a & ~RTC_A_RATE) | RTC_A_RATE_1024HZ);
	cmos_write(RTC_REG_B, rtc_b | RTC_B_PIE);
	start = read_tsc();
	__asm__ volatile("sti" : : : "memory");
	while ((irq_count[0] < WANT_TIMER_IRQS || irq_count[IRQ_RTC] < WANT_RTC_IRQS) &&
	       read_tsc() - start < WAIT_CYCLES) {
		uint16_t count = pit_count();

		if (count > top)
			top = count;
	}
	__asm__ volatile("cli" : : : "memory");
	cmos_write(RTC_REG_B, rtc_b);
	cmos_write(RTC_REG_A, rtc_a);
	/* An interrupt raised after the last one taken stays pending there. */
	cmos_read(RTC_REG_C);
	__asm__ volatile("lidt %0" : : "m"(saved));
	return top;
}

void pic_check(void)
{
	uint16_t top;

	check_masks();
	check_pit_mode();
	top = take_interrupts();

	for (uint32_t irq = 0; irq < 2 * PIC_IRQS; irq++)
		if (irq_count[irq])
			report("pic irq %u at vector 0x%x: %u times", irq,
			       irq < PIC_IRQS ? BIOS_VECTOR_IRQ0 + irq : BIOS_VECTOR_IRQ8 + irq - PIC_IRQS,
			       irq_count[irq]);
	report("pit channel 0 counted down from 0x%x or more", top);
	if (spurious_count[0] || spurious_count[1])
		report("note: spurious irq 7 %u times, irq 15 %u times", spurious_count[0],
		       spurious_count[1]);
	if (irq_count[0] < WANT_TIMER_IRQS)
		fail("pic: %u PIT interrupts (IRQ 0) at vector 0x%x in 2^33 TSC cycles, want %u",
		     irq_count[0], BIOS_VECTOR_IRQ0, WANT_TIMER_IRQS);
	if (irq_count[IRQ_RTC] < WANT_RTC_IRQS)
		fail("pic: %u RTC interrupts (IRQ 8) at vector 0x%x in 2^33 TSC cycles, want %u",
		     irq_count[IRQ_RTC], BIOS_VECTOR_IRQ8, WANT_RTC_IRQS);
	if (stray_count)
		fail("pic: %u interrupts at vectors outside 0x%x-0x%x and 0x%x-0x%x, the first at 0x%x",
		     stray_count, BIOS_VECTOR_IRQ0, BIOS_VECTOR_IRQ0 + PIC_IRQS - 1, BIOS_VECTOR_IRQ8,
		     BIOS_VECTOR_IRQ8 + PIC_IRQS - 1, stray_first_vector);
	if (irq_count[0] >= WANT_TIMER_IRQS && top < BIOS_PIT_MIN_TOP)
		fail("pit: channel 0 counted down from no more than 0x%x, want 65536 (18.2 Hz)", top);
}
