// Inline formsets ([data-formset], templates/events/edit/formset.html): "Add another row"
// adds a row from the blank template in place, and "Move up" / "Move down" buttons move a
// row, renumbering the order fields as the rows stand. Without this script the page's own
// button adds a row (the server sends the form back) and the order numbers are typed.
(function () {
  "use strict";

  function rowList(box) {
    return box.querySelector("[data-formset-rows]");
  }

  function rows(box) {
    return Array.prototype.slice.call(rowList(box).querySelectorAll(":scope > [data-formset-row]"));
  }

  function orderInput(row) {
    return row.querySelector("input[name$='-order']");
  }

  function refresh(box, renumber) {
    var all = rows(box);
    all.forEach(function (row, index) {
      if (renumber) {
        var order = orderInput(row);
        if (order) order.value = String(index + 1);
      }
      var number = row.querySelector("[data-row-number]");
      if (number) number.textContent = String(index + 1);
      var up = row.querySelector("[data-move=up]");
      var down = row.querySelector("[data-move=down]");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === all.length - 1;
    });
  }

  function addMoveButtons(box, row) {
    var tools = row.querySelector("[data-row-tools]");
    if (!tools || tools.querySelector("[data-move]")) return;
    [["up", box.dataset.moveUp], ["down", box.dataset.moveDown]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button--secondary button--small";
      button.dataset.move = pair[0];
      button.textContent = pair[1];
      tools.appendChild(button);
    });
  }

  function move(box, row, direction) {
    var list = rowList(box);
    if (direction === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (direction === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    }
    refresh(box, true);
  }

  function addRow(box) {
    var prefix = box.dataset.formset;
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = box.querySelector("template[data-formset-empty]");
    if (!total || !template) return;
    var index = parseInt(total.value, 10) || 0;
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    var highest = 0;
    rows(box).forEach(function (other) {
      var value = parseInt((orderInput(other) || {}).value, 10);
      if (!isNaN(value) && value > highest) highest = value;
    });
    rowList(box).appendChild(row);
    total.value = String(index + 1);
    var order = orderInput(row);
    if (order) order.value = String(highest + 1);
    addMoveButtons(box, row);
    refresh(box, false);
    var first = row.querySelector("input:not([type=hidden]):not(.row-order), select, textarea");
    if (first) first.focus();
  }

  // A form sent back with errors or a conflict: start reading there.
  var notice = document.getElementById("conflict") || document.getElementById("error-summary");
  if (notice && document.querySelector("[data-formset]")) notice.focus();

  document.querySelectorAll("[data-formset]").forEach(function (box) {
    rows(box).forEach(function (row) { addMoveButtons(box, row); });
    refresh(box, false);
    box.addEventListener("click", function (event) {
      var target = event.target;
      if (!(target instanceof Element)) return;
      var moveButton = target.closest("[data-move]");
      if (moveButton) {
        move(box, moveButton.closest("[data-formset-row]"), moveButton.dataset.move);
        moveButton.focus();
        return;
      }
      if (target.closest("[data-formset-add]")) {
        event.preventDefault();
        addRow(box);
      }
    });
  });
})();
