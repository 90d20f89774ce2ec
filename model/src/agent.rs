use serde::{Deserialize, Serialize};

/// The five AI agents, each backed by one provider (the API's `aiServices` keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Agent {
    Baidu,
    Alibaba,
    Iflytek,
    Tencent,
    Zhipu,
}

impl Agent {
    pub const ALL: [Agent; 5] = [Self::Baidu, Self::Alibaba, Self::Iflytek, Self::Tencent, Self::Zhipu];

    pub fn key(self) -> &'static str {
        match self {
            Self::Baidu => "baidu",
            Self::Alibaba => "alibaba",
            Self::Iflytek => "iflytek",
            Self::Tencent => "tencent",
            Self::Zhipu => "zhipu",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == s)
    }

    /// The agent's name in the interface.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Baidu => "文心一言",
            Self::Alibaba => "通义千问",
            Self::Iflytek => "讯飞星火",
            Self::Tencent => "腾讯混元",
            Self::Zhipu => "智谱GLM",
        }
    }

    /// The agent's name in the English interface: its provider's own English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Baidu => "ERNIE Bot",
            Self::Alibaba => "Qwen",
            Self::Iflytek => "iFlytek Spark",
            Self::Tencent => "Tencent Hunyuan",
            Self::Zhipu => "Zhipu GLM",
        }
    }

    /// What the agent weighs most when it values an idea.
    pub fn taste_zh(self) -> &'static str {
        match self {
            Self::Baidu => "看重市场规模",
            Self::Alibaba => "看重技术可行性",
            Self::Iflytek => "看重创新程度",
            Self::Tencent => "看重盈利模式",
            Self::Zhipu => "看重风险与合规",
        }
    }
}
