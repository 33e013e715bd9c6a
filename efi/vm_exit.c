// SPDX-License-Identifier: BSD-2-Clause
#include "vm_exit.h"

#include "portio.h"
#include "../loader/number.h"
#include "console.h"
#include "firmware.h"

/* "0x5e0", with room for a stray character to refuse. */
#define PORT_TEXT_SIZE 16

uint16_t vm_exit_port(struct fwcfg *fw)
{
	char text[PORT_TEXT_SIZE];
	uint32_t port;
	enum fwcfg_found r = fw ? fwcfg_file_read_string(fw, VM_EXIT_FWCFG_FILE, text,
							  sizeof(text))
				: FWCFG_ABSENT;

	if (r == FWCFG_ABSENT)
		return 0;
	if (r == FWCFG_UNREADABLE || number_parse_u32(text, &port) || !port || port > 0xffff) {
		con_warn("fw_cfg file %s is not an I/O port number: returning to the firmware instead",
			 VM_EXIT_FWCFG_FILE);
		return 0;
	}
	return (uint16_t)port;
}

void vm_exit(uint16_t port, EFI_STATUS status)
{
	if (!EFI_ERROR(status))
		system_table->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	else
		outb(port, (uint8_t)(VM_EXIT_FAILURE_BIT | (status & VM_EXIT_CODE_MASK)));
	/* QEMU has gone; should a device not be there, stop. */
	for (;;)
		__asm__ volatile("cli; hlt");
}
