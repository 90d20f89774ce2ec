//! Reading settings: where they come from, and turning text into values while collecting every
//! problem, each naming the setting to change.

use std::time::Duration;

/// Reads variables from a source (the process environment, or a map in tests).
pub trait Source {
    fn get(&self, key: &str) -> Option<String>;
}

pub(super) struct ProcessEnv;

impl Source for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.trim().is_empty())
    }
}

impl Source for Vec<(&str, &str)> {
    fn get(&self, key: &str) -> Option<String> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned()).filter(|v| !v.trim().is_empty())
    }
}

impl<const N: usize> Source for [(&str, &str); N] {
    fn get(&self, key: &str) -> Option<String> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned()).filter(|v| !v.trim().is_empty())
    }
}

/// A source and the problems found so far.
pub(super) struct Reader<'a> {
    src: &'a dyn Source,
    pub problems: Vec<String>,
}

impl<'a> Reader<'a> {
    pub fn new(src: &'a dyn Source) -> Self {
        Self { src, problems: Vec::new() }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        self.src.get(key)
    }

    pub fn text(&self, key: &str, default: &str) -> String {
        self.get(key).unwrap_or_else(|| default.to_owned())
    }

    pub fn problem(&mut self, problem: impl Into<String>) {
        self.problems.push(problem.into());
    }

    pub fn number<T: std::str::FromStr + Copy>(&mut self, key: &str, default: T) -> T {
        match self.get(key) {
            None => default,
            Some(v) => v.trim().parse().unwrap_or_else(|_| {
                self.problem(format!("{key}={v:?}: not a number"));
                default
            }),
        }
    }

    /// A duration in (possibly fractional) seconds.
    pub fn seconds(&mut self, key: &str, default: Duration) -> Duration {
        match self.get(key) {
            None => default,
            Some(v) => match v.trim().parse::<f64>() {
                Ok(s) if s.is_finite() && (0.0..=30.0 * 86_400.0).contains(&s) => Duration::from_secs_f64(s),
                _ => {
                    self.problem(format!("{key}={v:?}: seconds, from 0 to 30 days"));
                    default
                }
            },
        }
    }

    /// On or off: `on`, `true`, `1` or `off`, `false`, `0`; `hint` names the words to use.
    pub fn switch(&mut self, key: &str, default: bool, hint: &str) -> bool {
        match self.get(key).as_deref() {
            None => default,
            Some("on" | "true" | "1") => true,
            Some("off" | "false" | "0") => false,
            Some(other) => {
                self.problem(format!("{key}={other:?}: use {hint}"));
                default
            }
        }
    }

    /// A comma-separated list, trimmed, without empty entries.
    pub fn list(&self, key: &str) -> Vec<String> {
        let value = self.get(key).unwrap_or_default();
        value.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect()
    }
}
