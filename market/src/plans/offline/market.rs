//! The offline analyst's market research: TAM, SAM and SOM, competitors, trends and SWOT.

use model::{Competitor, MarketResearch, MarketSize, Swot};

use super::profiles::Trait::{self, *};
use super::{Reading, item, money, people, prose, tenth};

impl Reading<'_> {
    /// TAM, SAM and SOM in yuan a year, with the share percentages used.
    pub(super) fn sizes(&self) -> (i64, i64, i64, i64, i64) {
        let c = self.customers();
        let tam = c.population * c.price * 12;
        let sam_pct = if self.has(Marketplace) { 5 } else { 10 };
        let som_permille = if self.regulated() { 3 } else { 5 };
        let sam = tam * sam_pct / 100;
        (tam, sam, sam * som_permille / 1000, sam_pct, som_permille)
    }

    pub(super) fn market(&self) -> MarketResearch {
        let c = self.customers();
        let (tam, sam, som, sam_pct, som_permille) = self.sizes();
        let tam_reasoning = format!(
            "{}，按每个付费客户每月 {} 元、一年 12 个月计：{} × {} 元 × 12 ≈ {}。",
            c.basis,
            c.price,
            people(c.population),
            c.price,
            money(tam)
        );
        let sam_why = if self.has(Marketplace) {
            "平台需要本地供给，首批只能覆盖少数城市"
        } else if self.has(MiniProgram) {
            "依托微信小程序可直接触达"
        } else {
            "线上可触达、付费能力较强的人群"
        };
        let sam_reasoning = format!(
            "只算一二线及新一线城市中{sam_why}、且确实有这一需求的部分，约占 {sam_pct}%：{} × {sam_pct}% ≈ {}。",
            money(tam),
            money(sam)
        );
        let share = format!("{}.{}%", som_permille / 10, som_permille % 10).replace(".0%", "%");
        let som_reasoning = format!(
            "三年内现实可拿下 SAM 的 {share}（{}）：{} × {share} ≈ {}，约合 {}个付费客户。",
            if self.regulated() { "资质办理会拖慢扩张，保守估计" } else { "新进入者的常见水平" },
            money(sam),
            money(som),
            people(som / (c.price * 12).max(1))
        );

        let p = self.profile;
        let extras: [(Trait, (&str, &str, &str)); 3] = [
            (Ai, ("豆包、Kimi、通义等通用 AI 助手", "免费、能力强、用户基数大", "面向通用场景，不深入具体需求")),
            (Hardware, ("小米生态链等同类硬件", "供应链与价格优势", "功能通用，难服务细分场景")),
            (Marketplace, ("美团、淘宝、闲鱼等综合平台", "流量与交易基础设施完善", "不针对细分场景，服务体验难保证")),
        ];
        let mut rivals = vec![p.competitors[0], p.competitors[1]];
        rivals.extend(extras.iter().filter(|(t, _)| self.has(*t)).map(|(_, r)| *r));
        rivals.extend(p.competitors[2..].iter().copied());
        let mut competitors: Vec<Competitor> = Vec::new();
        for (name, strength, weakness) in rivals {
            if !competitors.iter().any(|c| c.name == name) {
                competitors.push(Competitor {
                    name: name.into(),
                    strength: strength.into(),
                    weakness: weakness.into(),
                });
            }
        }
        competitors.truncate(self.count(3, 6));

        let mut trends: Vec<String> = p.trends.iter().map(|t| (*t).to_owned()).collect();
        let extra_trends: [(Trait, &str); 5] = [
            (Ai, "大模型调用价格大幅下降，AI 应用进入落地期"),
            (Hardware, "国产芯片与模组成本下降，智能硬件门槛降低"),
            (MiniProgram, "微信小程序已是主流轻应用入口，开发与获客成本低于独立 App"),
            (Elderly, "人口老龄化加深，60 岁以上人口已超过 2.9 亿，银发经济受政策支持"),
            (Business, "中小企业数字化转型受政策支持，SaaS 付费习惯逐步形成"),
        ];
        trends.extend(extra_trends.iter().filter(|(t, _)| self.has(*t)).map(|(_, s)| (*s).to_owned()));
        let trends: Vec<String> = trends.into_iter().take(self.count(3, 6)).collect();

        let n = self.count(2, 4);
        let mut strengths: Vec<String> = Vec::new();
        if let Some(tags) = self.tag_line() {
            strengths.push(format!("定位清晰：聚焦{tags}"));
        }
        let trait_strengths: [(Trait, &str); 5] = [
            (Ai, "用 AI 降低人工成本、提升体验"),
            (MiniProgram, "基于微信小程序，用户无需下载即可使用"),
            (Hardware, "软硬件结合，数据与体验难以被纯软件复制"),
            (Marketplace, "平台模式，规模越大网络效应越强"),
            (Paid, "已经想好收费方式"),
        ];
        strengths.extend(
            trait_strengths
                .iter()
                .filter(|(t, _)| self.has(*t))
                .map(|(t, s)| format!("{s}（提到{}）", self.quoted(*t))),
        );
        strengths.push(format!("切入点具体：从{}的需求开始，可以小成本快速验证", self.main_user()));
        let mut weaknesses = vec!["初创团队缺少品牌与用户基础".to_owned()];
        if self.chars < 150 {
            weaknesses.push(format!("方案描述只有 {} 字，关键细节尚未论证", self.chars));
        }
        if !self.has(Paid) {
            weaknesses.push("尚未明确收费方式".into());
        }
        if self.has(Hardware) {
            weaknesses.push("硬件研发周期长、资金需求大".into());
        }
        if self.has(Marketplace) {
            weaknesses.push("需要同时获取供需两端，冷启动难".into());
        }
        weaknesses.push("缺少数据积累，早期效果难以量化".into());
        let opportunities = vec![
            format!("细分空白：{}的需求尚未被大平台深度满足", self.main_user()),
            format!("顺势而为：{}", trends[0]),
            format!(
                "可与{}合作获客，而不是正面竞争",
                competitors.last().map_or("行业内的相关玩家", |c| c.name.as_str())
            ),
            "政府对创新创业的补贴与孵化器资源".into(),
        ];
        let mut threats = vec![format!("{}可能推出类似功能", competitors[0].name)];
        if self.regulated() {
            threats.push(format!("{}类业务监管趋严，合规成本可能上升", self.idea.category.label_zh()));
        }
        threats.push("线上流量越来越贵，获客成本上升".into());
        if self.has(Ai) {
            threats.push("通用大模型能力提升，可能让简单的 AI 功能失去差异化".into());
        }
        threats.push("模仿者进入后价格战压缩利润".into());
        let cut = |v: Vec<String>| v.into_iter().take(n).map(item).collect::<Vec<_>>();
        let swot = Swot {
            strengths: cut(strengths),
            weaknesses: cut(weaknesses),
            opportunities: cut(opportunities),
            threats: cut(threats),
        };

        let scale = ((som as f64) / 1e7).max(1e-3).log10().clamp(-2.0, 2.0);
        let score = 5.5 + scale + if self.has(Paid) { 0.5 } else { 0.0 } + if self.has(Ai) { 0.5 } else { 0.0 }
            - if self.regulated() { 0.5 } else { 0.0 };
        MarketResearch {
            tam: MarketSize { yuan: tam, reasoning: prose(tam_reasoning) },
            sam: MarketSize { yuan: sam, reasoning: prose(sam_reasoning) },
            som: MarketSize { yuan: som, reasoning: prose(som_reasoning) },
            competitors: competitors
                .into_iter()
                .map(|c| Competitor { name: item(c.name), strength: item(c.strength), weakness: item(c.weakness) })
                .collect(),
            trends: trends.into_iter().map(item).collect(),
            swot,
            score: tenth(score),
        }
    }
}
