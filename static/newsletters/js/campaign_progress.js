// While a campaign is sending, fetch its progress region every few seconds and put it in place
// (the region is aria-live, so screen readers hear the new figures). Stops once it has finished.
// Without JavaScript the page says to reload it.
(function () {
  var region = document.querySelector("[data-campaign-progress]");
  if (!region) return;
  var url = region.getAttribute("data-campaign-progress");
  var seconds = parseInt(region.getAttribute("data-refresh-seconds"), 10) || 5;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        region.innerHTML = html;
        if (html.indexOf("Still sending.") !== -1) window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () { window.setTimeout(poll, seconds * 4 * 1000); });
  }
  window.setTimeout(poll, seconds * 1000);
})();
