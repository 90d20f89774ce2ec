//! The offline analyst's legal compliance: ICP filing, personal information, licences and risks.

use model::{Category, LegalCompliance};

use super::profiles::Trait::{self, *};
use super::profiles::{LICENCE_CULTURE, LICENCE_EDUCATION, LICENCE_MEDICAL, LICENCE_MONEY};
use super::{Reading, item, prose, tenth};

impl Reading<'_> {
    pub(super) fn legal(&self) -> LegalCompliance {
        let operating = self.has(Paid) || self.has(Marketplace) || self.has(Money) || self.has(Content);
        let mut icp = if operating {
            format!(
                "「{}」通过互联网{}，属于经营性互联网信息服务：网站先完成 ICP 备案，再向省通信管理局申请\
                 《增值电信业务经营许可证》（ICP 证，B25 信息服务业务）。申请主体须为内资公司，注册资本不少于 100 万元，\
                 并具备相应的人员与网络安全制度，办理约 1–2 个月。",
                self.title,
                if self.has(Marketplace) { "撮合交易或收费" } else { "提供收费或广告服务" }
            )
        } else {
            format!(
                "「{}」如果只展示信息、不在线收费，网站完成 ICP 备案即可（通过云服务商提交，约 1–3 周）；\
                 一旦开始在线收费、投放广告或提供交易服务，需要申请《增值电信业务经营许可证》（ICP 证）。",
                self.title
            )
        };
        if self.has(Marketplace) {
            icp.push_str("让第三方商家在线交易的平台，还需评估在线数据处理与交易处理业务（EDI）许可证。");
        }
        if self.has(MiniProgram) {
            icp.push_str("微信小程序自 2023 年起也须完成小程序备案。");
        }
        if self.has(App) || self.has(Hardware) {
            icp.push_str("App 上架应用商店前须完成 App 备案。");
        }

        let mut pipl = String::from(
            "依据《个人信息保护法》：上线前公开隐私政策，收集前告知用途并取得同意，遵循最小必要原则，\
             不得以不同意收集非必要信息为由拒绝服务；",
        );
        if self.has(Sensitive) {
            pipl.push_str(&format!(
                "描述涉及{}，属于敏感个人信息，须取得单独同意、事先做个人信息保护影响评估，并加密存储；",
                self.quoted(Sensitive)
            ));
        }
        if self.has(Medical) || self.idea.category == Category::Health {
            pipl.push_str("健康与医疗信息属于敏感个人信息，须单独同意并严格限制访问；");
        }
        if self.has(Money) || self.idea.category == Category::Finance {
            pipl.push_str("金融账户信息属于敏感个人信息，还须遵守金融数据安全的行业规范；");
        }
        if self.has(Minors) || self.idea.category == Category::Education {
            pipl.push_str(
                "不满十四周岁未成年人的个人信息属于敏感个人信息，须取得监护人同意并制定专门的处理规则，\
                 同时遵守《未成年人网络保护条例》（未成年人模式、防沉迷）；",
            );
        }
        if self.has(Ai) {
            pipl.push_str("把用户数据交给大模型处理或用于训练时，须告知并在同意的范围内使用；");
        }
        pipl.push_str(
            "个人信息存储在境内，向境外提供（包括调用境外 AI 接口）须通过安全评估、标准合同或认证；\
             发生泄露须立即补救并通知用户和监管部门。",
        );

        let mut licences: Vec<(&str, Option<Trait>)> = self.profile.licences.iter().map(|l| (*l, None)).collect();
        let groups: [(Trait, &[&str]); 11] = [
            (Medical, &LICENCE_MEDICAL),
            (Money, &LICENCE_MONEY),
            (Minors, &LICENCE_EDUCATION[1..]),
            (Game, &["网络游戏出版物号（版号）：游戏上线收费前必须取得", LICENCE_CULTURE[0]]),
            (Video, &LICENCE_CULTURE[1..]),
            (Ai, &["生成式人工智能服务备案与算法备案：面向公众提供生成或推荐功能时需要"]),
            (Hardware, &["CCC 强制性产品认证（属于目录内产品时）与 SRRC 无线电型号核准（含 Wi-Fi、蓝牙模块时）"]),
            (Food, &["《食品经营许可证》：销售或制作食品时需要"]),
            (Travel, &["网约车须取得《网络预约出租汽车经营许可证》；经营旅行社业务须取得《旅行社业务经营许可证》"]),
            (
                Marketplace,
                &["电子商务平台经营者义务（《电子商务法》）：核验商家资质、公示规则、保存交易信息不少于三年"],
            ),
            (Sensitive, &["涉及人脸等生物识别时，遵守《人脸识别技术应用安全管理办法》，并评估是否需要备案"]),
        ];
        for (t, group) in groups {
            if self.has(t) {
                licences.extend(group.iter().map(|l| (*l, Some(t))));
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut unique: Vec<String> = Vec::new();
        for (l, t) in licences {
            if !seen.contains(&l) {
                seen.push(l);
                unique.push(item(match t {
                    Some(t) => format!("{l}（提到{}）", self.quoted(t)),
                    None => l.to_owned(),
                }));
            }
        }
        unique.truncate(self.count(4, 8));

        let specific: [(Trait, &str); 7] = [
            (Sensitive, "过度收集敏感信息会被责令整改，情节严重的罚款可达上一年营业额的 5%"),
            (Medical, "超范围开展诊疗或夸大疗效宣传；医疗广告须经审查，不得承诺疗效"),
            (Money, "未持牌从事金融业务，可能构成非法经营或非法吸收公众存款"),
            (Minors, "未落实未成年人模式、防沉迷与监护人同意"),
            (Content, "用户发布违法违规内容，平台须履行审核、处置与报告义务"),
            (Marketplace, "对入驻商家资质审核不严，平台可能承担连带责任"),
            (Ai, "AI 生成内容侵权或失实：须标注 AI 生成内容并建立投诉处理机制"),
        ];
        let mut risks: Vec<String> = specific
            .iter()
            .filter(|(t, _)| self.has(*t))
            .map(|(t, s)| format!("{s}（提到{}）", self.quoted(*t)))
            .collect();
        risks.push(format!("品牌「{}」未注册商标可能被抢注：尽早在第 9、35、42 类等类别申请商标", self.title));
        risks.push("用户协议与隐私政策不完善，会被应用商店或监管部门通报下架".into());
        risks.push("与合伙人、外包方的知识产权归属未约定清楚：签书面协议，代码与设计归公司所有".into());
        let risks = risks.into_iter().take(self.count(3, 6)).map(item).collect();

        let score = 9.0
            - if self.has(Medical) || self.idea.category == Category::Health { 2.5 } else { 0.0 }
            - if self.has(Money) || self.idea.category == Category::Finance { 2.5 } else { 0.0 }
            - if self.has(Sensitive) { 1.0 } else { 0.0 }
            - if self.has(Minors) { 1.0 } else { 0.0 }
            - if self.has(Content) || self.has(Game) { 0.5 } else { 0.0 }
            - if self.has(Ai) { 0.5 } else { 0.0 };
        LegalCompliance { icp: prose(icp), pipl: prose(pipl), licences: unique, risks, score: tenth(score) }
    }
}
