"""Runs a notebook top to bottom with nbclient (the ctest "notebook.*"
tests) and checks the figures it saves: each PNG must exist, be a real
image of a sensible size and not be blank; with --check FILE, FILE's code
runs as a last cell in the notebook's kernel and checks what the figures
hold (tests/notebook/check_getting_started.py).

usage: run_notebook.py [--check FILE] [--kernel NAME] NOTEBOOK OUT_DIR PNG [PNG ...]
"""
import os
import sys

import nbformat
from nbclient import NotebookClient


def main():
    args = sys.argv[1:]
    check, kernel = None, "python3"
    while args[:1] in (["--check"], ["--kernel"]):
        if args[0] == "--check":
            check = args[1]
        else:
            kernel = args[1]
        args = args[2:]
    path, out, pngs = args[0], args[1], args[2:]
    os.makedirs(out, exist_ok=True)
    for p in pngs:
        if os.path.exists(os.path.join(out, p)):
            os.remove(os.path.join(out, p))
    nb = nbformat.read(path, as_version=4)
    if check:
        with open(check) as f:
            nb.cells.append(nbformat.v4.new_code_cell(f.read()))
    os.environ["HPR_NOTEBOOK_OUT"] = os.path.abspath(out)
    os.environ["MPLBACKEND"] = "Agg"  # no display here; the notebook itself forces no backend
    client = NotebookClient(nb, timeout=600, kernel_name=kernel,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    client.execute()  # raises CellExecutionError with the cell and traceback on failure
    nbformat.write(nb, os.path.join(out, os.path.basename(path)))  # the executed copy, for reading

    import matplotlib.image as mpimg
    import numpy as np
    for p in pngs:
        f = os.path.join(out, p)
        if not os.path.exists(f):
            sys.exit(f"{p}: the notebook did not save it")
        with open(f, "rb") as fh:
            if fh.read(8) != b"\x89PNG\r\n\x1a\n":
                sys.exit(f"{p}: not a PNG")
        img = mpimg.imread(f)
        h, w = img.shape[:2]
        if h < 200 or w < 300:
            sys.exit(f"{p}: only {w}x{h} pixels")
        if float(np.std(img[..., :3])) < 0.02:
            sys.exit(f"{p}: blank (pixel standard deviation {float(np.std(img[..., :3])):.4f})")
        print(f"{p}: {w}x{h}, {os.path.getsize(f)} bytes")


if __name__ == "__main__":
    main()
