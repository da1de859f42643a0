"""The handout's QR code (plugin/frontend.py): our SVG writer gives segno's own bytes, faster."""

from __future__ import annotations

import segno

from xinyu.plugin.frontend import qr_data_uri, svg_data_uri


def test_qr_code_svg_is_segnos_byte_for_byte():
    # Addresses of every length a site makes (QR versions 1 to 15), sub-paths, Chinese and escaped characters.
    urls = [f"http://localhost:8000/xinyu/cases/{'a-b' * n}{n}/" for n in range(0, 120, 7)]
    urls += ["x", "https://内网服务器/心育/案例/一/", "http://h/?q=%E5%BF%83&a=1#top", "http://10.0.0.1:8080/cases/x/"]
    for url in urls:
        code = segno.make(url, error="m", micro=False, mask=0, boost_error=False)
        expected = code.svg_data_uri(border=4, omitsize=True, nl=False, xmldecl=False)
        assert svg_data_uri(code.matrix) == expected == qr_data_uri(url), url
    assert {segno.make(u, error="m", mask=0, micro=False).version for u in urls} >= {1, 7, 15}
