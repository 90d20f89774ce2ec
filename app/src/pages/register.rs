use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::url::LocalPath;
use model::validate;

use crate::browser;
use crate::components::forms::{BUTTON_CLASS, Field, FormMessage, INPUT_CLASS, PhoneAndCode, Refusal, field_error};
use crate::i18n::use_text;
use crate::server_fns::accounts::Register;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let query = use_query_map();
    let invite = query.read_untracked().get("invite").unwrap_or_default();
    let next = LocalPath::or_home(query.read_untracked().get("next").as_deref());
    let login = if next == LocalPath::home() { "/login".to_owned() } else { next.login_page().into() };
    let t = use_text();
    let r = &t.account.register;
    view! {
        <Title text=t.title(r.title)/>
        <Meta name="description" content=(r.description)(model::SIGNUP_CREDITS)/>
        <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h1 class="text-xl font-bold">{r.title}</h1>
            <p class="mb-4 text-sm text-slate-500">{(r.bonus)(model::SIGNUP_CREDITS)}</p>
            <RegisterForm invite next/>
            <p class="mt-4 text-center text-sm text-slate-600">
                {r.have_account}<A href=login attr:class="text-indigo-700 underline underline-offset-2">{t.common.login}</A>
            </p>
        </div>
    }
}

/// The registration form, checked as the user types; `invite` fills the invite code, and the
/// new member goes to `next` once registered.
#[island]
fn RegisterForm(invite: String, next: LocalPath) -> impl IntoView {
    browser::island_ready();
    let register = ServerAction::<Register>::new();
    let t = use_text();
    let f = &t.account.forms;
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let sms_code = RwSignal::new(String::new());
    let invite_code = RwSignal::new(invite);
    let accept_terms = RwSignal::new(false);

    Effect::new(move |_| {
        if let Some(Ok(_)) = register.value().get() {
            browser::go_to(&next);
        }
    });
    let refusal = Refusal::of(register);
    let form_error = refusal.unnamed();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        register.dispatch(Register {
            username: username.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            phone: phone.get_untracked(),
            sms_code: sms_code.get_untracked(),
            invite_code: invite_code.get_untracked(),
            accept_terms: if accept_terms.get_untracked() { "on".into() } else { String::new() },
        });
    };

    view! {
            <form method="post" action=Register::url() class="space-y-2" on:submit=on_submit novalidate>
                <Field label=f.username id="username" error=field_error(username, validate::username, refusal.field("username"))>
                    <input id="username" name="username" class=INPUT_CLASS autocomplete="username" maxlength=model::USERNAME_MAX bind:value=username/>
                </Field>
                <Field label=f.email id="email" error=field_error(email, |e| validate::email(&e.trim().to_lowercase()), refusal.field("email"))>
                    <input id="email" name="email" type="email" class=INPUT_CLASS autocomplete="email" bind:value=email/>
                </Field>
                <Field label=f.password id="password" hint=(f.password_hint)(model::PASSWORD_MIN) error=field_error(password, validate::password, refusal.field("password"))>
                    <input id="password" name="password" type="password" class=INPUT_CLASS autocomplete="new-password" bind:value=password/>
                </Field>
                <PhoneAndCode label=f.phone phone sms_code refusal/>
                <Field label=t.account.register.invite_code id="inviteCode" error=Signal::derive(refusal.field("inviteCode"))>
                    <input id="inviteCode" name="invite_code" class=INPUT_CLASS autocomplete="off" maxlength=16 data-testid="invite-code" bind:value=invite_code/>
                </Field>
                <div class="space-y-1">
                    <label class="flex items-start gap-2 text-sm text-slate-700">
                        <input id="acceptTerms" name="accept_terms" type="checkbox" class="mt-0.5" bind:checked=accept_terms/>
                        <span>
                            {t.account.register.accept_terms} <a href="/terms" target="_blank" class="text-indigo-700 underline underline-offset-2">{t.common.terms}</a>
                            {t.common.and} <a href="/privacy" target="_blank" class="text-indigo-700 underline underline-offset-2">{t.common.privacy}</a>
                        </span>
                    </label>
                    <p class="min-h-5 text-sm text-red-700" role="alert" data-error-for="acceptTerms">
                        {move || refusal.field("acceptTerms")()}
                    </p>
                </div>
                <FormMessage message=form_error/>
                <button type="submit" class=format!("{BUTTON_CLASS} w-full") disabled=move || register.pending().get()>
                    {move || if register.pending().get() { t.account.register.signing_up } else { t.account.register.title }}
                </button>
            </form>
    }
}
