//! The words of the progress line a long run shows on a terminal: which stage it is
//! in and how far along the stages it is.

use crate::present::format::count;

/// A stage of `tradeoff report`, in the order a run reaches them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// Reading the context, the evaluation data and the other inputs, and
    /// checksumming them.
    Reading,
    /// Sorting the scores and counting at every threshold, for this many rows.
    Sweeping {
        /// Evaluation rows being swept.
        rows: usize,
    },
    /// Building the report's page (and the release review).
    BuildingPage,
    /// Writing the page and the other outputs.
    Writing,
}

impl Stage {
    /// How many stages a run has.
    pub const COUNT: u64 = 4;

    /// The stage's place, 1 to [`Stage::COUNT`].
    pub fn number(self) -> u64 {
        match self {
            Stage::Reading => 1,
            Stage::Sweeping { .. } => 2,
            Stage::BuildingPage => 3,
            Stage::Writing => 4,
        }
    }

    /// What the run is doing, in a few words.
    pub fn words(self) -> String {
        match self {
            Stage::Reading => "reading the inputs".to_owned(),
            Stage::Sweeping { rows } => format!("sweeping {} rows", count(rows as f64)),
            Stage::BuildingPage => "building the page".to_owned(),
            Stage::Writing => "writing the outputs".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_numbered_in_order_and_say_what_they_do() {
        let stages = [
            Stage::Reading,
            Stage::Sweeping { rows: 10_000_000 },
            Stage::BuildingPage,
            Stage::Writing,
        ];
        let numbers: Vec<u64> = stages.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, (1..=Stage::COUNT).collect::<Vec<_>>());
        assert_eq!(stages[1].words(), "sweeping 10,000,000 rows");
    }
}
