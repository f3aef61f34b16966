"""Pages of a list on an HTML page: the page and the links to its neighbours (templates/_pager.html).

A page may hold several lists, each with its own page parameter; moving one list keeps the others' pages.
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


@dataclass(frozen=True)
class Pager:
    page: Page
    previous_url: str
    next_url: str


def pager(request: HttpRequest, page: Page, param: str = "page", anchor: bool = False) -> Pager:
    """The links to the neighbouring pages of one list (the other lists keep their page); with `anchor` the links
    jump back to the list (an element whose id is `param`), where a page holds several lists."""
    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}" + (f"#{param}" if anchor else "")

    return Pager(page=page, previous_url=url(page.previous_page_number()) if page.has_previous() else "",
                 next_url=url(page.next_page_number()) if page.has_next() else "")


def paged(request: HttpRequest, rows: Any, per_page: int, param: str = "page") -> Pager:
    """One page of `rows` (a queryset or list) as the request asks for it, with its pager."""
    return pager(request, Paginator(rows, per_page).get_page(request.GET.get(param)), param)
