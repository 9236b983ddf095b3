//! Scores stored in less than double precision. numpy 2 compares a float32 (or
//! float16) array with a Python float in the array's precision (NEP 50): with
//! scores stored as float32 0.7 and a threshold of 0.7, `scores >= 0.7` is true,
//! although float32 0.7 is 0.699999988… as a double. So a float32 score is read as
//! the shortest decimal that rounds to it (0.7, as numpy and pandas print it), and
//! a threshold the user writes is first rounded to the scores' precision the same
//! way. Every comparison downstream then agrees with numpy, and every score prints
//! as the user's tools print it.
//!
//! Why the shortest decimal is enough: a decimal of at most six significant digits
//! lies in at most one float32 rounding interval (float32 intervals are narrower
//! than 1.2e-7 relative, such decimals at least 1e-6 apart), so for such a
//! threshold `t` and a float32 score `x`, `shortest(x) >= t` exactly when
//! `x >= float32(t)`. Thresholds with more digits are rounded by
//! [`ScorePrecision::threshold`] before they are compared. Float16 intervals are
//! wider (about 1e-3 relative): there the same holds for thresholds of up to three
//! significant digits, and rounding the user's thresholds covers the rest.

/// The precision the scores were stored in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScorePrecision {
    /// Double precision, or text (CSV, NDJSON): compared as written.
    #[default]
    Float64,
    /// IEEE single precision (numpy float32, Parquet FLOAT).
    Float32,
    /// IEEE half precision (numpy float16, Parquet FLOAT16).
    Float16,
}

impl ScorePrecision {
    /// The precision of a column of type `dtype`.
    pub(super) fn of(dtype: &polars::prelude::DataType) -> ScorePrecision {
        match dtype {
            polars::prelude::DataType::Float32 => ScorePrecision::Float32,
            polars::prelude::DataType::Float16 => ScorePrecision::Float16,
            _ => ScorePrecision::Float64,
        }
    }

    /// `threshold` as it is compared with scores of this precision: rounded to the
    /// stored precision (as numpy rounds a Python float), then read back as the
    /// shortest decimal, like the scores. Values beyond the precision's range are
    /// left as they are.
    pub fn threshold(self, threshold: f64) -> f64 {
        let rounded = match self {
            ScorePrecision::Float64 => return threshold,
            ScorePrecision::Float32 => shortest_f32(threshold as f32),
            ScorePrecision::Float16 => shortest_f16(round_f16(threshold)),
        };
        if rounded.is_finite() {
            rounded
        } else {
            threshold
        }
    }

    /// A stored value of this precision (exactly representable in it) as the
    /// shortest decimal that rounds to it.
    pub(super) fn widen(self, value: f64) -> f64 {
        match self {
            ScorePrecision::Float64 => value,
            ScorePrecision::Float32 => shortest_f32(value as f32),
            ScorePrecision::Float16 => shortest_f16(value),
        }
    }
}

/// The shortest decimal that rounds to `x` in single precision, as the nearest
/// double. Non-finite values pass through.
pub(super) fn shortest_f32(x: f32) -> f64 {
    if !x.is_finite() {
        return f64::from(x);
    }
    let mut buffer = ryu::Buffer::new();
    parse_decimal(buffer.format_finite(x))
}

/// Reads ryu's output (`0.7`, `1.5e-7`, `123.0`, `-2e30`) exactly. Short decimals
/// take Clinger's fast path (an integer of at most 15 digits times or over an
/// exact power of ten is correctly rounded); anything else goes to the standard
/// parser.
fn parse_decimal(text: &str) -> f64 {
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let slow = || text.parse::<f64>().unwrap_or(f64::NAN);
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = match body.split_once('e') {
        Some((d, e)) => match e.parse::<i32>() {
            Ok(e) => (d, e),
            Err(_) => return slow(),
        },
        None => (body, 0),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0;
    let mut scale = exponent;
    let mut after_point = false;
    for byte in digits.bytes() {
        match byte {
            b'.' => after_point = true,
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                count += 1;
                if after_point {
                    scale -= 1;
                }
            }
            _ => return slow(),
        }
        if count > 15 {
            return slow();
        }
    }
    let magnitude = mantissa as f64;
    let value = match scale {
        0 => magnitude,
        1..=22 => magnitude * POWERS[scale as usize],
        -22..=-1 => magnitude / POWERS[(-scale) as usize],
        _ => return slow(),
    };
    if negative { -value } else { value }
}

/// `value` rounded to the nearest half-precision number (ties to even), as a
/// double: 11 significant bits, normal exponents from −14 to 15, subnormals down
/// to 2⁻²⁴, infinity beyond 65,504.
pub(super) fn round_f16(value: f64) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return value;
    }
    let exponent = value.abs().log2().floor().max(-14.0);
    // 2^(e−10) is the spacing of half-precision numbers in this binade.
    let quantum = (exponent - 10.0).exp2();
    let rounded = (value / quantum).round_ties_even() * quantum;
    if rounded.abs() > 65_504.0 {
        value.signum() * f64::INFINITY
    } else {
        rounded
    }
}

/// The shortest decimal that rounds to the half-precision number `x`.
pub(super) fn shortest_f16(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    // Five significant digits always suffice for half precision.
    for digits in 1..=5 {
        if let Ok(candidate) = format!("{x:.*e}", digits - 1).parse::<f64>()
            && round_f16(candidate) == x
        {
            return candidate;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float32_scores_read_as_they_print() {
        assert_eq!(shortest_f32(0.7), 0.7);
        assert_eq!(shortest_f32(0.05), 0.05);
        assert_eq!(shortest_f32(1.5e-7), 1.5e-7);
        assert_eq!(shortest_f32(1.0), 1.0);
        assert_eq!(shortest_f32(-2.5), -2.5);
        assert_eq!(shortest_f32(123_456_790.0), 123_456_790.0);
        assert_eq!(shortest_f32(f32::MIN_POSITIVE), 1.1754944e-38);
        assert!(shortest_f32(f32::NAN).is_nan());
        assert_eq!(shortest_f32(f32::INFINITY), f64::INFINITY);
    }

    #[test]
    fn every_float32_in_a_sample_round_trips_and_keeps_its_order() {
        // A spread of bit patterns: each widened value rounds back to its float32,
        // and widening never reorders two values.
        let mut previous = f64::NEG_INFINITY;
        for bits in (0u32..0x7f80_0000).step_by(9_973) {
            let x = f32::from_bits(bits);
            let wide = shortest_f32(x);
            assert_eq!(wide as f32, x, "{bits:#x}");
            assert!(wide > previous || bits == 0, "{bits:#x}");
            previous = wide;
        }
    }

    #[test]
    fn thresholds_compare_as_numpy_compares_in_float32() {
        // numpy: np.float32(0.7) >= 0.70000001 is True (0.70000001 rounds to the
        // same float32), np.float32(0.7) >= 0.7000001 is False.
        let score = shortest_f32(0.7);
        let p = ScorePrecision::Float32;
        assert!(score >= p.threshold(0.7));
        assert!(score >= p.threshold(0.700_000_01));
        assert!(score < p.threshold(0.700_000_1));
        assert_eq!(p.threshold(0.35), 0.35);
        assert_eq!(p.threshold(1e300), 1e300);
        assert_eq!(
            ScorePrecision::Float64.threshold(0.700_000_01),
            0.700_000_01
        );
    }

    #[test]
    fn half_precision_rounds_like_ieee() {
        // float16 has 11 significant bits: 0.7 → 0.7001953125, 2049 → 2048 (tie to
        // even), 65520 → inf, 2^-25 → 0 (tie to even), 3·2^-25 → 2^-23.
        assert_eq!(round_f16(0.7), 0.700_195_312_5);
        assert_eq!(round_f16(2049.0), 2048.0);
        assert_eq!(round_f16(2051.0), 2052.0);
        assert_eq!(round_f16(65_520.0), f64::INFINITY);
        assert_eq!(round_f16(2f64.powi(-25)), 0.0);
        assert_eq!(round_f16(3.0 * 2f64.powi(-25)), 2f64.powi(-23));
        assert_eq!(shortest_f16(0.700_195_312_5), 0.7);
        assert_eq!(ScorePrecision::Float16.threshold(0.7002), 0.7);
    }
}
