"""The ``mdediag`` command (``python -m mdediag`` too): the CLI itself, run in this process.

The Rust entry point the ``mdediag`` binary runs (``mdediag::api::run_cli``) reads stdin and writes
stdout and stderr through the process's own file descriptors, so exit codes, pipes, colour and the pager
behave as with ``cargo install``.
"""

import os
import signal
import sys

from . import _native


def main() -> None:
    # Python turns Ctrl-C into KeyboardInterrupt, which it can raise only once the Rust call returns; a
    # diagnose reading a pipe (`tail -f log | mdediag`) must stop at once, as the binary does.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    argv = ["mdediag", *sys.argv[1:]]
    code = _native.run(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    # Exit without Python's shutdown writing to a stdout the reader may have closed (`mdediag codes | head`).
    os._exit(code)


if __name__ == "__main__":
    main()
