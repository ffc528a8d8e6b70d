"""Math in Debian's Chromium: MathML from the server, drawn with no JavaScript.

The screenshot goes to docs/math.png under `make screenshots`."""

import pytest

pytestmark = pytest.mark.browser

BODY = r"""二次方程的解：

$$
x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}
$$

旋转矩阵 $$R = \begin{pmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{pmatrix}$$ 保持长度。

$$\begin{matrix}a\end{pmatrix}$$
"""


def test_a_fraction_and_a_matrix_render_as_mathml(page, live_server, make_post, screenshots_dir):
    post = make_post(title="数学公式", body=BODY)
    page.set_viewport_size({"width": 900, "height": 700})
    page.goto(live_server.url + post.get_absolute_url())
    assert page.evaluate("document.scripts.length === 0 || [...document.scripts].every(s => !/math/i.test(s.src))")

    fraction = page.locator("math[display=block] mfrac").first
    numerator, denominator = fraction.locator(":scope > *").all()
    top, bottom = numerator.bounding_box(), denominator.bounding_box()
    assert top["y"] + top["height"] <= bottom["y"] + 1  # the numerator sits above the denominator
    assert fraction.bounding_box()["width"] > 100

    rows = page.locator("math mtable mtr").all()
    assert len(rows) == 2
    assert rows[1].bounding_box()["y"] > rows[0].bounding_box()["y"] + 5  # two rows, one under the other
    cells = rows[0].locator("mtd").all()
    assert cells[1].bounding_box()["x"] > cells[0].bounding_box()["x"] + 10  # two columns

    # TeX that cannot be converted shows as its source, not as an error.
    assert page.locator("pre.math-tex code").inner_text().strip() == r"\begin{matrix}a\end{pmatrix}"

    article = page.locator("article").first
    article.scroll_into_view_if_needed()
    page.locator("math").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / "math.png"), clip=_clip(page))


def _clip(page):
    box = page.locator("math[display=block]").first.bounding_box()
    top = max(0, box["y"] - 120)
    return {"x": 0, "y": top, "width": 900, "height": 420}
