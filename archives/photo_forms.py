"""The observation form with up to three photos taken on the phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import ObservationForm
from .models import MAX_PHOTOS, ObservationPhoto
from .photos import process_all


class PhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; cleans to a list of ``photos.ProcessedPhoto``."""

    widget = PhotoInput

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/*", "capture": "environment"})

    def clean(self, data: Any, initial: Any = None) -> list:
        uploads = [f for f in (data or []) if f] if isinstance(data, list | tuple) else [data]
        uploads = [super(PhotosField, self).clean(f, initial) for f in uploads if f]
        return process_all(uploads)


class ObservationPhotoForm(ObservationForm):
    photos = PhotosField(
        label=_("Photos of the work"),
        help_text=_(
            "Up to 3 photos (JPEG, PNG or HEIC); they are shrunk and their location removed."
        ),
    )

    class Meta(ObservationForm.Meta):
        pass

    def clean_photos(self) -> list:
        photos = self.cleaned_data.get("photos") or []
        have = 0
        if self.instance.pk:
            have = ObservationPhoto.objects.live().filter(observation=self.instance).count()
        if have + len(photos) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(n)d photos a record; this one has %(have)d.")
                % {"n": MAX_PHOTOS, "have": have}
            )
        return photos
