// The index page: YASGUI on our endpoint, the example gallery, the truncation note, and
// right-to-left rendering of Arabic values in result tables. Served from our own static
// folder with YASGUI (static/vendor/, from `make static`), so it works with no internet.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("page-config").textContent);
  var container = document.getElementById("yasgui");
  var note = document.getElementById("truncation-note");
  var ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

  // The server cuts results at max_rows and says so in a header; YASR does not show headers,
  // so watch the responses of our endpoint and show a note when one was cut.
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    return originalFetch(input, init).then(function (response) {
      var url = typeof input === "string" ? input : (input && input.url) || "";
      if (url.indexOf(config.endpoint) === 0 && note) {
        if (response.headers.get("X-SPARQL-Truncated") === "true") {
          var max = response.headers.get("X-SPARQL-Max-Rows") || config.maxRows;
          note.textContent = "Only the first " + max + " rows are shown: the server cuts " +
            "results at " + max + " rows (setting max_rows). Use LIMIT and OFFSET to page.";
          note.hidden = false;
        } else {
          note.hidden = true;
        }
      }
      return response;
    });
  };

  // This graph's IRIs open this server's page of the resource, not https://w3id.org/…, which
  // a deployment may not serve (and which would leave the site).
  var OURS = "https://w3id.org/syria-kg/";
  function localLinks(root) {
    var links = root.querySelectorAll ? root.querySelectorAll("a[href^='" + OURS + "']") : [];
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", "/" + links[i].getAttribute("href").slice(OURS.length));
      links[i].removeAttribute("target");
    }
  }

  // Arabic literals read right to left: every result cell gets dir="auto" (direction from its
  // first strong character), and cells holding Arabic text get dir="rtl" lang="ar".
  function markDirection(root) {
    localLinks(root);
    var cells = root.querySelectorAll ? root.querySelectorAll("td") : [];
    for (var i = 0; i < cells.length; i++) {
      var cell = cells[i];
      if (cell.dataset.skgDir) continue;
      cell.dataset.skgDir = "1";
      var text = cell.textContent || "";
      if (ARABIC.test(text)) {
        cell.setAttribute("dir", "rtl");
        cell.setAttribute("lang", "ar");
        // the language/datatype tag YASR prints after the literal stays "@ar", not "ar@"
        cell.querySelectorAll("sup").forEach(function (tag) { tag.setAttribute("dir", "ltr"); });
      } else {
        cell.setAttribute("dir", "auto");
      }
    }
  }

  if (!container || !window.Yasgui) return;
  new MutationObserver(function (mutations) {
    mutations.forEach(function (m) {
      m.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) markDirection(node.tagName === "TD" ? node.parentNode : node);
      });
    });
  }).observe(container, { childList: true, subtree: true });

  var yasgui = new window.Yasgui(container, {
    requestConfig: {
      endpoint: config.endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: config.endpoint }]; },
    },
    persistenceId: "syriakg",
    yasqe: {
      value: config.starterQuery,
      prefixCcApi: null, // the bundled prefix list: no call to prefix.cc
      autocompleters: ["prefixes", "variables"], // class/property completion calls LOV online
    },
  });
  window.syriakgYasgui = yasgui;

  function runExample(example) {
    var tab = yasgui.tabNameTaken(example.title);
    if (tab) {
      yasgui.selectTabId(tab.getId());
    } else {
      tab = yasgui.addTab(true, { name: example.title });
    }
    tab.setQuery(example.query);
    tab.query();
  }

  var byId = {};
  config.examples.forEach(function (e) { byId[e.id] = e; });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = byId[button.getAttribute("data-id")];
      if (example) runExample(example);
    });
  });
})();
