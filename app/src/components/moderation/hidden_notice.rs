use leptos::prelude::*;

use crate::i18n::use_text;

/// What the author of a hidden idea reads on its page, and nobody else sees.
#[component]
pub fn HiddenNotice(reason: String) -> impl IntoView {
    let t = &use_text().space.notices;
    view! {
        <div class="rounded-xl bg-amber-50 p-4 text-amber-900 ring-1 ring-amber-200" role="status" data-testid="idea-hidden">
            <p class="font-medium">{t.hidden_title}</p>
            <p class="mt-1 text-sm break-words">{t.hidden_reason}{reason}</p>
            <p class="mt-1 text-sm">{t.hidden_help}</p>
        </div>
    }
}
