//! Display helpers shared by pages.

use chrono::{DateTime, TimeDelta, Utc};
use model::Lang;

/// Beijing time (UTC+8, no daylight saving), as users in mainland China read it.
pub fn beijing_time(t: DateTime<Utc>) -> String {
    (t.naive_utc() + TimeDelta::hours(8)).format("%Y-%m-%d %H:%M").to_string()
}

pub use model::format::thousands;

/// Hundredths of `unit` in `abs`, rounded half up, written with trailing zeros dropped:
/// `123.46`, `120.5`, `125`.
fn scaled(abs: u64, unit: u64) -> String {
    let hundredths = (u128::from(abs) * 100 + u128::from(unit) / 2) / u128::from(unit);
    let whole = i64::try_from(hundredths / 100).unwrap_or(i64::MAX);
    let frac = hundredths % 100;
    let frac = match (frac, frac % 10) {
        (0, _) => String::new(),
        (f, 0) => format!(".{}", f / 10),
        (f, _) => format!(".{f:02}"),
    };
    format!("{}{frac}", thousands(whole))
}

/// An amount in yuan as people read it: `12,345 元` below 十万, then `123.45 万元`, `1.2 亿元`.
pub fn yuan(n: i64) -> String {
    let abs = n.unsigned_abs();
    let sign = if n < 0 { "-" } else { "" };
    if abs < 100_000 {
        format!("{sign}{} 元", thousands(abs.try_into().unwrap_or(i64::MAX)))
    } else if abs < 100_000_000 {
        format!("{sign}{} 万元", scaled(abs, 10_000))
    } else {
        format!("{sign}{} 亿元", scaled(abs, 100_000_000))
    }
}

/// An amount in yuan the language's way: [`yuan`] in Chinese; in English `¥12,345` below a
/// million, then `¥123.46 million`, `¥1.2 billion`.
pub fn yuan_in(lang: Lang, n: i64) -> String {
    const MILLION: u64 = 1_000_000;
    const BILLION: u64 = 1_000_000_000;
    if lang == Lang::Zh {
        return yuan(n);
    }
    let abs = n.unsigned_abs();
    let sign = if n < 0 { "-" } else { "" };
    // An amount that rounds to a thousand million is written in billions.
    if abs < MILLION {
        format!("{sign}¥{}", thousands(abs.try_into().unwrap_or(i64::MAX)))
    } else if abs < BILLION - MILLION / 200 {
        format!("{sign}¥{} million", scaled(abs, MILLION))
    } else {
        format!("{sign}¥{} billion", scaled(abs, BILLION))
    }
}

/// An amount in whole yuan, every digit shown: `1,234,567 元`, `¥1,234,567`.
pub fn yuan_exact(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{} 元", thousands(n)),
        Lang::En => {
            let digits = thousands(n);
            match digits.strip_prefix('-') {
                Some(digits) => format!("-¥{digits}"),
                None => format!("¥{digits}"),
            }
        }
    }
}

/// `12345` milliseconds as `12.3 秒`.
pub fn seconds(millis: u64) -> String {
    format!("{:.1} 秒", millis as f64 / 1000.0)
}

/// Milliseconds as seconds the language's way: `12.3 秒`, `12.3 s`.
pub fn seconds_in(lang: Lang, millis: u64) -> String {
    match lang {
        Lang::Zh => seconds(millis),
        Lang::En => format!("{:.1} s", millis as f64 / 1000.0),
    }
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

    #[test]
    fn yuan_in_english_in_millions_and_billions() {
        assert_eq!(yuan_in(Lang::Zh, 1_234_567), "123.46 万元");
        assert_eq!(yuan_in(Lang::En, 0), "¥0");
        assert_eq!(yuan_in(Lang::En, 99_999), "¥99,999");
        assert_eq!(yuan_in(Lang::En, 999_999), "¥999,999");
        assert_eq!(yuan_in(Lang::En, -52_000), "-¥52,000");
        assert_eq!(yuan_in(Lang::En, 1_000_000), "¥1 million");
        assert_eq!(yuan_in(Lang::En, 1_200_000), "¥1.2 million");
        assert_eq!(yuan_in(Lang::En, 123_456_789), "¥123.46 million");
        assert_eq!(yuan_in(Lang::En, -3_050_000), "-¥3.05 million");
        assert_eq!(yuan_in(Lang::En, 999_994_999), "¥999.99 million");
        assert_eq!(yuan_in(Lang::En, 999_995_000), "¥1 billion");
        assert_eq!(yuan_in(Lang::En, 1_234_500_000_000), "¥1,234.5 billion");
        assert_eq!(yuan_in(Lang::En, i64::MIN), "-¥9,223,372,036.85 billion");
    }

    #[test]
    fn exact_yuan_and_seconds_in_each_language() {
        assert_eq!(yuan_exact(Lang::Zh, -1_234_567), "-1,234,567 元");
        assert_eq!(yuan_exact(Lang::En, -1_234_567), "-¥1,234,567");
        assert_eq!(yuan_exact(Lang::En, i64::MIN), "-¥9,223,372,036,854,775,808");
        assert_eq!(seconds(12_345), "12.3 秒");
        assert_eq!(seconds_in(Lang::Zh, 12_345), "12.3 秒");
        assert_eq!(seconds_in(Lang::En, 12_345), "12.3 s");
        assert_eq!(seconds_in(Lang::En, 0), "0.0 s");
    }
}
