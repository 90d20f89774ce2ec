use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use model::{AccountSettings, ApiTokenView, validate};

use crate::browser;
use crate::components::account::{CloseAccountForm, ResendVerificationButton};
use crate::components::forms::{BUTTON_CLASS, Field, FormMessage, INPUT_CLASS, PhoneAndCode, Refusal, field_error};
use crate::components::notifications::NotificationMailForm;
use crate::format::masked_phone;
use crate::i18n::use_text;
use crate::server_fns::accounts::{
    ChangeEmail, ChangePassword, ChangePhone, CreateApiToken, LogoutEverywhere, RevokeApiToken, get_settings,
};

const SECTION_CLASS: &str = "rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 space-y-3";

/// The member's account: who they are, how they sign in (password, email, phone), their
/// personal API tokens, and signing out on every device.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| get_settings());
    let t = use_text();
    let s = &t.account.settings;
    view! {
        <Title text=t.title(s.title)/>
        <Meta name="description" content=s.description/>
        <div class="mx-auto max-w-2xl space-y-4">
            <h1 class="text-xl font-bold">{s.title}</h1>
            <Suspense fallback=move || view! { <p class="py-10 text-center text-slate-500">{t.common.loading}</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Err(e) => view! {
                            <p class="rounded-lg bg-red-50 p-4 text-red-700" role="alert">{e.message().to_owned()}</p>
                        }.into_any(),
                        Ok(None) => view! {
                            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200" data-testid="settings-signed-out">
                                <p class="text-slate-600">{s.signed_out}</p>
                                <A href="/login?next=/settings" attr:class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">{t.common.login}</A>
                            </div>
                        }.into_any(),
                        Ok(Some(found)) => view! { <Settings settings=found/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Settings(settings: AccountSettings) -> impl IntoView {
    let AccountSettings { me, tokens } = settings;
    let t = use_text();
    let (f, s, k) = (&t.account.forms, &t.account.settings, &t.account.tokens);
    let phone = me.phone.as_deref().map(masked_phone).unwrap_or_else(|| s.no_phone.into());
    view! {
        <section class=SECTION_CLASS aria-labelledby="account-heading">
            <h2 id="account-heading" class="font-semibold">{s.account}</h2>
            <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt class="text-slate-500">{f.username}</dt>
                <dd data-testid="settings-username">{me.username.clone()}</dd>
                <dt class="text-slate-500">{f.email}</dt>
                <dd class="flex flex-wrap items-center gap-2">
                    <span data-testid="settings-email">{me.email.clone()}</span>
                    {if me.email_verified {
                        view! { <span class="rounded bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700" data-testid="email-state">{s.verified}</span> }.into_any()
                    } else {
                        view! {
                            <span class="rounded bg-amber-50 px-2 py-0.5 text-xs text-amber-800" data-testid="email-state">{s.unverified}</span>
                            <ResendVerificationButton/>
                        }.into_any()
                    }}
                </dd>
                <dt class="text-slate-500">{f.phone}</dt>
                <dd data-testid="settings-phone">{phone}</dd>
                <dt class="text-slate-500">{s.level_label}</dt>
                <dd>{(t.labels.level_member)(me.level)}</dd>
            </dl>
        </section>
        <section class=SECTION_CLASS aria-labelledby="notify-heading">
            <h2 id="notify-heading" class="font-semibold">{t.common.notifications}</h2>
            <NotificationMailForm on=me.notify_by_email verified=me.email_verified/>
        </section>
        <section class=SECTION_CLASS aria-labelledby="password-heading">
            <h2 id="password-heading" class="font-semibold">{s.change_password}</h2>
            <p class="text-sm text-slate-500">{s.password_note}</p>
            <PasswordForm/>
        </section>
        <section class=SECTION_CLASS aria-labelledby="email-heading">
            <h2 id="email-heading" class="font-semibold">{s.change_email}</h2>
            <EmailForm/>
        </section>
        <section class=SECTION_CLASS aria-labelledby="phone-heading">
            <h2 id="phone-heading" class="font-semibold">{s.change_phone}</h2>
            <p class="text-sm text-slate-500">{s.phone_note}</p>
            <PhoneForm/>
        </section>
        <section class=SECTION_CLASS aria-labelledby="tokens-heading">
            <h2 id="tokens-heading" class="font-semibold">{k.heading}</h2>
            <p class="text-sm text-slate-500">
                {k.intro_before} <code class="rounded bg-slate-100 px-1 text-slate-700">{k.intro_header}</code>
                {k.intro_after}
            </p>
            <NewTokenForm/>
            <TokenList tokens/>
        </section>
        <section class=SECTION_CLASS aria-labelledby="data-heading">
            <h2 id="data-heading" class="font-semibold">{s.data}</h2>
            <p class="text-sm text-slate-500">{s.data_note}</p>
            <a href="/api/me/export" download class="inline-block rounded-lg bg-slate-100 px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-200" data-testid="export-data">
                {s.data_download}
            </a>
        </section>
        <section class=SECTION_CLASS aria-labelledby="everywhere-heading">
            <h2 id="everywhere-heading" class="font-semibold">{s.everywhere}</h2>
            <p class="text-sm text-slate-500">{s.everywhere_note}</p>
            <form method="post" action=LogoutEverywhere::url()>
                <button type="submit" class="min-h-11 rounded-lg bg-red-50 px-4 py-2 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-100" data-testid="logout-everywhere">
                    {s.everywhere}
                </button>
            </form>
        </section>
        <section class=SECTION_CLASS aria-labelledby="close-heading">
            <h2 id="close-heading" class="font-semibold text-red-800">{s.close}</h2>
            <p class="text-sm text-slate-500">
                {s.close_note}
            </p>
            <CloseAccountForm/>
        </section>
    }
    .into_any()
}

/// A line saying that a change went through (announced to screen readers).
#[component]
fn Done(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="min-h-5 text-sm text-emerald-700" role="status" data-testid="form-done">{move || message.get()}</p>
    }
}

/// The current password and a new one; this browser stays signed in with a fresh session.
#[island]
fn PasswordForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<ChangePassword>::new();
    let t = use_text();
    let (f, s) = (&t.account.forms, &t.account.settings);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            current.set(String::new());
            new.set(String::new());
        }
    });
    let refusal = Refusal::of(action);
    let form_error = refusal.unnamed();
    let done = Signal::derive(move || matches!(action.value().get(), Some(Ok(()))).then(|| s.password_done.to_owned()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action
            .dispatch(ChangePassword { current_password: current.get_untracked(), new_password: new.get_untracked() });
    };
    view! {
        <form method="post" action=ChangePassword::url() class="space-y-2" on:submit=on_submit novalidate>
            <Field label=f.current_password id="currentPassword" error=Signal::derive(refusal.field("currentPassword"))>
                <input id="currentPassword" name="current_password" type="password" class=INPUT_CLASS autocomplete="current-password" bind:value=current/>
            </Field>
            <Field label=f.new_password id="newPassword" hint=(f.password_hint)(model::PASSWORD_MIN) error=field_error(new, validate::password, refusal.field("newPassword"))>
                <input id="newPassword" name="new_password" type="password" class=INPUT_CLASS autocomplete="new-password" bind:value=new/>
            </Field>
            <FormMessage message=form_error/>
            <Done message=done/>
            <button type="submit" class=BUTTON_CLASS data-testid="change-password" disabled=move || action.pending().get()>
                {move || if action.pending().get() { s.changing } else { s.change_password }}
            </button>
        </form>
    }
    .into_any()
}

/// A new email address, confirmed by the current password.
#[island]
fn EmailForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<ChangeEmail>::new();
    let t = use_text();
    let (f, s) = (&t.account.forms, &t.account.settings);
    let email = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            current.set(String::new());
        }
    });
    let refusal = Refusal::of(action);
    let form_error = refusal.unnamed();
    let done = Signal::derive(move || action.value().get().and_then(Result::ok).map(|me| (s.email_done)(&me.email)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangeEmail { email: email.get_untracked(), current_password: current.get_untracked() });
    };
    view! {
        <form method="post" action=ChangeEmail::url() class="space-y-2" on:submit=on_submit novalidate>
            <Field label=s.new_email id="email" error=field_error(email, |e| validate::email(&e.trim().to_lowercase()), refusal.field("email"))>
                <input id="email" name="email" type="email" class=INPUT_CLASS autocomplete="email" bind:value=email/>
            </Field>
            <Field label=f.current_password id="emailPassword" error=Signal::derive(refusal.field("currentPassword"))>
                <input id="emailPassword" name="current_password" type="password" class=INPUT_CLASS autocomplete="current-password" bind:value=current/>
            </Field>
            <FormMessage message=form_error/>
            <Done message=done/>
            <button type="submit" class=BUTTON_CLASS data-testid="change-email" disabled=move || action.pending().get()>
                {move || if action.pending().get() { s.changing } else { s.change_email }}
            </button>
        </form>
    }
    .into_any()
}

/// A new mainland mobile with the code sent to it, confirmed by the current password.
#[island]
fn PhoneForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<ChangePhone>::new();
    let t = use_text();
    let (f, s) = (&t.account.forms, &t.account.settings);
    let phone = RwSignal::new(String::new());
    let sms_code = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            sms_code.set(String::new());
            current.set(String::new());
        }
    });
    let refusal = Refusal::of(action);
    let form_error = refusal.unnamed();
    let done = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::ok)
            .map(|me| (s.phone_done)(&me.phone.as_deref().map(masked_phone).unwrap_or_default()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePhone {
            phone: phone.get_untracked(),
            sms_code: sms_code.get_untracked(),
            current_password: current.get_untracked(),
        });
    };
    view! {
        <form method="post" action=ChangePhone::url() class="space-y-2" on:submit=on_submit novalidate>
            <PhoneAndCode label=s.new_phone phone sms_code refusal/>
            <Field label=f.current_password id="phonePassword" error=Signal::derive(refusal.field("currentPassword"))>
                <input id="phonePassword" name="current_password" type="password" class=INPUT_CLASS autocomplete="current-password" bind:value=current/>
            </Field>
            <FormMessage message=form_error/>
            <Done message=done/>
            <button type="submit" class=BUTTON_CLASS data-testid="change-phone" disabled=move || action.pending().get()>
                {move || if action.pending().get() { s.changing_phone } else { s.change_phone }}
            </button>
        </form>
    }
    .into_any()
}

/// Names a new token and shows its secret, this once.
#[island]
fn NewTokenForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<CreateApiToken>::new();
    let t = use_text();
    let k = &t.account.tokens;
    let name = RwSignal::new(String::new());
    let copied = RwSignal::new(None::<&'static str>);
    let secret = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            name.set(String::new());
            copied.set(None);
        }
    });
    let name_error = Signal::derive(move || {
        action.value().get().and_then(Result::err).map(|e| e.field("name").unwrap_or_else(|| e.message().to_owned()))
    });
    let created = move || action.value().get().and_then(Result::ok);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateApiToken { name: name.get_untracked() });
    };
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(token) = created() {
            copied.set(Some(crate::clipboard::copy(&token.token, secret.get_untracked(), t)));
        }
    };
    view! {
        <form method="post" action=CreateApiToken::url() class="space-y-2" on:submit=on_submit novalidate>
            <Field label=k.name id="tokenName" error=name_error>
                <div class="flex gap-2">
                    <input id="tokenName" name="name" class=INPUT_CLASS maxlength=50 placeholder=k.name_placeholder bind:value=name/>
                    <button type="submit" class=format!("{BUTTON_CLASS} shrink-0") data-testid="create-token" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { k.creating } else { k.create }}
                    </button>
                </div>
            </Field>
        </form>
        <Show when=move || created().is_some()>
            <div class="space-y-2 rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200">
                <p class="text-sm font-medium text-amber-900">
                    {move || created().map(|c| (k.created)(&c.view.name))}
                </p>
                <div class="flex gap-2">
                    <input
                        node_ref=secret
                        readonly
                        aria-label=k.new_token
                        class="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-800"
                        value=move || created().map(|t| t.token).unwrap_or_default()
                        data-testid="new-token"
                    />
                    <button type="button" class="shrink-0 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700" on:click=copy>
                        {t.common.copy}
                    </button>
                </div>
                <p class="min-h-5 text-xs text-emerald-700" role="status">{move || copied.get()}</p>
                <button type="button" class="text-sm text-indigo-700 hover:underline" on:click=move |_| browser::reload()>
                    {k.saved}
                </button>
            </div>
        </Show>
    }
    .into_any()
}

/// The live tokens, each revoked by a plain form (which works without JavaScript).
#[component]
fn TokenList(tokens: Vec<ApiTokenView>) -> impl IntoView {
    let t = use_text();
    let k = &t.account.tokens;
    if tokens.is_empty() {
        return view! { <p class="text-sm text-slate-500" data-testid="tokens-empty">{k.empty}</p> }.into_any();
    }
    view! {
        <ul class="divide-y divide-slate-100" data-testid="token-list">
            {tokens
                .into_iter()
                .map(|token| {
                    let used = token.last_used_at.map_or_else(|| k.never_used.to_owned(), |at| (k.used)(&(t.labels.when)(at)));
                    view! {
                        <li class="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm" data-testid="token-row">
                            <span class="font-medium text-slate-800">{token.name}</span>
                            <span class="text-xs text-slate-500">{(k.created_at)(&(t.labels.when)(token.created_at), &used)}</span>
                            <form method="post" action=RevokeApiToken::url() class="ml-auto">
                                <input type="hidden" name="id" value=token.id.to_string()/>
                                <button type="submit" class="text-red-700 hover:underline" data-testid="revoke-token">{k.revoke}</button>
                            </form>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
