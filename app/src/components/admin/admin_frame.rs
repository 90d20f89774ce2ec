use leptos::prelude::*;

use crate::error::AppError;

/// The console's tabs; `current` is underlined.
#[component]
pub fn AdminNav(current: &'static str) -> impl IntoView {
    let tabs = [
        ("/admin/reports", "举报审核"),
        ("/admin/ideas", "创意"),
        ("/admin/members", "会员"),
        ("/admin/orders", "订单与退款"),
        ("/admin/audit", "审计日志"),
        ("/admin/analytics", "数据"),
    ];
    view! {
        <nav aria-label="管理后台" class="no-print -mx-1 flex gap-1 overflow-x-auto pb-1">
            {tabs.into_iter().map(|(href, label)| {
                let here = href == current;
                view! {
                    <a href=href aria-current=here.then_some("page")
                        class=format!("inline-flex min-h-11 shrink-0 items-center rounded-lg px-3 text-sm {}",
                            if here { "bg-indigo-600 text-white" } else { "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50" })>
                        {label}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// What a console page shows instead of its content: sign in first, or not an admin.
pub fn refusal(outcome: Result<(), AppError>, next: &'static str) -> AnyView {
    match outcome {
        Ok(()) => view! {
            <div class="rounded-2xl bg-white p-8 text-center ring-1 ring-slate-200" data-testid="admin-signed-out">
                <p class="text-slate-600">"请先以管理员身份登录。"</p>
                <a href=format!("/login?next={next}") class="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-white">"登录"</a>
            </div>
        }.into_any(),
        Err(e) => view! {
            <div class="space-y-2 rounded-lg bg-red-50 p-4 text-red-700" role="alert" data-testid="admin-refused">
                <p>{e.message().to_owned()}</p>
                <p class="text-sm">"管理员每次登录后需先完成"<a href="/admin/2fa" class="underline" data-testid="go-second-factor">"两步验证"</a>"。"</p>
            </div>
        }.into_any(),
    }
}
