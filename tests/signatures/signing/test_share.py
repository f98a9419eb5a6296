"""The thank-you page asks others to sign; the letter page previews well when shared."""

from urllib.parse import quote_plus

from django.urls import reverse

from letters.models import LetterVersion
from tests.signatures.signing.helpers import thanks_url


def test_the_thank_you_page_has_the_count_and_plain_share_links(client, letter, make_signature):
    make_signature(letter, "Casa Monarca")
    make_signature(letter, "Ana Hurtado", kind="individual")

    html = client.get(thanks_url(letter)).content.decode()
    address = f"http://testserver/letters/{letter.slug}/"

    assert "1 organization" in html and "1 individual" in html
    assert f"https://wa.me/?text=Letter+on+asylum+restrictions+{quote_plus(address)}" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=" + quote_plus(address) in html
    assert "mailto:?subject=Letter%20on%20asylum%20restrictions" in html
    assert "<script" not in html  # no third-party widgets
    assert "keep it" in html  # the manage-link notice


def test_the_letter_page_has_open_graph_and_twitter_tags(client, letter):
    LetterVersion.objects.filter(letter=letter, language="en").update(
        body='We "ask" you to **act** & <script>x()</script> protect asylum.'
    )

    html = client.get(reverse("public:letter", args=[letter.slug])).content.decode()

    assert '<meta property="og:title" content="Letter on asylum restrictions">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="http://testserver/letters/{letter.slug}/">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    # The description is plain text, escaped once: a quote cannot end the attribute.
    assert (
        '<meta property="og:description" content="We &quot;ask&quot; you to act &amp; '
        'protect asylum.">'
    ) in html
