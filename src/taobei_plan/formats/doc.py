"""Legacy Word (.doc) and Kingsoft WPS (.wps): converted to .docx by LibreOffice, then read as such.

LibreOffice runs headless in a private temporary directory with its own profile (so it neither
sees nor changes the user's), on a copy of the bytes, and is killed with its children when it
takes longer than ``TIMEOUT`` seconds. Without LibreOffice the user is told how to get it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import DecodeError
from . import Extracted

TIMEOUT = 120
_INSTALL = (
    "reading .doc/.wps files needs LibreOffice: install it (Debian/Ubuntu: "
    "apt-get install libreoffice-writer-nogui) or save the file as .docx"
)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(data: bytes, encoding: str | None = None) -> Extracted:
    from . import docx

    program = soffice()
    if program is None:
        raise DecodeError(_INSTALL)
    with tempfile.TemporaryDirectory(prefix="taobei-soffice-") as private:
        source = Path(private) / "notice.doc"
        source.write_bytes(data)
        command = [
            program, f"-env:UserInstallation=file://{private}/profile", "--headless",
            "--norestore", "--nolockcheck", "--convert-to", "docx", "--outdir", private,
            str(source),
        ]  # fmt: skip
        _run(command, private)
        converted = Path(private) / "notice.docx"
        if not converted.exists():
            raise DecodeError("LibreOffice could not convert the file (damaged or not a document)")
        result = docx.read(converted.read_bytes())
    return Extracted(result.text, "doc", result.encoding)


def _run(command: list[str], home: str) -> None:
    """Run LibreOffice in its own process group; on time-out kill the whole group."""
    environment = {**os.environ, "HOME": home}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, env=environment,
    )  # fmt: skip
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise DecodeError(f"LibreOffice took longer than {TIMEOUT} s and was stopped") from None
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
