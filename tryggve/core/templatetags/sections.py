"""Long pages in parts a reader opens one at a time (issue 26), without JavaScript.

    {% section "del-karta" open %}<h2 id="karta">…</h2>{% sectionbody %}…{% endsection %}

renders a `<details class="section">` whose summary is the heading (a heading still, for screen
readers' lists of headings) and whose body carries the id the page's table of contents links to.
The link targets the body, not the heading: following a link to an element inside a closed
`<details>` opens it (the HTML standard's "ancestor details revealing"), with JavaScript off too.
`open` (or `open=expression`) shows the part open when the page loads.
"""

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


class SectionNode(template.Node):
    def __init__(
        self,
        target: list[FilterExpression],
        opened: FilterExpression | bool,
        summary: template.NodeList,
        body: template.NodeList,
    ) -> None:
        self.target = target
        self.opened = opened
        self.summary = summary
        self.body = body

    def render(self, context: template.Context) -> str:
        opened = self.opened if isinstance(self.opened, bool) else bool(self.opened.resolve(context))
        return format_html(
            '<details class="section"{}><summary>{}</summary>'
            '<div class="section-body" id="{}">{}</div></details>',
            SafeString(" open") if opened else "",
            SafeString(self.summary.render(context)),
            "".join(str(part.resolve(context)) for part in self.target),
            SafeString(self.body.render(context)),
        )


@register.tag
def section(parser: Parser, token: Token) -> SectionNode:
    """{% section "id" [more parts of the id…] [open | open=expression] %}
    heading{% sectionbody %}content{% endsection %}

    The parts of the id are joined: `{% section "del-i" forloop.counter %}` is `del-i1`, `del-i2`…"""
    bits = token.split_contents()[1:]
    opened: FilterExpression | bool = False
    if bits and bits[-1] == "open":
        opened = True
        bits = bits[:-1]
    elif bits and bits[-1].startswith("open="):
        opened = parser.compile_filter(bits[-1][len("open=") :])
        bits = bits[:-1]
    if not bits:
        raise template.TemplateSyntaxError('{% section "id" [open] %} needs the id of its body')
    summary = parser.parse(("sectionbody",))
    parser.delete_first_token()
    body = parser.parse(("endsection",))
    parser.delete_first_token()
    return SectionNode([parser.compile_filter(bit) for bit in bits], opened, summary, body)
