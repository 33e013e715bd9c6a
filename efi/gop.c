// SPDX-License-Identifier: BSD-2-Clause
#include "gop.h"

#include <multiboot/multiboot.h>

#include "console.h"
#include "firmware.h"

/* Mode type 0 in the Multiboot header: linear graphics. */
#define REQUEST_GRAPHICS 0
#define MAX_MODES 64

static bool mode_info(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, UINT32 mode,
		      struct video_mode *out)
{
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
	UINTN size;

	if (EFI_ERROR(gop->QueryMode(gop, mode, &size, &info)))
		return false;
	*out = (struct video_mode){
		info->HorizontalResolution, info->VerticalResolution,
		info->PixelFormat != PixelBltOnly,
	};
	boot_services->FreePool(info);
	return true;
}

/* Switch to the mode closest to what the kernel's header asks for. */
static void set_requested_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, const struct mb_header *h)
{
	struct video_mode modes[MAX_MODES];
	UINT32 count = gop->Mode->MaxMode < MAX_MODES ? gop->Mode->MaxMode : MAX_MODES;

	if (!h->has_video || h->mode_type != REQUEST_GRAPHICS || (!h->width && !h->height))
		return;
	for (UINT32 i = 0; i < count; i++)
		if (!mode_info(gop, i, &modes[i]))
			modes[i].direct = false;
	int pick = video_pick_mode(modes, count, h->width, h->height);

	if (pick < 0 || (UINT32)pick == gop->Mode->Mode)
		return;
	if (EFI_ERROR(gop->SetMode(gop, (UINT32)pick)))
		con_warn("cannot switch to video mode %ux%u; keeping the current one",
			 modes[pick].width, modes[pick].height);
	else
		con_info("video mode %ux%u (the kernel asked for %ux%u)", modes[pick].width,
			 modes[pick].height, h->width, h->height);
}

bool gop_framebuffer(const struct payload *p, struct framebuffer *fb)
{
	EFI_GUID guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;

	if (EFI_ERROR(boot_services->LocateProtocol(&guid, NULL, (void **)&gop)))
		return false;
	set_requested_mode(gop, &p->header);

	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info = gop->Mode->Info;
	uint32_t red, green, blue;

	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		red = 0x0000ff, green = 0x00ff00, blue = 0xff0000;
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		red = 0xff0000, green = 0x00ff00, blue = 0x0000ff;
		break;
	case PixelBitMask:
		red = info->PixelInformation.RedMask;
		green = info->PixelInformation.GreenMask;
		blue = info->PixelInformation.BlueMask;
		break;
	default:
		return false;
	}
	*fb = (struct framebuffer){
		.addr = gop->Mode->FrameBufferBase,
		.pitch = info->PixelsPerScanLine * 4,
		.width = info->HorizontalResolution,
		.height = info->VerticalResolution,
		.bpp = 32,
		.type = MULTIBOOT_FRAMEBUFFER_TYPE_RGB,
	};
	return video_mask_field(red, &fb->red_pos, &fb->red_size) &&
	       video_mask_field(green, &fb->green_pos, &fb->green_size) &&
	       video_mask_field(blue, &fb->blue_pos, &fb->blue_size);
}
