// The archive import's progress bar: asks the batch's progress.json every 2 seconds and
// shows the counts and the current file; when the job has finished, opens the page again
// (it then shows the preview or the report). Without JavaScript the page has a refresh link.
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) return;
  var url = section.getAttribute("data-progress-url");
  var bar = section.querySelector("progress");
  var count = section.querySelector("[data-progress-count]");
  var file = section.querySelector("[data-progress-file]");
  var words = document.getElementById("archive-progress-words");
  var refresh = section.querySelector(".archive-refresh");
  if (refresh) refresh.hidden = true;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (!data.working) {
          window.location.reload();
          return;
        }
        bar.max = Math.max(1, data.total);
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        count.textContent = fill(words.dataset.count, { done: data.done, total: data.total });
        file.textContent = data.current_file
          ? " · " + fill(words.dataset.file, { name: data.current_file })
          : "";
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        if (refresh) refresh.hidden = false;
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 2000);
})();
