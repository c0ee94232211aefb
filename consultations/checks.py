"""A page type that takes comments must say what the participation engine asks of it."""

from django.core import checks

from .pages import CommentablePage, commentable_page_models


@checks.register()
def commentable_pages_keep_the_contract(app_configs, **kwargs):
    errors = []
    for model in commentable_page_models():
        if model._meta.abstract:
            continue
        missing = [
            name
            for name in ("consultation", "answering_agency")
            if getattr(model, name) is getattr(CommentablePage, name)
        ]
        if not model.contact_retention_from:
            missing.append("contact_retention_from")
        if model.publishes_response_report and not hasattr(model, "report"):
            missing.append("report")
        if missing:
            errors.append(
                checks.Error(
                    f"{model.__name__} takes comments but does not declare: {', '.join(missing)}.",
                    hint="See consultations/pages.py for what a page that takes comments must declare.",
                    obj=model,
                    id="consultations.E001",
                )
            )
    return errors
