app_name = "iom"

urlpatterns: list = []
