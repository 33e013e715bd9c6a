// SPDX-License-Identifier: BSD-2-Clause
#include "fsegment.h"

#include "pci.h"

/* The host bridge is device 0, function 0 on QEMU's machines. */
#define HOST_BRIDGE 0, 0
#define INTEL_VENDOR 0x8086
#define Q35_MCH_DEVICE 0x29c0
#define I440FX_DEVICE 0x1237
/*
 * PAM0 holds the F segment's attributes in bits 5:4 (q35: MCH config 0x90;
 * i440FX: 0x59); 11b is RAM for reads and writes.
 */
#define Q35_PAM0 0x90
#define I440FX_PAM0 0x59
#define PAM_FSEG_MASK 0x30
#define PAM_FSEG_RAM 0x30
#define PROBE_BYTE ((volatile uint8_t *)(uintptr_t)(FSEGMENT_ADDR + FSEGMENT_SIZE - 1))

static unsigned pam0_register(const char **chipset)
{
	uint32_t id = pci_read32(HOST_BRIDGE, PCI_VENDOR_DEVICE);

	if ((id & 0xffff) != INTEL_VENDOR)
		return 0;
	if (id >> 16 == Q35_MCH_DEVICE) {
		*chipset = "q35";
		return Q35_PAM0;
	}
	if (id >> 16 == I440FX_DEVICE) {
		*chipset = "i440FX";
		return I440FX_PAM0;
	}
	return 0;
}

bool fsegment_probe(const char **chipset)
{
	unsigned pam0;
	uint8_t saved_pam, saved_byte;
	bool ram;

	*chipset = "an unknown chipset";
	pam0 = pam0_register(chipset);
	if (!pam0)
		return false;
	saved_pam = pci_read8(HOST_BRIDGE, pam0);
	pci_write8(HOST_BRIDGE, pam0, (uint8_t)((saved_pam & ~PAM_FSEG_MASK) | PAM_FSEG_RAM));
	saved_byte = *PROBE_BYTE;
	uint8_t probe = (uint8_t)~saved_byte;

	*PROBE_BYTE = probe;
	ram = *PROBE_BYTE == probe;
	*PROBE_BYTE = saved_byte;
	pci_write8(HOST_BRIDGE, pam0, saved_pam);
	return ram;
}

void fsegment_install(const uint8_t *image)
{
	const char *chipset;
	unsigned pam0 = pam0_register(&chipset);
	uint8_t pam = pci_read8(HOST_BRIDGE, pam0);

	pci_write8(HOST_BRIDGE, pam0, (uint8_t)((pam & ~PAM_FSEG_MASK) | PAM_FSEG_RAM));
	__builtin_memcpy((void *)(uintptr_t)FSEGMENT_ADDR, image, FSEGMENT_SIZE);
}
