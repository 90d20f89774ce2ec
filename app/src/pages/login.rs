use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::url::LocalPath;

use crate::browser;
use crate::components::forms::{BUTTON_CLASS, Field, FormMessage, INPUT_CLASS};
use crate::i18n::use_text;
use crate::server_fns::accounts::Login;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = LocalPath::or_home(query.read_untracked().get("next").as_deref());
    let t = use_text();
    let register = if next == LocalPath::home() { "/register".to_owned() } else { next.register_page().into() };
    view! {
        <Title text=t.title(t.login.title)/>
        <Meta name="description" content=t.login.description/>
        <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h1 class="mb-4 text-xl font-bold">{t.login.title}</h1>
            <LoginForm next/>
            <p class="mt-4 text-center text-sm text-slate-600">
                {t.login.no_account}" "<A href=register attr:class="text-indigo-700 underline underline-offset-2" attr:data-testid="register-link">{t.common.register}</A>
            </p>
        </div>
    }
}

/// Signs in, then goes to `next`; a sign-in that cancelled the account's closing says so first.
#[island]
fn LoginForm(next: LocalPath) -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<Login>::new();
    let t = use_text();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let onward = next.clone();
    Effect::new(move |_| {
        if let Some(Ok(false)) = action.value().get() {
            browser::go_to(&onward);
        }
    });
    let cancelled = move || matches!(action.value().get(), Some(Ok(true)));
    let error = Signal::derive(move || action.value().get().and_then(Result::err).map(|e| e.message().to_owned()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(Login { login: login.get_untracked(), password: password.get_untracked() });
    };
    view! {
        <form method="post" action=Login::url() class="space-y-3" on:submit=on_submit>
            <Field label=t.login.login_field id="login" error=Signal::derive(|| None)>
                <input id="login" name="login" class=INPUT_CLASS autocomplete="username" required bind:value=login/>
            </Field>
            <Field label=t.login.password id="password" error=Signal::derive(|| None)>
                <input id="password" name="password" type="password" class=INPUT_CLASS autocomplete="current-password" required bind:value=password/>
            </Field>
            <FormMessage message=error/>
            <Show when=cancelled>
                <p class="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="closing-cancelled">
                    {t.login.welcome_back}
                    " "<a href=String::from(next.clone()) class="font-medium underline">{t.login.go_on}</a>
                </p>
            </Show>
            <button type="submit" class=format!("{BUTTON_CLASS} w-full") disabled=move || action.pending().get()>
                {move || if action.pending().get() { t.login.signing_in } else { t.login.title }}
            </button>
            <p class="text-right text-sm">
                <a href="/forgot-password" class="inline-flex min-h-11 items-center text-indigo-700" data-testid="forgot-password">{t.login.forgot}</a>
            </p>
        </form>
    }
}
