#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Checks on the tree itself, no build needed: prints "PASS: static/NAME" or
# "FAIL: static/NAME (why)" per check; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/../.."

failed=0
result() {
	if [[ -z $2 ]]; then
		echo "PASS: static/$1"
	else
		echo "FAIL: static/$1 ($2)"
		failed=1
	fi
}

# Every file the project wrote carries its licence within its first lines.
# Data (fuzz corpora and crash reproducers) and prose are not source.
spdx_missing() {
	local file

	git ls-files | grep -vE '^(tests/fuzz/(corpus|crashes)/|LICENSE$|\.gitignore$)|\.md$' |
		while IFS= read -r file; do
			head -n 3 "$file" | grep -q 'SPDX-License-Identifier: BSD-2-Clause' ||
				echo "$file"
		done
}
missing=$(spdx_missing)
result spdx-every-source-file "${missing:+no SPDX line in: $(echo $missing)}"

exit "$failed"
