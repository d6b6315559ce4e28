#!/bin/sh
# `pip install ./python` offline, as the README says, from a copy of the
# source tree (so the build writes nothing into the checkout), into a venv
# that sees Debian's numpy/pandas; then the pytest suite on the installed
# package. usage: pip-install.sh SOURCE_DIR PYTHON HPR_CLI
set -eu
src=$1
py=$2
cli=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
cp -r "$src/CMakeLists.txt" "$src/include" "$src/lib" "$src/bindings" "$src/python" "$tmp/src/"
rm -rf "$tmp/src/python/build" "$tmp/src/python/"*.egg-info
"$py" -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/pip" install -q --no-build-isolation --no-index "$tmp/src/python"
cd "$tmp"
"$tmp/venv/bin/python" -c "import hpr, sys; assert hpr.__file__.startswith('$tmp/venv'), hpr.__file__; print('installed', hpr.version(), hpr.__file__)"
HPR_SOURCE_DIR="$src" HPR_CLI="$cli" HPR_FRAME_ROWS=3000 HPR_DASK_CLAIMS=20000 "$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider "$src/python/tests"
# the notebook on the venv's own kernel, as the README says to run it: no
# PYTHONPATH, so `import hpr` is the installed package
"$tmp/venv/bin/python" -m ipykernel install --prefix "$tmp/venv" --name hpr-venv \
  --display-name "Python (hpr venv)" >/dev/null 2>&1
JUPYTER_PATH="$tmp/venv/share/jupyter" HPR_SOURCE_DIR="$src" PYDEVD_DISABLE_FILE_VALIDATION=1 \
  env -u PYTHONPATH "$py" "$src/tests/notebook/run_notebook.py" --kernel hpr-venv \
  --check "$src/tests/notebook/check_getting_started.py" "$src/examples/notebooks/getting-started.ipynb" \
  "$tmp/notebook" waterfall.png ratio-by-category.png blank-spots.png
