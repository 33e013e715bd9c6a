/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot 1: QEMU's MBI with the final memory map (the protocol record). */
#ifndef EFI_MB1_H
#define EFI_MB1_H

#include "../loader/payload.h"
#include "../loader/plan.h"
#include "protocol.h"

struct mb1_boot {
	const struct payload *payload;
	const struct plan *plan;
	const char *loader_name;
	const struct framebuffer *fb;   /* NULL: none */
	struct framebuffer fb_copy;
};

/**
 * mb1_protocol() - the Multiboot 1 record
 * @proto: filled here
 * @b: its context, kept as long as @proto is used
 * @payload: the laid-out payload (entry, MBI fields)
 * @loader_name: the loader name stored after the MBI
 */
void mb1_protocol(struct protocol *proto, struct mb1_boot *b, const struct payload *payload,
		  const char *loader_name);

#endif
