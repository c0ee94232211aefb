from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' check of failed logins, for logins made over HTTP.

    A login without a request (`manage.py shell`, the test client's `login()`) comes from no
    visitor, so there is nothing to count it against: django-axes would raise an error there,
    this backend steps aside and lets the password check decide. Every login form passes its
    request, so every one of them is counted.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
