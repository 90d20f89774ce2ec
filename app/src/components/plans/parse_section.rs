use leptos::prelude::*;
use model::IdeaParsing;

use super::{Block, bullets, paragraph};
use crate::i18n::use_text;

/// 创意解析: the problem, for whom, the value, and what must hold true.
#[component]
pub fn ParseSection(content: IdeaParsing) -> impl IntoView {
    let IdeaParsing { problem, target_users, value_proposition, key_assumptions, .. } = content;
    let s = &use_text().plans.sections;
    view! {
        <Block title=s.problem>{paragraph(problem)}</Block>
        <Block title=s.target_users>{bullets(target_users)}</Block>
        <Block title=s.value_proposition>{paragraph(value_proposition)}</Block>
        <Block title=s.key_assumptions>{bullets(key_assumptions)}</Block>
    }
}
