//! An agent's analysis of an idea: the schema every answer must fit, its checks, and the panel's
//! consensus.

use model::Agent;
use serde::{Deserialize, Serialize};

/// One agent's view of an idea: the schema every provider's answer must fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// 0.0–10.0, one decimal.
    pub score: f64,
    /// 0.0–1.0: how sure the agent is of its score.
    pub confidence: f64,
    /// What the idea is worth to this agent, in credits.
    pub valuation: i64,
    /// One or two sentences in Chinese.
    pub summary: String,
    pub strengths: Vec<String>,
    pub risks: Vec<String>,
}

/// Where an analysis came from, for the record and the interface ("离线分析").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub agent: Agent,
    /// `offline`, or the provider's model name.
    pub model: String,
    pub offline: bool,
    /// Why the offline analyst stood in, when a provider was configured but failed.
    pub fallback: Option<String>,
    /// How long the provider took to answer (or to fail); none for the offline analyst alone.
    pub latency_ms: Option<i64>,
}

impl Analysis {
    /// The checks a provider's JSON must pass; the message goes back to the model on a retry.
    pub fn validate(&self) -> Result<(), String> {
        if !self.score.is_finite() || !(0.0..=10.0).contains(&self.score) {
            return Err(format!("score must be between 0 and 10, got {}", self.score));
        }
        if !self.confidence.is_finite() || !(0.0..=1.0).contains(&self.confidence) {
            return Err(format!("confidence must be between 0 and 1, got {}", self.confidence));
        }
        if !(0..=1_000_000).contains(&self.valuation) {
            return Err(format!("valuation must be 0..=1000000 credits, got {}", self.valuation));
        }
        let summary = self.summary.chars().count();
        if summary == 0 || summary > 500 {
            return Err("summary must be 1–500 characters".into());
        }
        if self.strengths.len() > 8 || self.risks.len() > 8 {
            return Err("at most 8 strengths and 8 risks".into());
        }
        Ok(())
    }

    /// Score and confidence rounded as stored (DECIMAL(3,1)).
    pub fn normalized(mut self) -> Self {
        self.score = (self.score * 10.0).round() / 10.0;
        self.confidence = (self.confidence * 100.0).round() / 100.0;
        self
    }
}

/// The figure for the whole panel: the mean score, and how much the agents disagree (the
/// standard deviation of their scores, 0.0–5.0).
pub fn consensus(scores: &[f64]) -> (f64, f64) {
    if scores.is_empty() {
        return (0.0, 0.0);
    }
    let n = scores.len() as f64;
    let mean = scores.iter().sum::<f64>() / n;
    let var = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
    ((mean * 10.0).round() / 10.0, (var.sqrt() * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consensus_is_mean_and_spread() {
        assert_eq!(consensus(&[5.0, 5.0, 5.0]), (5.0, 0.0));
        assert_eq!(consensus(&[2.0, 8.0]), (5.0, 3.0));
        assert_eq!(consensus(&[]), (0.0, 0.0));
    }

    #[test]
    fn validation_names_the_bad_field() {
        let ok = Analysis {
            score: 7.0,
            confidence: 0.5,
            valuation: 300,
            summary: "不错".into(),
            strengths: vec![],
            risks: vec![],
        };
        assert!(ok.validate().is_ok());
        assert!(Analysis { score: 11.0, ..ok.clone() }.validate().unwrap_err().contains("score"));
        assert!(Analysis { confidence: f64::NAN, ..ok.clone() }.validate().unwrap_err().contains("confidence"));
        assert!(Analysis { valuation: -1, ..ok.clone() }.validate().unwrap_err().contains("valuation"));
        assert!(Analysis { summary: String::new(), ..ok }.validate().unwrap_err().contains("summary"));
    }
}
