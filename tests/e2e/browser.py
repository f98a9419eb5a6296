"""A page in the browser, with the checks every end-to-end test makes.

`page.check("name")` runs axe-core on the page as it is (zero serious or critical
violations) and, with E2E_SCREENSHOTS=1 (`make screenshots`), writes full-page
screenshots to tests/e2e/screenshots/ (git-ignored) for a person to review.
"""

import json
import os
from pathlib import Path

HERE = Path(__file__).parent
# axe-core, vendored: tests/e2e/vendor/axe-core/ (MPL-2.0, its LICENSE beside it).
AXE = (HERE / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = HERE / "screenshots"

PHONE = {
    "viewport": {"width": 360, "height": 800},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Impacts that fail a test; "minor" and "moderate" findings are printed only.
FAILING_IMPACTS = {"serious", "critical"}
STATIC_TYPES = {"stylesheet", "script", "image", "font"}


class BrowserPage:
    """A Playwright page that records what the browser complains about."""

    def __init__(self, page, size):
        self.page = page
        self.size = size
        self.problems = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", self._response)

    def __getattr__(self, name):
        return getattr(self.page, name)

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation on {self.page.url}: {message.text}")

    def _response(self, response):
        if response.request.resource_type in STATIC_TYPES and response.status >= 400:
            self.problems.append(f"{response.status} for {response.url} on {self.page.url}")

    def check(self, name):
        """axe-core on the page; with E2E_SCREENSHOTS=1 (`make screenshots`), its
        screenshot as `name`-phone|desktop.png too, for a person to look at."""
        assert_accessible(self.page, name)
        if os.environ.get("E2E_SCREENSHOTS", "") not in ("", "0"):
            self.screenshot(name)

    def assert_fits(self):
        """Nothing is wider than the screen: no sideways scrolling on a phone."""
        overflow = self.page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) return [];
                return [...document.querySelectorAll("body *")]
                    .filter(el => el.getBoundingClientRect().right > width + 1)
                    .slice(0, 5).map(el => el.tagName + "." + el.className);
            }"""
        )
        assert not overflow, f"wider than the screen on {self.page.url}: {overflow}"
        # Nor a box that scrolls sideways inside the page (a wide table in .table-responsive):
        # what it hides (a column, the row's buttons) is as out of reach on a phone.
        scrolling = self.page.evaluate(
            """() => [...document.querySelectorAll("body *")]
                .filter(el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX)
                    && el.tagName !== "PRE" && el.scrollWidth > el.clientWidth + 1)
                .slice(0, 5).map(el => el.tagName + "." + el.className)"""
        )
        assert not scrolling, f"a box scrolls sideways on {self.page.url}: {scrolling}"

    def screenshot(self, name, full_page=True):
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}-{self.size}.png"
        self.page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page):
    """axe-core's violations on the page, WCAG 2.1 A/AA and best practices."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern:
    # the policy stays strict while axe runs (a <script> tag would be refused).
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE + "\n;undefined")
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({
                    target: n.target.join(" "), summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )


def assert_accessible(page, name):
    violations = axe_violations(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    for violation in violations:
        if violation not in failing:
            print(f"axe ({name}, {violation['impact']}): {violation['id']}: {violation['help']}")
    assert not failing, f"axe found on {name} ({page.url}):\n" + json.dumps(failing, indent=1)


def log_in(page, username, next_url):
    """Logs in through the login form (users of data.user_with_role); waits for `next_url`."""
    from .data import PASSWORD

    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_url}")
