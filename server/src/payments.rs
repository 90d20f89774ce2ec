//! The payment provider's side of the site, outside the member API: Alipay's asynchronous
//! notification (`POST /payments/alipay/notify`), and the member's way to the cashier
//! (`GET /orders/{id}/pay`), a link so that no form submission is redirected off the site.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use market::Market;
use market::payments::Provider;
use market::payments::alipay::{Cashier, PayableOrder};
use market::payments::orders::{self, Payment, Settled};
use model::OrderState;
use model::url::LocalPath;

use crate::AppState;
use crate::api::extract::{IdPath, MaybeSignedIn};

pub fn routes() -> Router<AppState> {
    Router::new().route("/payments/alipay/notify", post(alipay_notify)).route("/orders/{id}/pay", get(pay))
}

/// Alipay posts the notification as a form until it reads `success`, which it gets only once the
/// payment is recorded (or was before). Anything refused is answered `failure`, logged and
/// counted, and credits nothing.
async fn alipay_notify(State(state): State<AppState>, body: Bytes) -> Response {
    let outcome = notice_outcome(&state.market, &body).await;
    state.metrics.payment_notices.with_label_values(&[outcome]).inc();
    let answer = if matches!(outcome, "credited" | "already" | "not_paid") { "success" } else { "failure" };
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], answer).into_response()
}

async fn notice_outcome(market: &Market, body: &[u8]) -> &'static str {
    let Provider::Alipay(alipay) = &market.payments.provider else {
        tracing::warn!(target: "payments", "an Alipay notification arrived, but Alipay is not configured");
        return "not_configured";
    };
    let params: Vec<(String, String)> = match serde_urlencoded::from_bytes(body) {
        Ok(params) => params,
        Err(_) => return "malformed",
    };
    let notice = match alipay.verify_notice(&params) {
        Ok(notice) => notice,
        Err(refusal) => {
            tracing::warn!(target: "payments", %refusal, "Alipay notification refused");
            return refusal.as_str();
        }
    };
    if !notice.is_paid() {
        return "not_paid";
    }
    let payment = Payment {
        out_trade_no: &notice.out_trade_no,
        trade_no: &notice.trade_no,
        amount_fen: notice.amount_fen,
        source: "notify",
    };
    match orders::settle(market, payment).await {
        Ok(Ok(Settled::Now(_))) => "credited",
        Ok(Ok(Settled::Already(_))) => "already",
        Ok(Err(refusal)) => {
            tracing::warn!(target: "payments", %refusal, out_trade_no = %notice.out_trade_no, notify_id = %notice.notify_id,
                "Alipay notification ignored");
            refusal.as_str()
        }
        Err(e) => {
            // Answered `failure`: Alipay sends it again.
            tracing::error!(target: "payments", error = ?e, out_trade_no = %notice.out_trade_no, "recording a payment failed");
            "error"
        }
    }
}

/// Sends the member's browser to the provider's cashier for their own unpaid order: Alipay's
/// page on a computer, its mobile-website payment on a phone. Everything else goes back to the
/// order page, which shows where the order stands.
async fn pay(
    State(market): State<Market>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    IdPath(id): IdPath,
    headers: HeaderMap,
) -> Response {
    let order_page = LocalPath::order(id);
    let Some(viewer) = viewer else {
        return Redirect::to(order_page.login_page().as_str()).into_response();
    };
    // Another member's order, or a failure: the order page says so in words, not in JSON.
    let order = match orders::get(&market, &viewer, id).await {
        Ok(order) => order,
        Err(e) => {
            if !matches!(e, market::MarketError::NotFound) {
                tracing::error!(error = ?e, order_id = id, "reading an order for the cashier failed");
            }
            return Redirect::to(order_page.as_str()).into_response();
        }
    };
    match &market.payments.provider {
        Provider::Alipay(alipay) if order.state == OrderState::Created => {
            let phone = headers
                .get(header::USER_AGENT)
                .and_then(|ua| ua.to_str().ok())
                .is_some_and(|ua| ["Mobile", "Android", "iPhone"].iter().any(|m| ua.contains(m)));
            let cashier = if phone { Cashier::Phone } else { Cashier::Desktop };
            let payable = PayableOrder {
                id,
                out_trade_no: &order.out_trade_no,
                amount_fen: order.amount_fen,
                subject: &format!("AI创意交易市场 {} 积分", order.credits),
            };
            Redirect::to(&alipay.cashier_url(&payable, cashier, chrono::Utc::now())).into_response()
        }
        _ => Redirect::to(order_page.as_str()).into_response(),
    }
}
