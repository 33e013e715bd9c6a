#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# `make bench`: how long multiboot.efi takes to boot QEMU's Multiboot payload
# under OVMF, against the firmware alone, QEMU's own BIOS path and GRUB.
#
# Every configuration boots the same tiny kernel (tests/bench/kernel.S: it
# prints its entry TSC and leaves QEMU through isa-debug-exit) with one
# module of random data. Repetitions alternate (each repetition runs every
# configuration once) so noise on a shared machine hits all alike.
#
# Environment:
#   BENCH_REPS=5          repetitions
#   BENCH_ONLY="a b"      run only these configurations (names: see CONFIGS)
#   BENCH_PREALLOC=0      skip the -mem-prealloc pair (about 75 s a repetition)
#   BENCH_GRUB_IF=virtio  disk interface of GRUB's disk and its floor (or ide)
#   BENCH_KEEP_LOGS=1     keep every serial log (else only failed runs')
#   BENCH_SUMMARY_ONLY=1  only redo the summary of the last build/bench/runs.csv
#   BENCH_FIRST_REP=N     finish an interrupted run: repetitions N..BENCH_REPS,
#                         appended to build/bench/runs.csv, same inputs
# Output: a table on stdout, build/bench/results.{md,csv}, build/bench/runs.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."

REPS=${BENCH_REPS:-5}
PREALLOC=${BENCH_PREALLOC:-1}
GRUB_IF=${BENCH_GRUB_IF:-virtio}
KEEP_LOGS=${BENCH_KEEP_LOGS:-0}
SUMMARY_ONLY=${BENCH_SUMMARY_ONLY:-0}
FIRST_REP=${BENCH_FIRST_REP:-1}
OUT=build/bench
RUNS=$OUT/runs.csv
INFO=$OUT/run-info.txt
MIB=1048576
# All RAM below 4 GiB: q35 puts only 2 GiB below 4 GiB from 2816 MiB up, and
# OVMF's eager copy of a 1 GiB blob then leaves no 1 GiB hole for the module.
MEM=2815
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
APP=build/multiboot.efi
KERNEL=$OUT/bench-kernel.elf

# ---------------------------------------------------------------- configurations
# Names are KIND:SIZE. Kinds:
#   ours      multiboot.efi -v under OVMF, fw_cfg DMA
#   ours-def  multiboot.efi, default output;  ours-q: -q (what printing costs)
#   fw        OVMF + exitnow.efi with the same -kernel/-initrd: floor of ours
#   ours-pio / fw-pio   the same with -global fw_cfg_io.dma_enabled=off
#   ours-pre / fw-pre   the same as ours / fw with -mem-prealloc
#   bios      SeaBIOS + QEMU's multiboot_dma.bin (size 0: kernel only, the floor)
#   bios-pio  SeaBIOS + QEMU's multiboot.bin, DMA off (size 0: the floor)
#   grub      OVMF + GRUB from a FAT disk image, no -kernel
#   fw-none   OVMF + exitnow.efi on GRUB's disk interface, no -kernel: floor of grub
#   setup     QEMU with -S, told to quit: host-side setup and exit
#   wrap      tools/multiboot-qemu's default route: the app as QEMU's
#             -kernel, the payload as its fw_cfg files (-v)
#   wrap-esp  tools/multiboot-qemu --esp: the app on a FAT drive, QEMU's
#             own -kernel payload (-v)
#   wrap-fw / wrap-esp-fw  the same with exitnow.efi as the app: their floors
#   touch     SeaBIOS + tests/bench/touch.S: the guest writes the payload's
#             size of never-touched pages, the physical floor of any transfer
# OVMF's own start, to exitnow.efi, no payload (size 0), each against
# start-esp-copy, the wrapper's start before it gave the app as -kernel:
#   start-esp-copy       exitnow.efi on a FAT drive (vvfat), a fresh copy of
#                        OVMF_VARS_4M.fd
#   start-kernel-copy    exitnow.efi as -kernel, a fresh copy
#   start-kernel-preinit exitnow.efi as -kernel, a copy of a store OVMF has
#                        booted once before
#   start-kernel-ro      exitnow.efi as -kernel, OVMF_VARS_4M.fd read-only
#   start-2m             exitnow.efi as -kernel, OVMF_CODE.fd (2 MB), a copy
#                        of OVMF_VARS.fd
#   start-bios           exitnow.efi as -kernel, -bios OVMF.fd (variables in RAM)
#   start-wrapper        tools/multiboot-qemu's default (exitnow.efi as the app)
#   start-wrapper-writable  the same with --writable-vars
declare -A SIZE=([0]=0 [1M]=$MIB [8M]=$((8 * MIB)) [120M]=$((120 * MIB)) [1G]=$((1024 * MIB)))
CONFIGS=(
	fw:1M ours:1M
	fw:120M ours:120M ours-def:120M ours-q:120M
	fw:1G ours:1G
	fw-pio:1M ours-pio:1M fw-pio:8M ours-pio:8M
	bios:0 bios:1M bios:120M bios:1G
	bios-pio:0 bios-pio:1M bios-pio:8M
	fw-none:0 grub:1M grub:120M grub:1G
	setup:0 setup:1M setup:120M setup:1G
	wrap-fw:120M wrap:120M wrap-esp-fw:120M wrap-esp:120M touch:120M touch:1G
	start-esp-copy:0 start-kernel-copy:0 start-kernel-preinit:0 start-kernel-ro:0
	start-2m:0 start-bios:0 start-wrapper:0 start-wrapper-writable:0
)
[ "$PREALLOC" = 1 ] && CONFIGS+=(fw-pre:1G ours-pre:1G)
[ -n "${BENCH_ONLY:-}" ] && read -r -a CONFIGS <<< "$BENCH_ONLY"

# Rough seconds per run on a quiet host (for the duration estimate).
declare -A ESTIMATE=(
	[fw:1M]=6 [ours:1M]=6 [fw:120M]=7 [ours:120M]=7 [ours-def:120M]=7 [ours-q:120M]=7
	[fw:1G]=20 [ours:1G]=25 [fw-pio:1M]=8 [ours-pio:1M]=8 [fw-pio:8M]=14 [ours-pio:8M]=15
	[bios:0]=1 [bios:1M]=1 [bios:120M]=2 [bios:1G]=8
	[bios-pio:0]=1 [bios-pio:1M]=1 [bios-pio:8M]=2
	[fw-none:0]=6 [grub:1M]=7 [grub:120M]=17 [grub:1G]=100
	[setup:0]=1 [setup:1M]=1 [setup:120M]=1 [setup:1G]=4
	[fw-pre:1G]=35 [ours-pre:1G]=40
	[wrap-fw:120M]=5 [wrap:120M]=5 [wrap-esp-fw:120M]=7 [wrap-esp:120M]=7
	[touch:120M]=2 [touch:1G]=4
	[start-esp-copy:0]=5 [start-kernel-copy:0]=5 [start-kernel-preinit:0]=4
	[start-kernel-ro:0]=4 [start-2m:0]=5 [start-bios:0]=4 [start-wrapper:0]=4
	[start-wrapper-writable:0]=5
)

floor_of() { # config -> the configuration its loader cost is measured against
	local kind=${1%%:*} size=${1#*:}
	case $kind in
	ours | ours-def | ours-q) echo "fw:$size" ;;
	ours-pio) echo "fw-pio:$size" ;;
	ours-pre) echo "fw-pre:$size" ;;
	bios) [ "$size" = 0 ] || echo "bios:0" ;;
	bios-pio) [ "$size" = 0 ] || echo "bios-pio:0" ;;
	grub) echo "fw-none:0" ;;
	wrap) echo "wrap-fw:$size" ;;
	wrap-esp) echo "wrap-esp-fw:$size" ;;
	esac
}

# ---------------------------------------------------------------- setup
install_packages() {
	local packages=(make gcc binutils gnu-efi ovmf qemu-system-x86 grub-efi-amd64-bin
			grub-common mtools dosfstools)
	local missing=() p
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	echo "bench: installing ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "bench: need root to install: ${missing[*]}" >&2
		exit 1
	fi
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

esp() { # dir efi-file: a directory QEMU serves as a FAT drive, the file as BOOTX64.EFI
	rm -rf "$1"
	mkdir -p "$1/EFI/BOOT"
	cp "$2" "$1/EFI/BOOT/BOOTX64.EFI"
}

le32() {
	local v=$1
	printf "\\x$(printf %02x $((v & 255)))\\x$(printf %02x $((v >> 8 & 255)))"
	printf "\\x$(printf %02x $((v >> 16 & 255)))\\x$(printf %02x $((v >> 24 & 255)))"
}

# An MBR disk with one FAT32 EFI system partition at 1 MiB holding GRUB as
# the removable-media boot file, the kernel and the module.
grub_image() { # size-label
	local img=$OUT/grub-$1.img mib=$((SIZE[$1] / MIB))
	local fs_mib=$((mib + mib / 16 + 40))

	rm -f "$img"
	truncate -s $(((fs_mib + 1) * MIB)) "$img"
	{ printf '\x00\xfe\xff\xff\xef\xfe\xff\xff'; le32 2048; le32 $((fs_mib * 2048)); } |
		dd of="$img" bs=1 seek=446 conv=notrunc status=none
	printf '\x55\xaa' | dd of="$img" bs=1 seek=510 conv=notrunc status=none
	mkfs.fat -F 32 --offset=2048 "$img" $((fs_mib * 1024)) > /dev/null
	mmd -i "$img@@1M" ::/EFI ::/EFI/BOOT
	mcopy -i "$img@@1M" "$OUT/grubx64.efi" ::/EFI/BOOT/BOOTX64.EFI
	mcopy -i "$img@@1M" "$KERNEL" ::/kernel.elf
	mcopy -i "$img@@1M" "$OUT/payload-$1.bin" ::/module.bin
}

needs() { # size-label: does any configuration use it?
	local c
	for c in "${CONFIGS[@]}"; do
		[ "${c#*:}" = "$1" ] && return 0
	done
	return 1
}

needs_grub() { # size-label
	local c
	for c in "${CONFIGS[@]}"; do
		[ "$c" = "grub:$1" ] && return 0
	done
	return 1
}

prepare() {
	install_packages
	"${MAKE:-make}" --no-print-directory "$APP"
	"${MAKE:-make}" --no-print-directory -f tests/bench/bench.mk bench-bins
	mkdir -p "$OUT/logs"
	if [ "$FIRST_REP" != 1 ]; then
		echo "bench: resuming at repetition $FIRST_REP with the inputs already in $OUT"
		return 0
	fi
	rm -f "$OUT"/logs/*

	echo "bench: generating payloads (random data) and disk images in $OUT"
	local s
	for s in 1M 8M 120M 1G; do
		rm -f "$OUT/payload-$s.bin"
		needs "$s" && head -c "${SIZE[$s]}" /dev/urandom > "$OUT/payload-$s.bin"
	done
	esp "$OUT/esp-ours" "$APP"
	esp "$OUT/esp-fw" "$OUT/exitnow.efi"
	# A variables store OVMF has booted once (exitnow.efi as -kernel).
	cp "$OVMF_VARS" "$OUT/vars-preinit.fd"
	timeout 120 qemu-system-x86_64 -machine q35 -m $MEM -display none -vga none -nic none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE" \
		-drive "if=pflash,format=raw,file=$OUT/vars-preinit.fd" \
		-kernel "$OUT/exitnow.efi" > /dev/null 2>&1 || true

	# QEMU 7.2 installs multiboot_dma.bin even with fw_cfg DMA disabled, and
	# that ROM then waits forever for a DMA completion. Its port I/O ROM is
	# shipped too (multiboot.bin): first on the firmware path, under that name.
	mkdir -p "$OUT/pio-rom"
	cp /usr/share/qemu/multiboot.bin "$OUT/pio-rom/multiboot_dma.bin"

	# GRUB: standalone image, config embedded, the modules it needs preloaded.
	cat > "$OUT/grub.cfg" <<-'EOF'
	set timeout=0
	search --no-floppy --file --set=root /kernel.elf
	multiboot /kernel.elf
	module /module.bin module
	boot
	EOF
	local mods="part_msdos fat search search_fs_file multiboot"
	grub-mkstandalone -O x86_64-efi -o "$OUT/grubx64.efi" --locales= --fonts= --themes= \
		--modules="$mods" --install-modules="$mods normal boot configfile echo" \
		"boot/grub/grub.cfg=$OUT/grub.cfg"
	rm -f "$OUT"/grub-*.img
	for s in 1M 120M 1G; do
		needs_grub "$s" && grub_image "$s"
	done
	return 0
}

# ---------------------------------------------------------------- one run
hexval() { # 0x... -> decimal, nothing if empty
	[ -n "$1" ] && printf '%d' "$1" || true
}

run_one() { # rep config
	local rep=$1 cfg=$2 kind=${2%%:*} size=${2#*:}
	local log=$OUT/logs/$kind-$size-$rep.serial tmo=$((ESTIMATE[$cfg] * 8 + 120))
	local bytes=${SIZE[$size]} payload=$OUT/payload-$size.bin
	local -a q=(qemu-system-x86_64 -machine q35 -m $MEM -display none -vga none -nic none
		-serial "file:$log" -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04)
	local -a ovmf=(-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
		-drive "if=pflash,format=raw,file=$OUT/vars.fd")
	local -a mb=(-kernel "$KERNEL") opts=()
	local verbose=(-fw_cfg name=opt/multiboot.efi/options,string=-v)

	[ "$size" != 0 ] && mb+=(-initrd "$payload")
	case $kind in
	ours) opts=("${verbose[@]}") ;;
	ours-q) opts=(-fw_cfg name=opt/multiboot.efi/options,string=-q) ;;
	ours-pre) opts=("${verbose[@]}" -mem-prealloc) ;;
	ours-pio) opts=("${verbose[@]}" -global fw_cfg_io.dma_enabled=off) ;;
	fw-pio) opts=(-global fw_cfg_io.dma_enabled=off) ;;
	fw-pre) opts=(-mem-prealloc) ;;
	esac
	case $kind in
	ours*) q+=("${ovmf[@]}" -drive "format=raw,file=fat:rw:$OUT/esp-ours" "${mb[@]}" "${opts[@]}") ;;
	fw-none) q+=("${ovmf[@]}" -drive "if=$GRUB_IF,format=raw,file=fat:rw:$OUT/esp-fw") ;;
	fw*) q+=("${ovmf[@]}" -drive "format=raw,file=fat:rw:$OUT/esp-fw" "${mb[@]}" "${opts[@]}") ;;
	grub) q+=("${ovmf[@]}" -drive "if=$GRUB_IF,format=raw,file=$OUT/grub-$size.img") ;;
	bios) q+=("${mb[@]}") ;;
	bios-pio) q=("${q[0]}" -L "$OUT/pio-rom" -L /usr/share/qemu "${q[@]:1}" "${mb[@]}"
		     -global fw_cfg_io.dma_enabled=off) ;;
	setup) q+=("${mb[@]}" -S -monitor stdio) ;;
	touch) q+=(-kernel "$OUT/touch-$size.elf") ;;
	start-esp-copy) q+=("${ovmf[@]}" -drive "if=virtio,format=raw,readonly=on,file=fat:$OUT/esp-fw") ;;
	start-kernel-copy) q+=("${ovmf[@]}" -kernel "$OUT/exitnow.efi") ;;
	start-kernel-preinit)
		cp "$OUT/vars-preinit.fd" "$OUT/vars.fd"
		q+=("${ovmf[@]}" -kernel "$OUT/exitnow.efi") ;;
	start-kernel-ro)
		q+=(-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
		    -drive "if=pflash,format=raw,readonly=on,file=$OVMF_VARS" -kernel "$OUT/exitnow.efi") ;;
	start-2m)
		cp /usr/share/OVMF/OVMF_VARS.fd "$OUT/vars-2m.fd"
		q+=(-drive "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd"
		    -drive "if=pflash,format=raw,file=$OUT/vars-2m.fd" -kernel "$OUT/exitnow.efi") ;;
	start-bios) q+=(-bios /usr/share/ovmf/OVMF.fd -kernel "$OUT/exitnow.efi") ;;
	start-wrapper*)
		q=(env MULTIBOOT_EFI="$OUT/exitnow.efi" tools/multiboot-qemu "${q[@]:1}" -kernel "$KERNEL")
		[ "$kind" = start-wrapper-writable ] && q+=(--writable-vars) ;;
	wrap*)
		# The wrapper brings its firmware and store; exitnow.efi as the app
		# for the floors.
		local app=$APP
		case $kind in *-fw) app=$OUT/exitnow.efi ;; esac
		q=(env MULTIBOOT_EFI="$app" tools/multiboot-qemu "${q[@]:1}" "${mb[@]}" --options -v)
		case $kind in wrap-esp*) q+=(--esp) ;; esac ;;
	esac
	[ "$kind" = start-kernel-preinit ] || cp "$OVMF_VARS" "$OUT/vars.fd"
	: > "$log"

	local t0=$EPOCHREALTIME status=0
	if [ "$kind" = setup ]; then
		echo quit | timeout "$tmo" "${q[@]}" > /dev/null 2>> "$OUT/logs/qemu-stderr.txt" ||
			status=$?
	else
		timeout "$tmo" "${q[@]}" < /dev/null 2>> "$OUT/logs/qemu-stderr.txt" || status=$?
	fi
	local t1=$EPOCHREALTIME wall
	wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')

	# The kernel writes 0 to isa-debug-exit: QEMU exits with 1. `quit`: 0.
	local ok=fail
	if [ "$kind" = setup ]; then
		[ "$status" -eq 0 ] && ok=ok
	elif [ "$status" -eq 1 ] && grep -aqE '(entry|touch)-tsc=0x' "$log"; then
		ok=ok
	fi
	local entry start per_us loaded transfer touched
	entry=$(hexval "$(grep -ao 'entry-tsc=0x[0-9a-f]*' "$log" | head -1 | cut -d= -f2 || true)")
	start=$(grep -ao 'tsc-start=[0-9]*' "$log" | head -1 | cut -d= -f2 || true)
	per_us=$(grep -ao 'tsc-per-us=[0-9]*' "$log" | head -1 | cut -d= -f2 || true)
	loaded=$(grep -ao 'KiB in [0-9.]* ms' "$log" | head -1 | awk '{ print $3 }' || true)
	transfer=$(grep -ao '(transfer [0-9.]* ms' "$log" | head -1 | awk '{ print $2 }' || true)
	touched=$(hexval "$(grep -ao 'touch-tsc=0x[0-9a-f]*' "$log" | head -1 | cut -d= -f2 || true)")
	echo "$rep,$cfg,$bytes,$ok,$wall,$entry,$start,$per_us,$loaded,$transfer,$touched" >> "$RUNS"
	printf '  rep %d %-14s %-4s %8s s\n' "$rep" "$cfg" "$ok" "$wall"
	if [ "$ok" = ok ] && [ "$KEEP_LOGS" != 1 ]; then
		rm -f "$log"
	fi
}

run_all() {
	local total=0 c rep started load_before
	for c in "${CONFIGS[@]}"; do
		total=$((total + ESTIMATE[$c]))
	done
	load_before=$(cut -d' ' -f1-3 /proc/loadavg)
	echo "bench: ${#CONFIGS[@]} configurations x $REPS repetitions: expect about" \
		"$(((total * REPS + 59) / 60)) min on a quiet host, longer under load" \
		"(load average now $load_before)"
	if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
		echo "bench: warning: load average ${load_before%% *} on $(nproc) CPUs:" \
			"wall-clock differences will be noisy; the self-timed columns hold up best"
	fi
	if [ "$FIRST_REP" = 1 ]; then
		echo "rep,config,payload_bytes,status,wall_s,entry_tsc,app_tsc_start,app_tsc_per_us,app_loaded_ms,app_transfer_ms,touch_tsc" > "$RUNS"
		echo "$load_before" > "$OUT/load-before.txt"
	else
		# Drop the interrupted repetition's runs; keep the first load figure.
		awk -F, -v first="$FIRST_REP" 'NR == 1 || $1 < first' "$RUNS" > "$RUNS.tmp"
		mv "$RUNS.tmp" "$RUNS"
		load_before=$(cat "$OUT/load-before.txt" 2>/dev/null || echo "$load_before")
	fi
	started=$EPOCHREALTIME
	for rep in $(seq "$FIRST_REP" "$REPS"); do
		echo "bench: repetition $rep of $REPS"
		for c in "${CONFIGS[@]}"; do
			run_one "$rep" "$c"
		done
	done
	printf '%s|%s|%s|%s|%s|%s\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" \
		"$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f s", b - a }')$([ "$FIRST_REP" = 1 ] ||
			echo " for repetitions $FIRST_REP-$REPS, resumed")" \
		"$REPS" "$("$OUT/tsc-rate")" "${CONFIGS[*]}" > "$INFO"
}

# ---------------------------------------------------------------- summary
summarize() {
	local load_before load_after elapsed reps tsc_mhz configs c floors=""
	IFS='|' read -r load_before load_after elapsed reps tsc_mhz configs < "$INFO"
	for c in $configs; do
		floors+="$c=$(floor_of "$c") "
	done
	local app_size
	app_size=$(stat -c %s "$APP")

	awk -F, -v tsc_mhz="$tsc_mhz" -v app_size="$app_size" -v grub_if="$GRUB_IF" \
		-v configs="$configs" -v floors="$floors" -v csv="$OUT/results.csv" \
		-v md="$OUT/results.table.md" -v targets="$OUT/results.targets.md" \
		-f tests/bench/summary.awk "$RUNS"
	{
		echo "# multiboot.efi boot benchmark"
		echo
		echo "- $(date -u '+%Y-%m-%d %H:%M UTC'); \`$(uname -m)\`, $(nproc) CPUs," \
			"$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
		echo "- $(qemu-system-x86_64 --version | head -1), TCG; OVMF" \
			"$(dpkg-query -W -f='${Version}' ovmf) (OVMF_CODE_4M.fd); GRUB" \
			"$(dpkg-query -W -f='${Version}' grub-efi-amd64-bin)"
		echo "- \`build/multiboot.efi\`: $app_size bytes" \
			"($(awk -v s="$app_size" 'BEGIN { printf "%.1f", s / 1024 }') KiB; target <= 64 KiB)"
		echo "- $reps repetitions, alternating; medians; host TSC $tsc_mhz ticks/us;" \
			"load average $load_before before, $load_after after; took $elapsed"
		echo "- every run: \`qemu-system-x86_64 -machine q35 -m $MEM -display none -vga none" \
			"-nic none -no-reboot\`"
		echo
		cat "$OUT/results.table.md"
		echo
		cat "$OUT/results.targets.md"
		echo
		cat tests/bench/notes.md
	} > "$OUT/results.md"
	rm -f "$OUT/results.table.md" "$OUT/results.targets.md"

	echo
	sed '/^## Notes/,$d' "$OUT/results.md"
	echo "bench: wrote $OUT/results.md, $OUT/results.csv; every run in $RUNS"
}

if [ "$SUMMARY_ONLY" != 1 ]; then
	prepare
	run_all
fi
summarize
