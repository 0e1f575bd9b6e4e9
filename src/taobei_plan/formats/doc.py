"""Legacy Word (.doc) and Kingsoft WPS (.wps): converted to .docx by LibreOffice, then read as such.

LibreOffice runs headless in a private temporary directory with its own profile (so it neither
sees nor changes the user's), on a copy of the bytes, and is killed with its children when it
takes longer than ``TIMEOUT`` seconds. Without LibreOffice the user is told how to get it.

A document from the internet may link a picture by URL (``INCLUDEPICTURE "http://…"``): a
converter that fetches it tells the sender who opened the notice and when, and reaches whatever
address it names (internal ones too). So nothing is fetched: the profile blocks every link of an
untrusted document and never updates links, and LibreOffice runs without a network (a network
namespace of its own, ``unshare -rn``, where the system allows it; else with every proxy setting
pointing at a closed local port).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from ..errors import DecodeError
from ..language import _
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
        _write_profile(Path(private) / "profile" / "user")
        command = [
            *_offline(), program, f"-env:UserInstallation=file://{private}/profile", "--headless",
            "--norestore", "--nolockcheck", "--convert-to", "docx", "--outdir", private,
            str(source),
        ]  # fmt: skip
        _run(command, private)
        converted = Path(private) / "notice.docx"
        if not converted.exists():
            raise DecodeError(
                _("LibreOffice could not convert the file (damaged or not a document)")
            )
        result = docx.read(converted.read_bytes())
    return Extracted(result.text, "doc", result.encoding)


#: The private profile's settings: block links of documents outside trusted locations (linked
#: pictures, sounds, auto-reload) and never update links on loading (Writer's 2: never).
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
</oor:items>
"""
#: Where a converter that still reached for the network would be sent: a closed local port.
_NOWHERE = "http://127.0.0.1:9"


def _write_profile(user: Path) -> None:
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")


@cache
def _offline() -> tuple[str, ...]:
    """``unshare -rn`` (a user and network namespace: no network at all) when it works here;
    containers and hardened kernels may forbid it, and then the proxies are the guard."""
    program = shutil.which("unshare")
    if program is None:
        return ()
    try:
        done = subprocess.run([program, "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ()
    return (program, "-rn") if done.returncode == 0 else ()


def _run(command: list[str], home: str) -> None:
    """Run LibreOffice in its own process group; on time-out kill the whole group."""
    proxies = {name: _NOWHERE for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")}
    proxies |= {name.upper(): value for name, value in proxies.items()}
    environment = {**os.environ, "HOME": home, **proxies, "no_proxy": "", "NO_PROXY": ""}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, env=environment,
    )  # fmt: skip
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise DecodeError(
            _("LibreOffice took longer than {TIMEOUT} s and was stopped").format(TIMEOUT=TIMEOUT)
        ) from None
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
