/* SPDX-License-Identifier: BSD-2-Clause */
/* PCI configuration space on bus 0, by configuration mechanism #1. */
#ifndef EFI_PCI_H
#define EFI_PCI_H

#include <stdint.h>

#define PCI_VENDOR_DEVICE 0x00
#define PCI_COMMAND       0x04
#define PCI_CLASS         0x08
#define PCI_NO_DEVICE     0xffff  /* what an absent function's vendor reads */

/* A dword at reg (4-byte aligned) of device dev, function fn. */
uint32_t pci_read32(unsigned dev, unsigned fn, unsigned reg);
void pci_write32(unsigned dev, unsigned fn, unsigned reg, uint32_t v);
/* A byte at reg (any alignment). */
uint8_t pci_read8(unsigned dev, unsigned fn, unsigned reg);
void pci_write8(unsigned dev, unsigned fn, unsigned reg, uint8_t v);

#endif
