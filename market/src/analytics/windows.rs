//! Active members over sliding windows: for each day of a range, how many members were active
//! on at least one of the `width` days ending that day (1: DAU, 7: WAU, 30: MAU). Each member's
//! active days cover the range days they count for; the work is members × covered days, not
//! members × days × width.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeDelta};

/// `active`: each member's active days, in any order. Returns one count per day of `from..=to`.
pub fn active_counts(active: &HashMap<i64, Vec<NaiveDate>>, from: NaiveDate, to: NaiveDate, width: i64) -> Vec<i64> {
    let days = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut counts = vec![0i64; days];
    let mut sorted: Vec<NaiveDate> = Vec::new();
    for days_of in active.values() {
        sorted.clear();
        sorted.extend(days_of.iter().copied());
        sorted.sort_unstable();
        sorted.dedup();
        // The last range day already counted for this member, so overlapping windows count once.
        let mut counted_until: Option<NaiveDate> = None;
        for &day in &sorted {
            let first = day.max(from);
            let last = (day + TimeDelta::days(width - 1)).min(to);
            let start = match counted_until {
                Some(until) if until >= first => until + TimeDelta::days(1),
                _ => first,
            };
            let mut d = start;
            while d <= last {
                if let Ok(i) = usize::try_from((d - from).num_days()) {
                    counts[i] += 1;
                }
                d += TimeDelta::days(1);
            }
            if last >= start {
                counted_until = Some(last);
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn windows_count_each_member_once_per_day() {
        // Member 1 on the 1st and 3rd, member 2 on the 3rd, member 3 before the range.
        let active = HashMap::from([
            (1, vec![d(3), d(1), d(3)]),
            (2, vec![d(3)]),
            (3, vec![NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()]),
        ]);
        assert_eq!(active_counts(&active, d(1), d(5), 1), vec![1, 0, 2, 0, 0]);
        assert_eq!(active_counts(&active, d(1), d(5), 2), vec![1, 1, 2, 2, 0]);
        // Member 3's 28 November reaches into the range for a 7-day window (to 4 December).
        assert_eq!(active_counts(&active, d(1), d(5), 7), vec![2, 2, 3, 3, 2]);
    }

    #[test]
    fn brute_force_agrees() {
        let mut active: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        for member in 0..40i64 {
            let days = (0..6).map(|k| d(1) + TimeDelta::days((member * 7 + k * 5) % 31)).collect();
            active.insert(member, days);
        }
        for width in [1, 7, 30] {
            let fast = active_counts(&active, d(1), d(31), width);
            for (i, count) in fast.iter().enumerate() {
                let day = d(1) + TimeDelta::days(i as i64);
                let slow = active
                    .values()
                    .filter(|days| days.iter().any(|a| *a <= day && day - *a < TimeDelta::days(width)))
                    .count() as i64;
                assert_eq!(*count, slow, "width {width}, day {day}");
            }
        }
    }
}
