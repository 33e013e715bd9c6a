#include <stdint.h>
#include <multiboot/multiboot.h>
#include "check.h"
#include "cpu_checks.h"
#include "entry_state.h"
#include "print.h"

#define CR0_PE (1u << 0)
#define CR0_PG (1u << 31)

#define MSR_EFER  0xC0000080
#define EFER_LME  (1u << 8)

#define EFLAGS_IF (1u << 9)
#define EFLAGS_DF (1u << 10)

/* Access-rights bits as LAR returns them (descriptor bytes 5 and 6). */
#define AR_DATA_WRITABLE   (1u << 9)
#define AR_DATA_EXPAND_DOWN (1u << 10)
#define AR_CODE            (1u << 11)
#define AR_NOT_SYSTEM      (1u << 12)
#define AR_PRESENT         (1u << 15)
#define AR_DEFAULT_32BIT   (1u << 22)  /* D for code, B for the stack */

#define FLAT_LIMIT 0xFFFFFFFFu

enum seg_kind { SEG_CODE, SEG_DATA, SEG_STACK };

static uint32_t read_cr0(void)
{
	uint32_t value;

	__asm__ volatile("mov %%cr0, %0" : "=r"(value));
	return value;
}

static uint32_t read_cr4(void)
{
	uint32_t value;

	__asm__ volatile("mov %%cr4, %0" : "=r"(value));
	return value;
}

static uint64_t read_msr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

/* LAR/LSL clear ZF when the selector is null, outside the GDT or not
 * accessible: report that as "unusable" rather than reading garbage. */
static int read_access_rights(uint16_t sel, uint32_t *ar)
{
	uint8_t ok;

	__asm__("lar %2, %0\n\tsetz %1" : "=r"(*ar), "=q"(ok) : "r"((uint32_t)sel) : "cc");
	return ok;
}

static int read_limit(uint16_t sel, uint32_t *limit)
{
	uint8_t ok;

	__asm__("lsl %2, %0\n\tsetz %1" : "=r"(*limit), "=q"(ok) : "r"((uint32_t)sel) : "cc");
	return ok;
}

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
