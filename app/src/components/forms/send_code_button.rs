use std::time::Duration;

use leptos::prelude::*;

use super::{Field, INPUT_CLASS, Refusal, field_error};
use crate::i18n::use_text;
use crate::server_fns::accounts::SendSmsCode;

/// The phone field's message: the live format check once typed, else what the form's own server
/// function said of the phone (`server`), else why no code could be sent to it.
pub fn phone_error(
    phone: RwSignal<String>,
    send_code: ServerAction<SendSmsCode>,
    server: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    let code_error = move || {
        send_code
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.field("phone").unwrap_or_else(|| e.message().to_owned()))
    };
    field_error(phone, |p| model::validate::phone(&model::normalize_phone(p)), move || server().or_else(code_error))
}

/// Sends an SMS code to `phone`, then counts down the minute before another may be sent. The
/// caller owns `action`, so it can show what went wrong next to the phone field.
#[component]
pub fn SendCodeButton(phone: RwSignal<String>, action: ServerAction<SendSmsCode>) -> impl IntoView {
    let countdown = RwSignal::new(0_u32);
    let f = &use_text().account.forms;
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            countdown.set(60);
            let handle = set_interval_with_handle(
                move || countdown.update(|c| *c = c.saturating_sub(1)),
                Duration::from_secs(1),
            );
            if let Ok(handle) = handle {
                Effect::new(move |_| {
                    if countdown.get() == 0 {
                        handle.clear();
                    }
                });
            }
        }
    });
    view! {
        <button
            type="button"
            class="shrink-0 rounded-lg bg-slate-100 px-3 text-sm text-slate-800 ring-1 ring-slate-300 hover:bg-slate-200 disabled:opacity-60"
            data-testid="send-code"
            disabled=move || { countdown.get() > 0 || action.pending().get() }
            on:click=move |_| {
                action.dispatch(SendSmsCode { phone: phone.get_untracked() });
            }
        >
            {move || match countdown.get() {
                0 if action.pending().get() => f.sending_code.to_owned(),
                0 => f.send_code.to_owned(),
                n => (f.resend_in)(n),
            }}
        </button>
    }
}

/// A mainland mobile, the button that sends it a code, and the code: the rows that registration
/// and the phone change share. `refusal` is what the form's own server function last said.
#[component]
pub fn PhoneAndCode(
    label: &'static str,
    phone: RwSignal<String>,
    sms_code: RwSignal<String>,
    refusal: Refusal,
) -> impl IntoView {
    let send_code = ServerAction::<SendSmsCode>::new();
    let phone_message = phone_error(phone, send_code, refusal.field("phone"));
    let code_message = field_error(sms_code, model::validate::sms_code, refusal.field("smsCode"));
    let f = &use_text().account.forms;
    view! {
        <Field label=label id="phone" error=phone_message>
            <div class="flex gap-2">
                <input id="phone" name="phone" type="tel" inputmode="numeric" class=INPUT_CLASS autocomplete="tel" placeholder="13800138000" bind:value=phone/>
                <SendCodeButton phone action=send_code/>
            </div>
        </Field>
        <Field label=f.sms_code id="smsCode" error=code_message>
            <input id="smsCode" name="sms_code" inputmode="numeric" class=INPUT_CLASS autocomplete="one-time-code" maxlength=6 bind:value=sms_code/>
        </Field>
    }
}
