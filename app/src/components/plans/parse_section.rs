use leptos::prelude::*;
use model::IdeaParsing;

use super::{Block, bullets, paragraph};

/// 创意解析: the problem, for whom, the value, and what must hold true.
#[component]
pub fn ParseSection(content: IdeaParsing) -> impl IntoView {
    let IdeaParsing { problem, target_users, value_proposition, key_assumptions, .. } = content;
    view! {
        <Block title="要解决的问题">{paragraph(problem)}</Block>
        <Block title="目标用户">{bullets(target_users)}</Block>
        <Block title="价值主张">{paragraph(value_proposition)}</Block>
        <Block title="关键假设">{bullets(key_assumptions)}</Block>
    }
}
