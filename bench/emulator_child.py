"""Child process of the benchmarks: ``EmulatorServer`` on a free loopback port.

``python bench/emulator_child.py DATASET.json`` prints the API URL, then reads
commands on stdin: ``reset`` restores the dataset and answers ``ok``; end of
input stops the server.
"""

from __future__ import annotations

import sys

from leadtui.emulator import Emulator, EmulatorServer


def main() -> int:
    emulator = Emulator.from_dataset(sys.argv[1])
    with EmulatorServer(emulator) as server:
        print(server.url, flush=True)
        for line in sys.stdin:
            if line.strip() == "reset":
                emulator.reset()
                print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
