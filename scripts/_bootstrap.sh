# Sourced by scripts/demo.sh and scripts/test.sh: a virtualenv with the pinned dependencies of pyproject.toml.
# Re-installs only when pyproject.toml changed (a hash stamp), so repeated runs start in seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# The operating system's own Python 3.11 when it has one that can make virtualenvs: Debian builds it with PGO
# and LTO, and it serves a page with about a quarter less CPU than a default source build such as pyenv's
# (README, "Load"). Otherwise python3.11 from PATH. PYTHON=... overrides.
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3.11
  if [ -x /usr/bin/python3.11 ] && /usr/bin/python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    PYTHON=/usr/bin/python3.11
  fi
fi
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
  echo "Zorgpad needs Python 3.11 (found: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
VENV="${ZORGPAD_VENV:-$ROOT/.venv}"
BASE_PYTHON="$("$PYTHON" -c 'import os, sys; print(os.path.realpath(sys.executable))')"
# A virtualenv of ours made with another interpreter is made again.
if [ -x "$VENV/bin/python" ] && compgen -G "$VENV/.zorgpad-deps-*" >/dev/null \
   && [ "$(cat "$VENV/.zorgpad-python" 2>/dev/null)" != "$BASE_PYTHON" ]; then
  echo "==> Recreating virtualenv $VENV for $BASE_PYTHON"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> Creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV"
  echo "$BASE_PYTHON" > "$VENV/.zorgpad-python"
fi
STAMP="$VENV/.zorgpad-deps-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$STAMP" ]; then
  echo "==> Installing pinned dependencies from pyproject.toml"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" - <<'PY' > "$VENV/requirements.txt"
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["dev"]))
PY
  "$VENV/bin/python" -m pip install --quiet -r "$VENV/requirements.txt" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import django, weasyprint, celery" || { echo "Dependency install failed." >&2; exit 1; }
  rm -f "$VENV"/.zorgpad-deps-*
  touch "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
