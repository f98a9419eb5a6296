"""The production URLs plus the baselines each scenario compares against."""

from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as production_urlpatterns

from . import views

urlpatterns = [
    path("bench/hello/", views.hello),
    path("bench/insert/", views.insert),
    *production_urlpatterns,
]
