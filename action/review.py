"""The release review of the `tradeoff` GitHub action (action.yml): runs
``tradeoff report CONTEXT --check`` and hands its results to the job.

Standard library only; configured by the environment a runner gives a step
(tested locally with the same variables and a fake ``gh``: python/tests/test_action.py):

    INPUT_CONTEXT       the business-context YAML (required)
    INPUT_OUTPUT_DIR    where the page, JSON and markdown go (default tradeoff-review)
    INPUT_COMMENT       "true": post the markdown as one pull-request comment,
                        updated in place on later runs (needs GH_TOKEN)
    INPUT_TRADEOFF      the command to run (default ``tradeoff``)
    GITHUB_STEP_SUMMARY the job summary file: the markdown is appended to it
    GITHUB_OUTPUT       the step's outputs: page, json, markdown, gates-passed
    GITHUB_EVENT_PATH, GITHUB_REPOSITORY   the pull request to comment on

Exit status: 0 when the report was made and every gate passed; 1 when a gate
failed (an ``::error::`` line names each) or the report could not be made (an
``::error::`` line carries tradeoff's message).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

MARKER = "<!-- tradeoff-release-review -->"
"""Opens the pull-request comment this action owns, so a later run updates it."""


def escape(text: str) -> str:
    """Text as a workflow command's message (``%``, CR and LF escaped)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def failed_gates(summary: Dict[str, Any], stdout: str) -> List[str]:
    """One line per failed gate: its name and what the command printed for it."""
    lines = []
    printed = {
        line.split(":", 1)[0][len("gate ") :]: line
        for line in stdout.splitlines()
        if line.startswith("gate ")
    }
    for gate in summary.get("gates") or []:
        if not gate.get("passed", True):
            lines.append(printed.get(gate["name"], f"gate {gate['name']}: {gate.get('verdict', 'failed')}"))
    return lines


def pull_request() -> Optional[int]:
    """The pull request's number, from the event that started the workflow."""
    event = os.environ.get("GITHUB_EVENT_PATH")
    if not event or not Path(event).is_file():
        return None
    payload = json.loads(Path(event).read_text(encoding="utf-8"))
    number = (payload.get("pull_request") or {}).get("number")
    if number is None and "pull_request" in (payload.get("issue") or {}):
        number = payload["issue"].get("number")
    return int(number) if number is not None else None


def comment(markdown: Path) -> None:
    """Posts the markdown on the pull request, or updates this action's comment."""
    number = pull_request()
    repository = os.environ.get("GITHUB_REPOSITORY")
    if number is None or not repository:
        print("::notice::not a pull request: no comment posted")
        return
    body = markdown.parent / "comment.md"
    body.write_text(MARKER + "\n" + markdown.read_text(encoding="utf-8"), encoding="utf-8")
    found = subprocess.run(
        ["gh", "api", "--paginate", f"repos/{repository}/issues/{number}/comments",
         "--jq", f'.[] | select(.body | startswith("{MARKER}")) | .id'],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    if found:
        subprocess.run(["gh", "api", "--method", "PATCH",
                        f"repos/{repository}/issues/comments/{found[0]}",
                        "-F", f"body=@{body}"], check=True, stdout=subprocess.DEVNULL)
    else:
        subprocess.run(["gh", "api", "--method", "POST",
                        f"repos/{repository}/issues/{number}/comments",
                        "-F", f"body=@{body}"], check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    context = os.environ.get("INPUT_CONTEXT", "").strip()
    if not context:
        print("::error::the action's `context` input is required: the business-context YAML")
        return 1
    out = Path(os.environ.get("INPUT_OUTPUT_DIR") or "tradeoff-review")
    out.mkdir(parents=True, exist_ok=True)
    page, summary_file, markdown = out / "report.html", out / "summary.json", out / "summary.md"
    command = shlex.split(os.environ.get("INPUT_TRADEOFF") or "tradeoff")
    done = subprocess.run(
        [*command, "report", context, "--check", "--markdown", str(markdown),
         "--json", str(summary_file), "-o", str(page)],
        capture_output=True, text=True,
    )
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    if done.returncode not in (0, 3):
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "tradeoff failed"
        print(f"::error title=tradeoff report::{escape(message)}")
        return 1
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as f:
            f.write(markdown.read_text(encoding="utf-8") + "\n")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    failed = failed_gates(summary, done.stdout)
    outputs = os.environ.get("GITHUB_OUTPUT")
    if outputs:
        with open(outputs, "a", encoding="utf-8") as f:
            f.write(f"page={page}\njson={summary_file}\nmarkdown={markdown}\n")
            f.write(f"gates-passed={'true' if done.returncode == 0 else 'false'}\n")
    if os.environ.get("INPUT_COMMENT", "false").strip().lower() == "true":
        comment(markdown)
    if done.returncode == 3:
        for line in failed or ["a gate failed"]:
            print(f"::error title=tradeoff gate failed::{escape(line)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
