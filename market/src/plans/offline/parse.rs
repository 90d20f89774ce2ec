//! The offline analyst's idea parsing: the problem, target users, value proposition and assumptions.

use model::IdeaParsing;

use super::profiles::Trait::{self, *};
use super::{Reading, clip, item, prose, tenth};

impl Reading<'_> {
    pub(super) fn parse(&self) -> IdeaParsing {
        let p = self.profile;
        let label = self.idea.category.label_zh();
        let mut problem = if self.sentence.is_empty() {
            format!("「{}」的描述没有写明要解决的具体问题。", self.title)
        } else {
            format!("「{}」的出发点是：“{}”。", self.title, self.sentence)
        };
        problem.push_str(&format!("这是{label}领域的需求"));
        if let Some(tags) = self.tag_line() {
            problem.push_str(&format!("，标签{tags}显示了切入点"));
        }
        problem.push_str(&if self.chars < 80 {
            format!("。描述只有 {} 字，问题出现的频率、严重程度和用户现在的替代做法还需要用访谈补充。", self.chars)
        } else {
            format!("。描述有 {} 字，下一步应该用访谈和数据确认问题的频率与严重程度。", self.chars)
        });

        let target_users = self
            .users()
            .into_iter()
            .take(self.count(3, 5))
            .map(|(user, word)| match word {
                Some(w) => item(format!("{user}（描述中提到“{w}”）")),
                None => item(format!("{user}（{label}类创意的典型用户，需访谈确认）")),
            })
            .collect();

        let means = if self.has(Hardware) {
            "软硬件结合的方案"
        } else if self.has(Ai) {
            "AI 自动化的服务"
        } else if self.has(Marketplace) {
            "连接供需两端的平台"
        } else if self.has(MiniProgram) {
            "即用即走的微信小程序"
        } else {
            "线上服务"
        };
        let focus = self.tag_line().map_or_else(|| "更专注于这一细分场景".to_owned(), |t| format!("聚焦{t}"));
        let value_proposition = format!(
            "面向{}，「{}」以{means}{}。与{}等现有方案相比，差异在于{focus}。",
            self.main_user(),
            self.title,
            if self.sentence.is_empty() {
                "满足这一需求".to_owned()
            } else {
                format!("实现“{}”", clip(&self.sentence, 40))
            },
            p.competitors[0].0,
        );

        let c = self.customers();
        let mut assumptions = vec![
            format!("{}确实经常遇到这个问题，并愿意每月支付约 {} 元", self.main_user(), c.price),
            format!("能通过{}以低于 {} 元的成本获得一个付费用户", self.channel(), c.price * 6),
        ];
        let specific: [(Trait, &str); 8] = [
            (Ai, "AI 的准确率能达到用户可接受的水平（如 90% 以上），出错时有人工兜底"),
            (Hardware, "硬件物料成本能控制在售价的 40% 以内，并能小批量稳定生产"),
            (Marketplace, "能在同一城市同时聚集足够的供给方和需求方"),
            (Minors, "家长愿意为孩子付费，并同意授权处理孩子的个人信息"),
            (Medical, "产品可以定位为健康管理而不构成诊疗行为，或能与持证医疗机构合作"),
            (Money, "能与持牌金融或支付机构合作，而不需要自己持牌"),
            (Content, "能持续产出或吸引足够的优质内容，并控制审核成本"),
            (Business, "企业客户的决策周期和回款周期在可承受范围内"),
        ];
        assumptions.extend(
            specific.iter().filter(|(t, _)| self.has(*t)).map(|(t, s)| format!("{s}（因为提到{}）", self.quoted(*t))),
        );
        if !self.has(Paid) {
            assumptions.push("描述还没有说明收费方式：用户愿意为此付费，而不是只接受免费".into());
        }
        assumptions.push("三个月后仍有一半以上的付费用户在持续使用".into());
        assumptions.push(format!("{}等现有玩家短期内不会推出相同功能", p.competitors[1].0));
        let key_assumptions = assumptions.into_iter().take(self.count(4, 8)).map(item).collect();

        let detail = match self.chars {
            0..40 => 0.0,
            40..150 => 1.0,
            150..400 => 2.0,
            _ => 3.0,
        };
        let named_users = self.users().iter().any(|(_, w)| w.is_some());
        let score = 3.5
            + detail
            + if named_users { 1.0 } else { 0.0 }
            + if self.has(Paid) { 1.0 } else { 0.0 }
            + if self.tags.is_empty() { 0.0 } else { 0.5 }
            + if self.sentence.is_empty() { 0.0 } else { 1.0 };
        IdeaParsing {
            problem: prose(problem),
            target_users,
            value_proposition: prose(value_proposition),
            key_assumptions,
            score: tenth(score),
        }
    }
}
