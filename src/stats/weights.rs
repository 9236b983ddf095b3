//! What each evaluation row counts for: a frequency count (the row stands for that
//! many identical cases), a sampling weight (each case stands for that much of the
//! population), both, or neither. Every sum in the statistics uses
//! [`RowWeights::of`], count × weight; Kish's effective sample size,
//! (Σw)² / Σw² over cases, uses [`RowWeights::squared`], count × weight² — so a row
//! with count c and weight w is exactly c cases of weight w, and a counted input
//! gives the same numbers as its expanded rows. A summary row whose cases carry
//! different weights gives its Σw² directly (`squares`). Pure.

/// How much each row of an evaluation counts; every slice, when given, has one
/// value per row, finite and ≥ 0.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowWeights<'a> {
    /// Sampling or importance weight of each case of the row; `None`: 1.
    pub weights: Option<&'a [f64]>,
    /// How many identical cases the row stands for; `None`: 1.
    pub counts: Option<&'a [f64]>,
    /// Σw² over the row's cases, for a summary row whose cases differ in weight;
    /// `None`: count × weight².
    pub squares: Option<&'a [f64]>,
}

impl<'a> RowWeights<'a> {
    /// Sampling weights alone (or none): one case per row.
    pub fn sampling(weights: Option<&'a [f64]>) -> RowWeights<'a> {
        RowWeights {
            weights,
            ..RowWeights::default()
        }
    }

    /// Whether every row is one case of weight 1.
    pub fn is_unit(&self) -> bool {
        self.weights.is_none() && self.counts.is_none() && self.squares.is_none()
    }

    /// Whether the rows carry sampling weights (Kish's n differs from the cases).
    pub fn is_weighted(&self) -> bool {
        self.weights.is_some() || self.squares.is_some()
    }

    /// Row `row`'s weight in every sum: count × weight.
    pub fn of(&self, row: usize) -> f64 {
        let count = self.counts.map_or(1.0, |c| c[row]);
        let weight = self.weights.map_or(1.0, |w| w[row]);
        count * weight
    }

    /// Row `row`'s share of Σw² in Kish's effective n: count × weight², or the
    /// row's own sum of squares.
    pub fn squared(&self, row: usize) -> f64 {
        match self.squares {
            Some(squares) => squares[row],
            None => self.of(row) * self.weights.map_or(1.0, |w| w[row]),
        }
    }

    /// Cases the row stands for: its count, or 0 when its weight in sums is 0
    /// (such rows are left out, as scikit-learn leaves out zero-weight rows).
    pub fn cases(&self, row: usize) -> f64 {
        if self.of(row) == 0.0 {
            0.0
        } else {
            self.counts.map_or(1.0, |c| c[row])
        }
    }
}

/// Kish's effective sample size (Σw)² / Σw² from a total weight and its sum of
/// squares (Kish 1965, *Survey Sampling*, §11.7); 0 when there are no cases.
pub fn effective_n(sum: f64, sum_of_squares: f64) -> f64 {
    if sum_of_squares > 0.0 {
        sum * sum / sum_of_squares
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counted_weighted_row_is_that_many_weighted_cases() {
        // Row 0: 3 cases of weight 2; row 1: 1 case of weight 1; row 2: count 0.
        let counts = [3.0, 1.0, 0.0];
        let weights = [2.0, 1.0, 5.0];
        let w = RowWeights {
            weights: Some(&weights),
            counts: Some(&counts),
            squares: None,
        };
        let sum: f64 = (0..3).map(|i| w.of(i)).sum();
        let squares: f64 = (0..3).map(|i| w.squared(i)).sum();
        assert_eq!((sum, squares), (7.0, 13.0));
        // Expanded: weights 2, 2, 2, 1 → (7)² / (4 + 4 + 4 + 1).
        assert!((effective_n(sum, squares) - 49.0 / 13.0).abs() < 1e-12);
        assert_eq!((0..3).map(|i| w.cases(i)).sum::<f64>(), 4.0);
        // Counts alone: frequencies, so Kish's n is the number of cases.
        let counted = RowWeights {
            counts: Some(&counts),
            ..RowWeights::default()
        };
        let sum: f64 = (0..3).map(|i| counted.of(i)).sum();
        let squares: f64 = (0..3).map(|i| counted.squared(i)).sum();
        assert_eq!(effective_n(sum, squares), 4.0);
        assert!(!counted.is_weighted() && RowWeights::default().is_unit());
    }
}
