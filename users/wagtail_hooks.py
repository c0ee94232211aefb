from wagtail import hooks

from users import urls


@hooks.register("register_admin_urls")
def second_factor_urls():
    return urls.urlpatterns
