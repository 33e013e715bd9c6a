// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "loader/efi_status.h"

TEST(efi_error_names)
{
	CHECK_STR(efi_error_name(1), "EFI_LOAD_ERROR");
	CHECK_STR(efi_error_name(2), "EFI_INVALID_PARAMETER");
	CHECK_STR(efi_error_name(14), "EFI_NOT_FOUND");
	CHECK_STR(efi_error_name(26), "EFI_SECURITY_VIOLATION");
	CHECK_STR(efi_error_name(35), "EFI_HTTP_ERROR");
}

/* Codes the specification leaves unnamed, and none past its last. */
TEST(efi_error_names_unnamed)
{
	CHECK(!efi_error_name(0));
	CHECK(!efi_error_name(29));
	CHECK(!efi_error_name(30));
	CHECK(!efi_error_name(36));
	CHECK(!efi_error_name(0x8000000000000000ull | 14));
}
