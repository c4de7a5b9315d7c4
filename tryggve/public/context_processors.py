from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def language_links(request: HttpRequest) -> dict[str, object]:
    """The same page in the site's other languages, for the language switch."""
    current = get_language()
    links = []
    # Views with content in more languages (the survey) widen the offer.
    offered = getattr(request, "content_languages", settings.SITE_LANGUAGES)
    for code in offered:
        if code == current:
            continue
        info = get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": translate_url(request.path, code)})
    return {"language_links": links}
