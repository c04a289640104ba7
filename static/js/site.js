// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../wagtailnhsukfrontend/js/nhsuk-frontend-10.4.2.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");

// NHS.UK frontend marks a radio or tick box that reveals a question with aria-expanded, which
// those roles may not have (axe: aria-allowed-attr; GOV.UK Frontend 5 dropped it for this). The
// revealed question, right after its answer, says enough: take the attribute off as it is set.
new MutationObserver((changes) => {
  for (const { target } of changes) {
    if (target.matches(".nhsuk-radios__input, .nhsuk-checkboxes__input") && target.hasAttribute("aria-expanded")) {
      target.removeAttribute("aria-expanded");
    }
  }
}).observe(document.body, { subtree: true, attributeFilter: ["aria-expanded"] });
initAll();
