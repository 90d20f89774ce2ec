//! The strings of credits: the balance and ledger, levels, invitations and buying credits. One struct, one value per language.

use crate::i18n::names::credits;
use model::{Level, PaymentProvider};

use crate::format::thousands;

/// The credits page (balance, level, invite link, history), buying credits and an order's
/// receipt and state.
pub struct WalletText {
    pub credits_title: &'static str,
    pub credits_description: &'static str,
    pub credits_signed_out: &'static str,
    pub balance: &'static str,
    /// The balance card's button and the title of the page it opens.
    pub buy: &'static str,
    pub orders_and_receipts: &'static str,
    pub level_label: &'static str,
    /// Lifetime earnings, the next level's threshold, and that level.
    pub progress: fn(i64, i64, Level) -> String,
    /// Lifetime earnings at the highest level.
    pub top_level: fn(i64) -> String,
    /// Ideas a day and the percent off business plans (0 for none).
    pub perks: fn(i64, i64) -> String,
    pub invite_title: &'static str,
    /// The reward, the monthly cap and this month's rewarded invites; the code follows it.
    pub invite_text: fn(i64, i64, i64) -> String,
    pub invite_link: &'static str,
    pub history: &'static str,
    pub history_empty: &'static str,
    pub balance_after: fn(i64) -> String,
    /// The history's page and pages in all.
    pub position: fn(i64, i64) -> String,
    pub buy_description: &'static str,
    pub my_orders: &'static str,
    pub buy_signed_out: &'static str,
    pub waiting_orders: &'static str,
    pub how_to_pay: fn(PaymentProvider) -> &'static str,
    pub choose_package: &'static str,
    pub credited_at_once: &'static str,
    pub ordering: &'static str,
    pub order_and_pay: &'static str,
    pub receipt: &'static str,
    pub top_up: &'static str,
    pub receipt_number: &'static str,
    pub account: &'static str,
    pub purchase: &'static str,
    pub amount: &'static str,
    pub payment_method: &'static str,
    pub trade_no: &'static str,
    pub paid_at: &'static str,
    pub state: &'static str,
    pub provider: fn(PaymentProvider) -> &'static str,
}

pub const ZH: WalletText = WalletText {
    credits_title: "我的积分",
    credits_description: "积分余额、会员等级、邀请链接与积分明细。",
    credits_signed_out: "登录后查看积分、等级和邀请链接。",
    balance: "积分余额",
    buy: "购买积分",
    orders_and_receipts: "我的订单与收据",
    level_label: "会员等级",
    progress: |earned, threshold, next| {
        format!(
            "累计收益 {} / {} 积分，再赚 {} 积分升级为{}会员",
            thousands(earned),
            thousands(threshold),
            thousands((threshold - earned).max(0)),
            next.label_zh()
        )
    },
    top_level: |earned| format!("累计收益 {} 积分，已是最高等级", thousands(earned)),
    perks: |ideas, discount| {
        let plans = if discount > 0 { format!("，计划书 {} 折", (100 - discount) / 10) } else { String::new() };
        format!("每天可提交 {ideas} 个创意{plans}")
    },
    invite_title: "邀请好友",
    invite_text: |reward, cap, rewarded| {
        format!("好友通过你的链接注册，你得 {reward} 积分（每月最多奖励 {cap} 位，本月已奖励 {rewarded} 位）。邀请码：")
    },
    invite_link: "邀请链接",
    history: "积分明细",
    history_empty: "这一页没有记录。",
    balance_after: |n| format!("余额 {}", thousands(n)),
    position: |page, pages| format!("第 {page} / {pages} 页"),
    buy_description: "购买积分套餐，用于生成 AI 商业计划书。",
    my_orders: "我的订单",
    buy_signed_out: "登录后即可购买积分。",
    waiting_orders: "待支付的订单",
    how_to_pay: |provider| match provider {
        PaymentProvider::Alipay => {
            "下单后跳转到支付宝付款：电脑上扫码或登录支付宝，手机上打开支付宝 App。订单 30 分钟内未付款将自动关闭。"
        }
        PaymentProvider::Dev => "开发环境：下单后在订单页点击“确认付款”即可模拟支付，不会产生真实扣款。",
    },
    choose_package: "选择积分套餐",
    credited_at_once: "付款后立即到账",
    ordering: "正在下单…",
    order_and_pay: "下单并去付款",
    receipt: "收据",
    top_up: "积分充值",
    receipt_number: "收据编号",
    account: "账户",
    purchase: "购买内容",
    amount: "金额",
    payment_method: "支付方式",
    trade_no: "交易号",
    paid_at: "支付时间",
    state: "状态",
    provider: PaymentProvider::label_zh,
};

pub const EN: WalletText = WalletText {
    credits_title: "My credits",
    credits_description: "Your credit balance, member level, invite link and credit history.",
    credits_signed_out: "Sign in to see your credits, level and invite link.",
    balance: "Credit balance",
    buy: "Buy credits",
    orders_and_receipts: "My orders and receipts",
    level_label: "Member level",
    progress: |earned, threshold, next| {
        format!(
            "Earned {} of {} so far: {} more to become a {} member",
            thousands(earned),
            credits(threshold),
            thousands((threshold - earned).max(0)),
            next.label_en()
        )
    },
    top_level: |earned| format!("Earned {} so far: the highest level", credits(earned)),
    perks: |ideas, discount| {
        let ideas = if ideas == 1 { "1 idea".to_owned() } else { format!("{ideas} ideas") };
        let plans = if discount > 0 { format!(", {discount}% off business plans") } else { String::new() };
        format!("Submit up to {ideas} a day{plans}")
    },
    invite_title: "Invite friends",
    invite_text: |reward, cap, rewarded| {
        format!(
            "You get {} for each friend who signs up through your link (up to {cap} a month; {rewarded} rewarded this month). Invite code: ",
            credits(reward)
        )
    },
    invite_link: "Invite link",
    history: "Credit history",
    history_empty: "No entries on this page.",
    balance_after: |n| format!("Balance {}", thousands(n)),
    position: |page, pages| format!("Page {page} of {pages}"),
    buy_description: "Buy a credit package to pay for AI business plans.",
    my_orders: "My orders",
    buy_signed_out: "Sign in to buy credits.",
    waiting_orders: "Orders awaiting payment",
    how_to_pay: |provider| match provider {
        PaymentProvider::Alipay => {
            "After ordering you go to Alipay to pay: on a computer scan the code or sign in to Alipay, on a phone open the Alipay app. Orders not paid within 30 minutes close by themselves."
        }
        PaymentProvider::Dev => {
            "Development mode: after ordering, click “Confirm payment” on the order page to simulate the payment. No real money is charged."
        }
    },
    choose_package: "Choose a credit package",
    credited_at_once: "Credited as soon as you pay",
    ordering: "Placing the order…",
    order_and_pay: "Order and pay",
    receipt: "Receipt",
    top_up: "Credit top-up",
    receipt_number: "Receipt number",
    account: "Account",
    purchase: "Item",
    amount: "Amount",
    payment_method: "Payment method",
    trade_no: "Transaction number",
    paid_at: "Paid at",
    state: "Status",
    provider: |provider| match provider {
        PaymentProvider::Alipay => "Alipay",
        PaymentProvider::Dev => "Simulated payment (development)",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_keeps_its_wording_and_english_its_plurals() {
        assert_eq!(
            (ZH.progress)(1_200, 2_000, Level::Silver),
            "累计收益 1,200 / 2,000 积分，再赚 800 积分升级为白银会员"
        );
        assert_eq!(
            (EN.progress)(1_200, 2_000, Level::Silver),
            "Earned 1,200 of 2,000 credits so far: 800 more to become a Silver member"
        );
        assert_eq!((ZH.perks)(10, 10), "每天可提交 10 个创意，计划书 9 折");
        assert_eq!((ZH.perks)(5, 0), "每天可提交 5 个创意");
        assert_eq!((EN.perks)(10, 10), "Submit up to 10 ideas a day, 10% off business plans");
        assert_eq!((EN.top_level)(1), "Earned 1 credit so far: the highest level");
    }
}
