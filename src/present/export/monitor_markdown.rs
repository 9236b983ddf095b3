//! `tradeoff monitor --markdown`: the monitoring page's essentials as markdown for a
//! review document or a ticket — the headline, the promises table, the drift by
//! week, the days outside the promised band, the advice and the warnings. A pure
//! function from the model to text; every piece of user text goes through
//! `present::inert::markdown`, so nothing in it is markup.

use std::fmt::Write as _;

use crate::model::monitoring::Monitoring;
use crate::model::report::Report;
use crate::present::format::{self, count};
use crate::present::inert::markdown as escape;
use crate::present::monitoring::{
    basis, dates, headline, p_value, psi, quantity_name, share, threshold_text, verdict_words,
    with_range,
};
use crate::present::sentences::capitalise;

/// The markdown summary, ending in a newline.
pub fn monitor_markdown(
    monitoring: &Monitoring,
    report: &Report,
    title: &str,
    date: &str,
) -> String {
    let m = monitoring;
    let b = &report.business;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(title));
    let _ = writeln!(
        out,
        "Production from {} held against the launch report's promises at threshold {}; made {date}.\n",
        dates(m.period.first_day, m.period.last_day),
        format::threshold(m.threshold)
    );
    for sentence in headline(m, b) {
        let _ = writeln!(out, "{}\n", escape(&sentence));
    }
    let _ = writeln!(out, "## Promises\n");
    if let Some(sentence) = crate::present::monitoring::arm::model_arm_sentence(m) {
        let _ = writeln!(out, "{}\n", escape(&sentence));
    }
    let _ = writeln!(
        out,
        "| Promise | Promised | Observed | Verdict | Observed from |"
    );
    let _ = writeln!(out, "|---|---:|---:|---|---|");
    for p in &m.promises {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&quantity_name(p.quantity, b)),
            escape(&with_range(p.quantity, &p.promised)),
            escape(
                &p.observed
                    .map_or_else(|| "–".to_owned(), |o| with_range(p.quantity, &o))
            ),
            verdict_words(p.verdict),
            escape(basis(m, p))
        );
    }
    if m.weeks.len() >= 2 {
        let _ = writeln!(
            out,
            "\n## Week by week\n\nEach promise on each 7-day period alone (↑ above the promise, ↓ below it; the value observed in brackets); {}.\n",
            escape(&crate::present::monitoring::periods_rule())
        );
        let _ = write!(out, "| Promise | Whole period |");
        for w in &m.weeks {
            let _ = write!(
                out,
                " Week {} ({}{}) |",
                w.number,
                crate::present::monitoring::week_dates(w.first_day, w.last_day),
                if w.is_short() { ", short" } else { "" }
            );
        }
        let _ = write!(out, "\n|---|---|");
        for _ in &m.weeks {
            out.push_str("---|");
        }
        out.push('\n');
        let cell = |p: &crate::model::monitoring::Promise| {
            let words = crate::present::monitoring::cell_words(p.outcome, p.verdict);
            let words = if p.outcome == crate::model::monitoring::Outcome::Worse {
                format!("**{words}**")
            } else {
                words
            };
            match p.observed {
                Some(o) => format!(
                    "{words} ({})",
                    crate::present::monitoring::value(p.quantity, o.value)
                ),
                None => words,
            }
        };
        for whole in &m.promises {
            let _ = write!(
                out,
                "| {} | {} |",
                escape(&quantity_name(whole.quantity, b)),
                cell(whole)
            );
            for w in &m.weeks {
                let text = (w.promises.iter())
                    .find(|p| p.quantity == whole.quantity)
                    .map_or_else(|| "cannot tell".to_owned(), cell);
                let _ = write!(out, " {text} |");
            }
            out.push('\n');
        }
    }
    let check = &m.days_check;
    let _ = write!(
        out,
        "\n## Days\n\nFlagged per day against the promised {}: {} of {} {} above it, {} below it (about {} expected outside by chance alone).",
        escape(&with_range(
            crate::stats::quantity::Quantity::Flagged,
            &check.band
        )),
        check.above_band.len(),
        m.days.len(),
        if m.days.len() == 1 { "day" } else { "days" },
        check.below_band.len(),
        count(check.expected_outside)
    );
    if let Some(capacity) = check.capacity {
        let _ = write!(
            out,
            " Over the capacity of {} on {} {}",
            count(capacity),
            check.over_capacity.len(),
            if check.over_capacity.len() == 1 {
                "day"
            } else {
                "days"
            }
        );
        let listed: Vec<String> = check
            .over_capacity
            .iter()
            .map(|&i| m.days[i].date.format("%-d %b").to_string())
            .collect();
        if listed.is_empty() {
            out.push('.');
        } else {
            let _ = write!(out, ": {}.", listed.join(", "));
        }
    }
    out.push('\n');
    if let Some(drift) = &m.drift {
        let _ = writeln!(out, "\n## Score drift\n");
        let _ = writeln!(
            out,
            "| Period | Cases | PSI | Kolmogorov–Smirnov | Share scoring {} or more |",
            format::threshold(m.threshold)
        );
        let _ = writeln!(out, "|---|---:|---|---|---:|");
        let row = |name: String, d: &crate::model::monitoring::DriftCheck| {
            format!(
                "| {name} | {} | {} | {:.3}, {} | {} |",
                count(d.cases as f64),
                psi(d),
                d.kolmogorov_smirnov.statistic,
                p_value(d.kolmogorov_smirnov.p_value),
                share(d.share_flagged)
            )
        };
        let _ = writeln!(out, "{}", row("Whole period".to_owned(), drift));
        for week in &m.weeks {
            if let Some(d) = &week.drift {
                let name = format!(
                    "Week {} ({})",
                    week.number,
                    dates(week.first_day, week.last_day)
                );
                let _ = writeln!(out, "{}", row(name, d));
            }
        }
    }
    out.push_str(&crate::present::monitoring::segments::segments_markdown(m));
    let advice = &m.advice;
    if advice.capacity.is_some() || advice.miss_rate.is_some() {
        let _ = writeln!(out, "\n## What would have kept the promises\n");
        if let Some(a) = &advice.capacity {
            let _ = writeln!(
                out,
                "- Flags within the capacity of {} a day: threshold {} ({} flagged a day in this period).",
                count(a.capacity),
                threshold_text(a.threshold),
                count(a.flagged_per_day)
            );
        }
        if let Some(a) = &advice.miss_rate {
            let _ = writeln!(
                out,
                "- Miss at most {} of {}: threshold {} (estimated {} missed, {} flagged a day), resting on {} audited {}, {} of them below the current threshold.",
                share(a.target),
                escape(&crate::present::monitoring::positives(b)),
                threshold_text(a.threshold),
                share(a.estimated_miss_rate),
                count(a.flagged_per_day),
                count(a.audited_positives as f64),
                escape(&crate::present::monitoring::positives(b)),
                count(a.audited_positives_not_flagged as f64)
            );
        }
        let _ = writeln!(
            out,
            "\n{} days are a short period: treat these thresholds as a direction, not a setting.",
            count(m.period.days as f64)
        );
    }
    if !m.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for w in &m.warnings {
            let _ = writeln!(out, "- {}.", escape(&capitalise(&w.to_string())));
        }
    }
    out
}
