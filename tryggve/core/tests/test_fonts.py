from fontTools.ttLib import TTFont

from tryggve.core.fonts import font_files


def test_the_servers_font_draws_swedish_and_arabic_letters():
    # The report's PDF and the invented map's place names (Vallås, Söndrum) are drawn with it.
    for path in font_files().values():
        cmap = TTFont(path).getBestCmap()
        assert all(ord(letter) in cmap for letter in "åäöÅÄÖéü"), path
        assert all(ord(letter) in cmap for letter in "الأمنتقرير"), path
