use leptos::prelude::*;
use model::LegalCompliance;

use super::{Block, bullets, paragraph};
use crate::i18n::use_text;

/// 法律合规: ICP filing, personal-information duties, licences and legal risks.
#[component]
pub fn LegalSection(content: LegalCompliance) -> impl IntoView {
    let LegalCompliance { icp, pipl, licences, risks, .. } = content;
    let s = &use_text().plans.sections;
    view! {
        <Block title=s.icp>{paragraph(icp)}</Block>
        <Block title=s.pipl>{paragraph(pipl)}</Block>
        <Block title=s.licences>{bullets(licences)}</Block>
        <Block title=s.legal_risks>{bullets(risks)}</Block>
    }
}
