//! The summary for a review document (`--markdown OUT.md`): GitHub-flavoured
//! markdown that reads well pasted into a pull request or a release ticket — the
//! headline, the per-day table at the named thresholds, the comparison with the
//! baseline, the gates with ✓/✗ and one provenance line. A pure function of the
//! report; no raw HTML, and every piece of user text goes through
//! `present::inert::markdown`, so it renders the same in any CommonMark renderer
//! with tables and nothing in it is markup.

use std::fmt::Write as _;

use crate::model::provenance::{GitState, Provenance};
use crate::model::release::Release;
use crate::model::report::{OperatingPoint, PointKind, Report};
use crate::present::comparison::{
    auc_difference, auc_with_range, candidate_name, comparison_headline, difference_with_range,
    gate_description, gate_limit, gate_value, gates_summary, matched_difference, matched_label,
    p_value, quantity_label, quantity_value,
};
use crate::present::decision::{decision_text, shown_thresholds};
use crate::present::format::{count, count_range, money, per_day, per_day_range, threshold};
use crate::present::inert::markdown as escape;
use crate::present::sentences::{capitalise, headline};
use crate::present::warnings::describe_target;
use crate::stats::quantity::Quantity;

/// The summary as markdown text, ending in a newline.
pub fn markdown_summary(report: &Report, release: &Release) -> String {
    let mut out = String::new();
    let title = escape(&report.title);
    let _ = writeln!(out, "## {title}\n");
    let mut byline: Vec<String> = report.model.iter().map(|m| escape(m)).collect();
    if let Some(c) = &release.comparison {
        byline = vec![format!(
            "{} against {}",
            escape(&candidate_name(report)),
            escape(&c.baseline_name)
        )];
    }
    byline.extend(report.owner.iter().map(|o| escape(o)));
    byline.push(report.date.format("%-d %B %Y").to_string());
    let _ = writeln!(out, "{}\n", byline.join(" · "));
    if !release.gates.is_empty() {
        let mark = if release.any_gate_failed() {
            "✗"
        } else {
            "✓"
        };
        let verdict = if release.any_gate_failed() {
            "Not passed"
        } else {
            "Passed"
        };
        let _ = writeln!(
            out,
            "**{mark} {verdict}: {}**\n",
            escape(
                &gates_summary(&release.gates)
                    .replacen("All", "all", 1)
                    .replacen("The one", "the one", 1)
            )
        );
        let failing: Vec<String> = (release.gates.iter())
            .filter(|g| !g.passed)
            .map(|g| {
                format!(
                    "- ✗ `{}`: {}, {} against a limit of {}.",
                    g.gate.name().replace('`', "'"),
                    escape(&gate_description(g, report)),
                    escape(&gate_value(g, report)),
                    escape(&gate_limit(g, report))
                )
            })
            .collect();
        if !failing.is_empty() {
            let _ = writeln!(out, "{}\n", failing.join("\n"));
        }
    }
    if let Some(c) = &release.comparison {
        let quoted: Vec<String> = comparison_headline(report, c)
            .iter()
            .map(|sentence| format!("> {}", escape(sentence)))
            .collect();
        let _ = writeln!(out, "{}\n", quoted.join("\n>\n"));
    }
    decision_lines(&mut out, report);
    let _ = writeln!(
        out,
        "{}\n",
        escape(&headline(&report.current, &report.business))
    );
    per_day_table(&mut out, report);
    comparison_tables(&mut out, report, release);
    gates_table(&mut out, report, release);
    let _ = writeln!(out, "{}", provenance_line(&release.provenance));
    out
}

/// What to decide: the answer in bold, then why, as on the page's `#decision`.
fn decision_lines(out: &mut String, report: &Report) {
    let Some(d) = &report.decision else {
        return;
    };
    let thresholds = shown_thresholds(report, &[]);
    let text = decision_text(d, &report.business, &thresholds);
    let _ = writeln!(out, "### What to decide\n");
    let _ = writeln!(out, "**{}**\n", escape(&text.lead));
    for line in &text.details {
        let _ = writeln!(out, "- {}", escape(line));
    }
    out.push('\n');
}

fn per_day_table(out: &mut String, report: &Report) {
    let has_cost = report.business.costs.is_some();
    let _ = writeln!(out, "### A day at each threshold\n");
    let _ = write!(
        out,
        "| Operating point | Threshold | Flagged | Caught | Missed | False alarms |"
    );
    out.push_str(if has_cost { " Cost |\n" } else { "\n" });
    out.push_str("|---|---:|---:|---:|---:|---:|");
    out.push_str(if has_cost { "---:|\n" } else { "\n" });
    let currency = report.business.currency.as_deref();
    // The page's digits: counts per day as the page writes them (`9.9`, `8.5–17`)
    // and each threshold with the digits that tell it from the others shown.
    let thresholds = shown_thresholds(report, &[]);
    for point in report.operating_points() {
        let day = &point.per_day;
        let with_range = |e: crate::stats::interval::Estimate| {
            format!("{} ({})", per_day(e.value), per_day_range(e.low, e.high))
        };
        let _ = write!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            point_name(point),
            thresholds.show(point.threshold),
            with_range(day.flagged),
            with_range(day.caught),
            with_range(day.missed),
            with_range(day.false_alarms),
        );
        if let (true, Some(cost)) = (has_cost, day.cost) {
            let _ = write!(
                out,
                " {} ({}) |",
                escape(&money(cost.value, currency)),
                count_range(cost.low, cost.high)
            );
        }
        out.push('\n');
    }
    out.push('\n');
}

/// The operating point's name, bold for the current threshold.
fn point_name(point: &OperatingPoint) -> String {
    match &point.kind {
        PointKind::Current => "**current**".to_owned(),
        PointKind::Candidate(name) => escape(name),
        PointKind::Target(t) => escape(&describe_target(t)),
        PointKind::Capacity(c) => format!("capacity ({} a day)", count(*c)),
        PointKind::Meeting => "what if".to_owned(),
    }
}

fn comparison_tables(out: &mut String, report: &Report, release: &Release) {
    let Some(c) = &release.comparison else { return };
    let (new, old) = (escape(&candidate_name(report)), escape(&c.baseline_name));
    let _ = writeln!(out, "### Against {old}\n");
    let o = &c.overlap;
    let _ = writeln!(
        out,
        "On the {} evaluation cases both models scored; every difference is {new} minus {old}, with its paired 95% range.\n",
        count(o.cases)
    );
    let _ = writeln!(out, "| | {new} | {old} | Difference |");
    let _ = writeln!(out, "|---|---:|---:|---|");
    if let (Some(a), Some(x), Some(y)) = (
        c.roc_auc,
        c.candidate_metrics.roc_auc,
        c.baseline_metrics.roc_auc,
    ) {
        let _ = writeln!(
            out,
            "| ROC AUC | {} | {} | {} ({} to {}), {} |",
            auc_with_range(x, c.candidate_auc_interval),
            auc_with_range(y, c.baseline_auc_interval),
            auc_difference(a.difference),
            auc_difference(a.interval95.0),
            auc_difference(a.interval95.1),
            a.p_value.map_or_else(|| "no p-value".to_owned(), p_value)
        );
    }
    if let (Some(x), Some(y)) = (
        c.candidate_metrics.average_precision,
        c.baseline_metrics.average_precision,
    ) {
        let _ = writeln!(
            out,
            "| Average precision | {} | {} | {} |",
            auc_with_range(x, c.average_precision.map(|a| a.a)),
            auc_with_range(y, c.average_precision.map(|a| a.b)),
            c.average_precision.map_or_else(
                || auc_difference(x - y),
                |a| format!("{}, paired bootstrap", difference_with_range(a.difference)),
            )
        );
    }
    if let Some(p) = c.average_precision.and_then(|a| a.partial_auc) {
        let _ = writeln!(
            out,
            "| Partial ROC AUC, false-positive rate {}–{} | {} | {} | {}, {} |",
            crate::present::format::percent(p.fpr_range.0),
            crate::present::format::percent(p.fpr_range.1),
            auc_with_range(p.a.value, Some(p.a)),
            auc_with_range(p.b.value, Some(p.b)),
            difference_with_range(p.difference),
            p.p_value.map_or_else(|| "no p-value".to_owned(), p_value)
        );
    }
    out.push('\n');
    let quantities: Vec<Quantity> = Quantity::COMPARED
        .into_iter()
        .filter(|q| report.business.costs.is_some() || *q != Quantity::Cost)
        .collect();
    let _ = write!(out, "| Matched on | Thresholds |");
    for q in &quantities {
        let _ = write!(out, " {} |", escape(&capitalise(quantity_label(*q))));
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---:|".repeat(quantities.len()));
    out.push('\n');
    for m in &c.matched {
        let _ = write!(
            out,
            "| {} | {} / {} |",
            escape(&capitalise(&matched_label(m, c))),
            threshold(m.candidate.threshold),
            threshold(m.baseline.threshold)
        );
        for &q in &quantities {
            let _ = write!(
                out,
                " {}: {} vs {} |",
                escape(&matched_difference(m, q, report).unwrap_or_default()),
                escape(&quantity_value(&m.candidate, q, report).unwrap_or_default()),
                escape(&quantity_value(&m.baseline, q, report).unwrap_or_default()),
            );
        }
        out.push('\n');
    }
    out.push('\n');
    segment_table(out, c);
}

fn gates_table(out: &mut String, report: &Report, release: &Release) {
    if release.gates.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Gates\n");
    let _ = writeln!(out, "| | Gate | Value | Limit |");
    let _ = writeln!(out, "|---|---|---:|---:|");
    for g in &release.gates {
        let _ = writeln!(
            out,
            "| {} | `{}` — {} | {} | {} |",
            match (g.verdict, g.passed) {
                (crate::model::gates::Verdict::Inconclusive, _) => "?",
                (_, true) => "✓",
                (_, false) => "✗",
            },
            g.gate.name(),
            escape(&gate_description(g, report)),
            escape(&gate_value(g, report)),
            escape(&gate_limit(g, report)),
        );
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{}\n",
        escape(crate::present::comparison::MULTIPLICITY)
    );
}

/// The comparison by segment: one table, a row per value shown, the values where
/// the candidate is worse beyond chance (after Holm) first named.
fn segment_table(out: &mut String, c: &crate::model::comparison::Comparison) {
    if c.segments.is_empty() {
        return;
    }
    let _ = writeln!(out, "#### By segment\n");
    let worse: Vec<String> = (c.segments.iter())
        .flat_map(|s| {
            s.values
                .iter()
                .filter(|v| v.worse())
                .map(move |v| format!("{} = {}", escape(&s.column), escape(&v.name)))
        })
        .collect();
    let _ = writeln!(
        out,
        "Caught a day at {} and ROC AUC within each value, with paired 95% ranges; p-values Holm-adjusted across the values of a column. Worse beyond chance: {}.\n",
        c.matched_by(crate::input::context::MatchRule::FlaggedPerDay)
            .map_or_else(String::new, |m| escape(&matched_label(m, c))),
        if worse.is_empty() {
            "none".to_owned()
        } else {
            worse.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "| Segment | Caught a day | Holm p | ROC AUC difference | Holm p |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    for s in &c.segments {
        let rows = s.values.iter().map(|v| (v, escape(&v.name))).chain(
            s.other
                .iter()
                .map(|(n, v)| (v, format!("{} other values", count(*n as f64)))),
        );
        for (v, name) in rows {
            let na = || "–".to_owned();
            let _ = writeln!(
                out,
                "| {}{} = {}{} | {} | {} | {} | {} |",
                if v.worse() { "**" } else { "" },
                escape(&s.column),
                name,
                if v.worse() { "**" } else { "" },
                v.caught.map_or_else(na, |e| escape(
                    &crate::present::comparison::signed_with_range(e.value, &e, None)
                )),
                v.caught_p_holm.map_or_else(na, p_value),
                v.roc_auc.map_or_else(na, |a| difference_with_range(
                    crate::stats::interval::Estimate {
                        value: a.difference,
                        low: a.interval95.0,
                        high: a.interval95.1,
                    }
                )),
                v.roc_auc_p_holm.map_or_else(na, p_value),
            );
        }
    }
    out.push('\n');
}

/// One line: the tool, each input's SHA-256 and the context file's commit.
fn provenance_line(p: &Provenance) -> String {
    let mut parts = vec![format!("tradeoff {}", escape(&p.tool_version))];
    for file in &p.inputs {
        parts.push(format!(
            "{} {} (SHA-256 `{}`)",
            escape(&file.role.to_lowercase()),
            escape(&file.path),
            file.sha256
        ));
    }
    parts.push(match &p.context_git {
        None => "context not in a git work tree".to_owned(),
        Some(GitState::Untracked) => "context never committed".to_owned(),
        Some(GitState::Committed { commit, modified }) => format!(
            "context last changed in commit `{commit}`{}",
            if *modified {
                " (with uncommitted changes)"
            } else {
                ""
            }
        ),
    });
    format!("*Provenance:* {}.", parts.join(" · "))
}
