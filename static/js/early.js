// Before the first paint (loaded in the head, not deferred): lets the stylesheet lay
// out the buttons scripts will reveal, so nothing moves when they do. A file of its
// own, as the Content-Security-Policy runs no inline script on public pages.
document.documentElement.classList.add("js");
if ("geolocation" in navigator) document.documentElement.classList.add("js-geolocation");
