use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::server_fns::notifications::SetWatch;

/// Watch or stop watching an idea's auction: a plain form, which works without JavaScript.
#[component]
pub fn WatchButton(idea_id: i64, watching: bool) -> impl IntoView {
    view! {
        <form method="post" action=SetWatch::url()>
            <input type="hidden" name="id" value=idea_id.to_string()/>
            <input type="hidden" name="watch" value=(!watching).to_string()/>
            <button type="submit" data-testid="watch" aria-pressed=watching.to_string()
                title="竞拍最后一分钟和结束时通知你"
                class="min-h-11 rounded-lg px-4 text-sm ring-1 ring-slate-300 hover:bg-slate-50">
                {if watching { "已关注竞拍 · 取消" } else { "关注竞拍" }}
            </button>
        </form>
    }
}
