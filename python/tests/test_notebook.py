"""The page in a notebook: executed in Jupyter (nbclient, ipykernel), the output
cell holds the report in a sandboxed ``<iframe srcdoc>``; the notebook exported
to HTML (nbconvert) and opened in headless Chromium shows the page, its
Content-Security-Policy still blocks injected scripts, and meeting mode's
threshold control moves the page. Screenshot: $TRADEOFF_SHOTS/notebook.png."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def notebook(tmp_path: Path) -> Any:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import tradeoff\nimport polars as pl"),
        nbformat.v4.new_code_cell(
            f"df = pl.read_csv({str(ROOT / 'samples/fraud/eval.csv')!r})\n"
            f"report = tradeoff.report(df, {str(ROOT / 'samples/fraud/context.yaml')!r})\n"
            "report"
        ),
    ]
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


class Browser:
    """Headless Chromium driven over the DevTools protocol (websocket-client)."""

    def __init__(self, profile: Path) -> None:
        import websocket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--hide-scrollbars", "--window-size=1280,2000", f"--remote-debugging-port={port}",
             # The sandboxed frame stays in the page's process, so it is in the
             # page's frame tree (site isolation would give it a target of its own).
             "--disable-site-isolation-trials", "--disable-features=IsolateOrigins,site-per-process",
             f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                page = next(t for t in tabs if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.1)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list = []

    def send(self, method: str, **params: Any) -> Dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]
            self.events.append(message)

    def close(self) -> None:
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)


def test_the_report_shows_in_a_notebook_and_its_control_moves_it(tmp_path: Path) -> None:
    nb = notebook(tmp_path)
    outputs = nb.cells[1].outputs
    assert len(outputs) == 1 and outputs[0].output_type == "execute_result"
    shown = outputs[0].data["text/html"]
    assert shown.startswith("<iframe ") and 'sandbox="allow-scripts"' in shown
    if CHROMIUM is None:
        if os.environ.get("TRADEOFF_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (TRADEOFF_REQUIRE_BROWSER) but not found")
        pytest.skip("no Chromium")
    pytest.importorskip("websocket")
    from nbconvert import HTMLExporter

    exported = tmp_path / "notebook.html"
    exported.write_text(HTMLExporter().from_notebook_node(nb)[0], encoding="utf-8")
    browser = Browser(tmp_path / "profile")
    try:
        browser.send("Page.enable")
        browser.send("Runtime.enable")
        browser.send("Log.enable")
        # Offline: the exported notebook's CDN scripts (require.js, MathJax) are
        # refused at once instead of holding up the page.
        browser.send("Network.enable")
        browser.send("Network.setBlockedURLs", urls=["http://*", "https://*"])
        browser.send("Page.navigate", url=exported.as_uri())
        context = None
        for _ in range(300):
            browser.send("Runtime.evaluate", expression="1")
            tree = browser.send("Page.getFrameTree")["frameTree"]
            frames = tree.get("childFrames", [])
            contexts = [e["params"]["context"] for e in browser.events
                        if e.get("method") == "Runtime.executionContextCreated"]
            if frames:
                # The report's frame's own world: the page's scripts run there.
                frame_id = frames[0]["frame"]["id"]
                context = next((c["id"] for c in contexts if c.get("auxData", {}).get("frameId") == frame_id
                                and c["auxData"].get("isDefault")), None)
            if context is not None:
                break
            time.sleep(0.1)
        assert len(frames) == 1, tree
        assert context is not None
        time.sleep(1)

        def in_frame(expression: str) -> Any:
            result = browser.send("Runtime.evaluate", expression=expression, contextId=context,
                                  returnByValue=True, awaitPromise=True)
            return result["result"].get("value")

        headline = "document.querySelector('#headline p').textContent"
        before = in_frame(headline)
        assert before.startswith("With threshold 0.50 ")
        # The frame was sized to fit its page (the page posted its height).
        height = browser.send("Runtime.evaluate", returnByValue=True,
                              expression="document.querySelector('iframe').getBoundingClientRect().height")
        page_height = in_frame("document.documentElement.scrollHeight")
        assert abs(height["result"]["value"] - page_height) < 10, (height, page_height)
        # The Content-Security-Policy holds inside the frame: a script added to the
        # page does not run, and no script of the page was refused.
        assert in_frame("(() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
                        " document.body.appendChild(s); return window.injected === undefined; })()")
        refused = [e for e in browser.events if e.get("method") == "Log.entryAdded"
                   and "Content Security Policy" in e["params"]["entry"]["text"]]
        assert len(refused) == 1, refused  # the injected one, only
        # Meeting mode: the threshold control moves the page.
        in_frame("(() => { const f = document.getElementById('threshold'); f.value = '0.3';"
                 " f.dispatchEvent(new Event('change')); })()")
        after = in_frame(headline)
        assert after.startswith("With threshold 0.30 "), after
        assert in_frame("document.getElementById('threshold').value") == "0.30"
        in_frame("document.getElementById('threshold-slider').scrollIntoView()")
        shots = Path(os.environ.get("TRADEOFF_SHOTS", tmp_path))
        shots.mkdir(parents=True, exist_ok=True)
        png = browser.send("Page.captureScreenshot", format="png")["data"]
        (shots / "notebook.png").write_bytes(base64.b64decode(png))
    finally:
        browser.close()
