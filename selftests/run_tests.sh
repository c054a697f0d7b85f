#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs every zxvmo selftest binary found next to this script (the VM copies
# them flat into /mnt/add; on a host they sit in selftests/).  Each binary
# prints its own TAP through the kselftest harness, ending with a
# "# Totals: pass:X fail:Y ..." line.  Exits non-zero if any binary failed.

cd "$(dirname "$0")" || exit 1

status=0
ran=0
for t in ./*_test; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	ran=$((ran + 1))
	echo "# zxvmo selftest: $t"
	if ! "$t"; then
		echo "# zxvmo selftest: $t FAILED"
		status=1
	fi
done

if [ "$ran" -eq 0 ]; then
	echo "# zxvmo selftest: no *_test binaries found in $(pwd)"
	exit 1
fi
exit $status
