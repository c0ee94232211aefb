from django import forms


class PlainLabelForm(forms.Form):
    """A form whose labels carry no trailing colon: screen readers announce "Cơ quan", not
    "Cơ quan:", and tests and users find fields by the label they see."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
