//! The clock the signatures are dated with: the local clock, the offset learned from the
//! server's `Date` header ([`ClockSkew`]), and the HTTP and calendar dates both sides write.
//!
//! The calendar is written out here (a few lines of H. Hinnant's algorithms) rather than taken
//! from `httpdate`, because that crate panics on times before 1970, rejects years before 1970,
//! and has no `YYYY-MM-DD` form, which the TC3 credential scope needs; every function here takes
//! any `i64` and never panics.

use core::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The offset between the local clock and the server's, learned from the `Date` header of
/// its responses, applied to the timestamp of every signature.
///
/// A local clock more than 5 minutes off the server's gets `AuthFailure.SignatureExpire` on
/// every call, forever, with the official SDKs; with this, the first such answer teaches the
/// offset and the retry (and every later call) is signed with the server's time.
///
/// ```
/// use tcapi::clock::ClockSkew;
/// let skew = ClockSkew::new();
/// // The local clock says 1_700_000_600, the server's Date says 10 minutes earlier.
/// assert!(skew.observe_date_header("Tue, 14 Nov 2023 22:13:20 GMT", 1_700_000_600));
/// assert_eq!(skew.offset_secs(), -600);
/// assert_eq!(skew.timestamp_at(1_700_000_600), 1_700_000_000);
/// ```
#[derive(Debug, Default)]
pub struct ClockSkew {
    offset: AtomicI64,
}

impl ClockSkew {
    /// No offset.
    pub const fn new() -> Self {
        ClockSkew {
            offset: AtomicI64::new(0),
        }
    }

    /// Seconds to add to the local clock to get the server's.
    pub fn offset_secs(&self) -> i64 {
        self.offset.load(Ordering::Relaxed)
    }

    /// Set the offset explicitly.
    pub fn set_offset_secs(&self, offset: i64) {
        self.offset.store(offset, Ordering::Relaxed);
    }

    /// Learn the offset from a `Date` header value (IMF-fixdate,
    /// `Sun, 06 Nov 1994 08:49:37 GMT`) received when the local clock read `local_now` (Unix
    /// seconds). Returns whether the header could be read.
    pub fn observe_date_header(&self, date: &str, local_now: i64) -> bool {
        match parse_http_date(date) {
            Some(server) => {
                self.set_offset_secs(server.saturating_sub(local_now));
                true
            }
            None => false,
        }
    }

    /// The server's time for the local time `local` (Unix seconds).
    pub fn timestamp_at(&self, local: i64) -> i64 {
        local.saturating_add(self.offset_secs())
    }

    /// The server's time now, in Unix seconds: what to sign with.
    pub fn now(&self) -> i64 {
        self.timestamp_at(unix_now())
    }
}

/// The local clock in Unix seconds (negative before 1970).
pub fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Parse an HTTP date in the IMF-fixdate form every server sends (`Sun, 06 Nov 1994 08:49:37 GMT`)
/// into Unix seconds. Anything else, including the obsolete RFC 850 and asctime forms, is `None`.
///
/// ```
/// assert_eq!(tcapi::clock::parse_http_date("Mon, 25 Feb 2019 08:44:25 GMT"), Some(1551084265));
/// assert_eq!(tcapi::clock::parse_http_date("yesterday"), None);
/// ```
pub fn parse_http_date(value: &str) -> Option<i64> {
    let b = value.trim().as_bytes();
    if b.len() != 29
        || &b[3..5] != b", "
        || &b[25..] != b" GMT"
        || b[7] != b' '
        || b[11] != b' '
        || b[16] != b' '
    {
        return None;
    }
    if b[19] != b':' || b[22] != b':' {
        return None;
    }
    let num = |range: core::ops::Range<usize>| -> Option<i64> {
        let digits = &b[range];
        digits.iter().try_fold(0i64, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
        })
    };
    let day = num(5..7)?;
    let month = match &b[8..11] {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    };
    let year = num(12..16)?;
    let (hour, minute, second) = (num(17..19)?, num(20..22)?, num(23..25)?);
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Format Unix seconds as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the `Date` header.
///
/// ```
/// assert_eq!(tcapi::clock::format_http_date(1551084265), "Mon, 25 Feb 2019 08:44:25 GMT");
/// ```
pub fn format_http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // Both indexes are in range by construction (rem_euclid, month in 1..=12).
    let weekday = DAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month_name = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
    format!(
        "{weekday}, {day:02} {month_name} {year:04} {:02}:{:02}:{:02} GMT",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The UTC date of Unix seconds as `YYYY-MM-DD`: the date of a TC3 credential scope.
#[cfg(feature = "sign")]
pub(crate) fn utc_date(unix: i64) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        for unix in [
            0,
            784_111_777,
            951_782_400,
            1_551_084_265,
            4_102_444_799,
            -86_400,
        ] {
            assert_eq!(
                parse_http_date(&format_http_date(unix)),
                Some(unix),
                "{unix}"
            );
        }
        assert_eq!(
            format_http_date(784_111_777),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 36 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 28:49:37 GMT",
            "Sun, 0x Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT\u{e9}",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clock_skew() {
        let skew = ClockSkew::new();
        assert_eq!(skew.timestamp_at(100), 100);
        assert!(!skew.observe_date_header("garbage", 100));
        assert_eq!(skew.offset_secs(), 0);
        assert!(skew.observe_date_header(&format_http_date(1_000), 1_600));
        assert_eq!(skew.offset_secs(), -600);
        assert!((skew.now() - (unix_now() - 600)).abs() <= 1);
    }

    #[cfg(feature = "sign")]
    #[test]
    fn dates_are_utc() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_551_113_065), "2019-02-25");
        assert_eq!(utc_date(1_767_225_600), "2026-01-01");
        assert_eq!(utc_date(-1), "1969-12-31");
    }
}
