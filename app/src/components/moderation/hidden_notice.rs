use leptos::prelude::*;

/// What the author of a hidden idea reads on its page, and nobody else sees.
#[component]
pub fn HiddenNotice(reason: String) -> impl IntoView {
    view! {
        <div class="rounded-xl bg-amber-50 p-4 text-amber-900 ring-1 ring-amber-200" role="status" data-testid="idea-hidden">
            <p class="font-medium">"这个创意目前只有你能看到"</p>
            <p class="mt-1 text-sm break-words">"原因："{reason}</p>
            <p class="mt-1 text-sm">"如有疑问，请联系平台客服。"</p>
        </div>
    }
}
