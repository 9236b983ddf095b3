//! The audit plan in words: how many cases to audit in each group next period for
//! the precision `monitoring.audit.target` asks, keeping the current rates and with
//! Neyman's allocation, and where the formula comes from.

use crate::input::context::AuditTarget;
use crate::model::monitoring::{AuditPlan, Group};
use crate::model::report::Report;
use crate::present::format::{count, per_day};
use crate::present::monitoring::{positives, share};

/// Paragraphs, table columns and rows (the last row the totals).
pub(super) type PlanParts = (Vec<String>, Vec<String>, Vec<Vec<String>>);

pub(super) fn plan_view(plan: &AuditPlan, report: &Report) -> PlanParts {
    let b = &report.business;
    let days = plan.days;
    let asked = match plan.target {
        AuditTarget::MissedPerDay(d) => format!(
            "the {} missed a day within ±{} (now {} a day)",
            positives(b),
            per_day(d),
            per_day(plan.estimate)
        ),
        AuditTarget::MissRate(relative) => format!(
            "the miss rate within ±{} of itself (now {}, so ±{} points)",
            share(relative),
            share(plan.estimate),
            share(plan.half_width).trim_end_matches('%')
        ),
    };
    let now = plan.current_half_width.map_or_else(
        || "cannot be said (a group that matters was not audited)".to_owned(),
        |h| match plan.target {
            AuditTarget::MissedPerDay(_) => format!("±{} a day", per_day(h)),
            AuditTarget::MissRate(_) => format!("±{} points", share(h).trim_end_matches('%')),
        },
    );
    let mut paragraphs = vec![format!(
        "To know {asked} over a period like this one ({} days), audit these numbers of cases. This period's audit gives {now}. Planned with this audit's shares of {}: {} among flagged and {} among unflagged cases.",
        per_day(days),
        positives(b),
        share(plan.groups[0].expected_share),
        share(plan.groups[1].expected_share),
    )];
    let neyman = plan.neyman_total();
    paragraphs.push(match plan.current_total() {
        Some(current) if current > neyman => format!(
            "Neyman's allocation needs {} labels instead of {} with the current rates: {} fewer ({} fewer a day).",
            count(neyman as f64),
            count(current as f64),
            count((current - neyman) as f64),
            per_day((current - neyman) as f64 / days)
        ),
        Some(current) => format!(
            "The current rates already need no more labels than Neyman's allocation ({} against {}).",
            count(current as f64),
            count(neyman as f64)
        ),
        None => "The current rates never audit a group the target depends on, so no number of labels at those rates reaches it; Neyman's allocation does.".to_owned(),
    });
    paragraphs.push("How: each group's share of positives is estimated from a simple random sample of its cases, so the estimate's variance is V = Σ a²·N²·S²·(1/n − 1/N) over the two groups, with N cases, n audited, S² = N/(N − 1)·P(1 − P) and a the group's weight in the quantity (for the miss rate, its linearisation). The current design scales both groups' audit rates by one factor until 1.96·√V is the asked ±; Neyman's allocation, n ∝ a·N·S, gives the fewest labels for it (Cochran, Sampling Techniques, 3rd ed., 1977, eqs. 5.6 and 5.26, §5.5 and §5.8). A group that would need more cases than it holds is audited in full. The sizes are for simple random samples within each group; a draw by score band (tradeoff monitor --audit-sample) puts more of them where the misses are and needs fewer for the same precision.".to_owned());
    let columns = [
        "Group",
        "Cases",
        "Share of positives",
        "Audited now",
        "Keeping the current rates",
        "Fewest labels (Neyman)",
    ]
    .map(str::to_owned)
    .to_vec();
    let sized = |n: u64| format!("{} ({} a day)", count(n as f64), per_day(n as f64 / days));
    let mut rows: Vec<Vec<String>> = plan
        .groups
        .iter()
        .map(|g| {
            vec![
                match g.group {
                    Group::Flagged => "Flagged".to_owned(),
                    Group::NotFlagged => "Not flagged".to_owned(),
                },
                count(g.cases as f64),
                share(g.expected_share),
                count(g.audited as f64),
                g.current_design.map_or_else(|| "–".to_owned(), sized),
                sized(g.neyman),
            ]
        })
        .collect();
    rows.push(vec![
        "Total".to_owned(),
        count(plan.groups.iter().map(|g| g.cases as f64).sum()),
        String::new(),
        count(plan.groups.iter().map(|g| g.audited as f64).sum()),
        plan.current_total().map_or_else(|| "–".to_owned(), sized),
        sized(neyman),
    ]);
    (paragraphs, columns, rows)
}
