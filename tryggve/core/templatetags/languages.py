from django import template

from tryggve.core.languages import in_language

register = template.Library()
register.filter("in_language", in_language)
