from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Приказы"

    def ready(self):
        # Register with the core (salsk_mentoring): menu entries, dashboard widgets and demo generator.
        from salsk_mentoring.management.commands.load_real_data import real_data_loaded

        from . import dashboard, demo, menu, reports, workflows  # noqa: F401  (workflows: the order's transition table)

        real_data_loaded.connect(_freeze_loaded_orders, dispatch_uid="orders.freeze_loaded_orders")


def _freeze_loaded_orders(sender, **kwargs):
    """Order 866 of the real data, signed 15.11.2021, is frozen as it is loaded (orders.services)."""
    from .services import freeze_loaded_orders

    return [
        f"{order}: подписан — приложения зафиксированы, печатная форма больше не изменится."
        for order in freeze_loaded_orders()
    ]
