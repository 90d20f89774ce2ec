//! Ideas for tests: a valid submission with the title a test needs.

use model::NewIdea;

/// A valid idea titled `title` (the description and tag are long and plain enough for any rule).
pub fn sample(title: &str) -> NewIdea {
    NewIdea {
        title: title.into(),
        description: "把写字楼里闲置的茶水间改造成可预约的共享厨房，按小时收费，面向附近的上班族。".into(),
        category: "lifestyle".into(),
        tags: vec!["共享".into()],
        attachments: Vec::new(),
    }
}
