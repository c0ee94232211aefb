from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardConfig(AppConfig):
    """The agency scorecard: how each agency consults, answers and keeps its word, per year.

    Every figure is computed from the records the content apps hold (drafts, comments, reports,
    dialogues, commitments); nothing is typed in. It reads those apps and is read only by home."""

    name = "scorecard"
    verbose_name = _("Agency scorecard")

    def ready(self):
        from consultations.opendata import register_section  # apps are loaded only by now

        from .models import open_data_section

        # The scorecard's files are listed on the open data page (/du-lieu-mo/).
        register_section(open_data_section)
