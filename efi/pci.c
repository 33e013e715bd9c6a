// SPDX-License-Identifier: BSD-2-Clause
#include "pci.h"

#include "portio.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc
#define PCI_CONFIG_ENABLE  0x80000000u

static void select_dword(unsigned dev, unsigned fn, unsigned reg)
{
	outl(PCI_CONFIG_ADDRESS, PCI_CONFIG_ENABLE | dev << 11 | fn << 8 | (reg & ~3u));
}

uint32_t pci_read32(unsigned dev, unsigned fn, unsigned reg)
{
	select_dword(dev, fn, reg);
	return inl(PCI_CONFIG_DATA);
}

void pci_write32(unsigned dev, unsigned fn, unsigned reg, uint32_t v)
{
	select_dword(dev, fn, reg);
	outl(PCI_CONFIG_DATA, v);
}

uint8_t pci_read8(unsigned dev, unsigned fn, unsigned reg)
{
	select_dword(dev, fn, reg);
	return inb((uint16_t)(PCI_CONFIG_DATA + (reg & 3)));
}

void pci_write8(unsigned dev, unsigned fn, unsigned reg, uint8_t v)
{
	select_dword(dev, fn, reg);
	outb((uint16_t)(PCI_CONFIG_DATA + (reg & 3)), v);
}
