use std::collections::HashSet;

use proptest::prelude::*;

use super::*;

use QuestionId::{ChildhoodStreet, FirstCarModel, FirstPetName};

#[test]
fn catalogue_has_at_least_twelve_distinct_questions() {
    let all = catalogue();
    assert!(all.len() >= 12, "users need a real choice of questions");
    let ids: HashSet<_> = all.iter().map(Question::id).collect();
    let keys: HashSet<_> = all.iter().map(|q| q.id().key()).collect();
    let texts: HashSet<_> = all.iter().map(Question::text).collect();
    assert_eq!(
        ids.len(),
        all.len(),
        "each id appears once in the catalogue"
    );
    assert_eq!(
        keys.len(),
        all.len(),
        "keys are unique, or lookups would be ambiguous"
    );
    assert_eq!(texts.len(), all.len(), "no question is offered twice");
}

#[test]
fn catalogue_keys_are_stable_snake_case() {
    for question in catalogue() {
        let key = question.id().key();
        assert!(
            !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "keys are stored and sent over the wire; {key} must be plain snake_case"
        );
        assert!(question.text().ends_with('?'), "every entry is a question");
    }
    assert_eq!(
        FirstCarModel.key(),
        "first_car_model",
        "a stored key must never change"
    );
}

#[test]
fn every_id_has_its_own_catalogue_entry() {
    for (index, question) in catalogue().iter().enumerate() {
        assert_eq!(
            question.id() as usize,
            index,
            "QuestionId::question indexes the catalogue by declaration order"
        );
        assert_eq!(
            question.id().question(),
            question,
            "an id leads back to its own entry"
        );
        assert_eq!(QuestionId::from_key(question.id().key()), Ok(question.id()));
    }
}

#[test]
fn lookup_by_unknown_key_is_a_typed_error() {
    let err = QuestionId::from_key("mothers_maiden_name").unwrap_err();
    assert_eq!(err.key, "mothers_maiden_name");
    assert!(
        err.to_string().contains("Pick a question from the list"),
        "the message says what to do"
    );
    assert!(
        "FIRST_CAR_MODEL".parse::<QuestionId>().is_err(),
        "keys are exact; the UI sends them as received"
    );
}

#[test]
fn question_ids_serialize_as_their_stable_key() {
    let json = serde_json::to_string(&FirstCarModel).unwrap();
    assert_eq!(json, "\"first_car_model\"", "the wire format is the key");
    let back: QuestionId = serde_json::from_str(&json).unwrap();
    assert_eq!(back, FirstCarModel);
    assert!(
        serde_json::from_str::<QuestionId>("\"favorite_color\"").is_err(),
        "an unknown key cannot be deserialized into a question"
    );
}

#[test]
fn question_set_accepts_three_different_questions() {
    let set = QuestionSet::new([FirstCarModel, FirstPetName], ChildhoodStreet)
        .expect("three different catalogue questions form a valid set");
    assert_eq!(set.challenge(), [FirstCarModel, FirstPetName]);
    assert_eq!(set.secret(), ChildhoodStreet);
}

#[test]
fn question_set_rejects_two_identical_challenge_questions() {
    assert_eq!(
        QuestionSet::new([FirstCarModel, FirstCarModel], ChildhoodStreet),
        Err(QuestionSetError::SameChallengeQuestions {
            question: FirstCarModel
        }),
        "a reset must ask two different questions"
    );
}

#[test]
fn question_set_rejects_a_secret_question_repeating_a_challenge() {
    for challenge in [
        [ChildhoodStreet, FirstPetName],
        [FirstPetName, ChildhoodStreet],
    ] {
        assert_eq!(
            QuestionSet::new(challenge, ChildhoodStreet),
            Err(QuestionSetError::SecretRepeatsChallenge {
                question: ChildhoodStreet
            }),
            "the help-desk secret must differ from both challenge questions"
        );
    }
}

#[test]
fn question_set_rejects_three_identical_questions() {
    let err = QuestionSet::new([FirstPetName, FirstPetName], FirstPetName).unwrap_err();
    assert!(
        err.to_string().contains("Pick two different"),
        "the message tells the user how to fix it: {err}"
    );
}

#[test]
fn question_set_error_names_the_repeated_question() {
    let err = QuestionSet::new([FirstCarModel, FirstPetName], FirstPetName).unwrap_err();
    assert!(
        err.to_string().contains(FirstPetName.text()),
        "the user sees which question to change: {err}"
    );
}

#[test]
fn question_set_deserialization_enforces_all_different() {
    let valid = r#"{"challenge":["first_car_model","first_pet_name"],"secret":"childhood_street"}"#;
    let set: QuestionSet = serde_json::from_str(valid).unwrap();
    assert_eq!(
        serde_json::to_string(&set).unwrap(),
        valid,
        "round trip is exact"
    );
    let repeated =
        r#"{"challenge":["first_car_model","first_pet_name"],"secret":"first_car_model"}"#;
    assert!(
        serde_json::from_str::<QuestionSet>(repeated).is_err(),
        "an invalid set cannot enter through the wire"
    );
}

#[test]
fn normalization_trims_collapses_and_folds_case() {
    assert_eq!(
        normalize_answer("  Blue   Honda  "),
        normalize_answer("blue honda"),
        "users do not remember spacing or capitals they typed months ago"
    );
    assert_eq!(normalize_answer("  Blue   Honda  "), "blue honda");
}

#[test]
fn normalization_maps_full_width_letters_to_plain() {
    assert_eq!(
        normalize_answer("ＦＯＲＤ"),
        "ford",
        "NFKC: a Japanese keyboard's full-width letters are the same answer"
    );
}

#[test]
fn normalization_applies_full_case_folding() {
    assert_eq!(
        normalize_answer("Straße"),
        normalize_answer("STRASSE"),
        "full folding: ß and SS are the same letters in a different case"
    );
    assert_eq!(
        normalize_answer("ΌΣΟΣ"),
        normalize_answer("όσος"),
        "final sigma folds too"
    );
}

#[test]
fn normalization_collapses_any_unicode_whitespace() {
    assert_eq!(
        normalize_answer("\u{3000}blue\t\n\u{a0}\u{2003}honda\u{2029}"),
        "blue honda",
        "tabs, newlines, no-break and ideographic spaces are all just a space"
    );
}

#[test]
fn normalization_unifies_composed_and_decomposed_accents() {
    assert_eq!(
        normalize_answer("Jos\u{e9}"),
        normalize_answer("JOSE\u{301}"),
        "the same name typed on two keyboards is the same answer"
    );
}

#[test]
fn normalization_is_idempotent_on_known_tricky_input() {
    for raw in [
        "\u{345}",
        "\u{1fc3}\u{345}",
        "ǰ\u{323}",
        "ﬃ ﬅ",
        "ǅ",
        "\u{130}",
        "\u{fdfa}",
        "\u{b4}x",
        " \u{301}",
        "\u{1e9e}",
        "ᏸ",
    ] {
        let once = normalize_answer(raw);
        assert_eq!(
            normalize_answer(&once),
            once,
            "stored hashes rely on a fixed point"
        );
    }
}

#[test]
fn answer_shorter_than_three_characters_is_rejected() {
    assert!(
        matches!(
            NormalizedAnswer::parse("  ab  "),
            Err(AnswerError::TooShort { min: 3 })
        ),
        "two characters are guessed in moments; padding does not count"
    );
    assert!(
        NormalizedAnswer::parse("").is_err(),
        "an empty answer is no answer"
    );
    assert!(
        NormalizedAnswer::parse("a b").is_ok(),
        "an inner space counts"
    );
}

#[test]
fn answer_longer_than_the_maximum_is_rejected() {
    assert!(NormalizedAnswer::parse(&"x".repeat(MAX_ANSWER_CHARS)).is_ok());
    assert_eq!(
        NormalizedAnswer::parse(&"x".repeat(MAX_ANSWER_CHARS + 1)).unwrap_err(),
        AnswerError::TooLong { max: 128 },
        "answers are bounded so hashing cost is bounded"
    );
    assert!(
        NormalizedAnswer::parse(&" ".repeat(MAX_RAW_ANSWER_CHARS + 1)).is_err(),
        "huge input is refused before normalizing it"
    );
}

#[test]
fn answer_length_is_measured_after_normalization() {
    let padded = format!("  {}  ", "x".repeat(MAX_ANSWER_CHARS));
    assert!(
        NormalizedAnswer::parse(&padded).is_ok(),
        "surrounding spaces are not part of the answer"
    );
}

#[test]
fn parsed_answer_exposes_the_normalized_form() {
    let answer = NormalizedAnswer::parse("  Blue   Honda ").unwrap();
    assert_eq!(
        answer.expose_secret(),
        "blue honda",
        "the hash is taken of this"
    );
}

#[test]
fn answer_debug_never_shows_the_answer() {
    let answer = NormalizedAnswer::parse("Blue Honda").unwrap();
    let debug = format!("{answer:?}");
    assert!(
        debug.contains("***") && !debug.contains("blue") && !debug.contains("honda"),
        "answers never appear in logs: {debug}"
    );
}

#[test]
fn answer_errors_say_how_to_fix_it() {
    let message = NormalizedAnswer::parse("ab").unwrap_err().to_string();
    assert!(message.contains("at least 3 characters"), "{message}");
    assert_eq!(
        AnswerError::TooShort { min: 3 }.code(),
        crate::error_code::ErrorCode::AnswerTooShort
    );
}

/// Characters where folding and normalization interact: ypogegrammeni, ligatures,
/// sharp s, dotted I, titlecase digraphs, Cherokee, combining marks, Hangul jamo,
/// compatibility spaces and the widest NFKC expansion.
fn tricky_string() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        '\u{345}', '\u{1fc3}', '\u{1f80}', 'ǰ', '\u{30c}', '\u{323}', '\u{301}', 'ﬃ', 'ﬅ', 'ß',
        'ẞ', 'İ', 'ı', 'ǅ', 'Ǆ', 'ᏸ', 'Ꭰ', 'Σ', 'ς', 'K', 'Å', 'ª', '\u{1100}', '\u{1161}',
        '\u{11a8}', '가', '\u{3000}', '\u{a0}', '\u{2028}', '\t', ' ', '\u{b4}', '\u{fdfa}', '①',
        '㎒', 'A', 'e',
    ]);
    prop::collection::vec(prop_oneof![tricky, any::<char>()], 0..24)
        .prop_map(|c| c.into_iter().collect())
}

fn arbitrary_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=max).prop_map(|c| c.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn normalization_is_idempotent(raw in arbitrary_string(64)) {
        let once = normalize_answer(&raw);
        prop_assert_eq!(normalize_answer(&once), once.clone(), "a normalized answer is a fixed point");
    }

    #[test]
    fn normalization_is_idempotent_on_tricky_characters(raw in tricky_string()) {
        let once = normalize_answer(&raw);
        prop_assert_eq!(normalize_answer(&once), once.clone(), "a normalized answer is a fixed point");
    }

    #[test]
    fn normalized_answer_has_no_outer_or_repeated_whitespace(raw in tricky_string()) {
        let once = normalize_answer(&raw);
        prop_assert_eq!(once.trim(), once.as_str());
        prop_assert!(!once.contains("  "));
        prop_assert!(once.chars().all(|c| c == ' ' || !c.is_whitespace()));
    }

    #[test]
    fn parse_never_panics_and_respects_bounds(raw in arbitrary_string(300)) {
        if let Ok(answer) = NormalizedAnswer::parse(&raw) {
            let chars = answer.expose_secret().chars().count();
            prop_assert!((MIN_ANSWER_CHARS..=MAX_ANSWER_CHARS).contains(&chars));
            prop_assert_eq!(answer.expose_secret(), normalize_answer(&raw));
        }
    }
}

#[cfg(feature = "openapi")]
#[test]
fn the_openapi_schema_of_a_question_lists_the_keys_serde_writes() {
    let schema = serde_json::to_value(<QuestionId as utoipa::PartialSchema>::schema()).unwrap();
    let written: Vec<_> = catalogue()
        .iter()
        .map(|q| serde_json::to_value(q.id()).unwrap())
        .collect();
    assert_eq!(schema["type"], "string");
    assert_eq!(
        schema["enum"],
        serde_json::Value::Array(written),
        "the document must list exactly what goes on the wire, the stable keys"
    );
}
