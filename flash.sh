#!/usr/bin/env bash
# Puts dialtone on a Raspberry Pi. Not yet: the hardware layer (hal/, board/) comes first.
echo "flash.sh: not yet — dialtone does not drive Raspberry Pi hardware yet; see README.md" >&2
exit 1
