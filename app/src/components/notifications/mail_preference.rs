use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::server_fns::notifications::SetNotificationMail;

/// Whether the important notifications are also mailed: a plain form, which works without
/// JavaScript.
#[component]
pub fn NotificationMailForm(on: bool, verified: bool) -> impl IntoView {
    view! {
        <p class="text-sm text-slate-600">
            "竞拍结果、计划书完成或失败、创意被隐藏、充值到账时，除了站内通知，还可以发邮件告诉你。"
            {(!verified).then_some(" 邮箱验证后才会发送。")}
        </p>
        <p class="text-sm" data-testid="notify-mail-state">{if on { "重要通知邮件：已开启" } else { "重要通知邮件：未开启" }}</p>
        <form method="post" action=SetNotificationMail::url()>
            <input type="hidden" name="on" value=(!on).to_string()/>
            <button type="submit" data-testid="notify-mail" class="min-h-11 rounded-lg px-4 text-sm text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50">
                {if on { "关闭重要通知邮件" } else { "开启重要通知邮件" }}
            </button>
        </form>
    }
}
