"""Django's own form and validator messages, reworded for Bangfu's users.

Django's Chinese catalog says things like “确保该变量包含不超过 500 字符” or shows
a raw constraint name. The project catalog (``locale/``, first in LOCALE_PATHS,
so it wins over Django's) gives these msgids plainer Chinese. Listing them here
keeps ``makemessages --no-obsolete`` from dropping them; nothing imports this.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("This field cannot be blank."),
    gettext_noop("This field cannot be null."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    # xgettext:no-python-format
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    # The constraint's name is for developers: users get a plain sentence.
    # xgettext:no-python-format
    gettext_noop("Constraint “%(name)s” is violated."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
