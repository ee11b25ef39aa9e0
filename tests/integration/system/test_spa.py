"""The backend serves the built web app at / with client-side-route fallback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from litestar.testing import AsyncTestClient

from app.asgi import create_app
from app.lib.settings import Settings


def _build(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=root></div>")
    (dist / "assets" / "app-1234.js").write_text("console.log('app')")
    (dist / "favicon.svg").write_text("<svg/>")
    return dist


async def test_the_app_is_served_with_fallback_and_api_prefixes_stay_api(
    settings: Settings, tmp_path: Path
) -> None:
    app = create_app(replace(settings, spa_dir=_build(tmp_path)))
    async with AsyncTestClient(app=app) as client:
        root = await client.get("/")
        assert root.status_code == 200
        assert "id=root" in root.text
        deep = await client.get("/users?page=2")
        assert deep.status_code == 200
        assert "id=root" in deep.text
        asset = await client.get("/assets/app-1234.js")
        assert asset.text == "console.log('app')"
        assert "immutable" in asset.headers["cache-control"]
        assert asset.headers["content-type"].startswith(
            ("text/javascript", "application/javascript")
        )
        assert "attachment" not in asset.headers.get("content-disposition", "")
        assert (await client.get("/favicon.svg")).text == "<svg/>"
        escape = await client.get("/..%2F..%2Fetc%2Fpasswd")
        assert "root:" not in escape.text
        api = await client.get("/api/v1/nothing-here")
        assert api.status_code == 404
        assert api.headers["content-type"] == "application/problem+json"
        assert (await client.get("/health")).json()["status"] == "ok"


async def test_without_a_build_nothing_is_served_at_the_root(
    settings: Settings, tmp_path: Path
) -> None:
    app = create_app(replace(settings, spa_dir=tmp_path / "missing"))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/")).status_code == 404
