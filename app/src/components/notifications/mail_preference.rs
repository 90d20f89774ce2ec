use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::i18n::use_text;
use crate::server_fns::notifications::SetNotificationMail;

/// Whether the important notifications are also mailed: a plain form, which works without
/// JavaScript.
#[component]
pub fn NotificationMailForm(on: bool, verified: bool) -> impl IntoView {
    let s = &use_text().account.settings;
    view! {
        <p class="text-sm text-slate-600">
            {s.mail_intro}
            {(!verified).then_some(s.mail_unverified)}
        </p>
        <p class="text-sm" data-testid="notify-mail-state">{if on { s.mail_on } else { s.mail_off }}</p>
        <form method="post" action=SetNotificationMail::url()>
            <input type="hidden" name="on" value=(!on).to_string()/>
            <button type="submit" data-testid="notify-mail" class="min-h-11 rounded-lg px-4 text-sm text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50">
                {if on { s.mail_turn_off } else { s.mail_turn_on }}
            </button>
        </form>
    }
}
