//! The offline analyst's finance plan: the model's assumptions with their reasons, and next steps.

use model::{Category, FinanceAssumptions, FinancePlan, NextSteps, PlanContent};

use super::profiles::Trait::*;
use super::{Reading, item, money, people, prose};

impl Reading<'_> {
    pub(super) fn finance(&self, earlier: &PlanContent) -> FinancePlan {
        let c = self.customers();
        let p = self.profile;
        let market_som = earlier.market.as_ref().map(|m| m.som.yuan).filter(|&y| y > 0);
        let (som, source) = match market_som {
            Some(som) => (som, "沿用市场调研的 SOM"),
            None => (self.sizes().2, "按本计划的市场测算"),
        };
        let price = c.price;
        let variable = c.variable.min(price);
        let churn = p.churn_pct;
        let launch: i64 = if self.has(Business) {
            10
        } else if self.has(Hardware) {
            50
        } else if self.has(MiniProgram) || self.has(Content) {
            200
        } else {
            100
        };
        // The net monthly growth that takes the launch customers to the SOM by month 36, kept to a
        // range a young company can plausibly sustain.
        let target = (som / (price * 12)).max(1);
        let needed = ((((target as f64) / (launch as f64)).ln() / 35.0).exp_m1() * 100.0).max(0.0);
        let net = needed.clamp(2.0, 15.0).round();
        let growth = net + churn;
        let reached = ((launch as f64) * (1.0 + net / 100.0).powi(35)).round() as i64;
        let team = 3
            + i64::from(self.has(Ai))
            + 2 * i64::from(self.has(Hardware))
            + i64::from(self.has(Marketplace))
            + i64::from(self.regulated());
        let fixed = team * 25_000 + 15_000;
        let hardware_setup = if self.has(Hardware) { 300_000 } else { 0 };
        let compliance_setup = if self.regulated() { 200_000 } else { 0 };
        let initial = fixed * 6 + hardware_setup + compliance_setup;
        let label = self.idea.category.label_zh();

        let mut rationale = vec![
            format!(
                "客单价 {price} 元/月：{}的常见价位{}",
                if self.has(Business) { "企业级 SaaS 入门版".to_owned() } else { format!("{label}类产品") },
                if self.has(Hardware) { "，含按 24 个月分摊的硬件费用" } else { "" }
            ),
            format!("首月 {launch} 个付费客户：来自上线前积累的种子用户与{}的首轮推广", self.channel()),
            format!(
                "月增长 {growth:.0}%：{source}（{}/年，约合第 36 个月 {}个客户），从 {launch} 个客户出发需每月净增长约 {needed:.0}%，\
                 按 2%–15% 的可持续区间取 {net:.0}%，第 36 个月约 {}个客户",
                money(som),
                people(target),
                people(reached)
            ),
            format!("月流失 {churn:.0}%：{label}类产品早期的常见水平，需用首批数据校准"),
            format!(
                "单客月成本 {variable} 元：云服务、短信与支付手续费{}{}",
                if self.has(Ai) { "，加大模型调用费" } else { "" },
                if self.has(Hardware) { "，加硬件折旧与售后" } else { "" }
            ),
            format!(
                "月固定成本 {fixed} 元：{team} 人团队按每人每月约 2.5 万元（含社保），另加房租、服务器与工具 1.5 万元"
            ),
            format!(
                "初始投入 {initial} 元：6 个月固定成本作为开发期储备{}{}",
                if hardware_setup > 0 { "，加硬件模具与首批样机 30 万元" } else { "" },
                if compliance_setup > 0 { "，加资质办理与合规咨询 20 万元" } else { "" }
            ),
        ];
        let assumptions = FinanceAssumptions {
            price_yuan: price,
            customers_month1: launch,
            monthly_growth_pct: growth,
            monthly_churn_pct: churn,
            variable_cost_yuan: variable,
            fixed_cost_yuan: fixed,
            initial_investment_yuan: initial,
            rationale: vec![],
        };
        if self.detailed {
            let when = |a: &FinanceAssumptions| {
                a.compute().break_even_month.map_or_else(|| "三年内无法回本".to_owned(), |m| format!("第 {m} 个月回本"))
            };
            let cheaper = FinanceAssumptions { price_yuan: price * 4 / 5, ..assumptions.clone() };
            let slower = FinanceAssumptions { monthly_growth_pct: growth / 2.0, ..assumptions.clone() };
            rationale.push(format!("敏感性：按以上假设{}；客单价降 20% 则{}", when(&assumptions), when(&cheaper)));
            rationale.push(format!("敏感性：月增长率减半则{}", when(&slower)));
            rationale.push(format!("对标：参考{}等同类产品的公开定价与增长节奏", p.competitors[0].0));
        }
        let assumptions = FinanceAssumptions { rationale: rationale.into_iter().map(item).collect(), ..assumptions };

        FinancePlan { assumptions, next_steps: self.next_steps(price) }
    }

    fn next_steps(&self, price: i64) -> NextSteps {
        let user = self.main_user();
        let unit = if self.has(Business) { "家" } else { "位" };
        let (first_test, cost_yuan) = if self.has(Medical) || self.idea.category == Category::Health {
            (
                format!(
                    "最大风险是合规边界：先请医疗合规律师判定「{}」是否构成诊疗行为或医疗器械，同时找 10 {unit}{user}试用不含诊断的健康管理版本，看两周后是否还在用。",
                    self.title
                ),
                8_000,
            )
        } else if self.has(Money) || self.idea.category == Category::Finance {
            (
                format!(
                    "最大风险是牌照：先与一家持牌支付或金融机构确认合作模式与分成，同时用落地页测试{user}是否愿意每月支付 {price} 元。"
                ),
                10_000,
            )
        } else if self.has(Hardware) {
            (
                format!(
                    "最大风险是硬件体验与成本：用开发板和 3D 打印外壳手工做 5–10 台原型，交给{user}试用两周，记录使用频率和故障。"
                ),
                20_000,
            )
        } else if self.has(Marketplace) {
            (
                format!(
                    "最大风险是冷启动：先不开发，在一个城市用微信群和表格人工撮合 20 单，看{user}是否复购、供给方是否愿意留下。"
                ),
                3_000,
            )
        } else if self.has(Ai) {
            (
                format!(
                    "最大风险是 AI 效果是否值得付费：先用现成大模型 API 加人工兜底，为 20 {unit}{user}手动交付服务，测准确率和付费意愿。"
                ),
                5_000,
            )
        } else {
            (
                format!(
                    "最大风险是付费意愿：做一个介绍「{}」的落地页，投放 2000 元广告，看{user}的留资率是否达到 5%、预付定金是否超过 10 人（价格 {price} 元/月）。",
                    self.title
                ),
                3_000,
            )
        };
        let rivals = self.profile.competitors.iter().take(2).map(|c| c.0).collect::<Vec<_>>().join("、");
        let mut this_week = vec![
            format!(
                "访谈 {} {unit}{user}，确认问题是否真实、高频，以及他们现在怎么解决",
                if self.detailed { 15 } else { 10 }
            ),
            format!("整理{rivals}的定价、功能与用户差评"),
            "写一页纸方案，准备第一轮验证所需的落地页或原型".to_owned(),
        ];
        let mut this_month = vec![
            "完成第一轮验证，按预先设定的指标决定继续、调整还是放弃".to_owned(),
            "验证通过后启动 MVP 开发，只做一条核心流程".to_owned(),
            "注册公司或个体户，办理 ICP 备案并起草用户协议与隐私政策".to_owned(),
        ];
        if self.detailed {
            this_week.push(format!(
                "建一个{}，把受访者拉进来做种子用户",
                if self.has(Business) { "客户交流群" } else { "微信群" }
            ));
            this_week.push("列出所有关键假设，按“风险 × 验证成本”排序".into());
            this_month.push("申请品牌商标，确认需要的行业资质与办理周期".into());
            this_month.push("测算获客成本：小额投放 2–3 个渠道并记录转化率".into());
            this_month.push("联系孵化器或天使投资人，准备融资材料".into());
        }
        NextSteps {
            first_test: prose(first_test),
            cost_yuan,
            this_week: this_week.into_iter().map(item).collect(),
            this_month: this_month.into_iter().map(item).collect(),
        }
    }
}
