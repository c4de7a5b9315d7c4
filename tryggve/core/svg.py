"""SVG logos cut down to a drawing: parsed as XML and rebuilt from an allow-list.

A logo is shown to every visitor, and an SVG can carry scripts, event handlers, links to
`javascript:` (also spelled with character references, which a byte pattern misses), and
foreign HTML. Instead of looking for what is bad, the logo is parsed with expat (namespace-aware:
an element counts by its namespace and local name, whatever prefix it is written with) and only
known drawing elements and attributes are kept; the cleaned file is what is stored.

A DOCTYPE with its own declarations (entities: "billion laughs", external files) is refused, as
is anything that is not well-formed XML or whose outermost element is not SVG's `<svg>`.
"""

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# Static drawing only: no script, foreignObject, image, feImage, iframe, animate or set (which
# can rewrite an attribute into a javascript: link), no fonts or cursors that fetch files.
ELEMENTS = {
    "svg", "g", "a", "defs", "desc", "title", "symbol", "use", "switch", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
    "feSpotLight", "feTile", "feTurbulence",
}  # fmt: skip

# Attributes without a namespace: geometry, presentation, text and filter parameters. No event
# handlers (on…), no src, no external references.
ATTRIBUTES = {
    "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "version",
    "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "fx", "fy", "fr", "d", "points", "pathLength",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "color", "display", "visibility", "overflow",
    "clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits", "maskContentUnits",
    "filter", "filterUnits", "primitiveUnits", "gradientUnits", "gradientTransform",
    "spreadMethod", "offset", "stop-color", "stop-opacity",
    "patternUnits", "patternContentUnits", "patternTransform",
    "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits",
    "refX", "refY", "orient",
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch",
    "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift",
    "letter-spacing", "word-spacing", "text-decoration", "writing-mode", "direction",
    "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset", "method", "spacing",
    "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
    "color-interpolation-filters", "paint-order", "vector-effect", "mix-blend-mode",
    "isolation", "enable-background", "flood-color", "flood-opacity", "lighting-color",
    "in", "in2", "result", "stdDeviation", "mode", "type", "values", "operator",
    "k1", "k2", "k3", "k4", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles",
    "scale", "xChannelSelector", "yChannelSelector", "tableValues", "slope", "intercept",
    "amplitude", "exponent", "order", "kernelMatrix", "divisor", "bias", "targetX", "targetY",
    "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale", "specularConstant",
    "specularExponent", "diffuseConstant", "azimuth", "elevation", "z",
    "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle",
    "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "lang",
    "requiredFeatures", "systemLanguage",
}  # fmt: skip
HREFS = {"href", f"{{{XLINK}}}href"}
NAMESPACED = {f"{{{XML}}}space": "xml:space", f"{{{XML}}}lang": "xml:lang", f"{{{XLINK}}}href": "xlink:href"}

_URL = re.compile(r"url\(\s*['\"]?\s*(.?)", re.IGNORECASE)
_CSS_RISKS = re.compile(r"\\|@import|expression\s*\(|javascript:", re.IGNORECASE)


# Far more than any drawing program writes; well within Python's recursion limit for the walks.
MAX_DEPTH = 100


class _TooDeep(Exception):
    """Elements nested more than MAX_DEPTH levels."""


class _Declarations(Exception):
    """The document declares entities (or has a DOCTYPE with its own declarations)."""


def _qname(name: str) -> str:
    """expat's "namespace local" as ElementTree's "{namespace}local"."""
    namespace, _space, local = name.rpartition(" ")
    return f"{{{namespace}}}{local}" if namespace else local


def _refuse_declarations(*_args: object) -> None:
    raise _Declarations


def _refuse_external_entity(*_args: object) -> int:
    raise _Declarations


def _refuse_internal_subset(_name: str, _system: str | None, _public: str | None, internal: int) -> None:
    # A bare <!DOCTYPE svg PUBLIC …> (older Illustrator exports) declares nothing; expat never
    # reads the external DTD. A DOCTYPE with [ … ] can declare entities: refused.
    if internal:
        raise _Declarations


def _parse(data: bytes) -> ET.Element:
    parser = expat.ParserCreate(namespace_separator=" ")
    builder = ET.TreeBuilder()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_internal_subset
    parser.EntityDeclHandler = _refuse_declarations
    parser.SkippedEntityHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_external_entity
    depth = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooDeep
        builder.start(_qname(name), {_qname(key): value for key, value in attributes.items()})

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        builder.end(_qname(name))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except _Declarations as error:
        raise ValidationError(
            _("The SVG logo declares entities or a DOCTYPE of its own; save it again without them."),
            code="svg_declarations",
        ) from error
    except _TooDeep as error:
        raise ValidationError(
            _("The SVG logo nests its elements more than %(depth)s levels deep; simplify the drawing."),
            code="svg_too_deep",
            params={"depth": MAX_DEPTH},
        ) from error
    except expat.ExpatError as error:
        raise ValidationError(
            _("The SVG logo is not well-formed XML (line %(line)s); save it again from the drawing program."),
            code="svg_not_xml",
            params={"line": error.lineno},
        ) from error
    root = builder.close()
    if root.tag != f"{{{SVG}}}svg":
        raise ValidationError(
            _("The file is not an SVG image: its outermost element must be <svg> in the SVG namespace."),
            code="svg_root",
        )
    return root


def _only_local_urls(value: str) -> bool:
    """Every url(…) in the value points into the document itself (url(#gradient))."""
    return all(match.group(1) == "#" for match in _URL.finditer(value))


def _safe_css(css: str) -> bool:
    return _only_local_urls(css) and not _CSS_RISKS.search(css)


def _keep_attribute(name: str, value: str) -> bool:
    if name in HREFS:
        return value.strip().startswith("#")
    if name not in ATTRIBUTES and name not in NAMESPACED:
        return False
    return _safe_css(value) if name == "style" else _only_local_urls(value)


def _remove(parent: ET.Element, child: ET.Element) -> None:
    """Take out the child and everything in it, keeping the text that followed it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _clean(element: ET.Element) -> None:
    for name in list(element.attrib):
        if not _keep_attribute(name, element.attrib[name]):
            del element.attrib[name]
    for child in list(element):
        tag = str(child.tag)
        local = tag[len(SVG) + 2 :] if tag.startswith(f"{{{SVG}}}") else None
        if local not in ELEMENTS or (local == "style" and not _safe_css(child.text or "")):
            _remove(element, child)
        else:
            _clean(child)


def _write(element: ET.Element, out: list[str], root: bool = False) -> None:
    tag = str(element.tag)[len(SVG) + 2 :]
    out.append(f"<{tag}")
    if root:
        out.append(f' xmlns="{SVG}" xmlns:xlink="{XLINK}"')
    for name, value in element.items():
        out.append(f" {NAMESPACED.get(name, name)}={quoteattr(value)}")
    if not len(element) and not element.text:
        out.append("/>")
    else:
        out.append(">" + escape(element.text or ""))
        for child in element:
            _write(child, out)
            out.append(escape(child.tail or ""))
        out.append(f"</{tag}>")


def clean_svg(data: bytes) -> bytes:
    """The SVG with only its drawing left, as UTF-8; ValidationError if it is not an SVG."""
    root = _parse(data)
    _clean(root)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, out, root=True)
    return "".join(out).encode()
