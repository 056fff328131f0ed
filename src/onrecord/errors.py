"""One exception hierarchy, each with a stable code and a message a user can act on."""

from __future__ import annotations


class OnrecordError(Exception):
    """Base of every error onrecord raises on purpose."""

    code = "onrecord"


class InputError(OnrecordError):
    """An input file or record cannot be used (binary, empty, too large, not JSON, ...)."""

    code = "bad-input"

    def __init__(self, source: str, reason: str, code: str | None = None) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        if code:
            self.code = code


class MissingExtraError(OnrecordError):
    """An optional dependency is needed: the message names the extra to install."""

    code = "missing-extra"

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is not installed: pip install 'onrecord[{extra}]'")


class ModelNotFoundError(OnrecordError):
    """A model onrecord needs (the spaCy pipeline, shipped weights) is not installed."""

    code = "missing-model"


class ConfigError(OnrecordError):
    """A setting (environment variable or option) names something onrecord does not have."""

    code = "bad-config"


class ExtractionError(OnrecordError):
    """Quote extraction failed on one article: a defect in onrecord, not in the input."""

    code = "extract-failed"
