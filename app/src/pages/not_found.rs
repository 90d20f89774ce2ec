use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::i18n::use_text;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let t = use_text();
    view! {
        <Title text=t.title(t.common.not_found_title)/>
        <Meta name="description" content=t.common.not_found_description/>
        <div class="rounded-xl bg-white p-10 text-center ring-1 ring-slate-200">
            <h1 class="text-xl font-semibold">{t.common.not_found_title}</h1>
            <a href="/" class="mt-4 inline-flex min-h-11 items-center text-indigo-700">{t.common.back_home}</a>
        </div>
    }
}
