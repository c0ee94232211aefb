"""Which agencies a person in the admin works for.

`agencies_of(user)` is the contract the agency-scoped roles build on: a queryset of the
`taxonomy.Agency` objects the user works for, or None, meaning every agency (a superuser or a
provincial administrator). Whatever shows a user "their" records (the dashboard) asks this.
"""


def agencies_of(user):
    """The agencies `user` works for, or None for all of them.

    Stand-in until the roles branch lands: everybody sees every agency for now.
    """
    if user.is_superuser:
        return None
    return None  # stand-in until the roles branch lands
