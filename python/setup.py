"""Builds the platform wheel: the package plus the release `plateau` binary and its bundled data.

The binary comes from PLATEAU_BINARY_DIR (a folder holding `plateau` and
`Plateau_PlateauCore.resources`), or else is built here with the Swift toolchain:

    swift build -c release --static-swift-stdlib --product plateau --build-path .build-wheel

(run in the repository root, so it does not disturb `.build`). The Swift standard library and
Foundation are linked statically, so the installed wheel needs no Swift toolchain; the binary is
stripped. The wheel is tagged manylinux_2_X for the newest glibc symbol version the binary uses.
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(HERE)
RESOURCES = "Plateau_PlateauCore.resources"


def binary_dir():
    given = os.environ.get("PLATEAU_BINARY_DIR")
    if given:
        return given
    build_path = os.path.join(REPOSITORY, ".build-wheel")
    subprocess.check_call(
        ["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "plateau",
         "--build-path", build_path],
        cwd=REPOSITORY,
    )
    return os.path.join(build_path, "release")


def glibc_tag(binary):
    """manylinux_2_X_<arch> for the newest GLIBC_2.X symbol version the binary needs."""
    with open(binary, "rb") as f:
        versions = [int(v) for v in re.findall(rb"GLIBC_2\.(\d+)", f.read())]
    machine = sysconfig.get_platform().split("-")[-1]
    return f"manylinux_2_{max(versions, default=17)}_{machine}"


class BuildWithBinary(build_py):
    def run(self):
        super().run()
        source = binary_dir()
        target = os.path.join(self.build_lib, "plateau", "_bin")
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        shutil.copy2(os.path.join(source, "plateau"), os.path.join(target, "plateau"))
        if shutil.which("strip"):
            subprocess.check_call(["strip", os.path.join(target, "plateau")])
        shutil.copytree(os.path.join(source, RESOURCES), os.path.join(target, RESOURCES))


class BinaryDistribution(Distribution):
    """A distribution with a native binary: installed to platlib, never a pure wheel."""

    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    def get_tag(self):
        binary = os.path.join(self.bdist_dir or "", "plateau", "_bin", "plateau")
        built = os.path.join(self.get_finalized_command("build_py").build_lib, "plateau", "_bin", "plateau")
        platform = glibc_tag(built if os.path.exists(built) else binary) if sys.platform.startswith("linux") \
            else sysconfig.get_platform().replace("-", "_").replace(".", "_")
        return "py3", "none", platform


setup(distclass=BinaryDistribution, cmdclass={"build_py": BuildWithBinary, "bdist_wheel": PlatformWheel})
