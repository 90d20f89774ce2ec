use leptos::prelude::*;

use super::{plan_href, with_share};
use crate::components::forms::{CopyLinkField, PrintButton};
use crate::i18n::use_text;

const ACTION_CLASS: &str = "inline-flex items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-medium \
     text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-indigo-300";

/// Download, print, and (for the owner) the share link of a finished plan.
#[component]
pub fn PlanActions(id: i64, share: Option<String>, share_token: Option<String>) -> impl IntoView {
    let markdown = with_share(format!("/api/business-plan/{id}/markdown"), share.as_deref());
    let p = &use_text().plans.page;
    view! {
        <div class="no-print space-y-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5">
            <div class="flex flex-wrap gap-2">
                <a
                    href=markdown
                    download=format!("business-plan-{id}.md")
                    rel="external"
                    class=ACTION_CLASS
                    data-testid="plan-markdown"
                >
                    {p.markdown}
                </a>
                <PrintButton test_id="plan-print".to_owned()/>
            </div>
            {share_token.map(|token| view! { <ShareLink path=plan_href(id, Some(&token))/> })}
        </div>
    }
}

/// The owner's share link in a read-only field, with a copy button.
#[component]
fn ShareLink(path: String) -> impl IntoView {
    let p = &use_text().plans.page;
    view! {
        <div class="space-y-1">
            <label for="plan-share" class="block text-sm font-medium text-slate-700">{p.share_link}</label>
            <CopyLinkField
                path
                input_id="plan-share".to_owned()
                input_test_id="plan-share".to_owned()
                copy_test_id="plan-share-copy".to_owned()
            />
        </div>
    }
}
