# SPDX-License-Identifier: BSD-2-Clause
# Boot matrix: machine x firmware x RAM x CPUs, each case with a full
# payload the test kernel checks (module contents by checksum and length,
# command lines, MBI/map layout, the map against the RAM QEMU was given).
# Sourced after lib.sh; run.sh runs every case_* here.
#
# Axes (all under TCG):
#   machine+firmware  q35/4m  q35/2m  q35/secboot  pc/4m  pc/2m
#                     4m = OVMF_CODE_4M.fd + OVMF_VARS_4M.fd,
#                     2m = OVMF_CODE.fd + OVMF_VARS.fd,
#                     secboot = OVMF_CODE_4M.secboot.fd (SMM, flash secure,
#                     -machine q35,smm=on) with the unenrolled OVMF_VARS_4M.fd.
#                     pc/secboot is not run: the SMM build needs q35.
#   RAM               128 MiB, 512 MiB, 1 GiB, 3.5 GiB, 8 GiB
#   CPUs              -smp 1 and -smp 4
#
# Not the full product (5 pairs x 5 sizes x 2 = 50 boots): each pair runs
# every RAM size once (25 boots), -smp alternating so that every pair and
# every RAM size sees both 1 and 4 CPUs:
#
#   pair         128M   512M   1G     3.5G   8G
#   q35/4m       1      4      1      4      1
#   q35/2m       4      1      4      1      4
#   q35/secboot  1      4      1      4      1
#   pc/4m        4      1      4      1      4
#   pc/2m        1      4      1      4      1
#
# The payloads rotate over the cells (the case names say which): 1, 2, 3, 8
# and 64 modules, a 0-byte module alone, a 64 MiB and a 1 GiB module, the
# kernel linked at 16 MiB, the ELF kernel with a gap between its segments,
# the a.out-kludge kernel at 2 MiB, an empty -append, a 4096-character
# command line, module strings with runs of spaces and ",,". Every cell has
# modules; each carries "cksum=C len=N" for the kernel to check, and its
# line is compared with the host file's. (0 modules: cases.sh.)
#
# -smp 4 runs with single-threaded TCG (-accel tcg,thread=single): run.sh
# budgets one host core per QEMU, and with multi-threaded TCG the SMM build's
# rendezvous of 4 vCPUs on 2 host cores took 225 s instead of 29 s.
#
# The 1 GiB module (one case: its transfer and the kernel's checksum of it
# take most of a minute under TCG) comes through fw_cfg files (--source
# fwcfg), not -initrd: OVMF copies the whole -initrd blob into boot-services
# memory below 4 GiB before any boot option runs (40 s for 1 GiB here), so a
# 1 GiB -initrd module needs 2 GiB free below 4 GiB, which q35 never has
# (from -m 2816 on QEMU puts only 2 GiB there), and takes longer than a
# case may.

# mx_boot PAIR MIB SMP [mb_boot options, no "--"]: boots with one matrix
# cell's machine, firmware, RAM and CPUs.
mx_boot() {
	local pair=$1 mem=$2 smp=$3 fw=() accel=()

	shift 3
	case $pair in
	q35/4m | pc/4m) ;;
	q35/2m | pc/2m) fw=(--code "$OVMF_DIR/OVMF_CODE.fd" --vars "$OVMF_DIR/OVMF_VARS.fd") ;;
	q35/secboot) fw=(--secboot) ;;
	*) mb_fail "mx_boot: unknown pair $pair"; return 1 ;;
	esac
	((smp > 1)) && accel=(-accel 'tcg,thread=single')
	MX_PAIR=$pair MX_MEM=$mem
	mb_boot --machine "${pair%/*}" "${fw[@]}" --mem "$mem" --smp "$smp" "$@" -- "${accel[@]}"
}

# The kernel's own expectations for a cell: the MBI and map where QEMU's
# BIOS path puts them, the loader's name, and (not on the SMM build, which
# reserves the page at 0x9F000) the EBDA and BDA words SeaBIOS leaves.
mx_expectations() {
	local words="mbi=0x9500 mmap=0x9000 loader=$MB_LOADER"

	[[ $1 == q35/secboot ]] || words+=" ebda=1"
	echo "$words"
}

# Skips the case unless under OVMF (the matrix is about OVMF builds).
mx_ovmf_only() {
	mb_on_ovmf && return 0
	mb_skip "OVMF only"
	return 1
}

# The RAM QEMU puts above 4 GiB for MIB of RAM: q35 keeps 2 GiB below 4 GiB
# once the RAM reaches 2.75 GiB, pc keeps 3 GiB once it reaches 3.5 GiB
# (gigabyte-aligned), else everything is below 4 GiB.
mx_high_mib() {
	local machine=$1 mem=$2

	case $machine in
	q35) ((mem >= 2816)) && echo $((mem - 2048)) || echo 0 ;;
	pc) ((mem >= 3584)) && echo $((mem - 3072)) || echo 0 ;;
	esac
}

# The Multiboot map the kernel printed matches the RAM: above 4 GiB, exactly
# one available range [4 GiB, 4 GiB + high RAM) and nothing else; below
# 4 GiB an entry (of any type: the SMM build's TSEG is reserved) ending
# where QEMU's RAM ends, and no available range past it.
expect_map_matches_ram() {
	local machine=${MX_PAIR%/*} high low_top line addr len type end
	local found_high=0 found_low_top=0

	high=$(mx_high_mib "$machine" "$MX_MEM")
	if ((high)); then
		case $machine in q35) low_top=$((2048 << 20)) ;; pc) low_top=$((3072 << 20)) ;; esac
	else
		low_top=$((MX_MEM << 20))
	fi
	while IFS= read -r line; do
		[[ $line =~ ^mbtest:\ mmap\ [0-9]+\ addr=(0x[0-9a-f]+)\ len=(0x[0-9a-f]+)\ type=([0-9]+)$ ]] || continue
		addr=$((BASH_REMATCH[1])) len=$((BASH_REMATCH[2])) type=${BASH_REMATCH[3]}
		end=$((addr + len))
		if ((addr >= 1 << 32)); then
			if ((addr == 1 << 32 && len == high << 20 && type == 1)); then
				found_high=1
			else
				mb_fail "$(printf 'map entry above 4 GiB addr=0x%x len=0x%x type=%s, want only [4 GiB, +%s MiB) type 1' \
					"$addr" "$len" "$type" "$high")"
			fi
		elif ((type == 1 && end > low_top)); then
			mb_fail "$(printf 'map calls [0x%x,0x%x) available, past the %s MiB of RAM below 4 GiB' \
				"$addr" "$end" "$((low_top >> 20))")"
		fi
		((end == low_top)) && found_low_top=1
	done < <(mb_log_text)
	((high == 0 || found_high)) || mb_fail "map lacks the ${high} MiB of RAM above 4 GiB"
	((found_low_top)) || mb_fail "no map entry ends at $((low_top >> 20)) MiB, where the RAM below 4 GiB ends"
}

# expect_module's check for every module at once: one cksum run over all
# the files instead of three processes per module and check (64 modules
# through expect_module took 40 s of process start-ups on a busy host, a
# 1 GiB module three host checksums of it). Same expected line: the length
# and POSIX checksum of the host file and the command line QEMU passed.
mx_expect_modules() {
	local i crc size name line log sums=()

	mapfile -t sums < <(cd "$MB_ROOT" && cksum "${MB_MOD_FILES[@]}")
	log=$'\n'$(mb_log_text | sed -E 's/^(mbtest: module [0-9]+) start=0x[0-9a-f]+ end=0x[0-9a-f]+ /\1 /')$'\n'
	for i in "${!MB_MOD_FILES[@]}"; do
		read -r crc size _ <<< "${sums[$i]}"
		name=${MB_MOD_NAMES[$i]:-${MB_MOD_FILES[$i]}}
		if [[ -n ${MB_MOD_BARE[$i]:-} ]]; then
			line=$name
		else
			line="$name cksum=$crc len=$size${MB_MOD_ARGS[$i]:+ ${MB_MOD_ARGS[$i]}}"
		fi
		line="mbtest: module $i len=$size cksum=$crc cmdline=\"${line//,,/,}\""
		[[ $log == *$'\n'"$line"$'\n'* ]] || mb_fail "no module line '$line'"
	done
}

# Everything every matrix cell checks after its boot: expect_kernel_pass
# (with the bulk module check when there are many modules or big ones), the
# map against the RAM, and the app's summary line.
mx_expect_pass() {
	local files=("${MB_MOD_FILES[@]}") bytes=0 size

	while read -r size; do
		((bytes += size))
	done < <(((${#files[@]})) && cd "$MB_ROOT" && stat -c %s "${files[@]}")
	if ((${#files[@]} > 8 || bytes > 64 << 20)); then
		MB_MOD_FILES=()
		expect_kernel_pass
		MB_MOD_FILES=("${files[@]}")
		mx_expect_modules
	else
		expect_kernel_pass
	fi
	expect_map_matches_ram
	expect_grep '^multiboot\.efi: loaded .*; entering the kernel$' "app summary line"
}

# mx_sixty_four_modules: 64 modules, 0 to 64 KiB (pseudo-random sizes, one
# of them empty), each with its number as an argument.
mx_sixty_four_modules() {
	local i size

	for ((i = 0; i < 64; i++)); do
		size=$(((i * 40503) % 65537))
		mb_add_module "$(test_data "matrix64-$i.bin" "$size")" "number=$i"
	done
}

# mx_eight_modules: sizes around page boundaries, one empty, a few MiB.
mx_eight_modules() {
	local sizes=(0 1 4095 4096 4097 65536 1048576 3145733) i

	for i in "${!sizes[@]}"; do
		mb_add_module "$(test_data "eight-$i.bin" "${sizes[$i]}")" "number=$i"
	done
}

# mx_string_modules: arguments with runs of spaces, and commas written ",,"
# (QEMU's escape), including one that ends the module's argument list.
mx_string_modules() {
	mb_add_module "$(test_data mstr-a.bin 12345)" "two  spaces   three"
	mb_add_module "$(test_data mstr-b.bin 4096)" "list=a,,b,,,,c trailing,,"
	mb_add_module "$(test_data mstr-c.bin 1)" ",,leading x=,,"
}

# mx_padded_append TOTAL KERNEL WORDS...: an -append value that starts with
# WORDS and is padded so that the kernel's command line, "KERNEL APPEND",
# is exactly TOTAL characters.
mx_padded_append() {
	local total=$1 kernel=$2 append i=0 left
	shift 2
	append="$*"

	while ((${#kernel} + 1 + ${#append} + 10 <= total)); do
		append+=$(printf ' pad%04d' "$i")
		((i++))
	done
	left=$((total - ${#kernel} - 1 - ${#append} - 1))
	append+=" $(printf '%*s' "$left" '' | tr ' ' x)"
	echo "$append"
}

# --- q35, OVMF_CODE_4M.fd --------------------------------------------------

case_matrix_q35_4m_128m_smp1_64mods() {
	mx_ovmf_only || return
	mx_sixty_four_modules
	mx_boot q35/4m 128 1 --append "mods=64 $(mx_expectations q35/4m)"
	mx_expect_pass
}

case_matrix_q35_4m_512m_smp4_empty_module() {
	mx_ovmf_only || return
	mb_add_module "$(test_data matrix-empty.bin 0)"
	mx_boot q35/4m 512 4 --append "mods=1 $(mx_expectations q35/4m)"
	mx_expect_pass
}

case_matrix_q35_4m_1g_smp1_4k_cmdline() {
	local append

	mx_ovmf_only || return
	mb_add_module "$(test_data one.bin 100000)"
	append=$(mx_padded_append 4096 build/tests/mbtest.elf "mods=1 $(mx_expectations q35/4m)")
	mx_boot q35/4m 1024 1 --append "$append"
	mx_expect_pass
}

case_matrix_q35_4m_3584m_smp4_16m_kernel() {
	mx_ovmf_only || return
	mx_eight_modules
	mx_boot q35/4m 3584 4 --kernel build/tests/mbtest-16m.elf \
		--append "mods=8 $(mx_expectations q35/4m)"
	mx_expect_pass
}

# 6 GiB above 4 GiB; the module goes below it. The small module comes
# first: after it, the 1 GiB one would not be placed (see
# case_placement_big_module_first).
case_matrix_q35_4m_8g_smp1_1g_module() {
	# The transfer and the kernel's checksum of 1 GiB take most of a
	# minute under TCG; run.sh gives a case 120 s in all.
	# shellcheck disable=SC2034 # read by mb_boot
	local MB_QEMU_TIMEOUT=110

	mx_ovmf_only || return
	mb_add_module "$(test_data one.bin 100000)"
	mb_add_module "$(test_data matrix-1g.bin $((1 << 30)))" "size=1GiB"
	mx_boot q35/4m 8192 1 --source fwcfg --append "mods=2 $(mx_expectations q35/4m)"
	mx_expect_pass
}

# --- q35, OVMF_CODE.fd (2 MiB) ---------------------------------------------

case_matrix_q35_2m_128m_smp4_strings() {
	mx_ovmf_only || return
	mx_string_modules
	mx_boot q35/2m 128 4 --append "mods=3 $(mx_expectations q35/2m) words  with  spaces"
	mx_expect_pass
}

case_matrix_q35_2m_512m_smp1_64mods() {
	mx_ovmf_only || return
	mx_sixty_four_modules
	mx_boot q35/2m 512 1 --append "mods=64 $(mx_expectations q35/2m)"
	mx_expect_pass
}

# An empty -append: the kernel's command line is its path and a space.
case_matrix_q35_2m_1g_smp4_empty_append() {
	mx_ovmf_only || return
	mb_add_module "$(test_data one.bin 100000)"
	mx_boot q35/2m 1024 4 --append ""
	mx_expect_pass
}

case_matrix_q35_2m_3584m_smp1_gap_kernel() {
	mx_ovmf_only || return
	mx_eight_modules
	mx_boot q35/2m 3584 1 --kernel build/tests/mbtest-gap.elf \
		--append "mods=8 $(mx_expectations q35/2m)"
	mx_expect_pass
}

case_matrix_q35_2m_8g_smp4_one_module() {
	mx_ovmf_only || return
	mb_add_module "$(test_data one.bin 100000)"
	mx_boot q35/2m 8192 4 --append "mods=1 $(mx_expectations q35/2m)"
	mx_expect_pass
}

# --- q35,smm=on, OVMF_CODE_4M.secboot.fd, Secure Boot not enrolled ---------

case_matrix_q35_secboot_128m_smp1_8mods() {
	mx_ovmf_only || return
	mx_eight_modules
	mx_boot q35/secboot 128 1 --append "mods=8 $(mx_expectations q35/secboot)"
	mx_expect_pass
}

case_matrix_q35_secboot_512m_smp4_aout_kernel() {
	mx_ovmf_only || return
	mx_string_modules
	mx_boot q35/secboot 512 4 --kernel build/tests/mbtest-aout.bin \
		--append "mods=3 $(mx_expectations q35/secboot)"
	mx_expect_pass
}

case_matrix_q35_secboot_1g_smp1_64mods() {
	mx_ovmf_only || return
	mx_sixty_four_modules
	mx_boot q35/secboot 1024 1 --append "mods=64 $(mx_expectations q35/secboot)"
	mx_expect_pass
}

case_matrix_q35_secboot_3584m_smp4_empty_module() {
	mx_ovmf_only || return
	mb_add_module "$(test_data matrix-empty.bin 0)"
	mx_boot q35/secboot 3584 4 --append "mods=1 $(mx_expectations q35/secboot)"
	mx_expect_pass
}

case_matrix_q35_secboot_8g_smp1_4k_cmdline() {
	local append

	mx_ovmf_only || return
	mx_eight_modules
	append=$(mx_padded_append 4096 build/tests/mbtest.elf "mods=8 $(mx_expectations q35/secboot)")
	mx_boot q35/secboot 8192 1 --append "$append"
	mx_expect_pass
}

# --- pc (i440fx), OVMF_CODE_4M.fd --------------------------------------------

case_matrix_pc_4m_128m_smp4_empty_append() {
	mx_ovmf_only || return
	mb_add_module "$(test_data matrix-empty.bin 0)"
	mb_add_module "$(test_data one.bin 100000)"
	mx_boot pc/4m 128 4 --append ""
	mx_expect_pass
}

case_matrix_pc_4m_512m_smp1_16m_kernel() {
	mx_ovmf_only || return
	mx_string_modules
	mx_boot pc/4m 512 1 --kernel build/tests/mbtest-16m.elf \
		--append "mods=3 $(mx_expectations pc/4m)"
	mx_expect_pass
}

case_matrix_pc_4m_1g_smp4_64mods() {
	mx_ovmf_only || return
	mx_sixty_four_modules
	mx_boot pc/4m 1024 4 --append "mods=64 $(mx_expectations pc/4m)"
	mx_expect_pass
}

# 3 GiB below 4 GiB and 512 MiB above it. The 64 MiB module's QEMU address
# crosses OVMF's NVS at 0x800000, so it moves; the small one after it stays.
case_matrix_pc_4m_3584m_smp1_big_module() {
	mx_ovmf_only || return
	mb_add_module "$(test_data big.bin $((64 << 20)))"
	mb_add_module "$(test_data one.bin 100000)"
	mx_boot pc/4m 3584 1 --append "mods=2 $(mx_expectations pc/4m)"
	mx_expect_pass
}

case_matrix_pc_4m_8g_smp4_8mods() {
	mx_ovmf_only || return
	mx_eight_modules
	mx_boot pc/4m 8192 4 --append "mods=8 $(mx_expectations pc/4m)"
	mx_expect_pass
}

# --- pc (i440fx), OVMF_CODE.fd (2 MiB) ---------------------------------------

case_matrix_pc_2m_128m_smp1_gap_kernel() {
	mx_ovmf_only || return
	mb_add_module "$(test_data one.bin 100000)"
	mx_boot pc/2m 128 1 --kernel build/tests/mbtest-gap.elf \
		--append "mods=1 $(mx_expectations pc/2m)"
	mx_expect_pass
}

case_matrix_pc_2m_512m_smp4_4k_cmdline() {
	local append

	mx_ovmf_only || return
	mx_string_modules
	append=$(mx_padded_append 4096 build/tests/mbtest.elf "mods=3 $(mx_expectations pc/2m)")
	mx_boot pc/2m 512 4 --append "$append"
	mx_expect_pass
}

case_matrix_pc_2m_1g_smp1_empty_module() {
	mx_ovmf_only || return
	mb_add_module "$(test_data matrix-empty.bin 0)"
	mx_boot pc/2m 1024 1 --append "mods=1 $(mx_expectations pc/2m)"
	mx_expect_pass
}

case_matrix_pc_2m_3584m_smp4_64mods() {
	mx_ovmf_only || return
	mx_sixty_four_modules
	mx_boot pc/2m 3584 4 --append "mods=64 $(mx_expectations pc/2m)"
	mx_expect_pass
}

case_matrix_pc_2m_8g_smp1_aout_kernel() {
	mx_ovmf_only || return
	mx_eight_modules
	mx_boot pc/2m 8192 1 --kernel build/tests/mbtest-aout.bin \
		--append "mods=8 $(mx_expectations pc/2m)"
	mx_expect_pass
}

# --- placement beyond the matrix ---------------------------------------------

# A module that must move (its QEMU address crosses OVMF's NVS at 0x800000)
# followed by one that can stay: 256 MiB + 100000 bytes in the 420 MiB free
# below 4 GiB with -m 512 (fw_cfg files, which OVMF does not copy). The
# same modules in the other order boot.
case_placement_big_module_first() {
	mb_on_ovmf || { mb_skip "OVMF only"; return; }
	mb_add_module "$(test_data place-256m.bin $((256 << 20)))"
	mb_add_module "$(test_data one.bin 100000)"
	mb_boot --mem 512 --source fwcfg --append "mods=2 $(mx_expectations q35/4m)"
	expect_kernel_pass
}
