"""The comment form readers fill in: what each field accepts, and the words of its errors."""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from ..content.comments import clean_text

NAME_LENGTH = 80
EMAIL_LENGTH = 254
WEBSITE_LENGTH = 200


def max_length():
    return settings.BLOG_COMMENTS["MAX_LENGTH"]


class CommentForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_LENGTH,
        error_messages={"required": _("Please give a name to sign your comment with.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=EMAIL_LENGTH,
        error_messages={"invalid": _("This does not look like an email address; check it or leave it empty.")},
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=WEBSITE_LENGTH,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": _("Give the full address of your website, such as https://example.com.")},
    )
    body = forms.CharField(
        label=_("Comment"),
        strip=False,
        error_messages={"required": _("Please write your comment.")},
    )
    notify = forms.BooleanField(label=_("Email me when someone replies"), required=False)
    parent = forms.IntegerField(required=False, min_value=1)
    token = forms.CharField(required=False)
    # The honeypot: hidden from people, filled in by form-filling robots.
    url = forms.CharField(label=_("Leave this empty"), required=False)

    def clean_name(self):
        name = " ".join(clean_text(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Please give a name to sign your comment with."))
        return name

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError(_("Please write your comment."))
        if len(body) > max_length():
            raise forms.ValidationError(
                _("Your comment is %(length)d characters long; the limit is %(limit)d. Please shorten it.")
                % {"length": len(body), "limit": max_length()}
            )
        return body

    def clean_email(self):
        return self.cleaned_data["email"].strip()
