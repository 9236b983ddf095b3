"""The page inside a notebook: a sandboxed ``<iframe srcdoc>`` sized to fit."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import uuid

# Posts the page's height to the notebook, which sizes the frame to it. Added to
# the page with its hash in the page's Content-Security-Policy, so the policy
# stays as strict as it was: only the page's own scripts and this one run.
_POST_HEIGHT = (
    "(function(){var id=document.currentScript.dataset.frame;"
    "function post(){parent.postMessage({tradeoffFrame:id,"
    "height:document.documentElement.scrollHeight},'*');}"
    "addEventListener('load',post);"
    "if(window.ResizeObserver){new ResizeObserver(post).observe(document.documentElement);}})();"
)

# In the notebook: sets the frame's height when its page posts it. Where the
# notebook runs no scripts in outputs, the frame keeps its first height and can
# be resized by hand.
_LISTEN = (
    "(function(){var frame=document.getElementById('{id}');"
    "addEventListener('message',function(e){"
    "if(frame&&e.source===frame.contentWindow&&e.data&&e.data.tradeoffFrame==='{id}'){"
    "frame.style.height=Math.min(Math.max(e.data.height+4,200),20000)+'px';}});})();"
)


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def with_height_posted(page: str, frame_id: str) -> str:
    """``page`` with the script that posts its height, allowed by its policy."""
    policy = re.search(r'(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src )', page)
    if policy is None:
        return page
    rest = page[policy.end() :]
    if rest.startswith("'none'"):
        rest = rest[len("'none'") :]
    page = page[: policy.end()] + _script_hash(_POST_HEIGHT) + " " + rest.lstrip(" ")
    script = f'<script data-frame="{frame_id}">{_POST_HEIGHT}</script>'
    at = page.rfind("</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


def iframe(page: str, title: str) -> str:
    """The page as an ``<iframe srcdoc>`` for a notebook's output.

    ``sandbox="allow-scripts"`` and nothing more: the page's own scripts (the
    threshold control of meeting mode) run, in an opaque origin, so they cannot
    reach the notebook, its cookies or its kernel. The page's
    Content-Security-Policy still applies inside the frame.
    """
    frame_id = "tradeoff-" + uuid.uuid4().hex
    source = html.escape(with_height_posted(page, frame_id), quote=True)
    return (
        f'<iframe id="{frame_id}" title="{html.escape(title, quote=True)}" '
        f'sandbox="allow-scripts" srcdoc="{source}" '
        'style="width:100%;height:900px;border:1px solid #ccc;resize:vertical"></iframe>'
        f"<script>{_LISTEN.replace('{id}', frame_id)}</script>"
    )
