"""Builds the hpr package: SWIG generates the wrapper of ../bindings/hpr.i
into the build directory (never into the source tree) and the C library's
sources (../lib/*/) and the bindings' C (../bindings/py_*.c) are compiled into the extension hpr._core, so
`pip install ./python` needs no installed libhpr. cJSON, nettle and libffi come
from pkg-config (Debian: libcjson-dev, nettle-dev, libffi-dev)."""
import os
import re
import shutil
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def project_version():
    with open(os.path.join(TOP, "CMakeLists.txt"), encoding="utf-8") as f:
        m = re.search(r"project\(libhpr VERSION (\d+)\.(\d+)\.(\d+)", f.read())
    if not m:
        raise RuntimeError("no project(libhpr VERSION x.y.z) in CMakeLists.txt")
    return m.groups()


def pkg_config(*args):
    try:
        return subprocess.check_output(["pkg-config", *args, "libcjson", "nettle", "libffi"], text=True).split()
    except (OSError, subprocess.CalledProcessError) as e:
        raise RuntimeError("pkg-config cannot find libcjson, nettle and libffi: install libcjson-dev, nettle-dev "
                           "and libffi-dev") from e


class BuildWithSwig(build_ext):
    """Runs SWIG and writes version.h before compiling."""

    def run(self):
        gen = os.path.join(os.path.abspath(self.build_temp), "hpr-gen")
        os.makedirs(os.path.join(gen, "hpr"), exist_ok=True)
        major, minor, patch = project_version()
        with open(os.path.join(TOP, "include", "hpr", "version.h.in"), encoding="utf-8") as f:
            text = f.read()
        for k, v in {"PROJECT_VERSION_MAJOR": major, "PROJECT_VERSION_MINOR": minor,
                     "PROJECT_VERSION_PATCH": patch, "PROJECT_VERSION": f"{major}.{minor}.{patch}"}.items():
            text = text.replace(f"@{k}@", v)
        with open(os.path.join(gen, "hpr", "version.h"), "w", encoding="utf-8") as f:
            f.write(text)
        swig = shutil.which("swig4.0") or shutil.which("swig")
        if not swig:
            raise RuntimeError("SWIG is needed to build hpr: apt install swig")
        wrapper = os.path.join(gen, "hpr_wrap.c")
        subprocess.check_call([swig, "-python", "-I" + os.path.join(TOP, "include"), "-I" + gen,
                               "-I" + os.path.join(TOP, "bindings"),
                               "-outdir", gen, "-o", wrapper, os.path.join(TOP, "bindings", "hpr.i")])
        self._wrapper, self._gen = wrapper, gen
        super().run()

    def build_extension(self, ext):
        # the generated wrapper, and absolute paths so that objects land
        # under build_temp rather than beside ../lib; restored afterwards
        # because setuptools wants relative paths everywhere else
        sources, includes = ext.sources, ext.include_dirs
        ext.sources = [self._wrapper] + [os.path.normpath(os.path.join(HERE, s)) for s in sources
                                         if not s.endswith(".i")]
        ext.include_dirs = [self._gen] + includes
        try:
            super().build_extension(ext)
        finally:
            ext.sources, ext.include_dirs = sources, includes


cflags = [f for f in pkg_config("--cflags") if f.startswith("-I")]
libs = pkg_config("--libs")
# every layer of lib/ (lib/CMakeLists.txt), and the hand-written C of the bindings
lib_sources = sorted(f"../lib/{layer}/{f}" for layer in os.listdir(os.path.join(TOP, "lib"))
                     if os.path.isdir(os.path.join(TOP, "lib", layer))
                     for f in os.listdir(os.path.join(TOP, "lib", layer)) if f.endswith(".c"))
binding_sources = sorted("../bindings/" + f for f in os.listdir(os.path.join(TOP, "bindings"))
                         if f.endswith(".c"))

setup(
    version=".".join(project_version()),
    ext_modules=[Extension(
        "hpr._core",
        sources=["../bindings/hpr.i"] + lib_sources + binding_sources,
        include_dirs=[os.path.join(TOP, "include"), os.path.join(TOP, "lib"), os.path.join(TOP, "bindings")]
        + [f[2:] for f in cflags],
        define_macros=[("HPR_BUILDING", "1"), ("HPR_STATIC", "1")],
        # libcsv (libcsv-dev) has no pkg-config file: the registry reader links it by name
        libraries=[f[2:] for f in libs if f.startswith("-l")] + ["csv"],
        library_dirs=[f[2:] for f in libs if f.startswith("-L")],
        extra_compile_args=["-std=c11", "-fvisibility=hidden", "-pthread"],
        extra_link_args=["-pthread", "-ldl"],
    )],
    cmdclass={"build_ext": BuildWithSwig},
)
