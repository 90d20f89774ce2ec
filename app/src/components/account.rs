//! The account's life on the settings page: proving the email address, and closing the account.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::browser;
use crate::components::forms::{Field, FormMessage, INPUT_CLASS, Refusal};
use crate::format::beijing_time;
use crate::server_fns::accounts::{CloseAccount, ResendVerification};

/// Mails another verification link to the current address.
#[island]
pub fn ResendVerificationButton() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<ResendVerification>::new();
    let message = move || match action.value().get() {
        Some(Ok(())) => Some("验证邮件已发送，请查收".to_owned()),
        Some(Err(e)) => Some(e.message().to_owned()),
        None => None,
    };
    view! {
        <button type="button" class="min-h-11 text-xs text-indigo-700 underline disabled:opacity-60" data-testid="resend-verification"
            disabled=move || action.pending().get() on:click=move |_| { action.dispatch(ResendVerification {}); }>
            "重新发送验证邮件"
        </button>
        <span class="text-xs text-slate-600" role="status">{message}</span>
    }
}

/// Closing the account: the password and an explicit yes, then the date the data goes.
#[island]
pub fn CloseAccountForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<CloseAccount>::new();
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
                    {move || scheduled().map(|s| format!("已申请注销，你已退出登录。{} 之前重新登录即可取消。", beijing_time(s.erase_at)))}
                    " "<a href="/" class="text-indigo-700 underline">"返回首页"</a>
                </p>
            }
        >
            <form method="post" action=CloseAccount::url() class="space-y-2" on:submit=on_submit novalidate>
                <Field label="当前密码" id="closePassword" error=Signal::derive(refusal.field("currentPassword"))>
                    <input id="closePassword" name="current_password" type="password" class=INPUT_CLASS autocomplete="current-password" bind:value=password/>
                </Field>
                <label class="flex items-start gap-2 text-sm text-slate-700">
                    <input type="checkbox" class="mt-1" data-testid="close-sure" bind:checked=sure/>
                    "我已了解：注销后个人信息将被删除且无法恢复，剩余积分不予退还。"
                </label>
                <FormMessage message=form_error/>
                <button type="submit" class="min-h-11 rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60"
                    data-testid="close-account" disabled=move || action.pending().get() || !sure.get()>
                    {move || if action.pending().get() { "正在提交…" } else { "注销账号" }}
                </button>
            </form>
        </Show>
    }
    .into_any()
}
