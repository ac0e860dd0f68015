// The administration's file pickers: a CSV file chosen on the device is read into its
// form's text field (the one data-csv-picker names), with a bar while a large file is
// read, so that the plain form sends it; without JavaScript the text is pasted instead.
(function () {
  "use strict";
  if (!window.FileReader) { return; }

  function picker(box) {
    var input = box.querySelector("input[type=file]");
    var bar = box.querySelector("[data-csv-progress]");
    var field = document.getElementById(box.getAttribute("data-csv-picker"));
    box.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      var reader = new FileReader();
      bar.hidden = false;
      bar.value = 0;
      reader.onprogress = function (event) {
        if (event.lengthComputable) { bar.max = event.total; bar.value = event.loaded; }
      };
      reader.onload = function () {
        field.value = reader.result;
        bar.max = 1;
        bar.value = 1;
        field.focus();
      };
      reader.readAsText(file);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-csv-picker]"), picker);
}());
