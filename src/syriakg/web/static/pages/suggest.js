// The header search box suggests as one types: the best hits of /search/suggest, as links,
// under the box; the last line leads to every hit. Without this script the box is a plain form.
(function () {
  "use strict";
  document.querySelectorAll("form.ld-search[data-suggest]").forEach(function (form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("ul.suggestions");
    var lang = form.querySelector("input[name=lang]");
    var timer = null, asked = "";
    function hide() { list.hidden = true; list.textContent = ""; }
    function show(body) {
      list.textContent = "";
      body.results.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = r.href;
        a.setAttribute("role", "option");
        var name = document.createElement("bdi");
        name.textContent = r.label;
        a.appendChild(name);
        var kind = document.createElement("small");
        kind.textContent = " " + (r.types.length ? r.types[0].label : r.kind);
        a.appendChild(kind);
        li.appendChild(a);
        list.appendChild(li);
      });
      if (body.more) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = body.more;
        a.className = "more";
        a.textContent = form.querySelector("button").textContent + ": " + body.query + " …";
        li.appendChild(a);
        list.appendChild(li);
      }
      list.hidden = !body.results.length;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { hide(); return; }
      timer = setTimeout(function () {
        asked = q;
        var url = form.dataset.suggest + "?q=" + encodeURIComponent(q) +
          (lang ? "&lang=" + encodeURIComponent(lang.value) : "");
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (body) { if (body.query === asked) show(body); })
          .catch(hide);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") hide();
      if (e.key === "ArrowDown" && !list.hidden) {
        e.preventDefault();
        var first = list.querySelector("a");
        if (first) first.focus();
      }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) hide(); });
  });
})();
