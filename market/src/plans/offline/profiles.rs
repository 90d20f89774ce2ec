//! What the offline analyst knows before reading an idea: the traits its words can show, the users
//! they can name, and each category's usual users, customers, prices, rivals and licences.

use model::Category;

/// Features of an idea, each recognised by its words.
#[derive(Debug, Clone, Copy)]
pub(super) enum Trait {
    Ai,
    Hardware,
    MiniProgram,
    App,
    Marketplace,
    Business,
    Content,
    Video,
    Minors,
    Sensitive,
    Medical,
    Money,
    Game,
    Food,
    Travel,
    Elderly,
    Paid,
}
/// The words that show each trait, in the order of [`Trait`].
pub(super) const TRAIT_WORDS: [&[&str]; 17] = [
    &["ai", "人工智能", "大模型", "智能", "算法", "识别", "推荐", "gpt", "机器学习", "语音"],
    &["硬件", "设备", "传感器", "摄像头", "机器人", "穿戴", "手环", "iot", "物联网", "芯片", "终端", "无人机"],
    &["小程序", "微信", "公众号"],
    &["app", "移动端", "手机应用", "安卓", "ios"],
    &["平台", "撮合", "商家", "电商", "二手", "共享", "众包", "交易"],
    &["企业", "b2b", "saas", "商户", "公司", "机构", "门店", "工厂", "店铺"],
    &["内容", "视频", "直播", "社交", "资讯", "论坛", "音乐", "播客", "ugc", "分享"],
    &["视频", "直播", "vlog"],
    &["未成年", "儿童", "学生", "中小学", "青少年", "孩子", "k12", "幼儿", "小学", "初中"],
    &[
        "人脸",
        "生物识别",
        "位置信息",
        "实时位置",
        "gps",
        "健康数据",
        "病历",
        "身份证",
        "指纹",
        "声纹",
        "行踪",
        "录音",
        "监控",
    ],
    &["医疗", "诊断", "医院", "医生", "处方", "药", "问诊", "疾病", "康复", "体检", "慢病"],
    &["支付", "贷款", "理财", "保险", "基金", "证券", "借贷", "信贷", "众筹", "虚拟货币", "区块链", "股票"],
    &["游戏", "电竞", "手游", "剧本杀"],
    &["食品", "餐饮", "外卖", "生鲜", "食材", "零食", "饮品", "咖啡", "烘焙", "送餐", "助餐", "午餐"],
    &["出行", "打车", "拼车", "网约车", "租车", "旅游", "酒店", "民宿"],
    &["老人", "老年", "养老", "银发", "长辈"],
    &["订阅", "会员", "付费", "收费", "佣金", "抽成", "广告", "分成", "增值", "授权", "买断"],
];

/// Who the description may name, and how the plan calls them.
pub(super) const USER_WORDS: [(&str, &str); 20] = [
    ("大学生", "大学生"),
    ("学生", "在校学生"),
    ("白领", "城市白领"),
    ("上班族", "城市上班族"),
    ("老人", "老年人及其子女"),
    ("家长", "中小学生家长"),
    ("宝妈", "年轻父母"),
    ("家庭", "城市家庭"),
    ("企业", "中小企业"),
    ("商家", "线下商家与个体户"),
    ("医生", "医生与基层医疗机构"),
    ("患者", "慢病患者及家属"),
    ("开发者", "软件开发者"),
    ("创业", "早期创业者"),
    ("宠物", "养宠人群"),
    ("司机", "网约车与货运司机"),
    ("游客", "游客"),
    ("农", "农户与合作社"),
    ("设计师", "设计师等创意工作者"),
    ("主播", "主播与内容创作者"),
];

/// What a category usually looks like: its users, customers, prices, rivals and rules.
pub(super) struct Profile {
    pub(super) users: [&'static str; 3],
    pub(super) population: i64,
    pub(super) population_basis: &'static str,
    /// Monthly price per paying customer and what serving one costs a month, in yuan; churn in percent a month.
    pub(super) price: i64,
    pub(super) variable: i64,
    pub(super) churn_pct: f64,
    pub(super) competitors: [(&'static str, &'static str, &'static str); 4],
    pub(super) trends: [&'static str; 3],
    pub(super) licences: &'static [&'static str],
}

/// Licences a medical or health idea may need.
pub(super) static LICENCE_MEDICAL: [&str; 3] = [
    "医疗器械注册证：软件若给出诊断或治疗建议，可能属于二类或三类医疗器械（软件）",
    "互联网诊疗：须依托实体医疗机构，取得《医疗机构执业许可证》并办理互联网医院登记",
    "《互联网药品信息服务资格证书》：展示药品或医疗器械信息时需要",
];
/// Licences a payment or financial idea may need.
pub(super) static LICENCE_MONEY: [&str; 2] = [
    "支付业务许可证（支付牌照）：没有牌照不得沉淀或清结算用户资金，只能接入持牌支付机构",
    "放贷、理财、保险等业务须持相应金融牌照（网络小贷、基金销售、保险经纪等），或只做持牌机构的技术服务方",
];
/// Licences an education idea may need.
pub(super) static LICENCE_EDUCATION: [&str; 2] = [
    "办学许可：面向中小学生的学科类校外培训受“双减”政策严格限制，非学科类培训须按地方规定审批或备案",
    "教育移动互联网应用程序备案（教育 App 备案）",
];
/// Licences an entertainment or video idea may need.
pub(super) static LICENCE_CULTURE: [&str; 2] = [
    "《网络文化经营许可证》（文网文）：经营网络音乐、演出、游戏、动漫等需要",
    "《信息网络传播视听节目许可证》：自行提供视频或直播节目时需要，或与持证平台合作",
];

/// The usual shape of an idea in `category`.
pub(super) fn profile(category: Category) -> &'static Profile {
    const TECH: Profile = Profile {
        users: ["追求效率的职场人士", "中小团队负责人", "数码产品早期尝鲜者"],
        population: 300_000_000,
        population_basis: "全国约 10 亿网民中，约 3 亿人为软件或数字服务付过费",
        price: 30,
        variable: 6,
        churn_pct: 5.0,
        competitors: [
            ("豆包、Kimi、通义等通用 AI 助手", "免费、能力强、用户基数大", "面向通用场景，不深入具体需求"),
            ("大厂自带的同类功能（微信、支付宝、手机系统）", "入口与流量优势", "功能浅、迭代慢，不针对细分人群"),
            ("同赛道的初创公司", "灵活、专注", "资金与资源有限"),
            ("表格、纸笔等传统做法", "零成本、用户已经习惯", "效率低、容易出错"),
        ],
        trends: [
            "个人与企业为数字工具付费的意愿逐年提升",
            "数据安全与国产化要求推动本土软件替代",
            "AI 原生应用不断涌现，同质化竞争加快",
        ],
        licences: &["软件著作权登记：非强制，但有助于融资、招投标与维权"],
    };
    const LIFESTYLE: Profile = Profile {
        users: ["一二线城市的年轻上班族", "城市双职工家庭", "独居青年"],
        population: 300_000_000,
        population_basis: "全国约 3 亿城镇家庭",
        price: 25,
        variable: 8,
        churn_pct: 6.0,
        competitors: [
            ("美团 / 大众点评", "本地生活流量与商户资源巨大", "以标准化服务为主，难做深度个性化"),
            ("小红书", "种草内容与用户信任", "交易闭环较弱"),
            ("58 同城", "本地服务信息覆盖面广", "服务质量参差，信任度低"),
            ("线下个体服务者与社群", "熟人信任、价格灵活", "难以规模化，缺少标准"),
        ],
        trends: [
            "消费者更看重性价比与即时满足，本地即时零售快速增长",
            "独居与小家庭增多，带来小份量、陪伴类需求",
            "社区服务与便民生活圈建设受政策鼓励",
        ],
        licences: &[],
    };
    const EDUCATION: Profile = Profile {
        users: ["中小学生家长", "大学生与考证人群", "希望提升技能的职场人"],
        population: 200_000_000,
        population_basis: "全国约 2.9 亿在校学生，加上成人学习者，按约 2 亿有课外学习支出的人计",
        price: 99,
        variable: 20,
        churn_pct: 6.0,
        competitors: [
            ("作业帮", "题库与用户规模大", "受“双减”影响，转向素质教育与学习硬件"),
            ("猿辅导 / 小猿学练机", "内容与硬件结合", "价格较高"),
            ("网易有道", "词典与翻译入口、AI 学习硬件", "产品线分散"),
            ("B 站、抖音上的免费学习内容", "免费、海量", "不成体系，缺少反馈与督学"),
        ],
        trends: [
            "“双减”后素质教育、职业教育与成人学习成为增长点",
            "AI 个性化辅导与学习硬件兴起",
            "终身学习与技能提升的需求上升",
        ],
        licences: &LICENCE_EDUCATION,
    };
    const HEALTH: Profile = Profile {
        users: ["慢病患者及其家属", "关注健康管理的中青年", "基层医生与健康管理师"],
        population: 300_000_000,
        population_basis: "全国约 3 亿慢性病患者及主动做健康管理的人群",
        price: 49,
        variable: 12,
        churn_pct: 4.0,
        competitors: [
            ("平安好医生", "医生资源与保险结合", "偏重问诊，持续管理较弱"),
            ("微医 / 好大夫在线", "医生与医院资源丰富", "围绕就医流程，日常健康管理体验一般"),
            ("京东健康 / 阿里健康", "医药电商与供应链", "以卖药为主"),
            ("Keep / 薄荷健康", "运动与饮食记录用户多", "非医疗级，专业性有限"),
        ],
        trends: [
            "人口老龄化与慢病人群扩大，健康管理需求持续增长",
            "“互联网+医疗健康”政策推进，线上复诊与医保线上支付逐步放开",
            "可穿戴设备普及，健康数据更容易获得",
        ],
        licences: &LICENCE_MEDICAL,
    };
    const FINANCE: Profile = Profile {
        users: ["有记账和理财需求的年轻人", "小微商户与个体户", "自由职业者"],
        population: 200_000_000,
        population_basis: "全国约 2 亿有理财、记账或收款需求的个人与小微商户",
        price: 20,
        variable: 4,
        churn_pct: 5.0,
        competitors: [
            ("支付宝 / 蚂蚁财富", "支付入口与理财产品齐全", "通用化，难做细分人群的深度服务"),
            ("微信支付 / 腾讯理财通", "社交场景与高频支付", "理财服务较浅"),
            ("随手记、鲨鱼记账", "记账用户基础大", "变现依赖导流，信任风险"),
            ("银行 App", "持牌与资金安全带来的信任", "体验与创新较慢"),
        ],
        trends: [
            "金融监管趋严，持牌经营与合规成本上升",
            "居民理财从储蓄向多元资产转移，风险偏好整体下降",
            "数字人民币试点扩大，支付场景更加多元",
        ],
        licences: &LICENCE_MONEY,
    };
    const ENTERTAINMENT: Profile = Profile {
        users: ["Z 世代年轻人", "兴趣社群成员", "下班后寻求放松的上班族"],
        population: 500_000_000,
        population_basis: "全国约 5 亿为在线视频、音乐、游戏等娱乐付费的用户",
        price: 18,
        variable: 5,
        churn_pct: 8.0,
        competitors: [
            ("抖音 / 快手", "短视频流量与算法推荐", "内容同质化，用户注意力竞争激烈"),
            ("哔哩哔哩", "年轻用户与社区氛围", "商业化压力大"),
            ("腾讯游戏 / 网易游戏", "研发与发行实力强", "新品类试错慢"),
            ("线下娱乐（剧本杀、密室、演出）", "沉浸式体验", "受场地与人力限制，难以规模化"),
        ],
        trends: [
            "内容消费向短视频与兴趣社区集中",
            "线下沉浸式娱乐与文旅消费复苏",
            "AIGC 降低内容生产成本，也加剧内容竞争",
        ],
        licences: &LICENCE_CULTURE,
    };
    match category {
        Category::Tech => &TECH,
        Category::Lifestyle => &LIFESTYLE,
        Category::Education => &EDUCATION,
        Category::Health => &HEALTH,
        Category::Finance => &FINANCE,
        Category::Entertainment => &ENTERTAINMENT,
    }
}
