// SPDX-License-Identifier: BSD-2-Clause
#include "secureboot.h"

#include "../loader/fmt.h"
#include "../loader/sha256.h"
#include "../loader/sigdb.h"
#include "console.h"
#include "firmware.h"
#include "status.h"

/* Space-separated hex digests from `make ALLOW_SHA256="..."`. */
#ifndef ALLOW_SHA256
#define ALLOW_SHA256 ""
#endif
static const char allowlist[] = ALLOW_SHA256;

static EFI_GUID global_variable = EFI_GLOBAL_VARIABLE;
/* EFI_IMAGE_SECURITY_DATABASE_GUID: where db and dbx live. */
static EFI_GUID security_database = {
	0xd719b2cb, 0x3d3a, 0x4596, { 0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f }
};

static UINT8 read_flag(CHAR16 *name)
{
	UINT8 value = 0;
	UINTN size = sizeof(value);

	if (EFI_ERROR(system_table->RuntimeServices->GetVariable(name, &global_variable,
								 NULL, &size, &value)))
		return 0;
	return value;
}

/* A variable into pool memory; absent is an empty database. */
static EFI_STATUS read_database(CHAR16 *name, void **data, UINTN *size)
{
	EFI_RUNTIME_SERVICES *rt = system_table->RuntimeServices;
	EFI_STATUS status;

	*data = NULL;
	*size = 0;
	status = rt->GetVariable(name, &security_database, NULL, size, NULL);
	if (status == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (status != EFI_BUFFER_TOO_SMALL)
		return status;
	status = boot_services->AllocatePool(EfiLoaderData, *size, data);
	if (EFI_ERROR(status))
		return status;
	return rt->GetVariable(name, &security_database, NULL, size, *data);
}

EFI_STATUS secureboot_init(struct secureboot *sb, char *why, size_t why_size)
{
	EFI_STATUS status;

	*sb = (struct secureboot){ 0 };
	sb->enforcing = read_flag(L"SecureBoot") == 1 && read_flag(L"SetupMode") == 0;
	if (!sb->enforcing)
		return EFI_SUCCESS;
	status = read_database(L"db", &sb->db, &sb->db_size);
	if (!EFI_ERROR(status))
		status = read_database(L"dbx", &sb->dbx, &sb->dbx_size);
	if (EFI_ERROR(status))
		return efi_fail(why, why_size, status,
				"Secure Boot is on but its databases (db, dbx) cannot be read (%s)",
				efi_status_name(status));
	return EFI_SUCCESS;
}

void secureboot_release(struct secureboot *sb)
{
	if (sb->db)
		boot_services->FreePool(sb->db);
	if (sb->dbx)
		boot_services->FreePool(sb->dbx);
	*sb = (struct secureboot){ 0 };
}

EFI_STATUS secureboot_authorise(const struct secureboot *sb, const void *data,
				uint64_t len, const char *what, char *why, size_t why_size)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];

	sha256(data, (size_t)len, digest);
	sha256_hex(digest, hex);
	enum sigdb_result in_dbx = sigdb_has_sha256(sb->dbx, sb->dbx_size, digest);
	enum sigdb_result in_db = sigdb_has_sha256(sb->db, sb->db_size, digest);

	if (in_dbx == SIGDB_MALFORMED || in_db == SIGDB_MALFORMED) {
		fmt_snprintf(why, why_size, "Secure Boot: the firmware's db or dbx is malformed; refusing %s",
			     what);
		return EFI_SECURITY_VIOLATION;
	}
	if (in_dbx == SIGDB_FOUND)
		return efi_fail(why, why_size, EFI_SECURITY_VIOLATION,
				"Secure Boot: %s (sha256 %s) is forbidden by dbx",
				what, hex);
	if (in_db == SIGDB_FOUND || sigdb_hex_listed(allowlist, hex) == SIGDB_FOUND) {
		con_info("Secure Boot: %s sha256 %s authorised by %s", what, hex,
			 in_db == SIGDB_FOUND ? "db" : "the built-in allowlist");
		return EFI_SUCCESS;
	}
	return efi_fail(why, why_size, EFI_SECURITY_VIOLATION,
			"Secure Boot: %s (sha256 %s) is neither in db nor in the built-in allowlist",
			what, hex);
}

EFI_STATUS secureboot_authorise_payload(const struct secureboot *sb, const struct source *src,
					const struct plan *plan, char *why, size_t why_size)
{
	const struct payload *p = src->payload;
	uint32_t file_size;
	const uint8_t *file = source_kernel_file(src, &file_size);
	EFI_STATUS status = secureboot_authorise(sb, file, file_size, "the kernel file",
						 why, why_size);

	for (uint32_t i = 0; !EFI_ERROR(status) && i < p->mod_count; i++) {
		char what[96];

		fmt_snprintf(what, sizeof(what), "module %u \"%s\"", i,
			     payload_string(p, p->mods[i].cmdline));
		status = secureboot_authorise(sb, (const void *)(uintptr_t)plan->mod_addr[i],
					      p->mods[i].size, what, why, why_size);
	}
	return status;
}
