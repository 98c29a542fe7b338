from django import forms
from django.utils.translation import gettext_lazy as _


class CatalogueImportForm(forms.Form):
    file = forms.FileField(label=_("Catalogue file (YAML)"), help_text=_("See the catalogue format in the docs."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("A catalogue file may be at most 5 MB."))
        try:
            return upload.name, upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search requirements"), required=False)
