/* SPDX-License-Identifier: BSD-2-Clause */
/* multiboot.cfg's boot menu, on the firmware's console (and so its serial port). */
#ifndef EFI_MENU_H
#define EFI_MENU_H

#include "../loader/config.h"

/**
 * menu_choose() - the entry to boot, picked on the firmware's console
 * @c: a parsed configuration
 *
 * With one entry or no timeout, the default at once, and nothing printed.
 * Otherwise the entries, numbered from 1 with the default marked, and a
 * countdown that boots the default when it ends (no keyboard needed). A
 * key stops it; Up/Down (Home/End) or an entry's number, typed digit by
 * digit, picks one; Enter boots it. Console input through the firmware's
 * splitter: a keyboard, or a terminal on the serial port.
 *
 * Return: the entry's index.
 */
unsigned menu_choose(const struct config *c);

#endif
