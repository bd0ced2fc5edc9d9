"""{% chart chart %}: a congress.dashboard.Chart as inline SVG
(congress.charts); {% chart chart links=False %} in PDFs."""

from django import template
from django.utils.safestring import SafeString

from congress.charts import chart_svg

register = template.Library()


@register.simple_tag
def chart(value, links: bool = True) -> SafeString:
    return chart_svg(value, links=links)
