//! Screening on submission: an idea whose text holds a forbidden word waits for an admin instead
//! of going public. The words come from a file (one per line, `#` starts a comment), read again
//! whenever the file changes, so the list is edited without a restart.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

#[derive(Debug, Default)]
pub struct Screening {
    path: Option<PathBuf>,
    loaded: Mutex<Loaded>,
}

#[derive(Debug, Default)]
struct Loaded {
    modified: Option<SystemTime>,
    words: Vec<String>,
}

impl Screening {
    /// Screens against the words in `path`; without a path nothing is held.
    pub fn from_file(path: Option<PathBuf>) -> Self {
        Self { path, loaded: Mutex::default() }
    }

    /// Whether any of the texts holds a forbidden word, ignoring case and white space (so that
    /// `违 禁` is caught as `违禁`).
    pub fn holds(&self, texts: &[&str]) -> bool {
        let words = self.words();
        if words.is_empty() {
            return false;
        }
        texts.iter().map(|t| fold(t)).any(|text| words.iter().any(|w| text.contains(w.as_str())))
    }

    /// The list as the file has it now. A file that cannot be read keeps the last list (and is
    /// logged), so a bad edit never opens the gate.
    fn words(&self) -> Vec<String> {
        let Some(path) = &self.path else { return Vec::new() };
        let mut loaded = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if modified.is_some() && modified != loaded.modified {
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    loaded.words = parse(&text);
                    loaded.modified = modified;
                    tracing::info!(path = %path.display(), words = loaded.words.len(), "forbidden words loaded");
                }
                Err(e) => tracing::warn!(path = %path.display(), error = %e, "reading the forbidden words failed"),
            }
        } else if modified.is_none() && loaded.modified.is_some() {
            tracing::warn!(path = %path.display(), "the forbidden words file is gone; keeping the last list");
        }
        loaded.words.clone()
    }
}

fn fold(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn parse(text: &str) -> Vec<String> {
    text.lines().map(|line| line.split('#').next().unwrap_or("")).map(fold).filter(|w| !w.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_file() -> PathBuf {
        std::env::temp_dir().join(format!("aim-words-{}.txt", uuid::Uuid::new_v4()))
    }

    #[test]
    fn words_are_found_whatever_their_case_or_spacing() {
        let path = scratch_file();
        std::fs::write(&path, "# 示例\n违禁品\n\nCasino  # 赌场\n").expect("write");
        let screening = Screening::from_file(Some(path.clone()));
        assert!(screening.holds(&["出售违 禁 品的平台"]));
        assert!(screening.holds(&["title", "an online CASINO for pets"]));
        assert!(!screening.holds(&["共享厨房预约", "示例"]));
        assert!(!Screening::default().holds(&["违禁品"]));
        std::fs::remove_file(&path).expect("remove");
    }

    #[test]
    fn an_edited_file_is_read_again_and_a_lost_one_keeps_the_list() {
        let path = scratch_file();
        std::fs::write(&path, "甲\n").expect("write");
        let screening = Screening::from_file(Some(path.clone()));
        assert!(screening.holds(&["甲方"]));
        // A later modification time, as an edit gives (set, not waited for).
        std::fs::write(&path, "乙\n").expect("write");
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(later)).expect("touch");
        assert!(screening.holds(&["乙方"]));
        assert!(!screening.holds(&["甲方"]));
        std::fs::remove_file(&path).expect("remove");
        assert!(screening.holds(&["乙方"]), "a missing file keeps the last list");
    }
}
