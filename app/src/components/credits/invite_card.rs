use leptos::prelude::*;
use model::CreditsOverview;

use crate::components::forms::CopyLinkField;
use crate::i18n::use_text;

/// The member's invite link with a copy button, and this month's rewarded invites.
#[component]
pub fn InviteCard(overview: CreditsOverview) -> impl IntoView {
    let t = use_text();
    view! {
        <section class="space-y-2 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 class="font-semibold text-slate-800">{t.wallet.invite_title}</h2>
            <p class="text-sm text-slate-600">
                {(t.wallet.invite_text)(overview.invite_reward, overview.invite_monthly_cap, overview.invites_rewarded_this_month)}
                <span class="font-mono font-semibold text-slate-800" data-testid="invite-code">{overview.invite_code}</span>
            </p>
            <CopyLinkField path=overview.invite_path aria_label=t.wallet.invite_link.to_owned() input_test_id="invite-link".to_owned() copy_test_id="invite-copy".to_owned()/>
        </section>
    }
}
