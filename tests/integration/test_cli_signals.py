"""Ctrl+C and SIGTERM: the CLI stops cooperatively, journals the requests that
were on the wire, exits 130 or 143 with one line, and never prints a traceback."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from leadtui.emulator import EmulatorServer
from leadtui.ops.journal import Journal
from leadtui.ops.journal_models import ChunkState, LeadPhase, OperationState
from tests.integration.crash_support import leadtui, slow_emulator, wait_for_sending

pytestmark = pytest.mark.emulator_only
IDS = ",".join(map(str, range(1200, 1250)))


def journal_path() -> Path:
    return Path(os.environ["LEADTUI_JOURNAL"])


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["int", "term"]
)
def test_a_signal_mid_batch_stops_after_the_requests_on_the_wire(
    sig: signal.Signals, code: int
) -> None:
    with EmulatorServer(slow_emulator(seconds=0.6)) as server:
        cli = leadtui(
            server.url,
            "1234",
            "--yes",
            "batch",
            "--ids",
            IDS,
            "--set",
            "status=XFER",
            "--records",
            "10",
            "--no-before-images",
        )
        wait_for_sending(journal_path())
        cli.send_signal(sig)
        cli.send_signal(sig)  # a second one adds nothing
        out, err = cli.communicate(timeout=60)
        assert cli.returncode == code, err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        assert "interrupted" in err and "leadtui resume" in err
        journal = Journal(journal_path())
        [op] = journal.operations()
        assert op.state is OperationState.CANCELLED
        chunks = journal.chunks(op.id)
        # the request on the wire was answered and journaled, not abandoned
        assert ChunkState.DONE in {c.state for c in chunks}
        assert ChunkState.SENDING not in {c.state for c in chunks}
        assert ChunkState.UNKNOWN not in {c.state for c in chunks}
        phases = journal.phase_counts(op.id)
        assert set(phases) <= {LeadPhase.SETTLED, LeadPhase.HELD}
        resume = leadtui(server.url, "1234", "--yes", "--json", "resume", str(op.id))
        out, err = resume.communicate(timeout=60)
        assert resume.returncode == 0, err
        assert json.loads(out)["operations"][0]["state"] == "done"


def test_ctrl_c_outside_an_operation_exits_130_in_one_line() -> None:
    with EmulatorServer(slow_emulator(seconds=0.6)) as server:
        server.emulator.wrap(_slow_reads)
        cli = leadtui(server.url, "1234", "show", "1200")
        time.sleep(1.5)  # in the middle of the read
        cli.send_signal(signal.SIGINT)
        _, err = cli.communicate(timeout=30)
    assert cli.returncode == 130, err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err


def _slow_reads(inner):
    def handler(method, path, body, headers):
        time.sleep(3)
        return inner(method, path, body, headers)

    return handler
