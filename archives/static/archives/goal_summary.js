// The goal sentence of a step's monitoring, written as the teacher types:
// "从 12 题提高到 20 题，约每周 +0.8 题". The same arithmetic as archives/monitoring.py
// (baseline: the median of the first three points of the phase, or of the picked ones,
// dated at the median of their dates); the translated sentences come in data- attributes.
(function () {
  var out = document.getElementById("goal-summary");
  var dataNode = document.getElementById("goal-summary-data");
  var form = document.getElementById("goal-monitor-form");
  if (!out || !dataNode || !form) { return; }
  var data = JSON.parse(dataNode.textContent);
  var DAY = 86400000;

  function field(name) { return form.querySelector("[name='" + name + "']"); }

  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }

  // A number typed the Chinese way too, read as core/fields.py reads it: full-width
  // forms (NFKC), a unit at the end, one comma without a point as the decimal comma.
  var UNITS = ["分钟", "min", "分", "%"];
  function parseNumber(text) {
    var t = (text || "").normalize("NFKC").trim();
    for (var i = 0; i < UNITS.length; i++) {
      if (t.toLowerCase().slice(-UNITS[i].length) === UNITS[i]) {
        t = t.slice(0, -UNITS[i].length).trim();
        break;
      }
    }
    t = (t.split(",").length === 2 && t.indexOf(".") < 0) ? t.replace(",", ".") : t.replace(/,/g, "");
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) { return null; }
    return parseFloat(t);
  }

  function roundHalfEven(x) {
    var r = Math.round(x);
    return (Math.abs(x % 1) === 0.5 && r % 2 !== 0) ? r - 1 : r;
  }

  function median(values) {
    var v = values.slice().sort(function (a, b) { return a - b; });
    var mid = Math.floor(v.length / 2);
    return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  function baseline(start) {
    if (String(field("measure").value) !== String(data.measure)) { return null; }
    var end = parseDay(data.phase_end);
    var inside = data.points.map(function (p) { return { day: parseDay(p[0]), value: p[1] }; })
      .filter(function (p) { return p.day >= start && (end === null || p.day < end); })
      .sort(function (a, b) { return a.day - b.day; });
    var picked = Array.prototype.map.call(
      form.querySelectorAll("[name='baseline_dates']:checked"),
      function (box) { return parseDay(box.value); });
    var chosen = picked.length
      ? inside.filter(function (p) { return picked.indexOf(p.day) >= 0; })
      : inside.slice(0, 3);
    if (!chosen.length || (!picked.length && chosen.length < 3)) { return null; }
    var days = median(chosen.map(function (p) { return p.day / DAY; }));
    return { day: roundHalfEven(days) * DAY, value: median(chosen.map(function (p) { return p.value; })) };
  }

  function one(x) { return x.toFixed(1).replace(/\.0$/, ""); }
  function signed(x) {
    var text = one(Math.abs(x));
    if (text === "0") { return "0"; }
    return (x > 0 ? "+" : "−") + text;
  }
  function monthDay(ms) {
    var d = new Date(ms);
    return ("0" + (d.getUTCMonth() + 1)).slice(-2) + "-" + ("0" + d.getUTCDate()).slice(-2);
  }
  function fill(template, parts) {
    return template.replace(/\{(\w)\}/g, function (all, key) {
      return key in parts ? parts[key] : all;
    });
  }

  function update() {
    var goalDay = parseDay(data.goal_date);
    var unit = data.units[field("measure").value] || "";
    var goal = parseNumber(field("goal_value").value);
    var rate = parseNumber(field("weekly_rate").value);
    var start = parseDay(field("starts_on").value);
    var base = start === null ? null : baseline(start);
    var parts = { u: unit, d: monthDay(goalDay) };
    if (goal === null && rate === null) {
      out.textContent = base ? out.dataset.empty : (data.measure ? out.dataset.noBaseline : out.dataset.empty);
      return;
    }
    if (!base) {
      if (goal !== null) {
        parts.g = one(goal);
        out.textContent = fill(out.dataset.goalOnly, parts);
      } else {
        parts.r = signed(rate);
        out.textContent = fill(out.dataset.rateOnly, parts);
      }
      return;
    }
    var weeks = (goalDay - base.day) / DAY / 7;
    if (goal === null) { goal = base.value + rate * weeks; }
    parts.b = String(Number(base.value.toFixed(6)));
    parts.g = one(goal);
    parts.r = signed(weeks > 0 ? (goal - base.value) / weeks : 0);
    out.textContent = fill(out.dataset.full, parts);
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
