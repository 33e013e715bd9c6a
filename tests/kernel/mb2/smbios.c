// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "mb2test.h"
#include "print.h"

/* Entry point structures (DMTF DSP0134): 2.1 "_SM_" (length at 5,
 * version at 6/7, the legacy "_DMI_" part at 16 with its own checksum over
 * 15 bytes) and 3.0 "_SM3_" (length at 6, version at 7/8). */
#define SMBIOS_TAG_HEADER  16  /* type, size, major, minor, reserved[6] */
/* 0x1F by the structure, but SMBIOS 2.1 documented 0x1E and firmware
 * still writes that. */
#define SM2_MIN_LENGTH     0x1E
#define SM2_LENGTH         5
#define SM2_MAJOR          6
#define SM2_DMI            16
#define SM2_DMI_LENGTH     15
#define SM3_MIN_LENGTH     0x18
#define SM3_LENGTH         6
#define SM3_MAJOR          7

static uint8_t sum_bytes(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

static int has_anchor(const uint8_t *p, const char *anchor, uint32_t room)
{
	for (uint32_t i = 0; anchor[i]; i++)
		if (i >= room || p[i] != (uint8_t)anchor[i])
			return 0;
	return 1;
}

int smbios_check(const struct mb2_info *info)
{
	const struct mb2_tag_smbios *tag = (const void *)info->tag[MB2_TAG_SMBIOS];
	const uint8_t *eps = tag ? tag->tables : 0;
	uint32_t room, len, major_at, min_len;

	if (!tag)
		return 0;
	if (tag->size < SMBIOS_TAG_HEADER) {
		fail("tag 13 smbios size=%u too small", tag->size);
		return 0;
	}
	room = tag->size - SMBIOS_TAG_HEADER;
	report("tag 13 smbios major=%u minor=%u bytes=%u", tag->major, tag->minor, room);
	if (has_anchor(eps, "_SM3_", room)) {
		major_at = SM3_MAJOR;
		min_len = SM3_MIN_LENGTH;
		len = room > SM3_LENGTH ? eps[SM3_LENGTH] : 0;
	} else if (has_anchor(eps, "_SM_", room)) {
		major_at = SM2_MAJOR;
		min_len = SM2_MIN_LENGTH;
		len = room > SM2_LENGTH ? eps[SM2_LENGTH] : 0;
	} else {
		fail("tag 13: no \"_SM_\" or \"_SM3_\" anchor");
		return 0;
	}
	if (len < min_len || len > room) {
		fail("tag 13: entry point length=%u (at least %u, tag holds %u)", len, min_len, room);
		return 0;
	}
	if (sum_bytes(eps, len)) {
		fail("tag 13: entry point checksum bad");
		return 0;
	}
	if (major_at == SM2_MAJOR && (room < SM2_DMI + SM2_DMI_LENGTH ||
				      !has_anchor(eps + SM2_DMI, "_DMI_", room - SM2_DMI) ||
				      sum_bytes(eps + SM2_DMI, SM2_DMI_LENGTH))) {
		fail("tag 13: the \"_DMI_\" part is missing or its checksum bad");
		return 0;
	}
	if (tag->major != eps[major_at] || tag->minor != eps[major_at + 1])
		fail("tag 13: version %u.%u but the entry point says %u.%u", tag->major, tag->minor,
		     eps[major_at], eps[major_at + 1]);
	report("smbios entry point %s version %u.%u length=%u", major_at == SM3_MAJOR ? "_SM3_" : "_SM_",
	       eps[major_at], eps[major_at + 1], len);
	return 1;
}
