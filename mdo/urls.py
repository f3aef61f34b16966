from django.urls import URLPattern, URLResolver

app_name = "mdo"
urlpatterns: list[URLPattern | URLResolver] = []
