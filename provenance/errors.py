"""One exception type for every failure a user can cause; the CLI prints its
message as one line and exits non-zero."""


class ProvenanceError(Exception):
    """A problem with input, configuration or environment, stated in one line."""


class ConfigError(ProvenanceError):
    pass


class InputError(ProvenanceError):
    pass


class ModelError(ProvenanceError):
    pass


class InputWarning(UserWarning):
    """An input that was read with a repair (invalid bytes, NUL characters
    replaced): analysed, but the user should know."""
