"""What one Liquid render may cost, and the environment that enforces it.

python-liquid bounds nested loops, the output, the size of assigned variables and the depth of
includes (``context_depth_limit``, which stops an include that includes itself). Two more bounds
are ours: the iterations of all loops of a render added up (a template of many one-level loops
stays cheap) and a wall-clock deadline, checked wherever a template can spend time (every
variable lookup, filter and loop).
"""

import time
from contextvars import ContextVar
from dataclasses import dataclass, field

from liquid import BoundTemplate, Environment, Mode, RenderContext
from liquid.exceptions import ResourceLimitError, TemplateNotFoundError

MAX_LOOP_ITERATIONS = 100_000  # nested loops, multiplied
MAX_TOTAL_ITERATIONS = 500_000  # every loop of the render, added up
MAX_OUTPUT = 8_000_000  # bytes of output (and of any one capture)
MAX_LOCALS = 8_000_000  # bytes of assigned variables
MAX_DEPTH = 30  # nested includes / scopes
MAX_SECONDS = 10.0


class TimeLimitError(ResourceLimitError):
    """The render took longer than ``MAX_SECONDS``."""


@dataclass
class Budget:
    """What the running render has spent."""

    deadline: float
    iterations: int = 0
    parsed: dict = field(default_factory=dict)  # include path -> parsed template

    def check_time(self):
        if time.monotonic() > self.deadline:
            raise TimeLimitError("time limit reached", token=None)

    def spend(self, iterations):
        self.iterations += iterations
        if self.iterations > MAX_TOTAL_ITERATIONS:
            raise TimeLimitError("loop iteration limit reached", token=None)
        self.check_time()


def deadline():
    return time.monotonic() + MAX_SECONDS


# The budget (and what the render may read) of the render running in this thread; set by
# ``render.render`` for the time of one render.
current = ContextVar("liquid_render")


class SandboxContext(RenderContext):
    def get(self, path, **kwargs):
        current.get().budget.check_time()
        return super().get(path, **kwargs)

    def filter(self, name, token):
        current.get().budget.check_time()
        return super().filter(name, token)

    def raise_for_loop_limit(self, length=1):
        super().raise_for_loop_limit(length)
        current.get().budget.spend(length)


class SandboxTemplate(BoundTemplate):
    context_class = SandboxContext


class SandboxEnvironment(Environment):
    """Strict parsing (an error is reported, not guessed around); lax values, as Jekyll has
    them: an undefined variable is empty and an unknown filter passes its input through."""

    template_class = SandboxTemplate
    loop_iteration_limit = MAX_LOOP_ITERATIONS
    output_stream_limit = MAX_OUTPUT
    local_namespace_limit = MAX_LOCALS
    context_depth_limit = MAX_DEPTH

    def __init__(self):
        super().__init__(tolerance=Mode.STRICT, strict_filters=False)

    def get_template(self, name, **kwargs):
        # No loader: Shopify's {% render %} reads nothing. Jekyll's include tags (``tags.py``)
        # read only what the site gives them.
        raise TemplateNotFoundError(name, token=None)
