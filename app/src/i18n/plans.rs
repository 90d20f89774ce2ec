//! The strings of ordering, following and reading a business plan, and of the order list. One struct, one value per language.

pub struct PlansText {
    pub order_title: &'static str,
}

pub const ZH: PlansText = PlansText {
    order_title: "订单详情",
};

pub const EN: PlansText = PlansText {
    order_title: "Order",
};
