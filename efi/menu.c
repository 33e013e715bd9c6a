// SPDX-License-Identifier: BSD-2-Clause
#include "menu.h"

#include <efi.h>

#include "../loader/fmt.h"
#include "console.h"
#include "firmware.h"

/* The firmware's timers count in 100 ns units. */
#define TIMER_TICKS_PER_SECOND 10000000
/* The status line is rewritten in place: blanks cover what it held. */
#define STATUS_WIDTH 64
#define STATUS_SIZE (STATUS_WIDTH + 2)
#define ENTRY_HEAD_SIZE 16
#define MAX_DIGIT 9

/* "* 2  Title": the default marked, the title in UCS-2 as it may be UTF-8. */
static void show_entry(const struct config *c, unsigned i)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *out = system_table->ConOut;
	CHAR16 title[CONFIG_TITLE_SIZE];
	char head[ENTRY_HEAD_SIZE];

	fmt_snprintf(head, sizeof(head), "%c %2u  ", i == c->default_index ? '*' : ' ', i + 1);
	con_text(head);
	config_title_ucs2(c->entries[i].title, title, CONFIG_TITLE_SIZE);
	out->OutputString(out, title);
	con_text("\n");
}

/* The line under the list: the countdown, or the entry picked. */
static void show_status(unsigned selected, unsigned seconds_left)
{
	char line[STATUS_SIZE];
	size_t n;

	if (seconds_left)
		n = fmt_snprintf(line, sizeof(line), "\rEntry %u boots in %u s (a key stops the countdown)",
				 selected + 1, seconds_left);
	else
		n = fmt_snprintf(line, sizeof(line), "\rEntry %u is picked: Enter boots it",
				 selected + 1);
	while (n + 1 < sizeof(line))
		line[n++] = ' ';
	line[n] = '\0';
	con_text(line);
}

/*
 * A key's effect on the selection. Digits type an entry's number, one after
 * the other (1 then 2: entry 12, when there is one); *typed is the number
 * so far, 0 when no longer number can start with it.
 */
static unsigned pick(const struct config *c, const EFI_INPUT_KEY *key, unsigned selected,
		     unsigned *typed)
{
	unsigned digit;

	switch (key->ScanCode) {
	case SCAN_UP:
		*typed = 0;
		return selected ? selected - 1 : 0;
	case SCAN_DOWN:
		*typed = 0;
		return selected + 1 < c->entry_count ? selected + 1 : selected;
	case SCAN_HOME:
		*typed = 0;
		return 0;
	case SCAN_END:
		*typed = 0;
		return c->entry_count - 1;
	}
	if (key->UnicodeChar < '0' || key->UnicodeChar > '0' + MAX_DIGIT)
		return selected;
	digit = key->UnicodeChar - '0';
	*typed = *typed * 10 + digit;
	if (*typed > c->entry_count)
		*typed = digit;
	if (!*typed || *typed > c->entry_count) {
		*typed = 0;
		return selected;
	}
	selected = *typed - 1;
	if (*typed * 10 > c->entry_count)
		*typed = 0;
	return selected;
}

unsigned menu_choose(const struct config *c)
{
	SIMPLE_INPUT_INTERFACE *in = system_table->ConIn;
	unsigned selected = c->default_index, left = c->timeout, typed = 0;
	EFI_EVENT events[2], timer;

	if (c->entry_count < 2 || !c->timeout)
		return c->default_index;
	if (!in || EFI_ERROR(boot_services->CreateEvent(EVT_TIMER, 0, NULL, NULL, &timer))) {
		con_warn("%s: no console input or timer for its menu: booting entry %u", c->name,
			 selected + 1);
		return selected;
	}
	if (EFI_ERROR(boot_services->SetTimer(timer, TimerPeriodic, TIMER_TICKS_PER_SECOND))) {
		boot_services->CloseEvent(timer);
		con_warn("%s: no timer for its menu: booting entry %u", c->name, selected + 1);
		return selected;
	}
	/* Someone may read the menu longer than the boot manager's watchdog
	 * (5 minutes) would let the app run. */
	boot_services->SetWatchdogTimer(0, 0, 0, NULL);
	con_text("multiboot.efi: ");
	con_text(c->name);
	con_text(": Up/Down or a number picks an entry, Enter boots it\n");
	for (unsigned i = 0; i < c->entry_count; i++)
		show_entry(c, i);
	show_status(selected, left);
	events[0] = in->WaitForKey;
	events[1] = timer;
	for (;;) {
		EFI_INPUT_KEY key;
		UINTN which;

		/* The timer's event only while the countdown runs. */
		if (EFI_ERROR(boot_services->WaitForEvent(left ? 2 : 1, events, &which)))
			break;
		if (which == 1) {
			if (!--left)
				break;
			show_status(selected, left);
			continue;
		}
		if (EFI_ERROR(in->ReadKeyStroke(in, &key)))
			continue;
		if (left) {
			left = 0;
			boot_services->SetTimer(timer, TimerCancel, 0);
		}
		if (key.UnicodeChar == CHAR_CARRIAGE_RETURN || key.UnicodeChar == CHAR_LINEFEED)
			break;
		selected = pick(c, &key, selected, &typed);
		show_status(selected, 0);
	}
	boot_services->CloseEvent(timer);
	con_text("\n");
	return selected;
}
