//! API fuzzing from the OpenAPI document: random callers (anonymous and every role),
//! random path values, query strings and bodies (random JSON, malformed JSON, bodies
//! shaped like the real ones with random values) against every operation. Whatever
//! comes in, the portal answers without a 5xx, and every error is `{code, message}`.

use crate::support::requests::{PASSWORD, dealerships, new_user, registration};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

/// Values a path parameter gets: real ones, near misses and hostile ones.
const PATH_VALUES: &[&str] = &[
    "1",
    "2",
    "0",
    "-1",
    "99999999999999999999",
    "01234",
    "56789",
    "1234",
    "zed",
    "maria",
    "ZED",
    "nobody",
    "%00",
    "%2e%2e",
    "a%2Fb",
    "%F0%9F%9A%97",
    "x'--",
    "%20",
];

const QUERIES: &[&str] = &[
    "",
    "?limit=0",
    "?limit=-5",
    "?limit=100000",
    "?offset=-1",
    "?state=bogus",
    "?kind=x",
    "?overdue=maybe",
    "?q=%25",
    "?q=%00",
    "?pdn=abc",
    "?status=locked",
    "?before=-9",
    "?unknown=1",
    "?limit=1&offset=99999999999",
    "?after=1.2",
    "?after=-1.-1.%00",
    "?after=99999999999999999999.1",
    "?sort=dealership&after=1.2.%27--",
    "?q=",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("01234"),
            Just("zed"),
            Just("new_user"),
            Just("approve"),
            Just("smartcash")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("kind".to_owned()),
                    Just("user_id".to_owned()),
                    Just("note".to_owned()),
                    Just("action".to_owned()),
                    Just("password".to_owned()),
                    Just("answer".to_owned()),
                    Just("applications".to_owned()),
                    Just("pdn".to_owned()),
                    "[a-z_]{1,12}",
                ],
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A body: none, random JSON, broken JSON, or a real form with one field replaced.
fn body() -> impl Strategy<Value = Option<Vec<u8>>> {
    let real = prop_oneof![
        Just(registration("fuzzer")),
        Just(new_user("fuzzed", &["smartcash"])),
        Just(json!({"kind": "deactivation", "user_id": "amy"})),
        Just(json!({"action": "approve", "note": null})),
        Just(json!({"user_id": "zed", "password": "x"})),
        Just(json!({"note": "n"})),
    ];
    prop_oneof![
        Just(None),
        json_value().prop_map(|v| Some(v.to_string().into_bytes())),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(Some),
        (real, "[a-z_]{1,10}", json_value()).prop_map(|(mut form, key, value)| {
            if let Some(map) = form.as_object_mut() {
                map.insert(key, value);
            }
            Some(form.to_string().into_bytes())
        }),
    ]
}

struct Op {
    method: Method,
    path: String,
}

fn operations(doc: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if let Ok(method) = method.to_uppercase().parse() {
                ops.push(Op {
                    method,
                    path: path.clone(),
                });
            }
        }
    }
    ops
}

fn concrete(path: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let end = start + rest[start..].find('}').unwrap();
        out.push_str(&rest[..start]);
        out.push_str(value);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn no_input_makes_a_server_error_and_every_error_is_code_and_message() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (app, ops, tokens) = runtime.block_on(async {
        let app = dealerships(dealer_testkit::db::sqlite().await).await;
        let maria = app.token("maria", PASSWORD).await;
        app.file(&maria, new_user("lpark", &["smartcash"])).await;
        let (_, doc) = app
            .call(Method::GET, "/api/v1/openapi.json", None, None)
            .await;
        let mut tokens = vec![None];
        for user in ["zed", "maria", "sam", "kim", "dana"] {
            tokens.push(Some(app.token(user, PASSWORD).await));
        }
        (app, operations(&doc), tokens)
    });
    assert!(ops.len() > 30, "the document lists the API");
    let strategy = (
        0..ops.len(),
        0..tokens.len(),
        prop::sample::select(PATH_VALUES),
        prop::sample::select(QUERIES),
        body(),
        prop::bool::ANY,
    );
    let mut runner = TestRunner::new(Config {
        cases: 1500,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |(op, token, value, query, body, json_type)| {
        let op = &ops[op];
        let uri = format!("{}{query}", concrete(&op.path, value));
        let mut req = Request::builder().method(op.method.clone()).uri(&uri);
        if let Some(token) = &tokens[token] {
            req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if json_type {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        let req = req.body(body.map_or_else(Body::empty, Body::from)).unwrap();
        let response = runtime.block_on(app.response(req));
        let status = response.status();
        let bytes = runtime
            .block_on(http_body_util::BodyExt::collect(response.into_body()))
            .unwrap()
            .to_bytes();
        if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
            return Err(TestCaseError::fail(format!(
                "{} {uri}: {status} {}",
                op.method,
                String::from_utf8_lossy(&bytes)
            )));
        }
        if status.is_client_error() || status.is_server_error() {
            let body: Value = serde_json::from_slice(&bytes).map_err(|_| {
                TestCaseError::fail(format!(
                    "{} {uri}: {status} is not JSON: {}",
                    op.method,
                    String::from_utf8_lossy(&bytes)
                ))
            })?;
            if !(body["code"].is_string() && body["message"].is_string()) {
                return Err(TestCaseError::fail(format!(
                    "{} {uri}: {status} is not {{code, message}}: {body}",
                    op.method
                )));
            }
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
