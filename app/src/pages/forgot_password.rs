use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use model::validate;

use crate::browser;
use crate::components::forms::{BUTTON_CLASS, Field, FormMessage, INPUT_CLASS, PhoneAndCode, Refusal, field_error};
use crate::i18n::use_text;
use crate::server_fns::accounts::ResetPassword;

/// 找回密码: a new password for the account whose phone receives the code.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let t = use_text();
    let r = &t.account.recover;
    view! {
        <Title text=t.title(r.forgot_title)/>
        <Meta name="description" content=r.forgot_description/>
        <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h1 class="text-xl font-bold">{r.forgot_title}</h1>
            <p class="mb-4 text-sm text-slate-500">{r.forgot_intro}</p>
            <ResetPasswordForm/>
            <p class="mt-4 text-center text-sm text-slate-600">
                {r.remembered}<A href="/login" attr:class="text-indigo-700 underline underline-offset-2">{t.common.login}</A>
            </p>
        </div>
    }
}

/// The phone, its code and the new password; once reset, a way to sign in with it.
#[island]
fn ResetPasswordForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<ResetPassword>::new();
    let t = use_text();
    let (f, r) = (&t.account.forms, &t.account.recover);
    let phone = RwSignal::new(String::new());
    let sms_code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let refusal = Refusal::of(action);
    let form_error = refusal.unnamed();
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ResetPassword {
            phone: phone.get_untracked(),
            sms_code: sms_code.get_untracked(),
            new_password: password.get_untracked(),
        });
    };
    view! {
        <Show
            when=done
            fallback=move || view! {
                <form method="post" action=ResetPassword::url() class="space-y-2" on:submit=on_submit novalidate>
                    <PhoneAndCode label=f.phone phone sms_code refusal/>
                    <Field label=f.new_password id="newPassword" hint=(f.password_hint)(model::PASSWORD_MIN) error=field_error(password, validate::password, refusal.field("newPassword"))>
                        <input id="newPassword" name="new_password" type="password" class=INPUT_CLASS autocomplete="new-password" bind:value=password/>
                    </Field>
                    <FormMessage message=form_error/>
                    <button type="submit" class=format!("{BUTTON_CLASS} w-full") data-testid="reset-password" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { r.resetting } else { r.reset }}
                    </button>
                </form>
            }
        >
            <p class="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="password-reset">
                {r.reset_done}
            </p>
            <a href="/login" class=format!("{BUTTON_CLASS} mt-3 block w-full text-center")>{r.go_sign_in}</a>
        </Show>
    }
}
