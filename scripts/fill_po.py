"""Fill a .po file's msgstrs from a JSON dict {msgid: msgstr} (or [singular, plural] keys)."""

import json
import sys

import polib

po_path, json_path = sys.argv[1], sys.argv[2]
po = polib.pofile(po_path)
table = json.load(open(json_path, encoding="utf-8"))
missing = []
for entry in po:
    if entry.obsolete:
        continue
    text = table.get(entry.msgid)
    if text is None:
        if not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = {0: text}
    else:
        entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
po.metadata["Language"] = "zh_Hans"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.save()
for m in missing:
    print("MISSING:", m)
