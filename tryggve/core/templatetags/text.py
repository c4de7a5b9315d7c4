"""Site-wide text filters: every page's plain texts (paragraphs separated by blank lines)."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain text with blank lines between paragraphs, escaped, as <p> elements."""
    blocks = [" ".join(block.split()) for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return format_html_join("\n", "<p>{}</p>", ((block,) for block in blocks if block))
