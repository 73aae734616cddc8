"""{% form_token %}: the hidden field that lets a form sent twice create one row (actions.form_tokens)."""

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def form_token() -> SafeString:
    """A new token each time the form is shown; a resent copy of that form carries the same one."""
    return format_html('<input type="hidden" name="form_token" value="{}">', uuid.uuid4())
