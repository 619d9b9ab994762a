from django.urls import path

from salsk_mentoring.views import registry_urls

from . import views

app_name = "orders"

urlpatterns = [
    *registry_urls(
        "orders",
        "order",
        list_view=views.OrderListView,
        detail_view=views.OrderDetailView,
        edit_view=views.OrderEditView,
    ),
    path("orders/<int:pk>/pdf/", views.OrderPdfView.as_view(), name="order_pdf"),
    path("orders/<int:pk>/docx/", views.OrderDocxView.as_view(), name="order_docx"),
    path("orders/<int:pk>/sign/", views.OrderSignView.as_view(), name="order_sign"),
    path("orders/<int:pk>/freeze/", views.OrderFreezeView.as_view(), name="order_freeze"),
    path("orders/<int:pk>/copy/", views.OrderCopyView.as_view(), name="order_copy"),
    path(
        "orders/<int:pk>/appendix/<int:number>/pdf/",
        views.AppendixDownloadView.as_view(fmt="pdf"),
        name="appendix_pdf",
    ),
    path(
        "orders/<int:pk>/appendix/<int:number>/xlsx/",
        views.AppendixDownloadView.as_view(fmt="xlsx"),
        name="appendix_xlsx",
    ),
]
