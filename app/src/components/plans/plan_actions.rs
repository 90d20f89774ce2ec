use leptos::prelude::*;

use super::{plan_href, with_share};
use crate::components::forms::{CopyLink, use_copy_link};

const ACTION_CLASS: &str = "inline-flex items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-medium \
     text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-indigo-300";

/// Download, print, and (for the owner) the share link of a finished plan.
#[component]
pub fn PlanActions(id: i64, share: Option<String>, share_token: Option<String>) -> impl IntoView {
    let markdown = with_share(format!("/api/business-plan/{id}/markdown"), share.as_deref());
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().print();
        }
    };
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
                    "下载 Markdown"
                </a>
                <button type="button" class=ACTION_CLASS data-testid="plan-print" on:click=print>
                    "打印 / 保存为 PDF"
                </button>
            </div>
            {share_token.map(|token| view! { <ShareLink path=plan_href(id, Some(&token))/> })}
        </div>
    }
}

/// The owner's share link in a read-only field, with a copy button.
#[component]
fn ShareLink(path: String) -> impl IntoView {
    let link = use_copy_link(path);
    let CopyLink { url, copied, input } = link;
    let copy = move |_| link.copy();
    view! {
        <div class="space-y-1">
            <label for="plan-share" class="block text-sm font-medium text-slate-700">"分享链接（持有链接的人可以阅读这份计划书）"</label>
            <div class="flex gap-2">
                <input
                    id="plan-share"
                    node_ref=input
                    readonly
                    class="min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
                    value=move || url.get()
                    data-testid="plan-share"
                    on:focus=move |_| {
                        #[cfg(feature = "hydrate")]
                        if let Some(el) = input.get_untracked() {
                            el.select();
                        }
                    }
                />
                <button type="button" class=ACTION_CLASS data-testid="plan-share-copy" on:click=copy>"复制"</button>
            </div>
            <p class="min-h-5 text-xs text-emerald-700" role="status">{move || copied.get()}</p>
        </div>
    }
}
