use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use model::url::LocalPath;

use crate::browser;
use crate::components::forms::{BUTTON_CLASS, Field, FormMessage, INPUT_CLASS};
use crate::server_fns::accounts::Login;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = LocalPath::or_home(query.read_untracked().get("next").as_deref());
    let register = if next == LocalPath::home() { "/register".to_owned() } else { next.register_page().into() };
    view! {
        <Title text="登录 · AI创意交易市场"/>
        <Meta name="description" content="登录 AI创意交易市场。"/>
        <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h1 class="mb-4 text-xl font-bold">"登录"</h1>
            <LoginForm next/>
            <p class="mt-4 text-center text-sm text-slate-600">
                "还没有账号？" <A href=register attr:class="text-indigo-700" attr:data-testid="register-link">"注册"</A>
            </p>
        </div>
    }
}

/// Signs in, then goes to `next`; a sign-in that cancelled the account's closing says so first.
#[island]
fn LoginForm(next: LocalPath) -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<Login>::new();
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
            <Field label="用户名或邮箱" id="login" error=Signal::derive(|| None)>
                <input id="login" name="login" class=INPUT_CLASS autocomplete="username" required bind:value=login/>
            </Field>
            <Field label="密码" id="password" error=Signal::derive(|| None)>
                <input id="password" name="password" type="password" class=INPUT_CLASS autocomplete="current-password" required bind:value=password/>
            </Field>
            <FormMessage message=error/>
            <Show when=cancelled>
                <p class="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="closing-cancelled">
                    "欢迎回来！你的注销申请已取消，账号会继续保留。"
                    " "<a href=String::from(next.clone()) class="font-medium underline">"继续"</a>
                </p>
            </Show>
            <button type="submit" class=format!("{BUTTON_CLASS} w-full") disabled=move || action.pending().get()>
                {move || if action.pending().get() { "正在登录…" } else { "登录" }}
            </button>
            <p class="text-right text-sm">
                <a href="/forgot-password" class="text-indigo-700" data-testid="forgot-password">"忘记密码？"</a>
            </p>
        </form>
    }
}
