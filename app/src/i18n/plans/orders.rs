//! A credit order's page and the member's list of orders.

use crate::format::thousands;
use crate::i18n::names::plural;

/// The order page and the order list.
pub struct OrdersText {
    pub order_title: &'static str,
    pub order_description: &'static str,
    pub back_to_orders: &'static str,
    pub sign_in_to_see_order: &'static str,
    pub pay_alipay: &'static str,
    pub paid_refresh: &'static str,
    pub confirm_dev: &'static str,
    /// The credits of a credited order have arrived.
    pub credited: fn(i64) -> String,
    pub see_credits: &'static str,
    pub paid_not_credited: &'static str,
    pub closed: &'static str,
    pub order_again: &'static str,
    /// The price paid back and the credits taken back.
    pub refunded: fn(&str, i64) -> String,
    /// When it was placed and its order number.
    pub placed: fn(&str, &str) -> String,
    pub waiting_note: &'static str,
    pub list_title: &'static str,
    pub list_description: &'static str,
    pub buy_credits: &'static str,
    pub sign_in_to_see_orders: &'static str,
    pub no_orders: &'static str,
    pub go_buy_credits: &'static str,
}

pub const ZH: OrdersText = OrdersText {
    order_title: "订单详情",
    order_description: "积分充值订单的状态、支付方式与收据。",
    back_to_orders: "← 我的订单",
    sign_in_to_see_order: "登录后查看订单。",
    pay_alipay: "去支付宝付款",
    paid_refresh: "已付款？刷新状态",
    confirm_dev: "确认付款（开发环境模拟）",
    credited: |n| format!("{} 积分已到账。", thousands(n)),
    see_credits: "查看积分",
    paid_not_credited: "已收到付款，但积分无法发放到该账户，管理员会为你退款。",
    closed: "订单未在 30 分钟内付款，已关闭。",
    order_again: "重新下单",
    refunded: |price, n| format!("已退款：{price} 原路退回，{} 积分已收回。", thousands(n)),
    placed: |when, no| format!("下单时间 {when} · 订单号 {no}"),
    waiting_note: "付款完成后积分自动到账；支付宝通知稍有延迟时，刷新本页即可看到最新状态。",
    list_title: "我的订单",
    list_description: "你的积分充值订单。",
    buy_credits: "购买积分",
    sign_in_to_see_orders: "登录后查看你的订单。",
    no_orders: "还没有订单。",
    go_buy_credits: "去购买积分",
};

pub const EN: OrdersText = OrdersText {
    order_title: "Order",
    order_description: "A credit order: its state, how to pay it and its receipt.",
    back_to_orders: "← My orders",
    sign_in_to_see_order: "Sign in to see the order.",
    pay_alipay: "Pay with Alipay",
    paid_refresh: "Paid? Refresh the state",
    confirm_dev: "Confirm the payment (simulated, development only)",
    credited: |n| {
        let verb = if n == 1 { "has" } else { "have" };
        format!("{} {verb} been added to your balance.", plural(n, "credit", "credits"))
    },
    see_credits: "See your credits",
    paid_not_credited: "The payment arrived, but the credits could not be added to this account: an admin will refund you.",
    closed: "The order was not paid within 30 minutes and is closed.",
    order_again: "Order again",
    refunded: |price, n| {
        let (credits, verb) = (plural(n, "credit", "credits"), if n == 1 { "was" } else { "were" });
        format!("Refunded: {price} went back the way it was paid, and {credits} {verb} taken back.")
    },
    placed: |when, no| format!("Ordered {when} · order no. {no}"),
    waiting_note: "The credits arrive by themselves once you have paid; if Alipay's notice is late, refresh this page to see the latest state.",
    list_title: "My orders",
    list_description: "Your credit orders.",
    buy_credits: "Buy credits",
    sign_in_to_see_orders: "Sign in to see your orders.",
    no_orders: "No orders yet.",
    go_buy_credits: "Buy some credits",
};
