"""Text as each language writes it: lists joined with the locale's separator."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def list_separator() -> str:
    """ "、" in Chinese, ", " in English (a translation of the English separator)."""
    return pgettext("list separator", ", ")


def join_list(items: Iterable[object]) -> str:
    """``items`` as a list in the active language: 张三、李四 / Zhang San, Li Si."""
    return list_separator().join(str(item) for item in items)


def seeded_texts() -> dict[str, object]:
    """Texts the system seeded in the school's language (default checklist items, the
    policy's load limits, the strategy library…) → their English msgid, lazily
    translated: each app lists its own in ``<app>/seeded_texts.py`` (``TEXTS``)."""
    global _SEEDED
    if _SEEDED is None:
        from core.plugins import app_modules

        found: dict[str, object] = {}
        for _name, module in app_modules("seeded_texts"):
            found.update(getattr(module, "TEXTS", {}))
        _SEEDED = found
    return _SEEDED


_SEEDED: dict[str, object] | None = None


def shown_text(value: object) -> str:
    """A stored text in the reader's language when the system seeded it and nobody has
    changed it since; what a person wrote (or changed) as it is."""
    text = "" if value is None else str(value)
    return str(seeded_texts().get(text, text))


class Message(str):
    """A text the system writes, in the active language, that remembers its English msgid
    and parameters: stored (``stored``) it is written again (``render``) in the language
    of whoever reads it later. Used as a plain ``str`` where the text is needed now.

    ``params`` may hold other messages (a reason inside a sentence) and lists of them
    (the lines of a reminder's body); anything else is what people wrote (names) and
    stays as it is.
    """

    msgid: str
    params: dict
    context: str
    plural: str
    n: int | None

    def __new__(
        cls,
        msgid: str,
        params: dict | None = None,
        *,
        context: str = "",
        plural: str = "",
        n: int | None = None,
    ) -> Message:
        params = dict(params or {})
        text = _translate(msgid, _shown_params(params), context, plural, n)
        obj = super().__new__(cls, text)
        obj.msgid, obj.params, obj.context, obj.plural, obj.n = msgid, params, context, plural, n
        return obj

    def __reduce__(self):
        # Unpickled (a cache) as the same text, not translated again.
        return _restore, (str(self), self.msgid, self.params, self.context, self.plural, self.n)


def _restore(text, msgid, params, context, plural, n) -> Message:
    obj = str.__new__(Message, text)
    obj.msgid, obj.params, obj.context, obj.plural, obj.n = msgid, params, context, plural, n
    return obj


def message(
    msgid: str, /, context: str = "", plural: str = "", n: int | None = None, **params
) -> Message:
    """``message("%(n)d days", n=3)`` is ``gettext("%(n)d days") % {"n": 3}`` that can be
    stored and shown again in another language. Mark ``msgid`` for translation with
    ``gettext_noop`` (or write it where makemessages finds ``_()``/``pgettext``)."""
    if n is not None:
        params.setdefault("n", n)  # the count is a parameter too: "%(n)d students"
    return Message(msgid, params, context=context, plural=plural, n=n)


def stored(value: object) -> object:
    """``value`` as JSON: a message as its msgid, context and parameters; lists as lists;
    numbers as numbers; anything else as its text."""
    if isinstance(value, Message):
        data: dict = {
            "msgid": value.msgid,
            "params": {k: stored(v) for k, v in value.params.items()},
        }
        if value.context:
            data["context"] = value.context
        if value.plural:
            data["plural"], data["n"] = value.plural, value.n
        return data
    if isinstance(value, (list, tuple)):
        return [stored(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return "" if value is None else str(value)


def render(value: object) -> str:
    """A stored value (``stored``) in the active language; lists one item a line."""
    if isinstance(value, dict) and "msgid" in value:
        return _translate(
            value["msgid"],
            _shown_params(value.get("params") or {}),
            value.get("context", ""),
            value.get("plural", ""),
            value.get("n"),
        )
    if isinstance(value, (list, tuple)):
        return "\n".join(render(v) for v in value)
    if _is_number(value):
        return str(value)
    return "" if value is None else str(value)


def _shown_params(params: dict) -> dict:
    """Parameters ready for ``%``: numbers stay numbers (for ``%(n)d``), the rest text."""
    return {k: v if _is_number(v) else render(v) for k, v in params.items()}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _translate(msgid: str, params: dict, context: str, plural: str, n: int | None) -> str:
    from django.utils.translation import gettext, ngettext, npgettext

    if plural:
        count = int(n or 0)
        text = (
            npgettext(context, msgid, plural, count) if context else ngettext(msgid, plural, count)
        )
    else:
        text = pgettext(context, msgid) if context else gettext(msgid)
    return text % params if params else text


def message_lines(items: Iterable[object]) -> Message:
    """Several texts (messages or what people wrote), one a line, as one message."""
    return Message("%(lines)s", {"lines": list(items)})


def label_message(label: object) -> Message | str:
    """A lazily translated label (a choice's ``gettext_lazy``/``pgettext_lazy``) as a
    message; anything else as its text."""
    args = getattr(label, "_args", None)
    if isinstance(args, tuple) and len(args) == 1 and isinstance(args[0], str):
        return Message(args[0])
    if isinstance(args, tuple) and len(args) == 2 and all(isinstance(a, str) for a in args):
        return Message(args[1], context=args[0])
    return str(label)
