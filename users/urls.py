from django.urls import path

from users import views

# Mounted under /admin/ by wagtail_hooks.py: Wagtail lets only logged-in editors in.
urlpatterns = [
    path("xac-thuc/thiet-lap/", views.enrol, name="users_second_factor_enrol"),
    path("xac-thuc/ma/", views.verify, name="users_second_factor_verify"),
]
