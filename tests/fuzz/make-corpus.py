#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write the seed corpora of the fuzz harnesses to tests/fuzz/corpus/<name>/.

Each seed follows the input format documented at the top of its harness.
Run from anywhere: python3 tests/fuzz/make-corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def u8(v): return struct.pack('<B', v & 0xff)
def u16(v): return struct.pack('<H', v & 0xffff)
def u32(v): return struct.pack('<I', v & 0xffffffff)
def u64(v): return struct.pack('<Q', v & 0xffffffffffffffff)


def write(name, seeds):
    d = os.path.join(HERE, 'corpus', name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    for label, data in seeds.items():
        with open(os.path.join(d, label), 'wb') as f:
            f.write(data)


# ---- fuzz_payload ---------------------------------------------------------

def valid(mutations=b'', nmut=0, sel=0, addr=b'', kernel=0x7000, hdr_sel=0,
          flags_idx=3, entry=0x40, count_code=None, count16=None, mods=(),
          kcmd=b'/boot/kernel.elf console=ttyS0', slack=None, mem_upper=1023):
    """A valid-mode input (see build_valid in fuzz_payload.c)."""
    b = u8(1 | (nmut << 1)) + u8(sel) + addr
    scale = 64 if sel & 4 else 1
    b += u16((kernel - 48) // scale) + u16(hdr_sel) + u8(flags_idx) + u32(entry)
    if count16 is not None:
        b += u8(250) + u16(count16)
    else:
        b += u8(len(mods) if count_code is None else count_code)
    for s, size in mods:
        # code 13: size = u16 << 0; code 0: default size; code 1: empty
        if size is None:
            b += u8(len(s)) + u8(0) + s
        elif size == 0:
            b += u8(len(s)) + u8(1) + s
        else:
            shift = 0
            while size >> shift > 0xffff:
                shift += 1
            b += u8(len(s)) + u8(13 + shift) + s + u16(size >> shift)
    b += u8(len(kcmd)) + kcmd
    b += u8(1) if slack is None else u8(0) + u8(slack)
    b += u16(mem_upper)
    return b + mutations


def raw_qemu_blob():
    """A raw-mode input holding a whole small QEMU payload (offsets relative)."""
    addr = 0x100000
    image = bytearray(0x1000)
    image[0:12] = u32(0x1BADB002) + u32(3) + u32(-(0x1BADB002 + 3))
    meta = bytearray()
    mod_str = b'/boot/mod0.bin arg0\0'
    kcmd = b'/boot/kernel.elf quiet\0'
    list_off = 0x1000
    str_off = list_off + 16
    meta += u32(addr + 0x2000) + u32(addr + 0x2000 + 0x40) + u32(addr + str_off) + u32(0)
    meta += mod_str + kcmd + b'qemu\0'
    meta += bytes(0x1000 - len(meta))
    blob = bytes(image) + bytes(meta) + bytes(range(0x40))
    mbi = bytearray(88)
    mbi[0:4] = u32(0x24F)
    mbi[4:8] = u32(640)
    mbi[12:16] = u32(0x8000ffff)
    mbi[16:20] = u32(str_off + len(mod_str))           # cmdline (relative)
    mbi[20:24] = u32(1)
    mbi[24:28] = u32(list_off)                          # mods_addr (relative)
    mbi[48:52] = u32(0x9000)
    mbi[64:68] = u32(str_off + len(mod_str) + len(kcmd))  # boot loader name
    opt = 0x11  # blob_size = bytes given; relative pointers
    return (u8(0) + u8(opt) + u32(addr) + u32(0) + u32(0x40) + u32(0x9500) + u8(0) +
            bytes(mbi) + blob)


def payload_seeds():
    two = [(b'/boot/mod0.bin arg0', 0x1234), (b'/boot/initrd.img', 0x20000)]
    return {
        'valid-2-modules': valid(mods=two),
        'valid-no-module': valid(mods=[]),
        'valid-5-modules': valid(mods=[(b'm%d' % i, None) for i in range(5)]),
        'valid-big-module': valid(mods=[(b'big', 0x4000000)], kernel=0x200000, sel=4),
        'valid-1024-modules': valid(count16=1024),
        'valid-1025-modules': valid(count16=1025),
        'valid-aout-unaligned': valid(sel=3, addr=u32(0x101234), flags_idx=6,
                                      hdr_sel=0x200, mods=two),
        'valid-header-late': valid(hdr_sel=(8192 - 12) // 4, kernel=0x3000, mods=two),
        'valid-slack': valid(mods=two, slack=17),
        'valid-empty-middle': valid(mods=[(b'a', 0x1000), (b'empty', 0), (b'c', 0x10)]),
        # mutated: the module list swapped; a cmdline loses its NUL; bad flags
        'mut-swap': valid(nmut=1, mods=two + [(b'x', 0x100)],
                          mutations=u8(14) + u16(0) + u16(2)),
        'mut-unterminated': valid(nmut=1, mods=two, mutations=u8(5) + u32(0x20) + u8(0x41)),
        'mut-flags': valid(nmut=1, mods=two, mutations=u8(11) + u16(0) + u8(5)),
        'mut-size': valid(nmut=2, mods=two,
                          mutations=u8(7 | 0x80) + u16(0xffff) + u8(3) + u16(1) + u8(1) + u16(0x100)),
        'raw-qemu': raw_qemu_blob(),
        'raw-empty': u8(0),
    }


# ---- fuzz_filedir ---------------------------------------------------------

def fw_dir(entries, count=None):
    b = struct.pack('>I', len(entries) if count is None else count)
    for name, size, sel in entries:
        n = name.encode() if isinstance(name, str) else name
        b += struct.pack('>IHH', size, sel, 0) + n[:56].ljust(56, b'\0')
    return b


QEMU_FILES = [
    ('bios-geometry', 0, 0x19), ('bootorder', 0, 0x1a), ('etc/acpi/rsdp', 20, 0x1b),
    ('etc/acpi/tables', 0x20000, 0x1c), ('etc/boot-fail-wait', 4, 0x1d),
    ('etc/e820', 40, 0x1e), ('etc/smbios/smbios-anchor', 31, 0x1f),
    ('genroms/multiboot.bin', 1024, 0x20), ('opt/multiboot.efi/options', 12, 0x21),
]


def filedir_seeds():
    d = fw_dir(QEMU_FILES)
    return {
        'hit': u8(0) + u8(25) + b'opt/multiboot.efi/options' + d,
        'miss': u8(0) + u8(8) + b'etc/e821' + d,
        'pick': u8(1) + u8(0) + u8(7) + d,
        'near-miss': u8(3) + u8(0) + u8(3) + u8(1) + d,
        'count-too-big': u8(4) + u8(8) + u8(1) + b'etc/e820' + fw_dir(QEMU_FILES[:3], count=4),
        'name-56': u8(1) + u8(0) + u8(1) + fw_dir([('x' * 56, 1, 2), ('y' * 55, 3, 4)]),
        'empty': u8(0) + u8(1) + b'a' + struct.pack('>I', 0),
        'short': u8(0) + u8(0) + b'\0\0',
    }


# ---- fuzz_memmap ----------------------------------------------------------

OVMF = [
    (7, 0x0, 0xA0000), (7, 0x100000, 0x806000), (10, 0x806000, 0x808000),
    (7, 0x808000, 0x810000), (10, 0x810000, 0x900000), (4, 0x900000, 0x1500000),
    (7, 0x1500000, 0x3DEC4000), (1, 0x3DEC4000, 0x3DF00000), (2, 0x3DF00000, 0x3DF40000),
    (4, 0x3DF40000, 0x3E700000), (3, 0x3E700000, 0x3EB00000), (9, 0x3EB00000, 0x3EB10000),
    (10, 0x3EB10000, 0x3EB80000), (4, 0x3EB80000, 0x3EC00000), (6, 0x3EC00000, 0x3ED00000),
    (5, 0x3ED00000, 0x3EE00000), (4, 0x3EE00000, 0x3F700000), (10, 0x3F700000, 0x3F780000),
    (9, 0x3F780000, 0x3F800000), (0, 0x3F800000, 0x3FC00000), (6, 0x3FC00000, 0x40000000),
    (7, 0x100000000, 0x200000000), (0, 0xB0000000, 0xC0000000), (11, 0xFFC00000, 0x100000000),
]


def efi_desc(t, start, end, stride):
    d = struct.pack('<IIQQQQ', t, 0, start, 0, (end - start) // 4096, 0xf)
    return d + b'\xee' * (stride - 40)


def memmap_seeds():
    def raw(mode, descs, stride, probes=()):
        b = u8(mode) + u8(64) + u8(len(probes))
        for a, n in probes:
            b += u64(a) + u64(n)
        return b + b''.join(efi_desc(t, s, e, stride) for t, s, e in descs)

    def compact(descs, mode=8, capacity=64):
        # [type][gap code][pages:2][s:4]: g < 160 adjacent; t & 0x80: pages = p
        b = u8(mode) + u8(capacity) + u8(0)
        for t, gap, pages in descs:
            g = 0 if gap == 0 else 159 + gap
            b += u8(t | 0x80) + u8(g) + u16(pages) + u32(0)
        return b

    probes = [(0x100000, 0x700000), (0x806000, 0x2000), (0x3F7FF000, 0x2000)]
    overlap = [(7, 0x100000, 0x200000), (4, 0x1ff000, 0x300000)]
    return {
        'ovmf-48': raw(1, OVMF, 48, probes),
        'ovmf-40': raw(0, OVMF[:12], 40),
        'overlap-48': raw(1, overlap, 48),
        'bad-stride': raw(6, OVMF[:3], 24),
        'compact-merge': compact([(7, 0, 16), (7, 0, 16), (4, 0, 8), (4, 2, 8), (10, 0, 1)]),
        'compact-reverse': compact([(7, 0, 160), (3, 0, 16), (7, 0, 16), (0, 5, 100)], mode=8 | 16 | 1),
        'compact-capacity': compact([(7, 1, 1), (4, 1, 1), (7, 1, 1), (4, 1, 1)], capacity=3),
    }


# ---- fuzz_plan ------------------------------------------------------------

def plan(opt=0x06, opt2=0x02, isel=0, image_pages=7, mods=((0x1234, None), (0x20000, None)),
         meta_extra=0, map_bytes=u8(0), addr=b'', tail=b''):
    """An input of fuzz_plan: opt2 & 3 == 2 is the OVMF map, map_bytes its edits."""
    b = u8(opt) + u8(opt2) + u8(isel) + u16(image_pages - 1)
    # module count: < 192 gives count % 5, 192-249 count % 64, 250 a u16
    n = len(mods)
    b += (u8(n) if n < 5 else u8(192 + n) if n < 58 else u8(250) + u16(n)) + u8(meta_extra)
    for size, _ in mods:
        if size is None:
            b += u8(0)
        elif size == 0:
            b += u8(1)
        else:
            assert n <= 8  # beyond 8 modules the shift is code % 5
            shift = 0
            while size >> shift > 0xffff:
                shift += 1
            b += u8(13 + shift) + u16(size >> shift)
    return b + map_bytes + addr + tail


def generated_map(descs, at=0):
    # [t][g][s][p:2]: pages = (p % 4096 + 1) << (s % 16); g < 128 adjacent
    b = u8(len(descs)) + u8(at)
    for t, gap_code, pages in descs:
        b += u8(t) + u8(gap_code) + u8(0) + u16(pages - 1)
    return b


def plan_seeds():
    big_kernel = dict(image_pages=0x800)           # 1 MiB-9 MiB: over OVMF's NVS
    return {
        'ovmf': plan(),
        'ovmf-6g': plan(opt2=0x03),
        'ovmf-strict-nvs': plan(opt=0x07, **big_kernel),
        'ovmf-staged': plan(**big_kernel),
        'ovmf-no-mmap-flag': plan(opt=0x02),
        # split the RAM above 21 MiB with boot-services memory at 26 MiB; low
        # memory boot-services (no EBDA); the range at 8 MiB removed
        'ovmf-edited': plan(map_bytes=u8(3) + u8(1 | 4 << 2) + u8(6) + u16(0x1400)
                            + u8(0) + u8(0) + u16(4) + u8(2) + u8(3) + u16(0)),
        'ovmf-unaligned': plan(opt=0x16, addr=b'', tail=u16(0x234)),
        'ovmf-homes': plan(opt2=0x02 | 0x0c, tail=u32(0x200000) + u32(0x9f800)),
        'generated': plan(opt2=0x00, map_bytes=generated_map(
            [(7, 0, 0xa0), (0, 0, 0x60), (7, 0, 0x100), (4, 0, 0x700), (7, 0, 0xf00), (5, 0, 0x10)])),
        'generated-range-addr': plan(opt2=0xc0, map_bytes=generated_map(
            [(7, 0, 0x100), (3, 0, 0x100), (7, 0, 0x800)]), addr=u8(2) + u8(1)),
        # the kernel over ten ACPI NVS ranges (PLAN_MAX_NVS is 8)
        'nvs-ranges': plan(opt2=0x00, image_pages=20, map_bytes=generated_map(
            [(7, 0, 0x100)] + [(10, 0, 1), (4, 0, 1)] * 10 + [(7, 0, 0x1000)])),
        'no-module': plan(mods=()),
        'many-modules': plan(mods=tuple((None, None) for i in range(40))),
        'sizes-from-input': plan(opt=0x06 | 0x80 | 0x20 | 0x40, tail=u16(200) + u16(3) + u16(0x3000) + u8(1)),
    }


# ---- fuzz_kernel_file -----------------------------------------------------

MB_MAGIC = 0x1BADB002


def mb_header(flags, addrs=()):
    h = u32(MB_MAGIC) + u32(flags) + u32(-(MB_MAGIC + flags))
    return h + b''.join(u32(a) for a in addrs)


def elf32(segments, entry, header_flags=3, extra=b''):
    """ELF32 x86: header, program headers, Multiboot header, then extra."""
    phoff = 52
    mb_off = phoff + 32 * len(segments)
    eh = (b'\x7fELF' + bytes([1, 1, 1]) + bytes(9) + u16(2) + u16(3) + u32(1) + u32(entry) +
          u32(phoff) + u32(0) + u32(0) + u16(52) + u16(32) + u16(len(segments)) +
          u16(40) + u16(0) + u16(0))
    ph = b''
    for ptype, off, vaddr, paddr, filesz, memsz in segments:
        ph += u32(ptype) + u32(off) + u32(vaddr) + u32(paddr) + u32(filesz) + u32(memsz) + u32(7) + u32(0x1000)
    body = eh + ph
    assert len(body) == mb_off
    return body + mb_header(header_flags) + extra


def elf64(segments, entry, header_flags=3, extra=b''):
    phoff = 64
    eh = (b'\x7fELF' + bytes([2, 1, 1]) + bytes(9) + u16(2) + u16(62) + u32(1) + u64(entry) +
          u64(phoff) + u64(0) + u32(0) + u16(64) + u16(56) + u16(len(segments)) +
          u16(64) + u16(0) + u16(0))
    ph = b''
    for ptype, off, vaddr, paddr, filesz, memsz in segments:
        ph += u32(ptype) + u32(7) + u64(off) + u64(vaddr) + u64(paddr) + u64(filesz) + u64(memsz) + u64(0x1000)
    return eh + ph + mb_header(header_flags) + extra


def kfile(file, mods=(), cmdline=b'console=ttyS0', probe=(0, 0x100)):
    b = u8(len(mods)) + b''.join(u32(m) for m in mods)
    b += u8(len(cmdline)) + cmdline + u32(probe[0]) + u16(probe[1])
    return b + file


def kernel_file_seeds():
    code = bytes(range(64))
    e32 = elf32([(1, 0, 0x100000, 0x100000, 52 + 32 + 12 + 64, 0x2000)], 0x100060,
                extra=code)
    e32_two = elf32([(1, 0, 0x100000, 0x100000, 0x74, 0x1000), (6, 0, 0, 0, 0, 0),
                     (1, 0x40, 0x200000, 0x180000, 0x40, 0x3000)], 0x200010, extra=code)
    e32_virt = elf32([(1, 0, 0xC0100000, 0x100000, 0x100, 0x1000)], 0xC0100040,
                     extra=code + bytes(0x100))
    e64 = elf64([(1, 0, 0x100000, 0x100000, 0x100, 0x4000)], 0x100080, extra=bytes(0x100))
    aout = (mb_header(0x10003, (0x100000, 0x100000, 0, 0x110000, 0x100020)) +
            bytes(range(0x40)) * 4)
    aout_end = (bytes(8) + mb_header(0x10003, (0x200008, 0x200000, 0x200100, 0, 0x200040)) +
                bytes(0x200))
    seeds = {
        'elf32': kfile(e32, mods=(0x1234, 0)),
        'elf32-segments': kfile(e32_two, mods=(0x10,)),
        'elf32-higher-half': kfile(e32_virt),
        'elf64': kfile(e64, mods=(0x3000, 5, 0)),
        'aout': kfile(aout, mods=(0x800,), probe=(0x100, 0x200)),
        'aout-load-end': kfile(aout_end),
        'elf32-bad-flags': kfile(elf32([(1, 0, 0x100000, 0x100000, 52 + 32 + 12 + 0x80, 0x1000)], 0x100000,
                                       header_flags=0x8003, extra=bytes(0x80))),
        # 17 loadable segments, one more than KERNEL_FILE_MAX_SEGMENTS
        'elf32-17-segments': kfile(elf32([(1, 0, 0x100000 + 0x1000 * i, 0x100000 + 0x1000 * i,
                                           52 + 17 * 32 + 12 if i == 0 else 0, 0x1000)
                                          for i in range(17)], 0x100000, extra=b'')),
        'many-modules': u8(0xf8) + b''.join(u32(0x100 * i) for i in range(8)) +
                        u8(0) + u32(0) + u16(0) + e32,
    }
    bench = os.path.join(HERE, '..', '..', 'build', 'bench', 'bench-kernel.elf')
    if os.path.exists(bench):  # a real linker's output, when it has been built
        with open(bench, 'rb') as f:
            seeds['bench-kernel'] = kfile(f.read(), mods=(0x100,))
    return seeds


# ---- fuzz_mb2 -------------------------------------------------------------

MB2_MAGIC = 0xE85250D6


def mb2_tag(ttype, *fields, flags=0):
    t = u16(ttype) + u16(flags) + u32(8 + 4 * len(fields)) + b''.join(u32(f) for f in fields)
    return t + bytes(-len(t) % 8)


def mb2_hdr(tags):
    body = b''.join(tags) + mb2_tag(0)
    length = 16 + len(body)
    return u32(MB2_MAGIC) + u32(0) + u32(length) + u32(-(MB2_MAGIC + length)) + body


def elf_mb2(is64, tags, sections=True, shstrndx=5):
    """ELF with one segment at 1 MiB (the whole file, bss to 8 KiB), a
    Multiboot 2 header at 0x80, .text/.bss/.symtab/.strtab/.shstrtab."""
    f = bytearray(0x380)
    for i in range(0x200, 0x380):
        f[i] = (i * 29 + 7) & 0xff
    es = 64 if is64 else 40
    shoff = 0x380 if sections else 0
    shdrs = [(0, 0, 0, 0, 0), (1, 6, 0x100200, 0x200, 0x100), (8, 3, 0x101000, 0x300, 0x1000),
             (2, 0, 0, 0x300, 0x20), (3, 0, 0, 0x320, 0x10), (3, 0, 0, 0x330, 0x20)]
    if is64:
        eh = (b'\x7fELF' + bytes([2, 1, 1]) + bytes(9) + u16(2) + u16(62) + u32(1) +
              u64(0x100200) + u64(0x40) + u64(shoff) + u32(0) + u16(64) + u16(56) + u16(1) +
              u16(es) + u16(len(shdrs) if sections else 0) + u16(shstrndx))
        ph = (u32(1) + u32(7) + u64(0) + u64(0x100000) + u64(0x100000) + u64(0x380) +
              u64(0x2000) + u64(0x1000))
    else:
        eh = (b'\x7fELF' + bytes([1, 1, 1]) + bytes(9) + u16(2) + u16(3) + u32(1) +
              u32(0x100200) + u32(0x40) + u32(shoff) + u32(0) + u16(52) + u16(32) + u16(1) +
              u16(es) + u16(len(shdrs) if sections else 0) + u16(shstrndx))
        ph = (u32(1) + u32(0) + u32(0x100000) + u32(0x100000) + u32(0x380) + u32(0x2000) +
              u32(7) + u32(0x1000))
    f[0:len(eh)] = eh
    f[0x40:0x40 + len(ph)] = ph
    h = mb2_hdr(tags)
    assert 0x80 + len(h) <= 0x200
    f[0x80:0x80 + len(h)] = h
    if sections:
        for i, (t, flags, addr, off, size) in enumerate(shdrs):
            if is64:
                f += (u32(i * 8) + u32(t) + u64(flags) + u64(addr) + u64(off) + u64(size) +
                      u32(0) + u32(0) + u64(8) + u64(0))
            else:
                f += (u32(i * 8) + u32(t) + u32(flags) + u32(addr) + u32(off) + u32(size) +
                      u32(0) + u32(0) + u32(4) + u32(0))
    return bytes(f)


def mb2_input(opts, base, file):
    return u8(opts) + u32(base) + file


def mb2_seeds():
    requests = mb2_tag(1, 1, 6, 17, flags=1)
    required = mb2_tag(1, 1, 3, 9, 21)
    reloc = mb2_tag(10, 0x100000, 0x3FFFFFFF, 0x200000, 2)
    aout = mb2_hdr([mb2_tag(2, 0x200000, 0x200000, 0, 0x204000), mb2_tag(3, 0x200100),
                    mb2_tag(6)])
    return {
        'elf32': mb2_input(0x07, 0, elf_mb2(False, [requests, required, mb2_tag(6),
                                                     mb2_tag(5, 1024, 768, 32, flags=1)])),
        'elf64-relocatable-efi': mb2_input(0x6b, 0x2000000, elf_mb2(True, [
            required, reloc, mb2_tag(7), mb2_tag(9, 0x100200), mb2_tag(8, 0x100200)])),
        'elf32-relocatable': mb2_input(0x30, 0x800000, elf_mb2(False, [reloc, mb2_tag(3, 0x100210)])),
        'elf32-no-sections': mb2_input(0x10, 0, elf_mb2(False, [mb2_tag(4, 2)], sections=False)),
        'elf64-bad-shstrndx': mb2_input(0x81, 0, elf_mb2(True, [], shstrndx=6)),
        'aout': mb2_input(0x02, 0, aout + bytes(range(256)) * 4),
    }


# ---- fuzz_biostables ------------------------------------------------------

ACPI_MEM_BASE = 0x7FFE0000  # MEM_BASE in fuzz_biostables.c


def fix_sum(b, at, n=None):
    """Set byte at so that the first n bytes of b (all by default) sum to 0."""
    b = bytearray(b)
    n = len(b) if n is None else n
    b[at] = 0
    b[at] = -sum(b[:n]) & 0xff
    return bytes(b)


def sdt(signature, body):
    h = (signature + u32(36 + len(body)) + u8(1) + u8(0) + b'BOCHS ' + b'BXPC    ' +
         u32(1) + b'BXPC' + u32(1))
    return fix_sum(h + body, 9)


def rsdp(revision, rsdt, xsdt=0):
    r = fix_sum(b'RSD PTR ' + u8(0) + b'BOCHS ' + u8(revision) + u32(rsdt), 8)
    if revision < 2:
        return r + bytes(16)
    return fix_sum(r + u32(36) + u64(xsdt) + bytes(4), 32)


def smbios2(length=31):
    dmi = fix_sum(b'_DMI_' + u8(0) + u16(0x1A3) + u32(0x7F6B5000) + u16(9) + u8(0x28), 5)
    e = b'_SM_' + u8(0) + u8(length) + u8(2) + u8(8) + u16(0x60) + bytes(6) + dmi
    return fix_sum(e, 4, length)


def smbios3():
    e = b'_SM3_' + u8(0) + u8(24) + u8(3) + u8(0) + u8(0) + u8(1) + u8(0) + u32(0x1A3) + u64(0x7F6B4000)
    return fix_sum(e, 5) + bytes(7)


def madt(entries, lapic=0xFEE00000):
    return sdt(b'APIC', u32(lapic) + u32(1) + b''.join(entries))


def lapic(uid, apic_id, flags=1): return u8(0) + u8(8) + u8(uid) + u8(apic_id) + u32(flags)
def x2apic(apic_id, flags, uid): return u8(9) + u8(16) + u16(0) + u32(apic_id) + u32(flags) + u32(uid)
def ioapic(id, addr, gsi): return u8(1) + u8(12) + u8(id) + u8(0) + u32(addr) + u32(gsi)
def override(irq, gsi, flags): return u8(2) + u8(10) + u8(0) + u8(irq) + u32(gsi) + u16(flags)
def lapic_nmi(uid, flags, lint): return u8(4) + u8(6) + u8(uid) + u16(flags) + u8(lint)


def madt_qemu(possible, present):
    """hw/i386/acpi-common.c's acpi_build_madt for pc and q35."""
    e = [lapic(i, i, int(i < present)) if i < 255 else x2apic(i, int(i < present), i)
         for i in range(possible)]
    e += [ioapic(0, 0xFEC00000, 0), override(0, 2, 0)]
    e += [override(irq, irq, 0xD) for irq in (5, 9, 10, 11)]
    return madt(e + [lapic_nmi(0xFF, 0, 1)])


def acpi_memory(madt_bytes):
    """RSDT at +0x40, XSDT at +0x80, a FACP at +0x100, the MADT at +0x200."""
    mem = bytearray(0x200 + len(madt_bytes))
    tables = [ACPI_MEM_BASE + 0x100, ACPI_MEM_BASE + 0x200]
    rsdt = sdt(b'RSDT', b''.join(u32(a) for a in tables))
    xsdt = sdt(b'XSDT', b''.join(u64(a) for a in tables))
    facp = sdt(b'FACP', bytes(0x74 - 36))
    mem[0x40:0x40 + len(rsdt)] = rsdt
    mem[0x80:0x80 + len(xsdt)] = xsdt
    mem[0x100:0x100 + len(facp)] = facp
    mem[0x200:] = madt_bytes
    return bytes(mem)


def biostables(flags, region, memory, revision=2, bsp=0, smbios2_entry=None):
    """flags: bits 0-4 as in fuzz_biostables.c; region: the size index."""
    r = rsdp(revision, ACPI_MEM_BASE + 0x40, ACPI_MEM_BASE + 0x80)
    return (u8(flags | region << 5) + u8(bsp) + u8(0x14) + u32(0x663) + u32(0x0783FBFD) + r +
            (smbios2_entry or smbios2()) + smbios3() + memory)


def biostables_seeds():
    everything = 0x07
    direct = 0x10
    two_ioapics = madt([lapic(0, 0), lapic(1, 1), ioapic(9, 0xFEC10000, 8),
                        ioapic(4, 0xFEC00000, 32), override(3, 8, 0), override(4, 40, 0xF),
                        override(7, 32 + 256, 0), lapic_nmi(1, 5, 1), lapic_nmi(0xFF, 0, 0)])
    truncated = bytearray(madt_qemu(2, 2))
    truncated[44 + 8 + 1] = 7  # the second local APIC entry one byte short
    return {
        'qemu-smp4-xsdt': biostables(everything, 1, acpi_memory(madt_qemu(4, 4))),
        'qemu-smp1-rsdt': biostables(everything, 0, acpi_memory(madt_qemu(1, 1)), revision=0),
        'qemu-smp4-maxcpus8-bsp2': biostables(everything | direct, 2, madt_qemu(8, 4), bsp=2),
        'qemu-x2apic-260': biostables(everything | direct, 1, madt_qemu(288, 260), bsp=200),
        'two-ioapics-nmis': biostables(direct | 1, 3, two_ioapics, bsp=1),
        'truncated-entry': biostables(everything | direct | 0x08, 1, fix_sum(truncated, 9)),
        'region-too-small': biostables(everything, 5, acpi_memory(madt_qemu(4, 4))),
        'smbios21-erratum': biostables(0x02, 4, b'', smbios2_entry=smbios2(0x1E)),
    }


# ---- fuzz_config ------------------------------------------------------------

def config_seeds():
    example = (b'# global directives, before the first entry\n'
               b'timeout 5        # seconds\n'
               b'default 2\n\n'
               b'entry "Xen 4.17"\n'
               b'    --strict \\boot\\xen.gz console=com1\n'
               b'    --module \\boot\\vmlinuz root=/dev/vda\n'
               b'entry "Test kernel"\n'
               b'    \\boot\\mbtest.elf mods=1 --module "\\boot\\my mod.bin" arg\n')
    many = b''.join(b'entry %d\n \\k%d --module \\m a\n' % (i, i) for i in range(1, 17))
    return {
        'example': example,
        'windows': b'\xef\xbb\xbf' + example.replace(b'\n', b'\r\n'),
        'unnamed': b'# one command line\n\\k.elf a=1\ntimeout 3\n  --module \\m b\n',
        'quoting': (b'entry "two  blanks" and ^"more^"  # comment\n'
                    b'\t"\\my dir\\k.elf" "x y" ^^z e^#f "c#d" # "open\n'
                    b'--module\n\\a^ b.bin\n'),
        'utf8-title': b'entry "Caf\xc3\xa9 \xe2\x82\xac"\n \\k\n',
        'sixteen-entries': b'default 16\ntimeout 0x10\n' + many,
        'entry-errors': (b'entry A\n -q -v \\k\nentry B\n --strict\nentry C\n \\k --module\n'
                         b'entry D\n --bogus \\k\n'),
        'unclosed-quote': b'entry A\n \\k "open\n',
        'caret-at-end': b'entry A\r\n \\k^\r\n',
        'empty-entry': b'entry A\nentry B\n \\k\n',
        'unknown-directive': b'timeout 5\ntmeout 5\nentry A\n \\k\n',
    }


# ---- reproducers of bugs found (tests/fuzz/crashes/<name>/) ----------------

def write_crashes():
    d = os.path.join(HERE, 'crashes', 'fuzz_plan')
    os.makedirs(d, exist_ok=True)
    # OVMF map, kernel at 1 MiB, fw_cfg's MBI address 0x100: the MBI stays
    # "at home" in page 0, where the hand-off writes the IVT (EBDA set up).
    with open(os.path.join(d, 'mbi-home-over-ivt'), 'wb') as f:
        f.write(plan(opt2=0x02 | 0x04, tail=u32(0x100)))

    d = os.path.join(HERE, 'crashes', 'fuzz_payload')
    os.makedirs(d, exist_ok=True)
    # QEMU's layout for -initrd "/boot/mod0.bin,empty.bin" with an empty
    # empty.bin: the last module starts (and ends) at the end of the blob.
    with open(os.path.join(d, 'empty-last-module'), 'wb') as f:
        f.write(valid(mods=[(b'/boot/mod0.bin', 0x1234), (b'empty.bin', 0)]))

    d = os.path.join(HERE, 'crashes', 'fuzz_kernel_file')
    os.makedirs(d, exist_ok=True)
    # An ELF64 PT_LOAD at 0 of exactly 4 GiB, stored as 0 in 32 bits, so a
    # second segment inside it passed the overlap check.
    code = bytes(range(64))
    with open(os.path.join(d, 'elf64-segment-4gib'), 'wb') as f:
        f.write(kfile(elf64([(1, 0, 0, 0, 0x40, 1 << 32),
                             (1, 0, 0x100000, 0x100000, 0x40, 0x1000)], 0x100010,
                            extra=code)))


if __name__ == '__main__':
    write_crashes()
    write('fuzz_payload', payload_seeds())
    write('fuzz_filedir', filedir_seeds())
    write('fuzz_memmap', memmap_seeds())
    write('fuzz_plan', plan_seeds())
    write('fuzz_kernel_file', kernel_file_seeds())
    write('fuzz_mb2', mb2_seeds())
    write('fuzz_biostables', biostables_seeds())
    write('fuzz_config', config_seeds())
