use leptos::prelude::*;
use model::CreditsOverview;

use crate::components::forms::{CopyLink, use_copy_link};

/// The member's invite link with a copy button, and this month's rewarded invites.
#[component]
pub fn InviteCard(overview: CreditsOverview) -> impl IntoView {
    let path = overview.invite_path.clone();
    let link = use_copy_link(path);
    let CopyLink { url, copied, input } = link;
    let copy = move |_| link.copy();
    view! {
        <section class="space-y-2 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 class="font-semibold text-slate-800">"邀请好友"</h2>
            <p class="text-sm text-slate-600">
                {format!(
                    "好友通过你的链接注册，你得 {} 积分（每月最多奖励 {} 位，本月已奖励 {} 位）。邀请码：",
                    overview.invite_reward, overview.invite_monthly_cap, overview.invites_rewarded_this_month
                )}
                <span class="font-mono font-semibold text-slate-800" data-testid="invite-code">{overview.invite_code}</span>
            </p>
            <div class="flex gap-2">
                <input
                    node_ref=input
                    readonly
                    aria-label="邀请链接"
                    class="min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-700"
                    value=move || url.get()
                    data-testid="invite-link"
                />
                <button
                    type="button"
                    class="shrink-0 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
                    data-testid="invite-copy"
                    on:click=copy
                >
                    "复制"
                </button>
            </div>
            <p class="min-h-5 text-xs text-emerald-700" role="status">{move || copied.get()}</p>
        </section>
    }
}
