"""Context pages (4.1–4.3): one module per register; urls.py imports them from here."""

from pdca.context.views.legal import *  # noqa: F403
from pdca.context.views.registers import *  # noqa: F403
from pdca.context.views.scope import *  # noqa: F403
