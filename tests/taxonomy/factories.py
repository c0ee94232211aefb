import factory

from core.text import vietnamese_slug
from taxonomy.models import Agency, Area, DocumentType, Sector


class AgencyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Sở thứ {n} tỉnh Hà Tĩnh")
    slug = factory.Sequence(lambda n: f"so-thu-{n}")

    class Meta:
        model = Agency


class SectorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")

    class Meta:
        model = Sector


class AreaFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Xã số {n}")
    slug = factory.Sequence(lambda n: f"xa-so-{n}")
    level = Area.Level.COMMUNE

    class Meta:
        model = Area


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    """A document type by name: the seeded one when its slug exists (`DocumentTypeFactory(name="Chỉ thị")`)."""

    name = "Nghị quyết"
    slug = factory.LazyAttribute(lambda o: vietnamese_slug(o.name))

    class Meta:
        model = DocumentType
        django_get_or_create = ("slug",)


def staff(agency, role, username=None, password="mat-khau-2026"):
    """A person working for `agency` in `role` (taxonomy.roles: "editor", "moderator", "leader")."""
    from taxonomy.roles import add_person
    from users.models import User

    user = User.objects.create_user(username or f"{agency.slug}-{role}", password=password)
    add_person(user, agency, role)
    return user
