"""The form of what may change after delivery: the note and the recipient's answer."""

from crispy_forms.helper import FormHelper
from django import forms

from letters.delivery.models import DeliveryAnswer


class DeliveryAnswerForm(forms.ModelForm):
    class Meta:
        model = DeliveryAnswer
        fields = ["note", "answered_on", "answer"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "answered_on": forms.DateInput(attrs={"type": "date"}),
            "answer": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
