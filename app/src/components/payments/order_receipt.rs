use leptos::prelude::*;
use model::OrderView;

use super::price;
use crate::components::forms::PrintButton;
use crate::i18n::use_text;

/// The receipt of a paid order, for the member's records (the print stylesheet keeps only it).
#[component]
pub fn OrderReceipt(order: OrderView, member: String) -> impl IntoView {
    let t = use_text();
    let paid = order.paid_at.map(t.labels.when).unwrap_or_default();
    view! {
        <section class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8" data-testid="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title" class="text-lg font-bold">{t.wallet.receipt}</h2>
            <p class="text-sm text-slate-500">{format!("{} · {}", t.common.site_name, t.wallet.top_up)}</p>
            <dl class="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                <dt class="text-slate-500">{t.wallet.receipt_number}</dt>
                <dd class="break-all font-mono" data-testid="receipt-number">{order.out_trade_no.clone()}</dd>
                <dt class="text-slate-500">{t.wallet.account}</dt>
                <dd class="break-all">{member}</dd>
                <dt class="text-slate-500">{t.wallet.purchase}</dt>
                <dd>{(t.common.credits)(order.credits)}</dd>
                <dt class="text-slate-500">{t.wallet.amount}</dt>
                <dd class="font-semibold" data-testid="receipt-amount">{price(order.amount_fen)}</dd>
                <dt class="text-slate-500">{t.wallet.payment_method}</dt>
                <dd>{(t.wallet.provider)(order.provider)}</dd>
                <dt class="text-slate-500">{t.wallet.trade_no}</dt>
                <dd class="break-all font-mono">{order.trade_no.clone().unwrap_or_default()}</dd>
                <dt class="text-slate-500">{t.wallet.paid_at}</dt>
                <dd>{paid}</dd>
                <dt class="text-slate-500">{t.wallet.state}</dt>
                <dd>{(t.labels.order_state)(order.state)}</dd>
            </dl>
            <div class="no-print mt-4"><PrintButton test_id="receipt-print".to_owned()/></div>
        </section>
    }
}
