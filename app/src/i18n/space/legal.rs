/// The 用户协议 and the 隐私政策. The Chinese documents bind; the English ones translate them
/// and say so.
pub struct LegalText {
    pub terms_title: &'static str,
    pub terms_description: &'static str,
    pub privacy_title: &'static str,
    pub privacy_description: &'static str,
    pub version: fn(&str) -> String,
    /// Which version binds, said in a translation; none in the original.
    pub binding: Option<&'static str>,
    /// Each section's heading and text.
    pub terms: &'static [(&'static str, &'static str)],
    pub privacy: &'static [(&'static str, &'static str)],
}

pub const ZH: LegalText = LegalText {
    terms_title: "用户协议",
    terms_description: "AI创意交易市场用户协议。",
    privacy_title: "隐私政策",
    privacy_description: "AI创意交易市场隐私政策：收集哪些信息、如何使用与保护。",
    version: |v| format!("版本 {v}"),
    binding: None,
    terms: &[
        (
            "一、服务内容",
            "AI创意交易市场（下称“本平台”）供会员提交创业创意，由五个 AI 智能体分析并以积分竞价，会员可用积分生成商业计划书。AI 的分析、出价和计划书由模型自动生成，仅供参考，不构成投资、法律或财务建议。",
        ),
        (
            "二、账号",
            "注册需提供用户名、邮箱、手机号并通过短信验证。会员应妥善保管密码和 API 令牌；通过账号进行的操作视为会员本人所为。发现账号异常，请立即修改密码或在账户设置中退出所有设备。",
        ),
        (
            "三、积分",
            "积分是本平台内的虚拟记账单位，只能在平台内使用，不能兑换现金，不计利息。每一笔积分变动都记入积分流水，会员可随时查看。",
        ),
        (
            "四、发布的内容",
            "会员对自己提交的创意负责，不得发布违法违规、侵犯他人权利或含有恶意代码的内容。创意一经提交即公开展示并进入竞拍。本平台可对违规内容采取隐藏等措施。",
        ),
        ("五、协议变更", "本协议更新时，版本号随之变更；会员再次使用前，需阅读并同意新版本。"),
    ],
    privacy: &[
        (
            "一、我们保存的信息",
            "账号信息（用户名、邮箱、手机号、密码的哈希值）、你提交的创意和点赞、购买的商业计划书、积分流水，以及 API 令牌的名称和使用时间。密码和令牌本身不以明文保存。",
        ),
        (
            "二、用途",
            "手机号用于注册、更换手机号和找回密码时的短信验证；邮箱可用于登录；其余信息用于提供竞拍、计划书和积分服务。创意的内容会发送给 AI 服务商用于分析，不包含你的联系方式。",
        ),
        (
            "三、你的权利",
            "你可以在账户设置中查看和修改邮箱、手机号和密码，撤销 API 令牌，退出所有设备，并下载平台保存的关于你的全部数据（JSON 文件）。",
        ),
        (
            "四、保存与安全",
            "数据保存在中国境内的服务器上，传输使用 HTTPS 加密。政策更新时版本号随之变更，你需要阅读并同意新版本后继续使用。",
        ),
    ],
};

pub const EN: LegalText = LegalText {
    terms_title: "Terms of Service",
    terms_description: "The Terms of Service of AI Idea Market.",
    privacy_title: "Privacy Policy",
    privacy_description: "The Privacy Policy of AI Idea Market: what we collect, how we use it and how we protect it.",
    version: |v| format!("Version {v}"),
    binding: Some(
        "This English translation is for your convenience. The Simplified Chinese version is the binding one: \
         switch the language to read it.",
    ),
    terms: &[
        (
            "1. The service",
            "AI Idea Market (“the Platform”) lets members submit startup ideas, which five AI agents analyse and bid \
             on with credits; members can spend credits on business plans. The analyses, bids and plans are written \
             automatically by AI models, are for reference only and are not investment, legal or financial advice.",
        ),
        (
            "2. Accounts",
            "Signing up takes a username, an email address and a mobile number verified by SMS. Members must keep \
             their password and API tokens safe; whatever is done through an account counts as done by its member. \
             If anything looks wrong with your account, change your password at once or sign out of all devices in \
             the account settings.",
        ),
        (
            "3. Credits",
            "Credits are the Platform's virtual unit of account. They can only be used on the Platform, cannot be \
             exchanged for cash and earn no interest. Every change to a balance is recorded in the credit history, \
             which members can view at any time.",
        ),
        (
            "4. What you publish",
            "Members are responsible for the ideas they submit and must not publish anything illegal, anything that \
             infringes the rights of others or anything containing malicious code. A submitted idea is shown publicly \
             and goes to auction at once. The Platform may hide content that breaks these rules, among other measures.",
        ),
        (
            "5. Changes to these terms",
            "When these terms change, their version number changes too; members must read and accept the new \
             version before they use the Platform again.",
        ),
    ],
    privacy: &[
        (
            "1. What we keep",
            "Your account details (username, email address, mobile number and a hash of your password), the ideas \
             you submit and like, the business plans you buy, your credit history, and the names of your API tokens \
             and when they were used. Passwords and tokens themselves are never stored in plain text.",
        ),
        (
            "2. What we use it for",
            "Your mobile number is for SMS verification when you sign up, change your number or reset your password; \
             your email address can be used to sign in; the rest is for running the auctions, business plans and \
             credits. The content of your ideas is sent to AI providers for analysis, without your contact details.",
        ),
        (
            "3. Your rights",
            "In the account settings you can view and change your email address, mobile number and password, revoke \
             API tokens, sign out of all devices, and download all the data the Platform keeps about you (a JSON \
             file).",
        ),
        (
            "4. Storage and security",
            "Your data is stored on servers in mainland China and travels encrypted over HTTPS. When this policy \
             changes, its version number changes too, and you need to read and accept the new version to go on \
             using the Platform.",
        ),
    ],
};
