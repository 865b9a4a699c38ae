#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter for the Rasa venv (Rasa 3.6 needs 3.10).
# Order: $PYTHON310, a python3.10 that actually runs, pyenv's 3.10.x install.
set -u
if [ -n "${PYTHON310:-}" ]; then echo "$PYTHON310"; exit 0; fi
if python3.10 -c 'import sys' >/dev/null 2>&1; then command -v python3.10; exit 0; fi
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10\.' | sort -V -r); do
    p="$(pyenv root)/versions/$v/bin/python3.10"
    [ -x "$p" ] && { echo "$p"; exit 0; }
  done
fi
echo "no Python 3.10 found: install it (e.g. 'pyenv install 3.10.13') or set PYTHON310=/path/to/python3.10" >&2
exit 1
