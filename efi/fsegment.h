/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The F segment (0xF0000-0xFFFFF) as RAM: where a BIOS keeps its code and
 * the tables BIOS-era kernels scan for. Under OVMF nothing answers there;
 * on QEMU's chipsets (q35's MCH, i440FX) the PAM registers make it RAM.
 */
#ifndef EFI_FSEGMENT_H
#define EFI_FSEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSEGMENT_ADDR 0xf0000u
#define FSEGMENT_SIZE 0x10000u

/**
 * fsegment_probe() - whether the F segment can be made RAM
 * @chipset: set to the chipset's name, for the report
 *
 * Knows the chipset by the host bridge's PCI id, then proves it: makes the
 * segment RAM, writes and reads back a byte, and puts the PAM register and
 * the byte back as they were. Before ExitBootServices, nothing stays changed.
 *
 * Return: true when fsegment_install() will work.
 */
bool fsegment_probe(const char **chipset);

/**
 * fsegment_install() - make the F segment RAM and fill it
 * @image: FSEGMENT_SIZE bytes, its whole content
 *
 * Call only after ExitBootServices, and only when fsegment_probe() said yes.
 */
void fsegment_install(const uint8_t *image);

#endif
