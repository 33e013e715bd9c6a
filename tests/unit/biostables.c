// SPDX-License-Identifier: BSD-2-Clause
/* Test-side BIOS tables: see biostables.h. */
#include "biostables.h"

#include "check.h"
#include "loader/bytes.h"
#include "loader/checksum.h"

static const uint8_t *phys_bytes(void *ctx, uint64_t addr, size_t size)
{
	const struct phys_mem *pm = ctx;

	if (addr < pm->base || addr - pm->base > pm->size || size > pm->size - (addr - pm->base))
		return NULL;
	return pm->buf + (addr - pm->base);
}

struct acpi_memory phys_acpi(struct phys_mem *pm)
{
	return (struct acpi_memory){ phys_bytes, pm };
}

void sdt_finish(uint8_t *t, const char *signature, uint32_t length)
{
	memcpy(t, signature, 4);
	put_le32(t + ACPI_SDT_LENGTH, length);
	t[8] = 1;
	memcpy(t + 10, "BOCHS BXPC    ", 14);
	put_le32(t + 28, 0x43505842);   /* "BXPC" */
	put_le32(t + 32, 1);
	checksum_fix(t, length, ACPI_SDT_CHECKSUM);
}

void rsdp_make(uint8_t out[ACPI_RSDP_V2_SIZE], unsigned revision, uint32_t rsdt, uint64_t xsdt)
{
	memset(out, 0, ACPI_RSDP_V2_SIZE);
	memcpy(out, "RSD PTR BOCHS ", 14);
	out[15] = (uint8_t)revision;
	put_le32(out + 16, rsdt);
	checksum_fix(out, ACPI_RSDP_V1_SIZE, 8);
	if (revision < 2)
		return;
	put_le32(out + 20, ACPI_RSDP_V2_SIZE);
	put_le64(out + 24, xsdt);
	checksum_fix(out, ACPI_RSDP_V2_SIZE, 32);
}

void smbios2_make(uint8_t out[SMBIOS2_ENTRY_SIZE], uint32_t table, uint16_t table_size)
{
	memset(out, 0, SMBIOS2_ENTRY_SIZE);
	memcpy(out, "_SM_", 4);
	out[5] = SMBIOS2_ENTRY_SIZE;
	out[6] = 2;
	out[7] = 8;
	put_le16(out + 8, 0x60);
	memcpy(out + 0x10, "_DMI_", 5);
	put_le16(out + 0x16, table_size);
	put_le32(out + 0x18, table);
	put_le16(out + 0x1C, 9);
	out[0x1E] = 0x28;
	checksum_fix(out + 0x10, 15, 5);
	checksum_fix(out, SMBIOS2_ENTRY_SIZE, 4);
}

void smbios3_make(uint8_t out[SMBIOS3_ENTRY_SIZE], uint64_t table, uint32_t table_max)
{
	memset(out, 0, SMBIOS3_ENTRY_SIZE);
	memcpy(out, "_SM3_", 5);
	out[6] = SMBIOS3_ENTRY_SIZE;
	out[7] = 3;
	out[10] = 1;
	put_le32(out + 12, table_max);
	put_le64(out + 16, table);
	checksum_fix(out, SMBIOS3_ENTRY_SIZE, 5);
}

/* Room for an entry of n bytes, zeroed, its type and length set. */
static uint8_t *madt_entry(struct madt_buf *t, uint8_t type, uint8_t n)
{
	uint8_t *e = t->b + t->len;

	CHECK(t->len + n <= sizeof(t->b));
	memset(e, 0, n);
	e[0] = type;
	e[1] = n;
	t->len += n;
	return e;
}

void madt_begin(struct madt_buf *t, uint32_t lapic_addr)
{
	memset(t->b, 0, 44);
	put_le32(t->b + 36, lapic_addr);
	put_le32(t->b + 40, MADT_PCAT_COMPAT);
	t->len = 44;
}

void madt_lapic(struct madt_buf *t, uint8_t uid, uint8_t apic_id, uint32_t flags)
{
	uint8_t *e = madt_entry(t, 0, 8);

	e[2] = uid;
	e[3] = apic_id;
	put_le32(e + 4, flags);
}

void madt_x2apic(struct madt_buf *t, uint32_t x2apic_id, uint32_t flags, uint32_t uid)
{
	uint8_t *e = madt_entry(t, 9, 16);

	put_le32(e + 4, x2apic_id);
	put_le32(e + 8, flags);
	put_le32(e + 12, uid);
}

void madt_ioapic(struct madt_buf *t, uint8_t id, uint32_t addr, uint32_t gsi_base)
{
	uint8_t *e = madt_entry(t, 1, 12);

	e[2] = id;
	put_le32(e + 4, addr);
	put_le32(e + 8, gsi_base);
}

void madt_override(struct madt_buf *t, uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	uint8_t *e = madt_entry(t, 2, 10);

	e[2] = bus;
	e[3] = irq;
	put_le32(e + 4, gsi);
	put_le16(e + 8, flags);
}

void madt_nmi_source(struct madt_buf *t, uint16_t flags, uint32_t gsi)
{
	uint8_t *e = madt_entry(t, 3, 8);

	put_le16(e + 2, flags);
	put_le32(e + 4, gsi);
}

void madt_lapic_nmi(struct madt_buf *t, uint8_t uid, uint16_t flags, uint8_t lint)
{
	uint8_t *e = madt_entry(t, 4, 6);

	e[2] = uid;
	put_le16(e + 3, flags);
	e[5] = lint;
}

void madt_lapic_addr(struct madt_buf *t, uint64_t addr)
{
	put_le64(madt_entry(t, 5, 12) + 4, addr);
}

void madt_raw(struct madt_buf *t, uint8_t type, uint8_t length, uint8_t fill)
{
	uint8_t *e = t->b + t->len;

	CHECK(t->len + length <= sizeof(t->b));
	memset(e, fill, length);
	if (length > 0)
		e[0] = type;
	if (length > 1)
		e[1] = length;
	t->len += length;
}

size_t madt_end(struct madt_buf *t)
{
	sdt_finish(t->b, "APIC", (uint32_t)t->len);
	return t->len;
}

size_t madt_largest(struct madt_buf *t)
{
	madt_begin(t, QEMU_LAPIC_ADDR);
	for (unsigned i = 0; i < MADT_MAX_CPUS; i++)
		madt_lapic(t, (uint8_t)i, (uint8_t)i, 1);
	for (unsigned i = 0; i < MADT_MAX_IOAPICS; i++)
		madt_ioapic(t, (uint8_t)i, QEMU_IOAPIC_ADDR + 0x1000 * i, 24 * i);
	for (unsigned i = 0; i < MADT_MAX_LAPIC_NMIS; i++)
		madt_lapic_nmi(t, (uint8_t)i, 0, 1);
	return madt_end(t);
}

size_t madt_qemu(struct madt_buf *t, unsigned possible, unsigned present)
{
	static const uint8_t pci_irqs[] = { 5, 9, 10, 11 };

	madt_begin(t, QEMU_LAPIC_ADDR);
	for (unsigned i = 0; i < possible; i++) {
		uint32_t enabled = i < present;

		if (i < 255)
			madt_lapic(t, (uint8_t)i, (uint8_t)i, enabled);
		else
			madt_x2apic(t, i, enabled, i);
	}
	madt_ioapic(t, 0, QEMU_IOAPIC_ADDR, 0);
	madt_override(t, 0, 0, 2, 0);
	for (size_t i = 0; i < sizeof(pci_irqs); i++)
		madt_override(t, 0, pci_irqs[i], pci_irqs[i], INTI_LEVEL_HIGH);
	madt_lapic_nmi(t, 0xFF, 0, 1);
	return madt_end(t);
}

void madt_parse_ok(const struct madt_buf *t, struct madt *m)
{
	char why[256] = "";

	CHECK_OK(madt_parse(t->b, t->len, m, why, sizeof(why)), why);
}

/* The configuration table's entry sizes, by type; 0: not a base entry. */
static size_t mp_entry_size(uint8_t type)
{
	return type == 0 ? 20 : type <= 4 ? 8 : 0;
}

static void mp_read_entry(const uint8_t *e, struct mp_seen *s)
{
	struct mp_int in = { e[1], e[2], e[4], e[5], e[6], e[7] };

	switch (e[0]) {
	case 0:
		CHECK(s->processors < MP_SEEN_MAX);
		s->apic_ids[s->processors] = e[1];
		s->lapic_version = e[2];
		s->cpu_flags[s->processors] = e[3];
		s->signature = get_le32(e + 4);
		s->features = get_le32(e + 8);
		if (e[3] & 2) {
			CHECK_EQ(s->bsp, -1);
			s->bsp = (int)s->processors;
		}
		s->processors++;
		break;
	case 1:
		CHECK_EQ(s->bus_type[e[1]][0], 0);
		memcpy(s->bus_type[e[1]], e + 2, 6);
		s->buses++;
		break;
	case 2:
		CHECK(s->ioapics < MP_SEEN_MAX);
		CHECK_EQ(e[3] & 1, 1);
		s->ioapic_ids[s->ioapics] = e[1];
		s->ioapic_addr[s->ioapics++] = get_le32(e + 4);
		break;
	case 3:
		CHECK(s->io_ints < MP_SEEN_MAX);
		CHECK_EQ(e[3], 0);       /* flags' high byte: reserved */
		s->io_int[s->io_ints++] = in;
		break;
	case 4:
		CHECK(s->local_ints < MP_SEEN_MAX);
		CHECK_EQ(e[3], 0);
		s->local_int[s->local_ints++] = in;
		break;
	}
}

static bool mp_ioapic_listed(const struct mp_seen *s, uint8_t id)
{
	for (unsigned i = 0; i < s->ioapics; i++)
		if (s->ioapic_ids[i] == id)
			return true;
	return false;
}

static void mp_check_consistent(const struct mp_seen *s)
{
	CHECK(s->processors >= 1);
	CHECK(s->bsp >= 0);
	for (unsigned i = 0; i < s->processors; i++) {
		CHECK_EQ(s->cpu_flags[i] & 1, 1);
		for (unsigned j = 0; j < i; j++)
			CHECK(s->apic_ids[i] != s->apic_ids[j]);
	}
	for (unsigned i = 0; i < s->io_ints; i++) {
		CHECK(s->bus_type[s->io_int[i].src_bus][0]);
		CHECK(mp_ioapic_listed(s, s->io_int[i].dest_id));
	}
	for (unsigned i = 0; i < s->local_ints; i++)
		CHECK(s->bus_type[s->local_int[i].src_bus][0]);
}

void mp_read(const uint8_t *floating, struct phys_mem *pm, struct mp_seen *s)
{
	struct acpi_memory mem = phys_acpi(pm);

	memset(s, 0, sizeof(*s));
	s->bsp = -1;
	CHECK(!memcmp(floating, "_MP_", 4));
	CHECK_EQ(floating[8], 1);                   /* length, 16-byte units */
	CHECK(floating[9] == 1 || floating[9] == 4);
	CHECK_EQ(byte_sum(floating, 16), 0);
	CHECK_EQ(floating[11], 0);                  /* a configuration table follows */
	s->config_addr = get_le32(floating + 4);

	const uint8_t *c = mem.bytes(mem.ctx, s->config_addr, 44);

	CHECK(c);
	CHECK(!memcmp(c, "PCMP", 4));
	uint16_t length = get_le16(c + 4);

	CHECK(length >= 44);
	c = mem.bytes(mem.ctx, s->config_addr, length);
	CHECK(c);
	CHECK_EQ(byte_sum(c, length), 0);
	CHECK(c[6] == 1 || c[6] == 4);
	memcpy(s->oem, c + 8, 8);
	memcpy(s->product, c + 16, 12);
	CHECK_EQ(get_le32(c + 28), 0);              /* no OEM table */
	CHECK_EQ(get_le16(c + 32), 0);
	s->entries = get_le16(c + 34);
	s->lapic_addr = get_le32(c + 36);
	CHECK(s->lapic_addr != 0);
	CHECK_EQ(get_le16(c + 40), 0);              /* no extended table */

	uint8_t last_type = 0;
	unsigned count = 0;
	size_t at = 44;

	while (at < length) {
		size_t n = mp_entry_size(c[at]);

		CHECK(n != 0);
		CHECK(c[at] >= last_type);              /* the spec's order */
		CHECK(at + n <= length);
		last_type = c[at];
		mp_read_entry(c + at, s);
		at += n;
		count++;
	}
	CHECK_EQ(at, length);
	CHECK_EQ(count, s->entries);
	mp_check_consistent(s);
}

const struct mp_int *mp_isa_irq(const struct mp_seen *s, uint8_t irq)
{
	for (unsigned i = 0; i < s->io_ints; i++)
		if (!strcmp(s->bus_type[s->io_int[i].src_bus], "ISA   ") &&
		    s->io_int[i].src_irq == irq)
			return &s->io_int[i];
	return NULL;
}
