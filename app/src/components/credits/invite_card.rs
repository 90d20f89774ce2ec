use leptos::prelude::*;
use model::CreditsOverview;

use crate::components::forms::CopyLinkField;

/// The member's invite link with a copy button, and this month's rewarded invites.
#[component]
pub fn InviteCard(overview: CreditsOverview) -> impl IntoView {
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
            <CopyLinkField path=overview.invite_path aria_label="邀请链接".to_owned() input_test_id="invite-link".to_owned() copy_test_id="invite-copy".to_owned()/>
        </section>
    }
}
