// SPDX-License-Identifier: BSD-2-Clause
#include "fsegment.h"

#include "fmt.h"

/* The next free offset in the region, always 16-byte aligned. */
struct fseg_cursor {
	uint8_t *dest;
	uint32_t base;
	uint32_t size;
	uint64_t at;
};

/* Room for n bytes at the cursor: their address, and the cursor moves on. */
static int take(struct fseg_cursor *c, size_t n, const char *what, uint32_t *addr,
		char *why, size_t why_size)
{
	if (c->at > c->size || n > c->size - c->at)
		return fmt_fail(why, why_size, "BIOS tables: the %s (%u bytes) does not fit in 0x%x-0x%llx",
				what, (unsigned)n, c->base, (unsigned long long)c->base + c->size);
	*addr = (uint32_t)(c->base + c->at);
	c->at = FSEG_ALIGN_UP(c->at + n);
	return 0;
}

typedef int (*fseg_check)(const uint8_t *p, size_t avail, size_t *size, char *why,
			  size_t why_size);

/* A firmware structure, validated, copied as its own size says: none if src is NULL. */
static int copy_checked(struct fseg_cursor *c, fseg_check check, const uint8_t *src,
			size_t avail, const char *what, uint32_t *addr, char *why, size_t why_size)
{
	size_t n;

	if (!src)
		return 0;
	if (check(src, avail, &n, why, why_size) || take(c, n, what, addr, why, why_size))
		return -1;
	for (size_t i = 0; i < n; i++)
		c->dest[*addr - c->base + i] = src[i];
	return 0;
}

/* The floating pointer first: its size is known, the table's is not yet. */
static int put_mp(struct fseg_cursor *c, const struct fseg_input *in, struct fseg_layout *out,
		  char *why, size_t why_size)
{
	size_t n;

	if (!in->madt)
		return 0;
	if (!in->cpu)
		return fmt_fail(why, why_size, "BIOS tables: MP tables need the processors' identification");
	/* 16 bytes taken at an aligned offset: the cursor is still within the region. */
	if (take(c, MP_FLOATING_SIZE, "MP floating pointer", &out->mp_floating, why, why_size))
		return -1;
	out->mp_config = (uint32_t)(c->base + c->at);
	if (mptable_config(in->madt, in->cpu, c->dest + c->at, c->size - c->at, &n, why, why_size))
		return -1;
	out->mp_config_size = (uint32_t)n;
	c->at = FSEG_ALIGN_UP(c->at + n);
	mptable_floating(c->dest + (out->mp_floating - c->base), out->mp_config);
	return 0;
}

int fseg_build(uint8_t *dest, uint32_t base, uint32_t size, const struct fseg_input *in,
	       struct fseg_layout *out, char *why, size_t why_size)
{
	struct fseg_cursor c = { dest, base, size, 0 };

	*out = (struct fseg_layout){ 0 };
	if (base % FSEG_ALIGN || size > UINT32_MAX - base)
		return fmt_fail(why, why_size, "BIOS tables: the region 0x%x-0x%llx is not 16-byte aligned below 4 GiB",
				base, (unsigned long long)base + size);
	for (uint32_t i = 0; i < size; i++)
		dest[i] = 0;
	if (copy_checked(&c, acpi_rsdp_check, in->rsdp, in->rsdp_size, "ACPI RSDP", &out->rsdp,
			 why, why_size) ||
	    copy_checked(&c, smbios3_entry_check, in->smbios3, in->smbios3_size,
			 "SMBIOS 3 entry point", &out->smbios3, why, why_size) ||
	    copy_checked(&c, smbios2_entry_check, in->smbios2, in->smbios2_size,
			 "SMBIOS 2 entry point", &out->smbios2, why, why_size) ||
	    put_mp(&c, in, out, why, why_size))
		return -1;
	out->end = (uint32_t)(base + (c.at < size ? c.at : size));
	return 0;
}
