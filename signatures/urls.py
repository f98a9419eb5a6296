from django.urls import path  # noqa: F401

app_name = "signatures"

# Routes live under /letters/<slug>/ next to the letter page (see config/urls.py).
urlpatterns = []
