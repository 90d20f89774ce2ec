//! Calendar boundaries in Beijing time (UTC+8, no daylight saving), where the users live.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

const OFFSET: TimeDelta = TimeDelta::hours(8);

fn to_utc(local_midnight: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(local_midnight - OFFSET, Utc)
}

/// The last midnight in Beijing, as a UTC instant.
pub fn day_start(now: DateTime<Utc>) -> DateTime<Utc> {
    to_utc((now.naive_utc() + OFFSET).date().and_time(NaiveTime::MIN))
}

/// The first midnight of the current month in Beijing, as a UTC instant.
pub fn month_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let date = (now.naive_utc() + OFFSET).date();
    to_utc(date.with_day(1).unwrap_or(date).and_time(NaiveTime::MIN))
}

/// The Beijing calendar day of an instant.
pub fn date_of(at: DateTime<Utc>) -> NaiveDate {
    (at.naive_utc() + OFFSET).date()
}

/// Midnight at the start of a Beijing day, as a UTC instant.
pub fn midnight(day: NaiveDate) -> DateTime<Utc> {
    to_utc(day.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn boundaries_follow_beijing_midnight() {
        // 01:30 on 2 March in Beijing.
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 17, 30, 0).unwrap();
        assert_eq!(day_start(t), Utc.with_ymd_and_hms(2026, 3, 1, 16, 0, 0).unwrap());
        assert_eq!(month_start(t), Utc.with_ymd_and_hms(2026, 2, 28, 16, 0, 0).unwrap());
        let day = date_of(t);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(midnight(day), day_start(t));
    }
}
