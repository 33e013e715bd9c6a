# SPDX-License-Identifier: BSD-2-Clause
# Boot-test library: boots one case under QEMU and checks what it printed.
# Sourced by run.sh (and by cases.sh's functions through it).
#
# Environment:
#   MBEFI          the app to test (default build/multiboot.efi)
#   MBEFI_IA32     its 32-bit build, for 32-bit OVMF (default
#                  build/multiboot-ia32.efi)
#   MB_FIRMWARE    ovmf (default) or seabios: QEMU's own multiboot ROM, no
#                  app at all, to check the kernel and the harness alone
#   MB_LOG_DIR     where logs go (default build/test-logs)

MB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MBEFI=${MBEFI:-build/multiboot.efi}
MB_FIRMWARE=${MB_FIRMWARE:-ovmf}
MB_LOG_DIR=${MB_LOG_DIR:-$MB_ROOT/build/test-logs}
MBEFI_IA32=${MBEFI_IA32:-build/multiboot-ia32.efi}
[[ $MBEFI == /* ]] || MBEFI=$MB_ROOT/$MBEFI
[[ $MBEFI_IA32 == /* ]] || MBEFI_IA32=$MB_ROOT/$MBEFI_IA32

OVMF_DIR=/usr/share/OVMF
# One boot: OVMF alone takes about 5 s, the UEFI shell's startup.nsh
# countdown 5 s more; everything else is far quicker.
MB_QEMU_TIMEOUT=90
# How often to look at the serial log for the UEFI shell.
MB_POLL_SECONDS=0.5
# The UEFI shell's prompt: "Shell> ", or "FS0:\> " once a map is current.
MB_SHELL_PROMPT='Shell> |FS[0-9]+:\\> '
MB_SERIAL_TAIL_LINES=30

# shellcheck source=tests/boot/testdata.sh
source "$MB_ROOT/tests/boot/testdata.sh"
# shellcheck source=tests/boot/expect.sh
source "$MB_ROOT/tests/boot/expect.sh"

# The boot loader name the kernel should see (cases.sh uses it).
# shellcheck disable=SC2034
if [[ $MB_FIRMWARE == ovmf ]]; then
	MB_LOADER=multiboot.efi
else
	MB_LOADER=qemu
fi

# Per-case state, reset by mb_run_case.
mb_reset() {
	MB_FAILURES=()
	MB_SKIP=
	MB_MOD_FILES=()
	MB_MOD_ARGS=()
	# Per module: the name the kernel sees first in its command line (the
	# file's path unless --source says otherwise), and 1 for a module given
	# no command line at all (mb_add_bare_module).
	MB_MOD_NAMES=()
	MB_MOD_BARE=()
	# The kernel command line expected when it is not "KERNEL APPEND".
	MB_CMDLINE=
	# 1 when --until matched and the harness stopped QEMU itself.
	MB_STOPPED=0
	# Where --screendump saves the screen (a binary PPM).
	MB_SCREEN=$MB_LOG_DIR/$MB_CASE.ppm
	rm -f "$MB_SCREEN"
	# Where --pmemsave saves guest memory.
	MB_MEMDUMP=$MB_LOG_DIR/$MB_CASE.mem
	rm -f "$MB_MEMDUMP"
	MB_KERNEL=
	MB_APPEND=
	MB_STATUS=
	MB_SHELL=0
	MB_LOG=$MB_LOG_DIR/$MB_CASE.serial.log
	MB_QEMU_LOG=$MB_LOG_DIR/$MB_CASE.qemu.log
	# No check may see an earlier run's output.
	mkdir -p "$MB_LOG_DIR"
	: > "$MB_LOG"
	: > "$MB_QEMU_LOG"
}

mb_fail() {
	MB_FAILURES+=("$1")
}

mb_skip() {
	MB_SKIP=$1
}

mb_on_ovmf() {
	[[ $MB_FIRMWARE == ovmf ]]
}

# mb_add_module FILE [ARGS]: one more -initrd module. The harness adds
# "cksum=C len=N" (from the host file) for the kernel to verify; ARGS is in
# QEMU's syntax, so a literal comma is written ",,".
mb_add_module() {
	MB_MOD_FILES+=("$1")
	MB_MOD_ARGS+=("${2:-}")
}

# mb_add_bare_module FILE: a module with no command line of its own
# (-initrd: just its path; --source fwcfg: no .cmdline file, so the app
# names it after its fw_cfg file). The kernel then checks no length or sum.
mb_add_bare_module() {
	MB_MOD_BARE[${#MB_MOD_FILES[@]}]=1
	mb_add_module "$1"
}

# The module's command line as QEMU passes it (and as the kernel prints it).
mb_module_cmdline() {
	local i=$1 file=${MB_MOD_FILES[$1]}
	local name=${MB_MOD_NAMES[$1]:-$file}
	local line

	if [[ -n ${MB_MOD_BARE[$i]:-} ]]; then
		echo "$name"
		return
	fi
	line="$name cksum=$(cksum < "$MB_ROOT/$file" | cut -d' ' -f1) len=$(stat -c %s "$MB_ROOT/$file")"
	[[ -n ${MB_MOD_ARGS[$i]} ]] && line+=" ${MB_MOD_ARGS[$i]}"
	echo "$line"
}

mb_initrd_arg() {
	local i arg=

	for i in "${!MB_MOD_FILES[@]}"; do
		[[ -n $arg ]] && arg+=,
		arg+=$(mb_module_cmdline "$i")
	done
	echo "$arg"
}

# The -fw_cfg arguments of --source fwcfg: the kernel file, its whole
# command line ("KERNEL APPEND", which the app passes on verbatim), and each
# module with its command line as a file of its own (none for a bare one).
# Strings are in QEMU's option syntax: a literal comma is ",,".
mb_fwcfg_payload() {
	local i line="$MB_KERNEL $MB_APPEND"

	qemu+=(-fw_cfg "name=opt/multiboot/kernel,file=$MB_KERNEL"
	       -fw_cfg "name=opt/multiboot/cmdline,string=${line//,/,,}")
	for i in "${!MB_MOD_FILES[@]}"; do
		qemu+=(-fw_cfg "name=opt/multiboot/module/$i,file=${MB_MOD_FILES[$i]}")
		if [[ -n ${MB_MOD_BARE[$i]:-} ]]; then
			MB_MOD_NAMES[i]=opt/multiboot/module/$i
		else
			qemu+=(-fw_cfg "name=opt/multiboot/module/$i.cmdline,string=$(mb_module_cmdline "$i")")
		fi
	done
}

# mb_esp_payload ESP OPTIONS TAIL: copies the kernel and modules to ESP's
# \boot\ and sets MB_ESP_ARGS to the app's command line naming them:
# "OPTIONS \boot\KERNEL APPEND --module \boot\MODULE ARGS ... TAIL". The
# kernel's command line is then "\boot\KERNEL APPEND".
mb_esp_payload() {
	local esp=$1 args=$2 tail=$3 i name

	if [[ -z $MB_KERNEL ]]; then
		echo "mb_boot: --source esp needs a --kernel" >&2
		return 2
	fi
	mkdir -p "$esp/boot"
	name=\\boot\\$(basename "$MB_KERNEL")
	cp "$MB_ROOT/$MB_KERNEL" "$esp/boot/"
	MB_CMDLINE="$name $MB_APPEND"
	args+="${args:+ }$name $MB_APPEND"
	for i in "${!MB_MOD_FILES[@]}"; do
		cp "$MB_ROOT/${MB_MOD_FILES[$i]}" "$esp/boot/"
		MB_MOD_NAMES[i]=\\boot\\$(basename "${MB_MOD_FILES[$i]}")
		# A path with a blank is quoted on the app's command line, and
		# the kernel sees it quoted the same way.
		[[ ${MB_MOD_NAMES[i]} == *" "* ]] && MB_MOD_NAMES[i]="\"${MB_MOD_NAMES[i]}\""
		args+=" --module $(mb_module_cmdline "$i")"
	done
	MB_ESP_ARGS="$args${tail:+ $tail}"
}

# mb_monitor SOCKET COMMAND: one command to QEMU's human monitor.
mb_monitor() {
	printf '%s\n' "$2" | socat -t 1 - "UNIX-CONNECT:$1" > /dev/null 2>&1
}

# How long a screendump may take to appear under a busy TCG host.
MB_SCREENDUMP_WAIT=20

# Saves the screen to $MB_SCREEN (a binary PPM) and waits for the file.
mb_screendump() {
	local i

	mb_monitor "$1" "screendump $MB_SCREEN"
	for ((i = 0; i < MB_SCREENDUMP_WAIT * 2; i++)); do
		[[ -s $MB_SCREEN ]] && return
		sleep 0.5
	done
}

# Saves LEN bytes of guest memory at ADDR to $MB_MEMDUMP and waits for them.
mb_pmemsave() {
	local i

	mb_monitor "$1" "pmemsave $2 $3 \"$MB_MEMDUMP\""
	for ((i = 0; i < MB_SCREENDUMP_WAIT * 2; i++)); do
		[[ -s $MB_MEMDUMP ]] && return
		sleep 0.5
	done
}

# mb_boot [options] [-- extra QEMU args]: boots once, sets MB_STATUS (QEMU's
# exit status) and MB_SHELL (1 if the UEFI shell came up, QEMU then killed).
# Every QEMU runs with -no-reboot, -nic none, -display none, the serial log
# in $MB_LOG and isa-debug-exit at 0xf4 (the test kernel's way out).
#
# The machine:
#   --machine TYPE   q35 (default) or pc
#   --mem MIB        guest RAM (default 1024)
#   --smp N          CPUs (default 1)
#   --display ARGS   QEMU's display device words instead of -vga none
# The firmware (OVMF's 4 MiB build by default):
#   --code FILE --vars FILE   other OVMF images
#   --secboot        OVMF built with Secure Boot support, which needs SMM
#                    (it reserves more low memory: no room for an EBDA)
#   --snakeoil       OVMF with Secure Boot enrolled and enforcing, with
#                    Debian's test-only snakeoil keys (needs SMM)
#   --ia32           32-bit OVMF (Debian ships only a --secboot build) and
#                    the app's ia32 build
# The payload:
#   --kernel FILE    -kernel (default build/tests/mbtest.elf); --no-kernel
#   --append TEXT    -append (mb_add_module adds -initrd modules)
#   --source WHERE   where the kernel and modules come from: initrd (QEMU's
#                    -kernel/-initrd/-append, the default); fwcfg (the
#                    app's own fw_cfg files opt/multiboot/..., command line
#                    "KERNEL APPEND" verbatim); esp (copied to \boot\ on the
#                    ESP and named on the app's command line from
#                    startup.nsh, after any --app-args options); none
#                    (nothing from QEMU: a disk image brings them)
#   --esp-tail ARGS  with --source esp: words after the modules
# How the app starts:
#   --app FILE       boot this build of the app instead of $MBEFI
#   --app-args ARGS  start the app from the UEFI shell's startup.nsh with
#                    these arguments instead of as EFI/BOOT/BOOTX64.EFI
#                    (or BOOTIA32.EFI)
#   --esp-image FILE boot a copy of this FAT image instead of an ESP the
#                    harness makes (it brings its own app and startup.nsh);
#                    a whole disk image (GPT) works as well
#   --wrapper        run QEMU through tools/multiboot-qemu, which brings its
#                    own firmware (with --ia32: its --ia32; --code, --vars,
#                    --secboot and --snakeoil become OVMF_CODE/OVMF_VARS)
#   --wrapper-option OPT   one more wrapper option (e.g. --esp), repeatable
#   --wrapper-path FILE    as --wrapper, but run FILE (an installed wrapper)
#                    without MULTIBOOT_EFI: it must find its app itself
# Watching and stopping it:
#   --until REGEX    once a serial line matches, stop QEMU (MB_STOPPED=1)
#   --screendump     at the --until match (default: the kernel's "fb
#                    drawn" line) save the screen to $MB_SCREEN first
#   --pmemsave ADDR LEN  there also save guest memory to $MB_MEMDUMP
#   --type-at REGEX TEXT   once a serial line matches REGEX, type TEXT (printf
#                    escapes: '2\r') on the serial console, once (the serial
#                    port is then a socket QEMU also logs to $MB_LOG)
mb_boot() {
	local machine=q35 mem=1024 smp=1 app_args='' use_shell=0 have_append=0 smm=0
	local code=$OVMF_DIR/OVMF_CODE_4M.fd vars=$OVMF_DIR/OVMF_VARS_4M.fd
	local app=$MBEFI boot_name=BOOTX64.EFI
	local extra=() qemu=() tmp pid started
	local source=initrd esp_tail='' esp_image='' wrapper=0 wrapper_path='' ia32=0 until=''
	local screendump=0
	local wrapper_options=() firmware_given=0
	local display=(-vga none) monitor=(-monitor none) common=() sock pmemsave=()
	local serial type_regex='' type_text='' serial_sock

	MB_KERNEL=build/tests/mbtest.elf
	while (($#)); do
		case $1 in
		--machine) machine=$2; shift ;;
		--mem) mem=$2; shift ;;
		--smp) smp=$2; shift ;;
		--code) code=$2; firmware_given=1; shift ;;
		--vars) vars=$2; firmware_given=1; shift ;;
		--secboot)
			code=$OVMF_DIR/OVMF_CODE_4M.secboot.fd
			firmware_given=1
			smm=1 ;;
		--snakeoil)
			code=$OVMF_DIR/OVMF_CODE_4M.snakeoil.fd
			vars=$OVMF_DIR/OVMF_VARS_4M.snakeoil.fd
			firmware_given=1
			smm=1 ;;
		--app) app=$2; shift ;;
		--ia32)
			code=$OVMF_DIR/OVMF32_CODE_4M.secboot.fd
			vars=$OVMF_DIR/OVMF32_VARS_4M.fd
			app=$MBEFI_IA32
			boot_name=BOOTIA32.EFI
			ia32=1
			smm=1 ;;
		--kernel) MB_KERNEL=$2; shift ;;
		--no-kernel) MB_KERNEL= ;;
		--append) MB_APPEND=$2; have_append=1; shift ;;
		--app-args) app_args=$2; use_shell=1; shift ;;
		--source) source=$2; shift ;;
		--esp-tail) esp_tail=$2; shift ;;
		--esp-image) esp_image=$2; shift ;;
		--wrapper) wrapper=1 ;;
		--wrapper-path) wrapper=1 wrapper_path=$2; shift ;;
		--wrapper-option) wrapper_options+=("$2"); shift ;;
		--display) read -ra display <<< "$2"; shift ;;
		--until) until=$2; shift ;;
		--screendump) screendump=1 ;;
		--pmemsave) pmemsave=("$2" "$3"); screendump=1; shift 2 ;;
		--type-at) type_regex=$2 type_text=$3; shift 2 ;;
		--) shift; extra=("$@"); break ;;
		*) echo "mb_boot: unknown option $1" >&2; return 2 ;;
		esac
		shift
	done

	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mbboot.XXXXXX")
	mkdir -p "$tmp/esp/EFI/BOOT"
	sock=$tmp/monitor.sock
	if ((screendump)); then
		monitor=(-monitor "unix:$sock,server,nowait")
		until=${until:-'^mbtest: fb drawn [0-9]+x[0-9]+$'}
	fi
	if [[ $source == esp ]]; then
		mb_esp_payload "$tmp/esp" "$app_args" "$esp_tail" || { rm -rf "$tmp"; return 2; }
		app_args=$MB_ESP_ARGS
		use_shell=1
	fi
	((smm)) && machine+=",smm=on"
	serial=(-serial "file:$MB_LOG")
	if [[ -n $type_regex ]]; then
		serial_sock=$tmp/serial.sock
		serial=(-chardev "socket,id=typed,path=$serial_sock,server=on,wait=off,logfile=$MB_LOG"
			-serial chardev:typed)
	fi
	common=(-m "$mem" -smp "$smp" -display none "${display[@]}" -no-reboot -nic none
		"${serial[@]}" "${monitor[@]}"
		-device "isa-debug-exit,iobase=0xf4,iosize=0x04")
	if ((wrapper)); then
		# The wrapper picks the firmware and machine itself, as for a user
		# (and, from --wrapper-path, the app too).
		if [[ -n $wrapper_path ]]; then
			qemu=(timeout "$MB_QEMU_TIMEOUT" env -u MULTIBOOT_EFI)
		else
			qemu=(timeout "$MB_QEMU_TIMEOUT" env "MULTIBOOT_EFI=$app")
		fi
		((firmware_given)) && qemu+=("OVMF_CODE=$code" "OVMF_VARS=$vars")
		qemu+=("${wrapper_path:-$MB_ROOT/tools/multiboot-qemu}" "${wrapper_options[@]}")
		((ia32)) && qemu+=(--ia32)
		qemu+=("${common[@]}")
		if [[ -z $wrapper_path && ! -f $app ]]; then
			mb_fail "$app missing"
			MB_STATUS="(not started)"
			rm -rf "$tmp"
			return 1
		fi
	else
		qemu=(timeout "$MB_QEMU_TIMEOUT" qemu-system-x86_64 -machine "$machine" "${common[@]}")
	fi
	if mb_on_ovmf && ((!wrapper)); then
		if [[ ! -f $app ]]; then
			mb_fail "$app missing"
			MB_STATUS="(not started)"
			rm -rf "$tmp"
			return 1
		fi
		cp "$vars" "$tmp/vars.fd"
		if [[ -n $esp_image ]]; then
			:
		elif ((use_shell)); then
			cp "$app" "$tmp/esp/multiboot.efi"
			mb_write_startup_nsh "$app_args" > "$tmp/esp/startup.nsh"
		else
			cp "$app" "$tmp/esp/EFI/BOOT/$boot_name"
		fi
		# SMM firmware only runs with its flash marked secure.
		((smm)) && qemu+=(-global "driver=cfi.pflash01,property=secure,value=on")
		qemu+=(-drive "if=pflash,format=raw,readonly=on,file=$code"
		       -drive "if=pflash,format=raw,file=$tmp/vars.fd")
		if [[ -n $esp_image ]]; then
			# A copy: the firmware and the shell may write to it.
			cp "$MB_ROOT/$esp_image" "$tmp/esp.img"
			qemu+=(-drive "format=raw,file=$tmp/esp.img")
		else
			qemu+=(-drive "format=raw,file=fat:rw:$tmp/esp")
		fi
	fi
	case $source in
	initrd)
		[[ -n $MB_KERNEL ]] && qemu+=(-kernel "$MB_KERNEL")
		((${#MB_MOD_FILES[@]})) && qemu+=(-initrd "$(mb_initrd_arg)")
		((have_append)) && qemu+=(-append "$MB_APPEND") ;;
	fwcfg) mb_fwcfg_payload ;;
	esp|none) ;;
	*) echo "mb_boot: unknown --source $source" >&2; rm -rf "$tmp"; return 2 ;;
	esac
	qemu+=("${extra[@]}")

	printf '%q ' "${qemu[@]}" > "$MB_QEMU_LOG"
	echo >> "$MB_QEMU_LOG"
	started=$SECONDS
	(cd "$MB_ROOT" && exec "${qemu[@]}" >> "$MB_QEMU_LOG" 2>&1) &
	pid=$!
	# A UEFI shell means the app did not boot a kernel (or refused as it
	# should): nothing more will happen, so stop QEMU instead of waiting.
	while kill -0 "$pid" 2>/dev/null; do
		if grep -aqE "$MB_SHELL_PROMPT" "$MB_LOG"; then
			MB_SHELL=1
			kill "$pid" 2>/dev/null
			break
		fi
		if [[ -n $until ]] && mb_log_text | grep -qE -- "$until"; then
			MB_STOPPED=1
			if ((screendump)); then
				# What the kernel writes right after the match lands first.
				sleep 2
				((${#pmemsave[@]})) && mb_pmemsave "$sock" "${pmemsave[@]}"
				mb_screendump "$sock"
				mb_monitor "$sock" quit
			else
				kill "$pid" 2>/dev/null
			fi
			break
		fi
		if [[ -n $type_regex ]] && mb_log_text | grep -qE -- "$type_regex"; then
			# shellcheck disable=SC2059 # the text holds printf escapes
			printf "$type_text" | socat -t 1 - "UNIX-CONNECT:$serial_sock" > /dev/null 2>&1
			echo "harness: typed '$type_text' on the serial console" >> "$MB_QEMU_LOG"
			type_regex=
		fi
		sleep "$MB_POLL_SECONDS"
	done
	wait "$pid"
	MB_STATUS=$?
	echo "harness: QEMU status $MB_STATUS after $((SECONDS - started)) s;" \
		"UEFI shell reached: $MB_SHELL; stopped at --until: $MB_STOPPED" >> "$MB_QEMU_LOG"
	rm -rf "$tmp"
}

# A startup.nsh that runs the app with ARGS from whichever file system
# holds it (OVMF's -kernel file system may come first).
mb_write_startup_nsh() {
	local fs

	echo '@echo -off'
	for fs in fs0 fs1 fs2 fs3; do
		echo "if exist $fs:\\multiboot.efi then"
		echo "  $fs:\\multiboot.efi $1"
		# What the app returned (expect_app_status); the shell prints
		# EFI statuses without the error bit, e.g. 0x2.
		echo '  echo "harness: app status %lasterror%"'
		echo 'endif'
	done
}

# mb_run_case NAME: runs case_NAME (dashes become underscores) and prints
# its one result line, with the serial log's tail on failure.
mb_run_case() {
	MB_CASE=$1
	mb_reset
	"case_${MB_CASE//-/_}"
	if [[ -n $MB_SKIP ]]; then
		echo "SKIP: boot/$MB_CASE ($MB_SKIP)"
	elif ((${#MB_FAILURES[@]} == 0)); then
		echo "PASS: boot/$MB_CASE"
	else
		local reasons
		reasons=$(printf '%s; ' "${MB_FAILURES[@]}")
		echo "FAIL: boot/$MB_CASE (${reasons%; })"
		if [[ -s $MB_LOG ]]; then
			echo "--- last $MB_SERIAL_TAIL_LINES lines of $MB_LOG:"
			tr -d '\r' < "$MB_LOG" | tail -n "$MB_SERIAL_TAIL_LINES"
			echo "---"
		fi
	fi
}
