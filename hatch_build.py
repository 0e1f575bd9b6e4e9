"""Build hook: the parser compiled to C by mypyc, for a wheel built with
``HATCH_BUILD_HOOKS_ENABLE=1`` (off by default; see README, "A compiled parser").

Why: a parse spends its time in many small Python calls spread over the grammar (the profile is
flat), not in one hot loop; compiling the parser's modules removes about a third of a parse's
instructions without changing a line of its logic. The parser's modules are compiled, all but
the few in ``KEPT_PYTHON``; the ``.py`` files are kept in the wheel beside their compiled modules
(Python imports the compiled one first).

An editable install is never compiled: a compiled module would shadow its source, and an edit
would silently not take effect. The compile runs in a temporary copy of the sources, so nothing
is written into the checkout; a failed compile fails the build with mypyc's own output.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "taobei_plan"

#: The parser's modules that stay Python (all others are compiled, so a new one is too):
#: ``traditional`` is a generated table (data, nothing to run), ``memo`` registers the memo tables.
KEPT_PYTHON = frozenset({"__init__", "memo", "traditional"})

SETUP = """\
from setuptools import setup
from mypyc.build import mypycify

setup(
    name="taobei-compiled-parser",
    ext_modules=mypycify({arguments!r}, opt_level="3", group_name="{group}"),
)
"""


class CompiledParserHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        if version == "editable":
            self.app.display_warning(
                "taobei: an editable install is not compiled (edits must take effect); "
                "install without -e for the compiled parser"
            )
            return
        self._workdir = Path(tempfile.mkdtemp(prefix="taobei-mypyc-"))
        try:
            built = self._compile(self._workdir)
        except BaseException:  # finalize runs only after a build that succeeded
            shutil.rmtree(self._workdir, ignore_errors=True)
            raise
        for module in sorted(built.rglob("*.so")) + sorted(built.rglob("*.pyd")):
            build_data["force_include"][str(module)] = module.relative_to(built).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True  # the wheel is for this interpreter and platform

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    def _compile(self, workdir: Path) -> Path:
        """Compile the parser's modules in ``workdir``; the folder the extension modules are in."""
        source = Path(self.root, "src", PACKAGE)
        shutil.copytree(
            source, workdir / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.so")
        )
        modules = sorted(
            f"{PACKAGE}/parsing/{path.name}"
            for path in (workdir / PACKAGE / "parsing").glob("*.py")
            if path.stem not in KEPT_PYTHON
        )
        arguments = ["--ignore-missing-imports", *modules]
        (workdir / "setup.py").write_text(
            SETUP.format(arguments=arguments, group=PACKAGE), encoding="utf-8"
        )
        self.app.display_info(f"taobei: compiling {len(modules)} parser modules with mypyc")
        process = subprocess.run(
            [sys.executable, "setup.py", "build_ext", "--build-lib", "lib", "--build-temp", "tmp"],
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if process.returncode != 0:
            raise RuntimeError(f"taobei: mypyc could not compile the parser:\n{process.stdout}")
        return workdir / "lib"
