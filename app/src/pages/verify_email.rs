use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::browser;
use crate::components::forms::{BUTTON_CLASS, FormMessage, Refusal};
use crate::i18n::use_text;
use crate::server_fns::accounts::VerifyEmail;

/// Where the link mailed to an address leads. Verifying takes a click, so a mail scanner that
/// fetches the link verifies nothing.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    let t = use_text();
    let r = &t.account.recover;
    view! {
        <Title text=t.title(r.verify_title)/>
        <Meta name="description" content=r.verify_description/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <div class="mx-auto max-w-md rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
            <h1 class="text-xl font-bold">{r.verify_title}</h1>
            <VerifyEmailForm token/>
        </div>
    }
}

#[island]
fn VerifyEmailForm(token: String) -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<VerifyEmail>::new();
    let t = use_text();
    let r = &t.account.recover;
    let refusal = Refusal::of(action);
    let token_error = refusal.field("token");
    let other = refusal.unnamed();
    let error = Signal::derive(move || token_error().or_else(|| other.get()));
    let verified = move || action.value().get().and_then(Result::ok);
    let token = StoredValue::new(token);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(VerifyEmail { token: token.get_value() });
    };
    view! {
        <Show
            when=move || verified().is_none()
            fallback=move || view! {
                <p class="mt-4 text-emerald-700" role="status" data-testid="email-verified">
                    {move || verified().map(|email| (r.verified)(&email))}
                </p>
                <a href="/" class="mt-4 inline-flex min-h-11 items-center text-indigo-700">{t.common.back_home}</a>
            }
        >
            <form method="post" action=VerifyEmail::url() class="mt-4 space-y-3" on:submit=on_submit>
                <p class="text-sm text-slate-600">{r.verify_intro}</p>
                <input type="hidden" name="token" value=token.get_value()/>
                <FormMessage message=error/>
                <button type="submit" class=format!("{BUTTON_CLASS} w-full") data-testid="verify-email"
                    disabled=move || action.pending().get()>
                    {move || if action.pending().get() { r.verifying } else { r.verify }}
                </button>
            </form>
        </Show>
    }
}
