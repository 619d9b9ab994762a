from django.utils import timezone

from salsk_mentoring.dashboard import Widget, dashboard_widgets

from .models import Order, OrderPoint


@dashboard_widgets
def widgets(request):
    """Recent orders for everyone; the points with deadlines ahead for the reader's organisations."""
    user = request.user
    orders = list(Order.objects.for_user(user).only("pk", "kind", "date", "number", "title", "status")[:5])
    if not orders:
        return []
    points = (
        OrderPoint.objects.filter(order__in=Order.objects.for_user(user), deadline__gte=timezone.localdate())
        .select_related("order")
        .order_by("deadline")[:5]
    )
    return [
        Widget(
            "Приказы", "orders/dashboard_orders.html", {"orders": orders, "points": list(points)}, order=60
        )
    ]
