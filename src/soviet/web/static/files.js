// The administration's file picker: a CSV file chosen on the device is read into the
// form's text field (with a bar while a large file is read), so that the plain form
// sends it; without JavaScript the text is pasted into the field instead.
(function () {
  "use strict";
  var picker = document.querySelector("[data-csv-picker]");
  if (!picker || !window.FileReader) { return; }
  var input = picker.querySelector("input[type=file]");
  var bar = picker.querySelector("[data-csv-progress]");
  var field = document.getElementById("register");
  picker.hidden = false;
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
}());
