/* Offer check: show the chosen country's money beside the wage as soon as the country is chosen. Without
   this script the server reads the choice "the country's own money" the same way; this only names it. */
(function () {
  "use strict";
  var choice = document.getElementById("choice");
  var currency = document.getElementById("currency");
  if (!choice || !currency || !currency.dataset.names) { return; }
  var names = JSON.parse(currency.dataset.names);
  var local = currency.querySelector("option[value=local]");
  function name() {
    var picked = choice.options[choice.selectedIndex];
    var code = picked && picked.dataset.currency;
    if (code && names[code]) { local.textContent = names[code]; }
  }
  choice.addEventListener("change", name);
  name();
}());
