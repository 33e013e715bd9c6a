#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Builds what the Secure Boot boot tests (cases-secureboot.sh) boot, in
# build/sb/ so that nothing else using build/multiboot.efi is disturbed:
#
#   build/sb/multiboot.efi   the app with a built-in allowlist (unsigned)
#   build/sb/signed.efi      the same, signed with Debian's snakeoil db key
#   build/sb/enrol/keys.dmp  db, dbx, KEK and PK as time-based authenticated
#                            updates (efitools' sign-efi-sig-list) in the
#                            file format of the UEFI shell's `dmpstore -l`:
#                            the snakeoil keys, and EFI_CERT_SHA256 entries
#                            in db and dbx
#   build/sb/hashes          NAME=SHA256 for every file the cases use
#
# The allowlist holds the test kernel build/tests/mbtest.elf and the module
# build/test-data/sb-allowed.bin; the enrolled db holds build/tests/
# mbtest-16m.elf and build/test-data/sb-db.bin, its dbx sb-allowed.bin.
# Nothing authorises mbtest-gap.elf or sb-other.bin. Needs the test kernels
# (make test-kernels), sbsigntool, openssl, efitools (its host tools) and
# gzip. Run from make (`make sb-test-apps`) or by hand; rebuilds only what
# changed. MAKE names the make to build the app with.
# Not pipefail: test_data pipes openssl into head, which closes early.
set -eu

MB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$MB_ROOT"
# shellcheck source=tests/boot/testdata.sh
source tests/boot/testdata.sh

OUT=build/sb
SNAKEOIL_KEY=/usr/share/ovmf/PkKek-1-snakeoil.key
SNAKEOIL_CERT=/usr/share/ovmf/PkKek-1-snakeoil.pem
MAKE=${MAKE:-make}

die() {
	echo "make-sb-apps.sh: $*" >&2
	exit 1
}

for tool in sbsign openssl sign-efi-sig-list cert-to-efi-sig-list gzip; do
	command -v "$tool" > /dev/null ||
		die "$tool not found (apt-get install sbsigntool openssl efitools)"
done
for file in "$SNAKEOIL_KEY" "$SNAKEOIL_CERT"; do
	[[ -f $file ]] || die "$file missing (apt-get install ovmf)"
done
mkdir -p "$OUT"

sha256() {
	sha256sum "$1" | cut -d' ' -f1
}

# The files the cases boot; module sizes are arbitrary but fixed.
allowed_kernel=build/tests/mbtest.elf
db_kernel=build/tests/mbtest-16m.elf
for k in "$allowed_kernel" "$db_kernel" build/tests/mbtest-gap.elf; do
	[[ -f $k ]] || die "$k missing (make test-kernels)"
done
allowed_module=$(test_data sb-allowed.bin 123457)
db_module=$(test_data sb-db.bin 70001)
test_data sb-other.bin 4099 > /dev/null
test_data sb-empty.bin 0 > /dev/null

{
	for f in "$allowed_kernel" "$db_kernel" build/tests/mbtest-gap.elf \
		build/test-data/sb-allowed.bin build/test-data/sb-db.bin \
		build/test-data/sb-other.bin build/test-data/sb-empty.bin; do
		echo "$f=$(sha256 "$f")"
	done
} > "$OUT/hashes.new"
mv "$OUT/hashes.new" "$OUT/hashes"

# sbsign and sign-efi-sig-list cannot take a passphrase: decrypt once.
key=$OUT/snakeoil.key
if [[ ! -s $key || $SNAKEOIL_KEY -nt $key ]]; then
	(umask 077; openssl rsa -passin pass:snakeoil -in "$SNAKEOIL_KEY" -out "$key.new" 2> /dev/null) ||
		die "cannot decrypt $SNAKEOIL_KEY"
	mv "$key.new" "$key"
fi

# The app with the allowlist (the Makefile rebuilds it only when the list
# or a source changed), then signed.
"$MAKE" --no-print-directory BUILD="$OUT" \
	ALLOW_SHA256="$(sha256 "$allowed_kernel") $(sha256 "$allowed_module")" \
	"$OUT/multiboot.efi" > "$OUT/build.log" 2>&1 || {
	cat "$OUT/build.log" >&2
	die "building $OUT/multiboot.efi failed"
}
sign() {
	local in=$1 out=$2

	if [[ ! -s $out || $in -nt $out || $key -nt $out ]]; then
		sbsign --key "$key" --cert "$SNAKEOIL_CERT" --output "$out.new" "$in" \
			> /dev/null 2>&1 || die "sbsign $in failed"
		mv "$out.new" "$out"
	fi
}
sign "$OUT/multiboot.efi" "$OUT/signed.efi"

# An EFI_SIGNATURE_LIST of EFI_CERT_SHA256_GUID entries (UEFI 2.10 32.4.1),
# written byte by byte: efitools' hash-to-efi-sig-list hashes PE images,
# not plain files.
le32() {
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}
hex_bytes() {
	# shellcheck disable=SC2001 # sed's & is clearer than bash 5.2's
	sed 's/../\\x&/g' <<< "$1"
}
sha256_esl() {
	local owner=11223344556677889900aabbccddeeff hash out

	# c1c41626-504c-4092-aca9-41f936934328, as stored (little-endian fields).
	out=$(hex_bytes 2616c4c14c509240aca941f936934328)
	out+=$(le32 $((28 + 48 * $#)))$(le32 0)$(le32 48)
	for hash; do
		out+=$(hex_bytes "$owner$hash")
	done
	printf '%b' "$out"
}
# Variables to enrol from Setup Mode (the UEFI shell runs only while Secure
# Boot is off: Debian's OVMF disables it under Secure Boot, CVE-2023-48733):
# PK and KEK the snakeoil certificate, db the snakeoil certificate (so that
# signed.efi starts) plus the two db hashes, dbx the hash of sb-allowed.bin
# (allowlisted, so dbx must win). Each is a timestamped update signed with
# the snakeoil key (Setup Mode checks PK's self-signature only), stored as
# `dmpstore -l` reads records (ShellPkg's DmpStore.c): NameSize, DataSize,
# the UCS-2 name, the vendor GUID, the attributes, the data, and a CRC-32
# (gzip's trailer holds one) of all that. efitools' UpdateVars.efi would do
# the same, but Debian 12's build cannot parse its arguments ("Invalid
# Variable db": its pointer table is not relocated).
enrol=$OUT/enrol
want="$(sha256 "$db_kernel") $(sha256 "$db_module") $(sha256 "$allowed_module") $(sha256 "$key")"
ucs2() {
	local i out=

	for ((i = 0; i < ${#1}; i++)); do
		out+=$(printf '\\x%02x\\x00' "'${1:i:1}")
	done
	printf '%b' "$out\x00\x00"
}
dmpstore_record() {
	local name=$1 guid=$2 data=$3 record=$4

	{
		printf '%b' "$(le32 $((2 * ${#name} + 2)))$(le32 "$(stat -c %s "$data")")"
		ucs2 "$name"
		printf '%b' "$(hex_bytes "$guid")"
		# NV | BS | RT | TIME_BASED_AUTHENTICATED_WRITE_ACCESS
		printf '%b' "$(le32 0x27)"
		cat "$data"
	} > "$record.body"
	gzip -c < "$record.body" | tail -c 8 | head -c 4 > "$record.crc"
	cat "$record.body" "$record.crc" > "$record"
	rm -f "$record.body" "$record.crc"
}
if [[ $(cat "$enrol/inputs" 2> /dev/null) != "$want" ]]; then
	rm -rf "$enrol"
	mkdir -p "$enrol"
	owner=11223344-5566-7788-9900-aabbccddeeff
	cert-to-efi-sig-list -g "$owner" "$SNAKEOIL_CERT" "$enrol/cert.esl" > /dev/null ||
		die "cert-to-efi-sig-list failed"
	sha256_esl "$(sha256 "$db_kernel")" "$(sha256 "$db_module")" > "$enrol/hashes.esl"
	sha256_esl "$(sha256 "$allowed_module")" > "$enrol/dbx.esl"
	[[ $(stat -c %s "$enrol/hashes.esl") == $((28 + 2 * 48)) ]] || die "bad hashes.esl"
	cat "$enrol/cert.esl" "$enrol/hashes.esl" > "$enrol/db.esl"
	cp "$enrol/cert.esl" "$enrol/PK.esl"
	cp "$enrol/cert.esl" "$enrol/KEK.esl"
	# EFI_IMAGE_SECURITY_DATABASE_GUID and EFI_GLOBAL_VARIABLE, as stored.
	security_db=cbb219d73a3d9645a3bcdad00e67656f
	global=61dfe48bca93d211aa0d00e098032b8c
	: > "$enrol/keys.dmp"
	# PK last: it ends Setup Mode.
	for var in db dbx KEK PK; do
		sign-efi-sig-list -g "$owner" -c "$SNAKEOIL_CERT" -k "$key" "$var" \
			"$enrol/$var.esl" "$enrol/$var.auth" > /dev/null 2>&1 ||
			die "sign-efi-sig-list $var failed"
		guid=$global
		[[ $var == db* ]] && guid=$security_db
		dmpstore_record "$var" "$guid" "$enrol/$var.auth" "$enrol/$var.record"
		cat "$enrol/$var.record" >> "$enrol/keys.dmp"
	done
	echo "$want" > "$enrol/inputs"
fi
echo "built $OUT: signed.efi (allowlist: $allowed_kernel, $allowed_module), enrol/keys.dmp"
