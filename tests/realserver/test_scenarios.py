"""The client, ops and CLI scenarios of tests/integration, on the real server.

Written once (in tests/integration), run on both servers: here every test is
re-collected with ``vicidial_url`` pointing at the real server.
"""

from tests.integration.test_cli import *  # noqa: F403
from tests.integration.test_client_loopback import *  # noqa: F403
from tests.integration.test_custom_fields import *  # noqa: F403
from tests.integration.test_dnc_lists import *  # noqa: F403
from tests.integration.test_faults import *  # noqa: F403
from tests.integration.test_ops import *  # noqa: F403
from tests.integration.test_team_cli import (  # noqa: F401 - a supervisor's undo, on both servers
    config,
    test_a_supervisor_undoes_another_operators_batch_leaving_leads_changed_since,
)
from tests.integration.test_upsert_scenarios import *  # noqa: F403
