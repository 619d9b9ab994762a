"""The demo-data generator: a realistic fake district (or region) for trying the portal and benchmarks.

Each app contributes ``<app>/demo.py`` (imported by its ``AppConfig.ready``)::

    @demo_generator
    def generate(ctx: DemoContext)

The ``demo_data`` command runs them in the order the apps are ready — INSTALLED_APPS, which lists the apps
lowest layer first, so a generator finds what the apps below it made — inside one transaction. Real data
of Order 866 never comes from here (see ``load_real_data``).
"""

import random
from dataclasses import dataclass, field

from faker import Faker

DEMO_PASSWORD = "salsk-demo"

GENERATORS = []


def demo_generator(function):
    """Register ``function(ctx: DemoContext)``: one app's share of the demo data."""
    GENERATORS.append(function)
    return function


@dataclass
class DemoContext:
    scale: str = "district"
    seed: int = 866
    stdout: object = None
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    # Shared between app generators: what earlier ones created.
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.faker = Faker("ru_RU")
        self.faker.seed_instance(self.seed)

    @property
    def is_region(self):
        return self.scale == "region"

    def log(self, message: str):
        if self.stdout is not None:
            self.stdout.write(message)
