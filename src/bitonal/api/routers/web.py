"""The demo page at ``/``: token, upload, original vs black-and-white, download."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    return HTMLResponse(files("bitonal.web").joinpath("index.html").read_text(encoding="utf-8"))
