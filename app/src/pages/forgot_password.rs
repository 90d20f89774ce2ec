use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use model::validate;

use crate::browser;
use crate::components::forms::{BUTTON_CLASS, Field, FormMessage, INPUT_CLASS, PhoneAndCode, Refusal, field_error};
use crate::server_fns::accounts::ResetPassword;

/// 找回密码: a new password for the account whose phone receives the code.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    view! {
        <Title text="找回密码 · AI创意交易市场"/>
        <Meta name="description" content="用注册手机号收到的验证码重设密码。"/>
        <div class="mx-auto max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h1 class="text-xl font-bold">"找回密码"</h1>
            <p class="mb-4 text-sm text-slate-500">"验证注册时的手机号后设置新密码。所有设备上的登录和 API 令牌都会失效。"</p>
            <ResetPasswordForm/>
            <p class="mt-4 text-center text-sm text-slate-600">
                "想起来了？" <A href="/login" attr:class="text-indigo-700">"登录"</A>
            </p>
        </div>
    }
}

/// The phone, its code and the new password; once reset, a way to sign in with it.
#[island]
fn ResetPasswordForm() -> impl IntoView {
    browser::island_ready();
    let action = ServerAction::<ResetPassword>::new();
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
                    <PhoneAndCode label="手机号" phone sms_code refusal/>
                    <Field label="新密码" id="newPassword" hint=format!("至少 {} 位", model::PASSWORD_MIN) error=field_error(password, validate::password, refusal.field("newPassword"))>
                        <input id="newPassword" name="new_password" type="password" class=INPUT_CLASS autocomplete="new-password" bind:value=password/>
                    </Field>
                    <FormMessage message=form_error/>
                    <button type="submit" class=format!("{BUTTON_CLASS} w-full") data-testid="reset-password" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "正在重置…" } else { "重置密码" }}
                    </button>
                </form>
            }
        >
            <p class="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800" role="status" data-testid="password-reset">
                "密码已重置，请用新密码登录。"
            </p>
            <a href="/login" class=format!("{BUTTON_CLASS} mt-3 block w-full text-center")>"去登录"</a>
        </Show>
    }
}
