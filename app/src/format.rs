//! Display helpers shared by pages.

use chrono::{DateTime, TimeDelta, Utc};

/// Beijing time (UTC+8, no daylight saving), as users in mainland China read it.
pub fn beijing_time(t: DateTime<Utc>) -> String {
    (t.naive_utc() + TimeDelta::hours(8)).format("%Y-%m-%d %H:%M").to_string()
}

pub use model::format::thousands;

/// An amount in yuan as people read it: `12,345 元` below 十万, then `123.45 万元`, `1.2 亿元`.
pub fn yuan(n: i64) -> String {
    let abs = n.unsigned_abs();
    let sign = if n < 0 { "-" } else { "" };
    let scaled = |unit: u64| {
        // Hundredths of the unit, rounded half up, trailing zeros dropped.
        let hundredths = (u128::from(abs) * 100 + u128::from(unit) / 2) / u128::from(unit);
        let whole = i64::try_from(hundredths / 100).unwrap_or(i64::MAX);
        let frac = hundredths % 100;
        let frac = match (frac, frac % 10) {
            (0, _) => String::new(),
            (f, 0) => format!(".{}", f / 10),
            (f, _) => format!(".{f:02}"),
        };
        format!("{}{frac}", thousands(whole))
    };
    if abs < 100_000 {
        format!("{sign}{} 元", thousands(abs.try_into().unwrap_or(i64::MAX)))
    } else if abs < 100_000_000 {
        format!("{sign}{} 万元", scaled(10_000))
    } else {
        format!("{sign}{} 亿元", scaled(100_000_000))
    }
}

/// `12345` milliseconds as `12.3 秒`.
pub fn seconds(millis: u64) -> String {
    format!("{:.1} 秒", millis as f64 / 1000.0)
}

/// A query-string value, percent-encoded (RFC 3986 unreserved characters stay as they are).
pub fn query_value(s: &str) -> String {
    model::url::percent_encode(s)
}

/// A phone number shown to its owner with the middle hidden: `138****8000`.
pub fn masked_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let (head, tail) = (&chars[..3], &chars[chars.len() - 4..]);
    format!("{}****{}", head.iter().collect::<String>(), tail.iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_keep_only_their_ends() {
        assert_eq!(masked_phone("13800138000"), "138****8000");
        assert_eq!(masked_phone("1380013"), "138****0013");
        assert_eq!(masked_phone("123456"), "******");
        assert_eq!(masked_phone(""), "");
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(query_value("ab12-_.~"), "ab12-_.~");
        assert_eq!(query_value("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(query_value("分"), "%E5%88%86");
    }

    #[test]
    fn yuan_in_wan_and_yi() {
        assert_eq!(yuan(0), "0 元");
        assert_eq!(yuan(99_999), "99,999 元");
        assert_eq!(yuan(-52_000), "-52,000 元");
        assert_eq!(yuan(100_000), "10 万元");
        assert_eq!(yuan(1_234_567), "123.46 万元");
        assert_eq!(yuan(1_250_000), "125 万元");
        assert_eq!(yuan(1_205_000), "120.5 万元");
        assert_eq!(yuan(-3_000_000), "-300 万元");
        assert_eq!(yuan(120_000_000), "1.2 亿元");
        assert_eq!(yuan(1_234_500_000_000), "12,345 亿元");
        assert_eq!(yuan(i64::MIN), "-92,233,720,368.55 亿元");
    }
}
