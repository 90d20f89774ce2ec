use leptos::prelude::*;
use model::LegalCompliance;

use super::{Block, bullets, paragraph};

/// 法律合规: ICP filing, personal-information duties, licences and legal risks.
#[component]
pub fn LegalSection(content: LegalCompliance) -> impl IntoView {
    let LegalCompliance { icp, pipl, licences, risks, .. } = content;
    view! {
        <Block title="ICP 备案 / 许可证">{paragraph(icp)}</Block>
        <Block title="个人信息保护（《个人信息保护法》）">{paragraph(pipl)}</Block>
        <Block title="所需资质与许可">{bullets(licences)}</Block>
        <Block title="法律风险">{bullets(risks)}</Block>
    }
}
