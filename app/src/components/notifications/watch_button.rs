use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::i18n::use_text;
use crate::server_fns::notifications::SetWatch;

/// Watch or stop watching an idea's auction: a plain form, which works without JavaScript.
#[component]
pub fn WatchButton(idea_id: i64, watching: bool) -> impl IntoView {
    let t = use_text();
    view! {
        <form method="post" action=SetWatch::url()>
            <input type="hidden" name="id" value=idea_id.to_string()/>
            <input type="hidden" name="watch" value=(!watching).to_string()/>
            <button type="submit" data-testid="watch" aria-pressed=watching.to_string()
                title=t.idea.watch_title
                class="min-h-11 rounded-lg px-4 text-sm ring-1 ring-slate-300 hover:bg-slate-50">
                {if watching { t.idea.watching } else { t.idea.watch }}
            </button>
        </form>
    }
}
