//! The strings of ordering, following and reading a business plan, and of the order list: one
//! struct per part, each with its two languages in `plans/`.

mod finance;
mod orders;
mod page;
mod panel;
mod sections;

pub use finance::FinanceText;
pub use orders::OrdersText;
pub use page::PlanPageText;
pub use panel::PanelText;
pub use sections::SectionsText;

/// Business plans and credit orders.
pub struct PlansText {
    pub orders: OrdersText,
    pub panel: PanelText,
    pub page: PlanPageText,
    pub sections: SectionsText,
    pub finance: FinanceText,
}

pub const ZH: PlansText =
    PlansText { orders: orders::ZH, panel: panel::ZH, page: page::ZH, sections: sections::ZH, finance: finance::ZH };

pub const EN: PlansText =
    PlansText { orders: orders::EN, panel: panel::EN, page: page::EN, sections: sections::EN, finance: finance::EN };

#[cfg(test)]
mod tests {
    use model::Stage;

    use super::*;

    #[test]
    fn plans_read_in_each_language() {
        assert_eq!((ZH.orders.credited)(1_200), "1,200 积分已到账。");
        assert_eq!((EN.orders.credited)(1), "1 credit has been added to your balance.");
        assert_eq!((ZH.panel.confirm_for)(200), "确认生成（消耗 200 积分）");
        assert_eq!((EN.panel.confirm_for)(200), "Order for 200 credits");
        assert_eq!((ZH.page.plan_title)("茶"), "商业计划书：茶");
        assert_eq!((EN.page.stage)(Stage::Finance), "Financial model");
        assert_eq!((ZH.page.took_tokens)(12_345, 1_500), "用时 12.3 秒 · 1,500 tokens");
        assert_eq!((EN.page.took_tokens)(12_345, 1), "12.3 s · 1 token");
        assert_eq!((ZH.sections.weeks)(3), "3 周");
        assert_eq!((EN.sections.weeks)(1), "1 week");
        assert_eq!((ZH.finance.year)(3), "第 3 年");
        assert_eq!((ZH.finance.break_even)(Some(14)), "回本月份：第 14 个月回本");
        assert_eq!((EN.finance.break_even)(None), "Does not pay back within three years");
        assert_eq!((EN.finance.test_cost)(5_000), "About ¥5,000 to test");
    }
}
