@echo -off
# SPDX-License-Identifier: BSD-2-Clause
# startup.nsh for the multiboot.efi ESP image: the UEFI shell runs this
# when the firmware reaches the shell (after the boot options failed).
# It runs multiboot.efi once more, with the options given here, and stays in
# the shell with a message when there is no Multiboot payload to boot.
for %i in 0 1 2 3 4 5 6 7 8 9
  if exist fs%i:\EFI\BOOT\BOOTX64.EFI then
    fs%i:
    goto found
  endif
endfor
echo "startup.nsh: no file system holds \EFI\BOOT\BOOTX64.EFI"
goto done

:found
# Add options here (on both lines), e.g. --strict or -v.
\EFI\BOOT\BOOTX64.EFI
# 32-bit firmware cannot start it: the shell reports EFI_UNSUPPORTED with its
# error bit (an app's own status has none). Run the 32-bit build there.
if %lasterror% == 0x80000003 then
  \EFI\BOOT\BOOTIA32.EFI
endif
if %lasterror% ne 0 then
  echo "startup.nsh: multiboot.efi did not boot (status %lasterror%); staying in the UEFI shell"
endif
:done
