import factory

from taxonomy.models import Agency, Area, Sector


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
