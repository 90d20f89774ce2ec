use leptos::prelude::*;
use model::OrderView;

use super::price;
use crate::components::forms::PrintButton;
use crate::format::beijing_time;

/// The receipt of a paid order, for the member's records (the print stylesheet keeps only it).
#[component]
pub fn OrderReceipt(order: OrderView, member: String) -> impl IntoView {
    let paid = order.paid_at.map(beijing_time).unwrap_or_default();
    view! {
        <section class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-8" data-testid="receipt" aria-labelledby="receipt-title">
            <h2 id="receipt-title" class="text-lg font-bold">"收据"</h2>
            <p class="text-sm text-slate-500">"AI创意交易市场 · 积分充值"</p>
            <dl class="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                <dt class="text-slate-500">"收据编号"</dt>
                <dd class="break-all font-mono" data-testid="receipt-number">{order.out_trade_no.clone()}</dd>
                <dt class="text-slate-500">"账户"</dt>
                <dd class="break-all">{member}</dd>
                <dt class="text-slate-500">"购买内容"</dt>
                <dd>{format!("{} 积分", crate::format::thousands(order.credits))}</dd>
                <dt class="text-slate-500">"金额"</dt>
                <dd class="font-semibold" data-testid="receipt-amount">{price(order.amount_fen)}</dd>
                <dt class="text-slate-500">"支付方式"</dt>
                <dd>{order.provider.label_zh()}</dd>
                <dt class="text-slate-500">"交易号"</dt>
                <dd class="break-all font-mono">{order.trade_no.clone().unwrap_or_default()}</dd>
                <dt class="text-slate-500">"支付时间"</dt>
                <dd>{paid}</dd>
                <dt class="text-slate-500">"状态"</dt>
                <dd>{order.state.label_zh()}</dd>
            </dl>
            <div class="no-print mt-4"><PrintButton test_id="receipt-print".to_owned()/></div>
        </section>
    }
}
