// Meeting mode: move the threshold inside the saved page. Plain JavaScript, no
// network, no library. Every number comes from the JSON the tool wrote (exactly what
// the static page would show at that threshold); this script only looks numbers up
// and puts text in place, always as text, never as markup.
(function () {
  "use strict";
  var source = document.getElementById("meeting-data");
  var slider = document.getElementById("threshold-slider");
  var field = document.getElementById("threshold");
  if (!source || !slider || !field) return;
  var data = JSON.parse(source.textContent);
  var points = data.points;
  var col = {};
  data.fields.forEach(function (name, i) { col[name] = i; });
  var current = data.current;
  var shown = current;
  var bar = document.getElementById("meeting");
  var status = document.getElementById("threshold-status");
  var whatIfRow = document.getElementById("what-if-row");
  bar.hidden = false;

  // The first `numbers` fields are numbers; the rest index `strings`.
  function value(point, key) {
    var i = col[key];
    if (i === undefined || point[i] === null) return null;
    return i < data.numbers ? point[i] : data.strings[point[i]];
  }

  // The grid index nearest to a typed threshold.
  function nearest(x) {
    var lo = 0, hi = points.length - 1;
    if (!(x > points[lo][0])) return lo;
    if (!(x < points[hi][0])) return hi;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      if (points[mid][0] <= x) lo = mid; else hi = mid;
    }
    return x - points[lo][0] <= points[hi][0] - x ? lo : hi;
  }

  // "noun:pos:missed" → the singular when that count reads "1"; "be:caught" → is/are;
  // "an:fpr" → "an" before a number said with a vowel (8…, 11, 18), as the page does.
  function word(point, key) {
    var parts = key.split(":");
    if (parts[0] === "noun") return data.words[parts[1]][value(point, parts[2]) === "1" ? 0 : 1];
    if (parts[0] === "be") return value(point, parts[1]) === "1" ? "is" : "are";
    if (parts[0] === "an") {
      var shown = value(point, parts[1]);
      var whole = shown.split(".")[0].replace(/[^0-9]/g, "");
      var vowel = shown.charAt(0) === "8" || ([2, 5, 8].indexOf(whole.length) >= 0 && /^1[18]/.test(whole));
      return vowel ? "an" : "a";
    }
    return value(point, key);
  }

  // The static lists of examples, kept to put back at the current threshold.
  var lists = {};
  data.examples.notes.forEach(function (pair) {
    var id = pair[0];
    var body = document.getElementById("rows-" + id);
    var note = document.querySelector("[data-note='" + id + "']");
    if (body && note) lists[id] = { body: body, note: note, rows: Array.prototype.slice.call(body.children), text: note.textContent, template: id === "borderline" ? data.examples.borderline : pair[1] };
  });

  function exampleRow(example, x) {
    var tr = document.createElement("tr");
    // Four decimals may round a score onto the other side of x (0.69996 shows as
    // 0.7000, not flagged at 0.70): then show every digit it needs.
    var shown = (parseFloat(example[2]) >= x) === (example[1] >= x) ? example[2] : String(example[1]);
    var texts = [example[4], shown, example[3] ? data.examples.positive : data.examples.negative, example[1] >= x ? "flagged" : "not flagged"];
    texts.forEach(function (text, i) {
      var td = document.createElement("td");
      if (i === 1) td.className = "num";
      if (i === 3) td.className = "flag";
      td.textContent = text;
      tr.appendChild(td);
    });
    example[5].forEach(function (text) {
      var td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    });
    return tr;
  }

  // Examples rows are [file row, score, score as shown, positive?, case, cells].
  function examplesAt(x) {
    var rows = data.examples.rows, limit = data.examples.limit;
    var byRow = function (a, b) { return a[0] - b[0]; };
    var falseAlarms = rows.filter(function (r) { return !r[3] && r[1] >= x; })
      .sort(function (a, b) { return b[1] - a[1] || byRow(a, b); }).slice(0, limit);
    var misses = rows.filter(function (r) { return r[3] && r[1] < x; })
      .sort(function (a, b) { return a[1] - b[1] || byRow(a, b); }).slice(0, limit);
    var borderline = rows.slice()
      .sort(function (a, b) { return Math.abs(a[1] - x) - Math.abs(b[1] - x) || byRow(a, b); })
      .slice(0, limit)
      .sort(function (a, b) { return b[1] - a[1] || byRow(a, b); });
    return { "false-alarms": falseAlarms, "misses": misses, "borderline": borderline };
  }

  function showExamples(point, atCurrent) {
    var picked = atCurrent ? null : examplesAt(point[0]);
    Object.keys(lists).forEach(function (id) {
      var list = lists[id];
      var rows = atCurrent ? list.rows : picked[id].map(function (e) { return exampleRow(e, point[0]); });
      if (!atCurrent && rows.length === 0) {
        var tr = document.createElement("tr"), td = document.createElement("td");
        td.colSpan = 4 + data.examples.columns;
        td.textContent = "None.";
        tr.appendChild(td);
        rows = [tr];
      }
      while (list.body.firstChild) list.body.removeChild(list.body.firstChild);
      rows.forEach(function (r) { list.body.appendChild(r); });
      list.note.textContent = atCurrent ? list.text : list.template.split("{t}").join(value(point, "t"));
    });
  }

  function place(marker, point) {
    var panel = marker.getAttribute("data-panel");
    var xs = marker.getAttribute("data-x").split(" ").map(Number);
    var ys = marker.getAttribute("data-y").split(" ").map(Number);
    var at = panel === "threshold" ? [point[0], null] : value(point, panel);
    var inside = at && at[0] >= Math.min(xs[0], xs[1]) && at[0] <= Math.max(xs[0], xs[1]) &&
      (at[1] === null || (at[1] >= Math.min(ys[0], ys[1]) && at[1] <= Math.max(ys[0], ys[1])));
    if (!inside || shown === current) { marker.setAttribute("visibility", "hidden"); return; }
    var px = xs[2] + (at[0] - xs[0]) / (xs[1] - xs[0]) * (xs[3] - xs[2]);
    if (panel === "threshold") {
      marker.setAttribute("transform", "translate(" + (px - xs[2]).toFixed(1) + ",0)");
      var label = marker.querySelector("text");
      if (label) label.textContent = "what if " + value(point, "t");
    } else {
      var py = ys[2] + (at[1] - ys[0]) / (ys[1] - ys[0]) * (ys[3] - ys[2]);
      var dot = marker.querySelector("circle");
      dot.setAttribute("cx", px.toFixed(1));
      dot.setAttribute("cy", py.toFixed(1));
    }
    marker.setAttribute("visibility", "visible");
  }

  function show(index, typed) {
    shown = index;
    var point = points[index];
    var atCurrent = index === current;
    document.body.classList.toggle("moved", !atCurrent);
    Array.prototype.forEach.call(document.querySelectorAll("[data-meeting]"), function (el) {
      var text = word(point, el.getAttribute("data-meeting"));
      el.textContent = text === null ? "" : text;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-per-day]"), function (el) {
      el.textContent = value(point, el.getAttribute("data-per-day"));
    });
    Array.prototype.forEach.call(document.querySelectorAll("g.what-if"), function (m) { place(m, point); });
    if (whatIfRow) whatIfRow.hidden = atCurrent;
    showExamples(point, atCurrent);
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", value(point, "t"));
    field.value = value(point, "t");
    var where = atCurrent ? "the current threshold" : "what if — the current threshold is " + value(points[current], "t");
    status.textContent = typed !== undefined && Number(typed) !== point[0]
      ? "nearest threshold on the page to " + typed + ": " + value(point, "t") + " (" + where + ")"
      : where;
  }

  function remember() {
    try {
      history.replaceState(null, "", "#threshold=" + value(points[shown], "t"));
    } catch (e) {
      location.replace("#threshold=" + value(points[shown], "t"));
    }
  }

  function fromAddress() {
    var match = /^#threshold=([^&]*)/.exec(location.hash);
    if (!match) return false;
    var typed = decodeURIComponent(match[1]);
    var x = Number(typed);
    if (typed === "" || !isFinite(x)) {
      show(current);
      status.textContent = "the address asks for threshold “" + typed + "”, which is not a number: showing the current threshold";
      return true;
    }
    show(nearest(x), typed);
    return true;
  }

  slider.addEventListener("input", function () { show(Number(slider.value)); remember(); });
  field.addEventListener("change", function () {
    var typed = field.value.trim(), x = Number(typed);
    if (typed === "" || !isFinite(x)) { show(shown); return; }
    show(nearest(x), typed);
    field.value = value(points[shown], "t");
    remember();
  });
  // Arrow keys in the field move to the next threshold on the page, as the slider
  // does: the field's own step may be coarser than the scores (below 1e-6, logits).
  field.addEventListener("keydown", function (event) {
    var by = event.key === "ArrowUp" ? 1 : event.key === "ArrowDown" ? -1 : 0;
    if (!by) return;
    event.preventDefault();
    show(Math.min(points.length - 1, Math.max(0, shown + by)));
    remember();
  });
  document.getElementById("threshold-reset").addEventListener("click", function () { show(current); remember(); });
  window.addEventListener("hashchange", fromAddress);
  // Paper is the static report: print at the current threshold, then come back.
  var beforePrint = null;
  window.addEventListener("beforeprint", function () {
    beforePrint = shown;
    if (shown !== current) show(current);
  });
  window.addEventListener("afterprint", function () {
    if (beforePrint !== null && beforePrint !== current) show(beforePrint);
    beforePrint = null;
  });
  if (!fromAddress()) show(current);
})();
