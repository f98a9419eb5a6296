"""Reading pages the way a person reads them."""

import html as html_lib
import re


def entries(response):
    """The text of each listed signatory, in page order, whitespace collapsed."""
    html = response.content.decode()
    items = re.findall(r'<li class="signatory[^"]*">(.*?)</li>', html, flags=re.S)
    texts = []
    for item in items:
        # The country closes the entry: "Casa Monarca · México".
        item = re.sub(r'<span class="signatory-country".*', "", item, flags=re.S)
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", item))
        texts.append(re.sub(r"\s+", " ", text).strip())
    return texts
