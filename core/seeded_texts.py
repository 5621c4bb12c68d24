"""What erasing a student writes in place of their name and texts (core.anonymise), shown
in the reader's language where a template uses the ``shown`` filter."""

from django.utils.translation import pgettext_lazy

from core.anonymise import ERASED_NAME, ERASED_TEXT

TEXTS = {
    ERASED_NAME: pgettext_lazy("erased", "Erased student"),
    ERASED_TEXT: pgettext_lazy("erased", "(erased)"),
}
