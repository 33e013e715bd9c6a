// SPDX-License-Identifier: BSD-2-Clause
/*
 * loader/mptable.c: MP tables from QEMU's MADTs, read back as a kernel
 * reads them (biostables.c's mp_read), every field checked against what
 * SeaBIOS builds on QEMU.
 */
#include "biostables.h"
#include "check.h"
#include "loader/bytes.h"
#include "loader/checksum.h"
#include "loader/mptable.h"

#define SEG_BASE 0xF0000u
#define SEG_SIZE 0x10000u
#define CONFIG_OFF 0xE000u
#define FLOATING_OFF 0xFFF0u

/* QEMU's default CPU: family 6 model 6 stepping 3; a LAPIC version of 0x14. */
static const struct mptable_cpu_info qemu_cpu = { 0, 0x14, 0x663, 0x0783FBFD };

struct mp_fixture {
	uint8_t seg[SEG_SIZE];
	struct phys_mem pm;
	struct madt_buf t;
	struct madt m;
	struct mp_seen s;
	size_t size;
	char why[256];
};

static struct mp_fixture *fx(void)
{
	struct mp_fixture *f = tcalloc(1, sizeof(*f));

	f->pm = (struct phys_mem){ SEG_BASE, f->seg, sizeof(f->seg) };
	return f;
}

/* Parse f->t, build the tables in f->seg; returns mptable_config's result. */
static int build(struct mp_fixture *f, const struct mptable_cpu_info *cpu, size_t room)
{
	f->why[0] = 0;
	f->size = 0;
	madt_parse_ok(&f->t, &f->m);
	memset(f->seg, 0xEE, sizeof(f->seg));
	return mptable_config(&f->m, cpu, f->seg + CONFIG_OFF, room, &f->size, f->why,
			      sizeof(f->why));
}

/* build, CHECKed to succeed, then read back as a kernel would. */
static void build_read(struct mp_fixture *f, const struct mptable_cpu_info *cpu)
{
	CHECK_OK(build(f, cpu, SEG_SIZE - CONFIG_OFF), f->why);
	CHECK(f->size <= MP_CONFIG_MAX_SIZE);
	CHECK_EQ(f->seg[CONFIG_OFF + f->size], 0xEE);   /* nothing written past it */
	mptable_floating(f->seg + FLOATING_OFF, SEG_BASE + CONFIG_OFF);
	mp_read(f->seg + FLOATING_OFF, &f->pm, &f->s);
	CHECK_EQ(f->s.config_addr, SEG_BASE + CONFIG_OFF);
	CHECK_EQ(get_le16(f->seg + CONFIG_OFF + 4), f->size);
}

static void check_int(const struct mp_int *in, uint8_t type, uint8_t flags, uint8_t dest_id,
		      uint8_t dest_input)
{
	CHECK(in);
	CHECK_EQ(in->type, type);
	CHECK_EQ(in->flags, flags);
	CHECK_EQ(in->dest_id, dest_id);
	CHECK_EQ(in->dest_input, dest_input);
}

/* QEMU's ISA routing as SeaBIOS's table has it with the IRQ 0 override. */
static void check_qemu_isa(const struct mp_seen *s)
{
	CHECK_EQ(s->io_ints, 15);
	for (uint8_t irq = 0; irq < 16; irq++) {
		bool pci = irq == 5 || irq == 9 || irq == 10 || irq == 11;

		if (irq == 2) {
			CHECK(!mp_isa_irq(s, 2));
			continue;
		}
		check_int(mp_isa_irq(s, irq), 0, pci ? INTI_LEVEL_HIGH : 0, 0, irq ? irq : 2);
	}
}

/* ExtINT on LINT0, NMI on LINT1, both to every local APIC. */
static void check_default_local_ints(const struct mp_seen *s)
{
	CHECK_EQ(s->local_ints, 2);
	check_int(&s->local_int[0], 3, 0, 0xFF, 0);
	check_int(&s->local_int[1], 1, 0, 0xFF, 1);
	CHECK_STR(s->bus_type[s->local_int[0].src_bus], "ISA   ");
}

TEST(mptable_qemu_smp1)
{
	struct mp_fixture *f = fx();

	madt_qemu(&f->t, 1, 1);
	build_read(f, &qemu_cpu);
	CHECK_STR(f->s.oem, "QEMU    ");
	CHECK_STR(f->s.product, "MULTIBOOTEFI");
	CHECK_EQ(f->s.lapic_addr, QEMU_LAPIC_ADDR);
	CHECK_EQ(f->seg[CONFIG_OFF + 6], 4);            /* spec revision 1.4 */
	CHECK_EQ(f->s.processors, 1);
	CHECK_EQ(f->s.apic_ids[0], 0);
	CHECK_EQ(f->s.cpu_flags[0], 3);                 /* enabled, BSP */
	CHECK_EQ(f->s.bsp, 0);
	CHECK_EQ(f->s.lapic_version, 0x14);
	CHECK_EQ(f->s.signature, 0x663);
	CHECK_EQ(f->s.features, 0x0783FBFD);
	/* The processor entry's reserved bytes are zero. */
	for (unsigned i = 12; i < 20; i++)
		CHECK_EQ(f->seg[CONFIG_OFF + 44 + i], 0);
	CHECK_EQ(f->s.buses, 2);
	CHECK_STR(f->s.bus_type[0], "PCI   ");
	CHECK_STR(f->s.bus_type[1], "ISA   ");
	CHECK_EQ(f->s.ioapics, 1);
	CHECK_EQ(f->s.ioapic_ids[0], 0);
	CHECK_EQ(f->s.ioapic_addr[0], QEMU_IOAPIC_ADDR);
	CHECK_EQ(f->seg[CONFIG_OFF + 44 + 20 + 16 + 2], 0x11);   /* SeaBIOS's I/O APIC version */
	check_qemu_isa(&f->s);
	check_default_local_ints(&f->s);
	CHECK_EQ(f->s.entries, 1 + 2 + 1 + 15 + 2);
	CHECK_EQ(f->size, 44 + 20 + 8 * (2 + 1 + 15 + 2));
	tfree(f);
}

/* -smp 4,maxcpus=8: the four enabled processors, the BSP first. */
TEST(mptable_qemu_smp4)
{
	static const uint8_t order[][4] = { { 0, 1, 2, 3 }, { 2, 0, 1, 3 }, { 3, 0, 1, 2 } };
	struct mp_fixture *f = fx();

	madt_qemu(&f->t, 8, 4);
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		struct mptable_cpu_info cpu = qemu_cpu;

		cpu.bsp_apic_id = order[k][0];
		build_read(f, &cpu);
		CHECK_EQ(f->s.processors, 4);
		CHECK_EQ(f->s.bsp, 0);
		for (unsigned i = 0; i < 4; i++) {
			CHECK_EQ(f->s.apic_ids[i], order[k][i]);
			CHECK_EQ(f->s.cpu_flags[i], i ? 1 : 3);
		}
		check_qemu_isa(&f->s);
		check_default_local_ints(&f->s);
	}
	tfree(f);
}

/* The BSP must be an enabled processor the table can list. */
TEST(mptable_bsp_refused)
{
	struct mp_fixture *f = fx();
	struct mptable_cpu_info cpu = qemu_cpu;

	madt_qemu(&f->t, 8, 4);
	cpu.bsp_apic_id = 5;
	CHECK_REFUSED(build(f, &cpu, SEG_SIZE - CONFIG_OFF), f->why,
		      "MP table: the BSP's APIC id 5 is not an enabled processor of the MADT");
	cpu.bsp_apic_id = 255;
	CHECK_REFUSED(build(f, &cpu, SEG_SIZE - CONFIG_OFF), f->why, "APIC id 255 is not");
	tfree(f);
}

/* 260 CPUs, ids 255-259 as x2APIC entries: the first 255 are listed. */
TEST(mptable_x2apic_ids_left_out)
{
	struct mp_fixture *f = fx();
	struct mptable_cpu_info cpu = qemu_cpu;

	madt_qemu(&f->t, 260, 260);
	cpu.bsp_apic_id = 200;
	build_read(f, &cpu);
	CHECK_EQ(f->m.cpus_id_too_high, 5);
	CHECK_EQ(f->s.processors, 255);
	CHECK_EQ(f->s.apic_ids[0], 200);
	CHECK_EQ(f->s.apic_ids[254], 254);
	tfree(f);
}

TEST(mptable_madt_refused)
{
	struct mp_fixture *f = fx();

	madt_begin(&f->t, QEMU_LAPIC_ADDR);
	madt_lapic(&f->t, 0, 0, 1);
	madt_end(&f->t);
	CHECK_REFUSED(build(f, &qemu_cpu, 4096), f->why, "MP table: the MADT lists no I/O APIC");

	madt_begin(&f->t, QEMU_LAPIC_ADDR);
	madt_lapic(&f->t, 0, 0, 1);
	madt_ioapic(&f->t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_lapic_addr(&f->t, 0x100000000ull);
	madt_end(&f->t);
	CHECK_REFUSED(build(f, &qemu_cpu, 4096), f->why,
		      "the local APIC address 0x100000000 is not a 32-bit address");

	madt_begin(&f->t, 0);
	madt_lapic(&f->t, 0, 0, 1);
	madt_ioapic(&f->t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_end(&f->t);
	CHECK_REFUSED(build(f, &qemu_cpu, 4096), f->why, "the local APIC address 0x0");

	/* A 32-bit override is used. */
	madt_begin(&f->t, 0);
	madt_lapic(&f->t, 0, 0, 1);
	madt_ioapic(&f->t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_lapic_addr(&f->t, 0xFEE20000);
	madt_end(&f->t);
	build_read(f, &qemu_cpu);
	CHECK_EQ(f->s.lapic_addr, 0xFEE20000);
	tfree(f);
}

/* Exactly its size is room enough; a byte less is refused, nothing written past the room. */
TEST(mptable_room)
{
	struct mp_fixture *f = fx();
	size_t size;

	madt_qemu(&f->t, 4, 4);
	CHECK_OK(build(f, &qemu_cpu, 4096), f->why);
	size = f->size;
	CHECK_OK(build(f, &qemu_cpu, size), f->why);
	CHECK_EQ(f->size, size);
	CHECK_EQ(byte_sum(f->seg + CONFIG_OFF, size), 0);
	CHECK_EQ(size, 44 + 4 * 20 + 8 * (2 + 1 + 15 + 2));
	CHECK_REFUSED(build(f, &qemu_cpu, size - 1), f->why,
		      "the configuration table needs 284 bytes, 283 given");
	CHECK_EQ(f->seg[CONFIG_OFF], 0xEE);                 /* no header */
	CHECK_EQ(f->seg[CONFIG_OFF + size - 1], 0xEE);
	CHECK_REFUSED(build(f, &qemu_cpu, 0), f->why, "needs 284 bytes, 0 given");
	tfree(f);
}

/* The largest MADT the parser takes gives exactly MP_CONFIG_MAX_SIZE. */
TEST(mptable_largest)
{
	struct mp_fixture *f = fx();
	struct madt_buf *t = &f->t;

	madt_largest(t);
	build_read(f, &qemu_cpu);
	CHECK_EQ(f->size, MP_CONFIG_MAX_SIZE);
	CHECK_EQ(f->s.processors, 255);
	CHECK_EQ(f->s.ioapics, 16);
	CHECK_EQ(f->s.io_ints, 16);                   /* no override: IRQ 2 too */
	CHECK_EQ(f->s.local_ints, 1 + 256);
	tfree(f);
}

/* GSIs to the I/O APIC whose range holds them; none that no I/O APIC input can be. */
TEST(mptable_two_ioapics)
{
	struct mp_fixture *f = fx();
	struct madt_buf *t = &f->t;

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_lapic(t, 0, 0, 1);
	madt_ioapic(t, 9, QEMU_IOAPIC2_ADDR, 8);
	madt_ioapic(t, 4, QEMU_IOAPIC_ADDR, 32);
	madt_override(t, 0, 3, 8, 0);            /* first input of I/O APIC 9 */
	madt_override(t, 0, 4, 40, 0xF);         /* I/O APIC 4, input 8, level low */
	madt_override(t, 0, 7, 32 + 256, 0);     /* input 256: not a byte */
	madt_override(t, 0, 12, 31, 1);          /* I/O APIC 9, input 23 */
	madt_end(t);
	build_read(f, &qemu_cpu);
	CHECK_EQ(f->s.ioapics, 2);
	CHECK_EQ(f->s.ioapic_ids[0], 9);
	CHECK_EQ(f->s.ioapic_ids[1], 4);
	check_int(mp_isa_irq(&f->s, 3), 0, 0, 9, 0);
	check_int(mp_isa_irq(&f->s, 4), 0, 0xF, 4, 8);
	check_int(mp_isa_irq(&f->s, 12), 0, 1, 9, 23);
	check_int(mp_isa_irq(&f->s, 9), 0, 0, 9, 1);
	check_int(mp_isa_irq(&f->s, 15), 0, 0, 9, 7);
	CHECK(!mp_isa_irq(&f->s, 7));
	CHECK(!mp_isa_irq(&f->s, 8));            /* its GSI is IRQ 3's */
	/* GSIs 0-7 are below every I/O APIC: IRQs 0, 1, 2, 5, 6 go nowhere. */
	for (uint8_t irq = 0; irq < 7; irq++)
		if (irq != 3 && irq != 4)
			CHECK(!mp_isa_irq(&f->s, irq));
	CHECK_EQ(f->s.io_ints, 9);               /* 3, 4, 9-15 */
	tfree(f);
}

/* Without the IRQ 0 override every ISA IRQ maps to its own input, IRQ 2 included. */
TEST(mptable_no_irq0_override)
{
	struct mp_fixture *f = fx();

	madt_begin(&f->t, QEMU_LAPIC_ADDR);
	madt_lapic(&f->t, 0, 0, 1);
	madt_ioapic(&f->t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_end(&f->t);
	build_read(f, &qemu_cpu);
	CHECK_EQ(f->s.io_ints, 16);
	for (uint8_t irq = 0; irq < 16; irq++)
		check_int(mp_isa_irq(&f->s, irq), 0, 0, 0, irq);
	check_default_local_ints(&f->s);
	tfree(f);
}

/* Overrides only displace identity routes: IRQ 2 overridden to itself stays. */
TEST(mptable_override_to_own_gsi_stays)
{
	struct mp_fixture *f = fx();

	madt_begin(&f->t, QEMU_LAPIC_ADDR);
	madt_lapic(&f->t, 0, 0, 1);
	madt_ioapic(&f->t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_override(&f->t, 0, 0, 2, 0);
	madt_override(&f->t, 0, 2, 2, 0xD);
	madt_override(&f->t, 0, 8, 1, 0);        /* displaces IRQ 1 */
	madt_end(&f->t);
	build_read(f, &qemu_cpu);
	check_int(mp_isa_irq(&f->s, 0), 0, 0, 0, 2);
	check_int(mp_isa_irq(&f->s, 2), 0, 0xD, 0, 2);
	check_int(mp_isa_irq(&f->s, 8), 0, 0, 0, 1);
	CHECK(!mp_isa_irq(&f->s, 1));
	CHECK_EQ(f->s.io_ints, 15);
	tfree(f);
}

/* Local APIC NMI entries name processors by ACPI UID (0xFF: all). */
TEST(mptable_lapic_nmis)
{
	struct mp_fixture *f = fx();
	struct madt_buf *t = &f->t;

	madt_begin(t, QEMU_LAPIC_ADDR);
	madt_lapic(t, 10, 4, 1);
	madt_lapic(t, 11, 6, 0);                 /* disabled */
	madt_x2apic(t, 8, 1, 12);                /* its UID is not a local APIC one */
	madt_ioapic(t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_lapic_nmi(t, 10, 5, 1);
	madt_lapic_nmi(t, 11, 0, 1);
	madt_lapic_nmi(t, 12, 0, 1);
	madt_lapic_nmi(t, 77, 0, 1);
	madt_lapic_nmi(t, 0xFF, 0xF, 0);
	madt_end(t);
	struct mptable_cpu_info cpu = qemu_cpu;

	cpu.bsp_apic_id = 4;
	build_read(f, &cpu);
	CHECK_EQ(f->s.processors, 2);
	CHECK_EQ(f->s.local_ints, 3);
	check_int(&f->s.local_int[0], 3, 0, 0xFF, 0);
	check_int(&f->s.local_int[1], 1, 5, 4, 1);
	check_int(&f->s.local_int[2], 1, 0xF, 0xFF, 0);
	tfree(f);
}

/* Reserved bits of the MPS INTI flags do not reach the MP table. */
TEST(mptable_flags_masked)
{
	struct mp_fixture *f = fx();

	madt_begin(&f->t, QEMU_LAPIC_ADDR);
	madt_lapic(&f->t, 0, 0, 1);
	madt_ioapic(&f->t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_override(&f->t, 0, 9, 9, 0xFFFD);
	madt_lapic_nmi(&f->t, 0xFF, 0xFF05, 1);
	madt_end(&f->t);
	build_read(f, &qemu_cpu);
	check_int(mp_isa_irq(&f->s, 9), 0, 0xD, 0, 9);
	check_int(&f->s.local_int[1], 1, 5, 0xFF, 1);
	tfree(f);
}

TEST(mptable_floating_pointer)
{
	uint8_t p[MP_FLOATING_SIZE];

	memset(p, 0xEE, sizeof(p));
	mptable_floating(p, 0x000FE123);
	CHECK(!memcmp(p, "_MP_", 4));
	CHECK_EQ(get_le32(p + 4), 0x000FE123);
	CHECK_EQ(p[8], 1);
	CHECK_EQ(p[9], 4);
	CHECK_EQ(byte_sum(p, sizeof(p)), 0);
	for (unsigned i = 11; i < 16; i++)
		CHECK_EQ(p[i], 0);
}
