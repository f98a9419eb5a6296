// "New letter": proposes the address from the title while the organizer has not typed
// one. The page works without it: an empty address is made from the title on saving.
document.addEventListener("DOMContentLoaded", function () {
  var title = document.getElementById("id_title");
  var slug = document.getElementById("id_slug");
  if (!title || !slug) return;
  var typed = slug.value !== "";
  slug.addEventListener("input", function () { typed = slug.value !== ""; });
  title.addEventListener("input", function () {
    if (typed) return;
    slug.value = title.value
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9\s-]/g, "").trim()
      .replace(/[\s-]+/g, "-").slice(0, 100).replace(/-+$/, "");
  });
});
