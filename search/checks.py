"""Every page type that search shows must say what search needs (core.searchable)."""

from django.core import checks

from wagtail.models import get_page_models

from core.searchable import SearchablePage


@checks.register(checks.Tags.models)
def searchable_pages_declare_their_facts(app_configs, **kwargs):
    errors = []
    for model in get_page_models():
        if model._meta.abstract:
            continue
        declares_type = bool(getattr(model, "search_type", ""))
        searchable = issubclass(model, SearchablePage)
        if declares_type and not searchable:
            errors.append(
                checks.Error(
                    f"{model.__name__} declares a search_type but is not a SearchablePage.",
                    hint="Subclass core.searchable.SearchablePage and declare search_facts().",
                    obj=model,
                    id="search.E001",
                )
            )
            continue
        if not searchable:
            continue
        missing = [
            name
            for name, lacking in (
                ("search_type", not declares_type),
                ("search_facts", model.search_facts is SearchablePage.search_facts),
                ("search_type_label", not model.search_type_label),
            )
            if lacking
        ]
        if missing:
            errors.append(
                checks.Error(
                    f"{model.__name__} is searchable but does not declare: {', '.join(missing)}.",
                    hint="See core/searchable.py for what a searchable page type declares.",
                    obj=model,
                    id="search.E002",
                )
            )
    return errors
