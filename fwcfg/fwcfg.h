/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * QEMU's firmware configuration device (docs/specs/fw_cfg.rst) on the x86
 * I/O ports: items chosen by a 16-bit selector, read through the data port
 * or, much faster, by DMA.
 */
#ifndef FWCFG_FWCFG_H
#define FWCFG_FWCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FW_CFG_PORT_SEL  0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_PORT_DMA  0x514  /* high 32 bits; the low half is at +4 */

#define FW_CFG_SIGNATURE    0x0000
#define FW_CFG_ID           0x0001
#define FW_CFG_KERNEL_ADDR  0x0007
#define FW_CFG_KERNEL_SIZE  0x0008
#define FW_CFG_INITRD_ADDR  0x000a
#define FW_CFG_INITRD_SIZE  0x000b
#define FW_CFG_KERNEL_ENTRY 0x0010
#define FW_CFG_KERNEL_DATA  0x0011
#define FW_CFG_INITRD_DATA  0x0012
#define FW_CFG_FILE_DIR     0x0019

#define FW_CFG_ID_TRADITIONAL (1u << 0)
#define FW_CFG_ID_DMA         (1u << 1)
/* What the DMA register reads as, big-endian: "QEMU CFG". */
#define FW_CFG_DMA_SIGNATURE 0x51454d5520434647ull

#define FW_CFG_DMA_CTL_ERROR  0x01
#define FW_CFG_DMA_CTL_READ   0x02
#define FW_CFG_DMA_CTL_SKIP   0x04
#define FW_CFG_DMA_CTL_SELECT 0x08

#define FW_CFG_MAX_FILE_PATH 56

/* The DMA access descriptor; every field big-endian. */
struct fw_cfg_dma_access {
	uint32_t control;
	uint32_t length;
	uint64_t address;
} __attribute__((packed, aligned(8)));

/* One entry of the file directory; size and select big-endian. */
struct fw_cfg_file {
	uint32_t size;
	uint16_t select;
	uint16_t reserved;
	char name[FW_CFG_MAX_FILE_PATH];
} __attribute__((packed));

struct fwcfg_file_info {
	uint16_t select;
	uint32_t size;
};

/* Pure helpers (fwcfg/dma.c, fwcfg/filedir.c). */
void fwcfg_dma_encode(struct fw_cfg_dma_access *access, uint16_t select,
		      uint32_t control, uint32_t length, uint64_t address);
/* 0: done, 1: still running, -1: the device reported an error. */
int fwcfg_dma_status(uint32_t control_be);

/* A lookup's answer, as sigdb's: absent 0, found 1, -1 unreadable. */
enum fwcfg_found {
	FWCFG_ABSENT = 0,
	FWCFG_FOUND = 1,
	FWCFG_UNREADABLE = -1,  /* a malformed directory, a transfer that failed */
};

/**
 * fwcfg_dir_find() - look a name up in a file directory
 * @dir: the directory as the device gives it (a big-endian count, entries)
 * @dir_size: its size in bytes
 * @name: the file's name
 * @info: its selector and size, when found
 *
 * Return: FWCFG_FOUND, FWCFG_ABSENT, or FWCFG_UNREADABLE when malformed.
 */
enum fwcfg_found fwcfg_dir_find(const void *dir, size_t dir_size, const char *name,
				struct fwcfg_file_info *info);

/* Memory for the file directory (the firmware's pool, in the app). */
struct fwcfg_allocator {
	void *(*alloc)(size_t size);
	void (*free)(void *p);
};

/* The device (fwcfg/io.c) and its file directory (fwcfg/dir.c). */
struct fwcfg {
	bool dma;
	bool selected;
	uint16_t select;    /* the item selected, if selected */
	uint64_t position;  /* read offset within it */
	const struct fwcfg_allocator *allocator;
	void *dir;          /* the file directory, read on first lookup */
	uint32_t dir_size;
};

/* Find the device; allow_dma says whether to use DMA when it is offered. */
bool fwcfg_probe(struct fwcfg *fw, bool allow_dma, const struct fwcfg_allocator *allocator);
/*
 * Read len bytes at offset of the item select, whose size is item_size.
 * Reads that would run past the item are refused (QEMU would zero-fill).
 * Returns 0, or -1 (out of range or a DMA error).
 */
int fwcfg_read(struct fwcfg *fw, uint16_t select, uint32_t item_size,
	       uint64_t offset, void *dest, uint32_t len);
/* A little-endian 32-bit item (ADDR, SIZE, ENTRY items). */
uint32_t fwcfg_read_u32(struct fwcfg *fw, uint16_t select);

/**
 * fwcfg_file_lookup() - a named file of the device
 * @fw: the device; its directory is read (and kept) on the first lookup
 * @name: the file's name, e.g. "opt/multiboot/kernel"
 * @info: its selector and size, when found
 *
 * Return: FWCFG_FOUND, FWCFG_ABSENT, or FWCFG_UNREADABLE (the directory
 * could not be read or allocated).
 */
enum fwcfg_found fwcfg_file_lookup(struct fwcfg *fw, const char *name,
				   struct fwcfg_file_info *info);

/**
 * fwcfg_file_read_string() - a text file as a NUL-terminated string
 * @fw: the device
 * @name: the file's name
 * @out: where the text goes
 * @size: its size: the file must be shorter
 *
 * Return: FWCFG_FOUND, FWCFG_ABSENT, or FWCFG_UNREADABLE (also when the
 * file does not fit).
 */
enum fwcfg_found fwcfg_file_read_string(struct fwcfg *fw, const char *name, char *out,
					size_t size);

/* Give the directory's memory back. */
void fwcfg_release(struct fwcfg *fw);

#endif
