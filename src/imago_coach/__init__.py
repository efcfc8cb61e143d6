"""imago: a command-line coach for Imago Dialogue."""

__version__ = "0.1.0"
