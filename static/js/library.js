// Library list: filters open on wide screens, sorting applies on change. Works without it.
(function () {
  "use strict";
  var panel = document.getElementById("facets-panel");
  if (panel && window.matchMedia("(min-width: 56em)").matches) {
    panel.open = true;
  }
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
})();
