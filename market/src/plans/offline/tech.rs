//! The offline analyst's technical architecture: components, stack, milestones and risks.

use model::{Category, Component, Milestone, TechArchitecture};

use super::profiles::Trait::{self, *};
use super::{Reading, flag, item, tenth};

impl Reading<'_> {
    pub(super) fn tech(&self) -> TechArchitecture {
        let client = if self.has(MiniProgram) {
            ("微信小程序", "用户无需下载，扫码即用，便于社群传播")
        } else if self.has(App) || self.has(Hardware) {
            ("移动 App", "需要推送、蓝牙或后台能力，用跨平台框架一套代码覆盖 iOS 与安卓")
        } else {
            ("响应式网站", "手机和电脑都能用，开发最快")
        };
        let mut components = vec![(client.0.to_owned(), client.1.to_owned())];
        let optional: [(bool, &str, &str); 6] = [
            (self.has(Ai), "AI 服务层", "调用国产大模型 API，配合提示词模板、检索增强与人工复核"),
            (self.has(Hardware), "设备端与物联网接入", "固件、设备注册、数据上报与远程升级"),
            (self.has(Marketplace), "订单与撮合", "发布、匹配、评价与结算，连接供需两端"),
            (self.has(Content), "内容审核", "机审加人审，处理违规内容与用户举报"),
            (self.has(Paid) || self.has(Money), "支付与会员", "接入微信支付、支付宝，管理订阅与对账"),
            (
                self.has(Sensitive) || self.has(Medical) || self.idea.category == Category::Health,
                "敏感数据保护",
                "加密存储、访问审计与脱敏，满足个人信息保护要求",
            ),
        ];
        components.extend(optional.iter().filter(|(on, ..)| *on).map(|(_, n, p)| ((*n).to_owned(), (*p).to_owned())));
        components.push(("业务后端 API".into(), format!("「{}」的核心业务逻辑、账户与权限", self.title)));
        components.push(("数据库与缓存".into(), "业务数据、会话与热点数据".into()));
        components.push(("运营管理后台".into(), "用户管理、数据看板、客服与配置".into()));
        let components: Vec<Component> = components
            .into_iter()
            .take(self.count(5, 9))
            .map(|(name, purpose)| Component { name: item(name), purpose: item(purpose) })
            .collect();

        let mut stack = vec![match client.0 {
            "微信小程序" => "前端：微信小程序（原生或 Taro）",
            "移动 App" => "前端：Flutter 跨平台 App",
            _ => "前端：Vue 3 或 React 响应式网站",
        }];
        stack.push("后端：Go 或 Java（Spring Boot），选团队最熟悉的");
        stack.push("数据：MySQL 8 + Redis");
        stack.push("部署：阿里云或腾讯云国内地域，个人信息境内存储");
        let extra: [(bool, &str); 5] = [
            (self.has(Ai), "AI：通义千问、文心一言或智谱 GLM 的 API，向量检索用 pgvector 或 Milvus"),
            (self.has(Hardware), "设备：ESP32 或嵌入式 Linux，MQTT 接入云物联网平台"),
            (self.has(Paid) || self.has(Marketplace), "支付：微信支付与支付宝（经持牌机构收款）"),
            (self.has(Content), "内容安全：云厂商的文本、图片与音视频审核 API"),
            (true, "监控：日志服务、告警与错误追踪"),
        ];
        stack.extend(extra.iter().filter(|(on, _)| *on).map(|(_, s)| *s));
        let stack = stack.into_iter().take(self.count(5, 9)).map(|s| item(s.into())).collect();

        let mvp_weeks =
            6 + 2 * u32::from(self.has(Ai)) + 6 * u32::from(self.has(Hardware)) + 2 * u32::from(self.has(Marketplace));
        let compliance_weeks = if self.regulated() { 8 } else { 3 };
        let mut milestones = vec![
            Milestone { name: "用户访谈与可点击原型".into(), weeks: 2 },
            Milestone {
                name: item(format!(
                    "MVP 开发：{}",
                    components.iter().take(3).map(|c| c.name.as_str()).collect::<Vec<_>>().join("、")
                )),
                weeks: mvp_weeks,
            },
            Milestone {
                name: "合规准备：ICP 备案或许可、隐私政策与所需资质".into(), weeks: compliance_weeks
            },
            Milestone {
                name: format!("内测：邀请 {} 位种子用户", if self.detailed { 100 } else { 50 }), weeks: 3
            },
            Milestone { name: "正式上线与首轮推广".into(), weeks: 2 },
        ];
        if self.detailed {
            milestones.push(Milestone { name: "数据复盘与第二版迭代".into(), weeks: 4 });
            milestones.push(Milestone { name: "规模化：性能、监控与客服体系".into(), weeks: 6 });
        }

        let specific: [(Trait, &str); 6] = [
            (Ai, "大模型输出不稳定或出现幻觉：建立评测集、限制输出格式、关键结果人工复核"),
            (Hardware, "硬件供应链与良率：小批量成本高，先用开发板和 3D 打印外壳做原型"),
            (Marketplace, "冷启动：供需两端互相等待，先在一个城市人工撮合"),
            (Content, "用户内容违规：上线即需审核能力，先用云厂商审核 API 加人工抽查"),
            (Sensitive, "敏感个人信息泄露：加密存储、最小权限、访问审计，定期渗透测试"),
            (Medical, "医疗数据的准确性与安全：结论须有医生把关，数据分级保护"),
        ];
        let mut risks: Vec<String> = specific
            .iter()
            .filter(|(t, _)| self.has(*t))
            .map(|(t, s)| format!("{s}（提到{}）", self.quoted(*t)))
            .collect();
        risks.push("需求在验证中变化导致返工：MVP 只做一条核心流程".into());
        risks.push("依赖第三方 API 与云服务：费用与限流要有预算和降级方案".into());
        risks.push("早期团队人手少：优先用成熟的云服务，不自建基础设施".into());
        let risks = risks.into_iter().take(self.count(3, 6)).map(item).collect();

        let score = 8.0
            - 1.5 * flag(self.has(Hardware))
            - flag(self.regulated())
            - 0.5 * flag(self.has(Ai))
            - 0.5 * flag(self.has(Marketplace))
            + 0.5 * flag(self.has(MiniProgram));
        TechArchitecture { components, stack, milestones, risks, score: tenth(score) }
    }
}
