use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="页面不存在 · AI创意交易市场"/>
        <Meta name="description" content="找不到这个页面。"/>
        <div class="rounded-xl bg-white p-10 text-center ring-1 ring-slate-200">
            <h1 class="text-xl font-semibold">"页面不存在"</h1>
            <a href="/" class="mt-4 inline-block text-indigo-700">"返回创意广场"</a>
        </div>
    }
}
