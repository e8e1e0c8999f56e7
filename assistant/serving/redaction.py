"""Messages shown to anyone who can reach the server, with the machine's folders taken out.

Why a service is not ready names the files involved, which helps the operator at the console but
tells an unauthenticated caller how the host is laid out. What a caller sees names the setting
instead (``ASSISTANT_DATA_DIR/index``), which is also what the operator would change.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from assistant.settings import Settings

# An absolute path in running text: a slash not inside a word or URL, up to whitespace or punctuation.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/[^\s'\"`,;:()]+")


def without_paths(text: str, settings: Settings) -> str:
    """The text with folders under the settings' directories named by their variables, any other path by its name."""
    roots = sorted(
        [
            (PurePosixPath(settings.models_dir), "ASSISTANT_MODEL_CACHE_DIR"),
            (PurePosixPath(settings.data_dir), "ASSISTANT_DATA_DIR"),
        ],
        key=lambda root: len(root[0].parts),
        reverse=True,  # the model cache may sit inside the data folder: the longer root first
    )

    def name(match: re.Match[str]) -> str:
        path = PurePosixPath(match.group(0))
        for root, variable in roots:
            if path == root or root in path.parents:
                return str(PurePosixPath(variable) / path.relative_to(root))
        return path.name

    return _ABSOLUTE_PATH.sub(name, text)
