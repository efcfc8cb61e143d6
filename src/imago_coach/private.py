"""Private files and folders: 0600 files in 0700 folders, whatever the umask, never widened.

Tightening only ever removes the group's and others' bits (``mode & 0o700``): a folder or file
the user made read-only (0500, 0400) stays read-only, and a symlink is never followed to
change the mode of whatever it points at.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def tighten(path: Path) -> None:
    """Drop group/other permissions of ``path`` unless it is a symlink."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        os.chmod(path, mode & 0o700, follow_symlinks=False)


def private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents as 0700 folders; tighten ``path`` itself."""
    missing: list[Path] = []
    for parent in (path, *path.parents):
        if os.path.lexists(parent):
            break
        missing.append(parent)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made by another process at the same moment
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is masked by the umask
    tighten(path)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: a new file is 0600, an existing one is tightened."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(fd, 0o600)  # whatever the umask took away or left
    except FileExistsError:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        if not os.path.islink(path):
            mode = stat.S_IMODE(os.fstat(fd).st_mode)
            if mode & 0o077:
                os.fchmod(fd, mode & 0o700)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
