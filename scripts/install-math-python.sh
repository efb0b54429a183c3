#!/usr/bin/env bash
# MATH scoring compares answers with sympy's LaTeX parser, which needs exactly antlr4-python3-runtime 4.11 (as the
# harness pins). Installs both into their own venv, ~/.cache/selfmoe/math-python, where the engine looks first, so
# the system Python's packages are left alone. Idempotent; prints the interpreter's path.
set -euo pipefail
venv="${SELFMOE_CACHE:-$HOME/.cache/selfmoe}/math-python"
python="$venv/bin/python"
if ! "$python" -c 'from sympy.parsing.latex import parse_latex; parse_latex("1")' >/dev/null 2>&1; then
  echo "installing sympy and antlr4-python3-runtime 4.11 into $venv ..." >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$python" -m pip install --quiet --disable-pip-version-check sympy==1.14.0 antlr4-python3-runtime==4.11.0 >&2
fi
echo "$python"
