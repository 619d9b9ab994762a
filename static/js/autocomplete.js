// Scoped autocomplete for <select class="js-autocomplete"> (salsk_mentoring/autocomplete.py).
//
// The server renders a <select> holding only the chosen option(s), so a page works and validates without
// this script. The script hides that <select> and puts an ARIA 1.2 combobox beside it (a text box with a
// list box of suggestions, WAI-ARIA Authoring Practices «combobox with list autocomplete»): the label is
// re-pointed to the text box; ↓/↑ move through the suggestions, Enter chooses, Esc closes; a status line
// is read out by screen readers. Chosen rows become <option selected> of the hidden <select>, which is what
// the form submits. A multiple choice lists the chosen rows above the text box, each with a «remove» button.
// Suggestions come from data-autocomplete-url (JSON: results [{id, text}], more, status), with the values of
// the fields named in data-forward and the fixed data-params. No inline script or style (strict CSP).
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;
  var counter = 0;

  function forwardedQuery(select) {
    var parts = [];
    var names = (select.dataset.forward || "").split(" ");
    names.forEach(function (name) {
      if (!name || !select.form) {
        return;
      }
      var field = select.form.elements.namedItem(name);
      var value = field && field.value;
      if (value) {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      }
    });
    if (select.dataset.params) {
      parts.push(select.dataset.params);
    }
    return parts.join("&");
  }

  function Autocomplete(select) {
    this.select = select;
    this.multiple = select.multiple;
    this.id = (select.id || "autocomplete-" + ++counter) + "-ac";
    this.page = 1;
    this.active = -1;
    this.items = [];
    this.timer = null;
    this.request = null;
    this.build();
  }

  Autocomplete.prototype.build = function () {
    var select = this.select;
    var self = this;
    var wrapper = document.createElement("div");
    wrapper.className = "ac";
    var input = document.createElement("input");
    input.type = "text";
    input.id = this.id;
    input.className = "form-control";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = select.dataset.placeholder || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var listbox = document.createElement("ul");
    listbox.id = this.id + "-listbox";
    listbox.className = "ac-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    input.setAttribute("aria-controls", listbox.id);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var note = document.createElement("div");
    note.className = "ac-note";
    note.textContent = "Ничего не найдено: уточните запрос.";
    note.hidden = true;

    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = input.id;
      label.id = label.id || this.id + "-label";
      listbox.setAttribute("aria-labelledby", label.id);
    }
    ["aria-describedby", "aria-invalid", "aria-label"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    });
    if (select.classList.contains("is-invalid")) {
      input.classList.add("is-invalid");
      input.setAttribute("aria-invalid", "true");
    }
    if (select.required) {
      input.setAttribute("aria-required", "true");
    }
    if (select.classList.contains("form-select-sm")) {
      input.classList.add("form-control-sm");
    }

    if (this.multiple) {
      this.chips = document.createElement("ul");
      this.chips.className = "ac-chips";
      this.chips.setAttribute("aria-label", "Выбрано");
      wrapper.appendChild(this.chips);
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        self.addChip(option);
      });
    } else {
      var chosen = select.selectedOptions[0];
      input.value = chosen && chosen.value ? chosen.textContent.trim() : "";
    }
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(note);
    wrapper.appendChild(status);
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(wrapper, select.nextSibling);
    this.input = input;
    this.listbox = listbox;
    this.status = status;
    this.note = note;

    input.addEventListener("input", function () {
      self.schedule();
    });
    input.addEventListener("keydown", function (event) {
      self.onKey(event);
    });
    input.addEventListener("focus", function () {
      if (self.multiple || !self.select.value) {
        self.schedule();
      }
    });
    input.addEventListener("blur", function () {
      self.onBlur();
    });
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the text box
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        self.choose(Number(option.dataset.index));
      }
    });
  };

  Autocomplete.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () {
      self.fetch(1);
    }, DEBOUNCE_MS);
  };

  Autocomplete.prototype.fetch = function (page) {
    var self = this;
    var query = "q=" + encodeURIComponent(this.input.value.trim()) + "&page=" + page;
    var extra = forwardedQuery(this.select);
    if (this.request) {
      this.request.abort();
    }
    this.request = new AbortController();
    fetch(this.select.dataset.autocompleteUrl + "?" + query + (extra ? "&" + extra : ""), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: this.request.signal,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        self.page = page;
        self.show(data, page > 1);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          self.say("Подсказки недоступны: обновите страницу.");
        }
      });
  };

  Autocomplete.prototype.show = function (data, append) {
    var self = this;
    var chosen = {};
    Array.prototype.forEach.call(this.select.selectedOptions, function (option) {
      chosen[option.value] = true;
    });
    if (!append) {
      this.items = [];
      this.listbox.textContent = "";
      this.active = -1;
    } else {
      var more = this.listbox.querySelector("[data-more]");
      if (more) {
        more.remove();
      }
    }
    data.results.forEach(function (row) {
      var index = self.items.length;
      self.items.push(row);
      var li = document.createElement("li");
      li.id = self.id + "-option-" + index;
      li.dataset.index = index;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = row.text;
      if (chosen[String(row.id)]) {
        li.classList.add("ac-chosen");
      }
      self.listbox.appendChild(li);
    });
    if (data.more) {
      var index = this.items.length;
      this.items.push({ more: true });
      var li = document.createElement("li");
      li.id = this.id + "-option-" + index;
      li.dataset.index = index;
      li.dataset.more = "1";
      li.className = "ac-more";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = "Показать ещё…";
      this.listbox.appendChild(li);
    }
    this.note.hidden = this.items.length > 0;
    if (this.items.length) {
      this.open();
    } else {
      this.close();
    }
    this.say(data.status);
  };

  Autocomplete.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Autocomplete.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Autocomplete.prototype.say = function (text) {
    this.status.textContent = text || "";
  };

  Autocomplete.prototype.highlight = function (index) {
    var options = this.listbox.querySelectorAll("[role=option]");
    if (!options.length) {
      return;
    }
    index = (index + options.length) % options.length;
    options.forEach(function (option) {
      option.classList.remove("active");
      option.setAttribute("aria-selected", "false");
    });
    var option = options[index];
    option.classList.add("active");
    option.setAttribute("aria-selected", "true");
    option.scrollIntoView({ block: "nearest" });
    this.input.setAttribute("aria-activedescendant", option.id);
    this.active = index;
  };

  Autocomplete.prototype.onKey = function (event) {
    var isOpen = !this.listbox.hidden;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen) {
          this.fetch(1);
        } else {
          this.highlight(this.active + 1);
        }
        break;
      case "ArrowUp":
        if (isOpen) {
          event.preventDefault();
          this.highlight(this.active - 1);
        }
        break;
      case "Enter":
        if (isOpen && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else if (isOpen) {
          event.preventDefault(); // Enter in the search box does not submit the form
        }
        break;
      case "Escape":
        if (isOpen) {
          event.preventDefault();
          this.close();
          this.restore();
        }
        break;
      case "Tab":
        this.close();
        break;
    }
  };

  Autocomplete.prototype.onBlur = function () {
    window.clearTimeout(this.timer);
    if (this.request) {
      this.request.abort();
    }
    this.note.hidden = true;
    this.close();
    if (!this.multiple && !this.input.value.trim() && this.select.value) {
      this.clear();
      return;
    }
    this.restore();
  };

  // The text box of a single choice shows what is chosen; typed text that was not chosen is dropped.
  Autocomplete.prototype.restore = function () {
    if (this.multiple) {
      return;
    }
    var chosen = this.select.selectedOptions[0];
    this.input.value = chosen && chosen.value ? chosen.textContent.trim() : "";
  };

  Autocomplete.prototype.clear = function () {
    Array.prototype.slice.call(this.select.options).forEach(function (option) {
      if (option.value) {
        option.remove();
      }
    });
    this.select.value = "";
    this.select.dispatchEvent(new Event("change", { bubbles: true }));
    this.say("Выбор снят.");
  };

  Autocomplete.prototype.choose = function (index) {
    var row = this.items[index];
    if (!row) {
      return;
    }
    if (row.more) {
      this.fetch(this.page + 1);
      return;
    }
    var select = this.select;
    var value = String(row.id);
    var existing = Array.prototype.find.call(select.options, function (option) {
      return option.value === value;
    });
    if (this.multiple) {
      if (!existing) {
        existing = new Option(row.text, value, true, true);
        select.appendChild(existing);
        this.addChip(existing);
      }
      existing.selected = true;
      this.input.value = "";
    } else {
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value && option.value !== value) {
          option.remove();
        }
      });
      if (!existing) {
        existing = new Option(row.text, value, true, true);
        select.appendChild(existing);
      }
      select.value = value;
      this.input.value = row.text;
    }
    this.close();
    select.dispatchEvent(new Event("change", { bubbles: true }));
    this.say("Выбрано: " + row.text);
  };

  Autocomplete.prototype.addChip = function (option) {
    var self = this;
    var li = document.createElement("li");
    li.className = "ac-chip";
    var text = document.createElement("span");
    text.textContent = option.textContent.trim();
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close";
    remove.setAttribute("aria-label", "Убрать: " + text.textContent);
    remove.addEventListener("click", function () {
      option.remove();
      li.remove();
      self.select.dispatchEvent(new Event("change", { bubbles: true }));
      self.say("Убрано: " + text.textContent);
      self.input.focus();
    });
    li.appendChild(text);
    li.appendChild(remove);
    this.chips.appendChild(li);
  };

  function enhanceAll(root) {
    root.querySelectorAll("select.js-autocomplete").forEach(function (select) {
      if (select.dataset.autocompleteReady || select.disabled) {
        return;
      }
      select.dataset.autocompleteReady = "1";
      new Autocomplete(select);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhanceAll(document);
    });
  } else {
    enhanceAll(document);
  }
})();
