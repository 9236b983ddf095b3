//! Where calendar days are cut: UTC, a fixed offset such as +02:00, or a named IANA
//! zone such as Europe/Berlin with its daylight-saving changes (chrono-tz's copy of
//! the tz database). Pure.

use chrono::{DateTime, FixedOffset, Offset, TimeZone};
use chrono_tz::Tz;

/// A time zone as the context names it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// A fixed offset from UTC.
    Fixed(FixedOffset),
    /// A zone of the tz database, daylight saving included.
    Named(Tz),
}

/// Instants are grouped in buckets this long (ms) to look offsets up once per bucket.
const BUCKET_MS: i64 = 15 * 60 * 1000;
const DAY_MS: i64 = 86_400_000;

impl Zone {
    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!("0 is a valid offset")))
    }

    /// "UTC", "Z", an offset ("+02:00", "-0530") or a zone name ("Europe/Berlin").
    /// `None` when it is neither (the context suggests the nearest name from
    /// [`Zone::names`]).
    pub fn parse(text: &str) -> Option<Zone> {
        if let Some(offset) = parse_offset(text) {
            return Some(Zone::Fixed(offset));
        }
        text.trim().parse::<Tz>().ok().map(Zone::Named)
    }

    /// Every zone name of the tz database.
    pub fn names() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())
    }

    /// Local time minus UTC at the instant `utc_ms`, in milliseconds.
    pub fn offset_ms(&self, utc_ms: i64) -> i64 {
        let seconds = match self {
            Zone::Fixed(offset) => offset.local_minus_utc(),
            Zone::Named(tz) => DateTime::from_timestamp_millis(utc_ms).map_or(0, |t| {
                tz.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc()
            }),
        };
        i64::from(seconds) * 1000
    }

    /// The instant (ms since the epoch) local day `day` (days since 1970-01-01 in
    /// local time) begins: its local midnight, found from the offset in force then
    /// (the offset just before and at midnight are tried, for daylight-saving
    /// changes near it).
    pub fn local_midnight(&self, day: i64) -> i64 {
        let local = day.saturating_mul(DAY_MS);
        let guess = local.saturating_sub(self.offset_ms(local));
        local.saturating_sub(self.offset_ms(guess))
    }

    /// As the page names it: "UTC", "UTC+02:00", "Europe/Berlin".
    pub fn describe(&self) -> String {
        match self {
            Zone::Fixed(offset) if offset.local_minus_utc() == 0 => "UTC".to_owned(),
            Zone::Fixed(offset) => format!("UTC{offset}"),
            Zone::Named(tz) => tz.name().to_owned(),
        }
    }

    /// A function from instants (ms since the epoch) in `first..=last` to local day
    /// numbers (days since 1970-01-01 in local time). Named zones look their offset
    /// up once per 15-minute bucket, and per instant only in a bucket where it changes.
    pub fn day_cutter(&self, first: i64, last: i64) -> impl Fn(i64) -> i64 + '_ {
        let start = first.div_euclid(BUCKET_MS);
        let buckets: Vec<Option<i64>> = match self {
            Zone::Fixed(_) => Vec::new(),
            Zone::Named(_) => (start..=last.div_euclid(BUCKET_MS))
                .map(|b| {
                    let begins = b.saturating_mul(BUCKET_MS);
                    let (from, to) = (
                        self.offset_ms(begins),
                        self.offset_ms(begins.saturating_add(BUCKET_MS - 1)),
                    );
                    (from == to).then_some(from)
                })
                .collect(),
        };
        let fixed = match self {
            Zone::Fixed(offset) => Some(i64::from(offset.local_minus_utc()) * 1000),
            Zone::Named(_) => None,
        };
        move |ms: i64| {
            let offset = fixed.unwrap_or_else(|| {
                let b = ms.div_euclid(BUCKET_MS) - start;
                usize::try_from(b)
                    .ok()
                    .and_then(|b| buckets.get(b).copied().flatten())
                    .unwrap_or_else(|| self.offset_ms(ms))
            });
            ms.saturating_add(offset).div_euclid(DAY_MS)
        }
    }
}

/// Parses "UTC", "Z" or an offset such as "+02:00" / "-0530".
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("utc") || text == "Z" {
        return FixedOffset::east_opt(0);
    }
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn offsets_and_names_parse() {
        assert_eq!(Zone::parse("UTC"), Some(Zone::utc()));
        assert_eq!(
            Zone::parse("+05:30"),
            Some(Zone::Fixed(FixedOffset::east_opt(19_800).unwrap()))
        );
        assert_eq!(
            Zone::parse("Europe/Berlin"),
            Some(Zone::Named(Tz::Europe__Berlin))
        );
        assert_eq!(Zone::parse("Europe/Berlni"), None);
        assert!(Zone::parse("+25:00").is_none());
        assert_eq!(Zone::Named(Tz::Europe__Berlin).describe(), "Europe/Berlin");
        assert_eq!(Zone::parse("-02:00").unwrap().describe(), "UTC-02:00");
    }

    #[test]
    fn berlin_days_follow_daylight_saving() {
        let berlin = Zone::Named(Tz::Europe__Berlin);
        // Summer (UTC+2): 22:30 UTC on 1 July is 00:30 on 2 July in Berlin.
        // Winter (UTC+1): 22:30 UTC on 1 December is 23:30 on 1 December.
        let (july, december) = (ms("2026-07-01T22:30:00Z"), ms("2026-12-01T22:30:00Z"));
        let day = berlin.day_cutter(july, december);
        let date = |d: i64| {
            DateTime::from_timestamp_millis(d * DAY_MS)
                .unwrap()
                .date_naive()
                .to_string()
        };
        assert_eq!(date(day(july)), "2026-07-02");
        assert_eq!(date(day(december)), "2026-12-01");
        // The night the clocks go back (25 Oct 2026, 01:00 UTC): 00:59 UTC is 02:59
        // summer time, 01:00 UTC is 02:00 winter time, both on 25 October.
        assert_eq!(date(day(ms("2026-10-25T00:59:00Z"))), "2026-10-25");
        assert_eq!(date(day(ms("2026-10-25T01:00:00Z"))), "2026-10-25");
        assert_eq!(date(day(ms("2026-10-24T22:00:00Z"))), "2026-10-25");
        assert_eq!(date(day(ms("2026-10-25T22:59:00Z"))), "2026-10-25");
        assert_eq!(date(day(ms("2026-10-25T23:00:00Z"))), "2026-10-26");
        // Instants at the very end of time do not overflow.
        let end = berlin.day_cutter(i64::MAX - 10, i64::MAX);
        assert_eq!(end(i64::MAX), i64::MAX.div_euclid(DAY_MS));
        // Every instant agrees with a direct lookup, across both changes of 2026.
        let (start, end) = (ms("2026-03-28T00:00:00Z"), ms("2026-10-26T00:00:00Z"));
        let day = berlin.day_cutter(start, end);
        let mut t = start;
        while t <= end {
            assert_eq!(day(t), (t + berlin.offset_ms(t)).div_euclid(DAY_MS), "{t}");
            t += 7 * 60 * 1000 + 13_000;
        }
    }
}
