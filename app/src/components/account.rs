//! The account's life on the settings page: proving the email address, and closing the account.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::browser;
use crate::components::forms::{Field, FormMessage, INPUT_CLASS, Refusal};
use crate::i18n::use_text;
use crate::server_fns::accounts::{CloseAccount, ResendVerification};

/// Mails another verification link to the current address.
#[island]
pub fn ResendVerificationButton() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<ResendVerification>::new();
    let s = &use_text().account.settings;
    let message = move || match action.value().get() {
        Some(Ok(())) => Some(s.resent.to_owned()),
        Some(Err(e)) => Some(e.message().to_owned()),
        None => None,
    };
    view! {
        <button type="button" class="min-h-11 text-xs text-indigo-700 underline disabled:opacity-60" data-testid="resend-verification"
            disabled=move || action.pending().get() on:click=move |_| { action.dispatch(ResendVerification {}); }>
            {s.resend}
        </button>
        <span class="text-xs text-slate-600" role="status">{message}</span>
    }
}

/// Closing the account: the password and an explicit yes, then the date the data goes.
#[island]
pub fn CloseAccountForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<CloseAccount>::new();
    let t = use_text();
    let s = &t.account.settings;
    let password = RwSignal::new(String::new());
    let sure = RwSignal::new(false);
    let refusal = Refusal::of(action);
    let form_error = refusal.unnamed();
    let scheduled = move || action.value().get().and_then(Result::ok);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sure.get_untracked() {
            action.dispatch(CloseAccount { current_password: password.get_untracked() });
        }
    };
    view! {
        <Show
            when=move || scheduled().is_none()
            fallback=move || view! {
                <p class="text-sm text-slate-800" role="status" data-testid="close-scheduled">
                    {move || scheduled().map(|c| (s.close_done)(&(t.labels.when)(c.erase_at)))}
                    " "<a href="/" class="text-indigo-700 underline">{s.back_home}</a>
                </p>
            }
        >
            <form method="post" action=CloseAccount::url() class="space-y-2" on:submit=on_submit novalidate>
                <Field label=t.account.forms.current_password id="closePassword" error=Signal::derive(refusal.field("currentPassword"))>
                    <input id="closePassword" name="current_password" type="password" class=INPUT_CLASS autocomplete="current-password" bind:value=password/>
                </Field>
                <label class="flex items-start gap-2 text-sm text-slate-700">
                    <input type="checkbox" class="mt-1" data-testid="close-sure" bind:checked=sure/>
                    {s.close_sure}
                </label>
                <FormMessage message=form_error/>
                <button type="submit" class="min-h-11 rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
                    data-testid="close-account" disabled=move || action.pending().get() || !sure.get()>
                    {move || if action.pending().get() { s.closing } else { s.close }}
                </button>
            </form>
        </Show>
    }
    .into_any()
}
