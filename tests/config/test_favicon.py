"""/favicon.ico: browsers and feed readers ask for it whatever the page says;
a 404 there shows as an error in every browser console (and costs Lighthouse
points)."""

import io

from PIL import Image

from tests.pagehtml import elements


def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO" and {(16, 16), (32, 32)} <= icon.info["sizes"]


def test_every_page_links_the_icon(client, seed):
    for path, status in (("/", 200), ("/2025/06/19/105626/", 200), ("/no/such/page/", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert elements(response.content.decode(), "link", rel="icon") == [{"rel": "icon", "href": "/favicon.ico"}]
