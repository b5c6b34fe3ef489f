use proptest::prelude::*;

use super::*;

fn sam() -> PasswordContext<'static> {
    PasswordContext {
        user_id: "sam.ortega_sunshine",
        first_name: "Samuel",
        last_name: "Ortega",
        pdn: "01234",
        dealership_name: "Sunshine Valley Motors",
    }
}

fn check_default(password: &str) -> Result<(), PasswordRejection> {
    PasswordPolicy::default().check(password, &sam())
}

/// A strong password of exactly `n` characters: random-looking letters, no words.
fn strong_of_len(n: usize) -> String {
    "qzv7Rk2mWx9pLt4nHb8cJf3gYd6sTu1eKa5wXo0iVr"
        .chars()
        .cycle()
        .take(n)
        .collect()
}

#[test]
fn default_minimum_is_fifteen_characters() {
    assert_eq!(
        PasswordPolicy::default().min_len(),
        15,
        "DESIGN.md sets the default minimum at 15 characters"
    );
}

#[test]
fn accepts_fifteen_characters_at_default_minimum() {
    assert_eq!(
        check_default("otter lamp fjord"),
        Ok(()),
        "16 characters of unrelated words pass the default policy"
    );
    assert_eq!(
        check_default(&strong_of_len(15)),
        Ok(()),
        "a strong password of exactly the minimum length must be accepted"
    );
}

#[test]
fn rejects_fourteen_characters_at_default_minimum() {
    assert_eq!(
        check_default(&strong_of_len(14)),
        Err(PasswordRejection::TooShort {
            min: 15,
            actual: 14
        }),
        "one character under the minimum is too short, however random"
    );
}

#[test]
fn policy_allows_a_configured_minimum_of_eight() {
    let policy = PasswordPolicy::new(8).expect("8 is the lowest minimum DESIGN.md allows");
    assert_eq!(policy.min_len(), 8);
    assert!(
        !matches!(
            policy.check(&strong_of_len(8), &sam()),
            Err(PasswordRejection::TooShort { .. })
        ),
        "with a minimum of 8, 8 characters are long enough"
    );
    assert!(
        matches!(
            policy.check(&strong_of_len(7), &sam()),
            Err(PasswordRejection::TooShort { min: 8, actual: 7 })
        ),
        "and 7 are not"
    );
}

#[test]
fn minimum_of_eight_still_needs_nine_characters_to_be_strong_enough() {
    let policy = PasswordPolicy::new(8).unwrap();
    assert!(
        matches!(
            policy.check(&strong_of_len(8), &sam()),
            Err(PasswordRejection::Weak { .. })
        ),
        "zxcvbn caps an 8-character estimate at 10^8 guesses, just under score 3"
    );
    assert_eq!(
        policy.check(&strong_of_len(9), &sam()),
        Ok(()),
        "9 random characters exceed 10^8 guesses"
    );
}

#[test]
fn policy_refuses_a_configured_minimum_below_eight() {
    assert_eq!(
        PasswordPolicy::new(7),
        Err(PolicyError::MinBelowFloor {
            requested: 7,
            floor: 8
        }),
        "DESIGN.md: configurable, never below 8"
    );
    assert!(
        PasswordPolicy::new(0).is_err(),
        "a zero minimum is never allowed"
    );
}

#[test]
fn policy_refuses_a_minimum_that_would_forbid_128_character_passwords() {
    assert!(PasswordPolicy::new(128).is_ok(), "128 is still reachable");
    assert!(
        matches!(
            PasswordPolicy::new(129),
            Err(PolicyError::MinAboveCeiling { .. })
        ),
        "passwords of up to 128 characters must always be possible"
    );
}

#[test]
fn policy_error_says_how_to_fix_the_configuration() {
    let message = PasswordPolicy::new(7).unwrap_err().to_string();
    assert!(
        message.contains("at least 8") && message.contains("15"),
        "the message names the floor and the recommended value: {message}"
    );
}

#[test]
fn accepts_a_strong_128_character_password() {
    assert_eq!(
        check_default(&strong_of_len(128)),
        Ok(()),
        "DESIGN.md: passwords up to at least 128 characters are accepted"
    );
}

#[test]
fn accepts_up_to_256_characters_and_rejects_257() {
    assert_eq!(check_default(&strong_of_len(MAX_CHARS)), Ok(()));
    assert_eq!(
        check_default(&strong_of_len(MAX_CHARS + 1)),
        Err(PasswordRejection::TooLong {
            max: 256,
            actual: 257
        }),
        "the maximum is a documented bound, not a silent truncation"
    );
}

#[test]
fn rejects_128_repetitions_of_one_character() {
    let password = "a".repeat(128);
    assert!(
        matches!(
            check_default(&password),
            Err(PasswordRejection::Weak { .. })
        ),
        "length alone is not strength: every estimate window is a trivial repeat"
    );
}

#[test]
fn long_password_with_a_weak_start_is_judged_by_its_strongest_part() {
    let password = format!("{}{}", "a".repeat(100), strong_of_len(40));
    assert_eq!(
        check_default(&password),
        Ok(()),
        "zxcvbn sees only 100 characters at a time; the strong tail must still count"
    );
}

#[test]
fn rejects_common_passwords_as_weak() {
    let nobody = PasswordContext::default();
    for password in ["password12345678", "qwertyuiopasdfgh", "1234567890123456"] {
        assert!(
            matches!(
                PasswordPolicy::default().check(password, &nobody),
                Err(PasswordRejection::Weak { .. })
            ),
            "a well-known password or keyboard pattern is guessed at once"
        );
    }
}

#[test]
fn rejects_the_user_id_as_password() {
    assert_eq!(
        check_default("sam.ortega_sunshine"),
        Err(PasswordRejection::ContainsPersonalInfo {
            what: PersonalInfo::UserId
        }),
        "the user ID is known to every colleague"
    );
}

#[test]
fn rejects_the_dealership_name_as_password() {
    for password in [
        "Sunshine Valley Motors",
        "SunshineValleyMotors",
        "sunshinevalleymotors2024",
    ] {
        assert_eq!(
            check_default(password),
            Err(PasswordRejection::ContainsPersonalInfo {
                what: PersonalInfo::DealershipName
            }),
            "the dealership name is on the sign outside"
        );
    }
}

#[test]
fn rejects_a_password_made_only_of_name_and_dealer_number() {
    assert_eq!(
        zxcvbn::zxcvbn("SamuelOrtega01234", &["samuel", "ortega", "01234"]).score() as u8,
        3,
        "zxcvbn alone would accept this; the personal-info discount must catch it"
    );
    assert_eq!(
        check_default("SamuelOrtega01234"),
        Err(PasswordRejection::ContainsPersonalInfo {
            what: PersonalInfo::Name
        }),
        "first name, last name and PDN are all known to an attacker"
    );
}

#[test]
fn accepts_personal_info_next_to_enough_unrelated_words() {
    assert_eq!(
        check_default("otter lamp fjord velvet Sunshine"),
        Ok(()),
        "the unrelated words alone are strong, so mentioning the dealership is harmless"
    );
}

#[test]
fn strength_meter_flags_personal_info() {
    let meter = strength("Sunshine Valley Motors 01234", &sam());
    assert_eq!(meter.personal_info, Some(PersonalInfo::DealershipName));
    assert!(
        !meter.is_acceptable(),
        "the meter agrees with check(): personal information earns no strength"
    );
}

#[test]
fn spaces_count_and_are_never_trimmed() {
    let core = strong_of_len(13);
    assert_eq!(
        check_default(&format!(" {core} ")),
        Ok(()),
        "leading and trailing spaces are characters of the password"
    );
    assert!(
        matches!(
            check_default(&format!("{core} ")),
            Err(PasswordRejection::TooShort { actual: 14, .. })
        ),
        "a trailing space counts as exactly one character"
    );
    assert_eq!(
        check_default("   otter   lamp   fjord   "),
        Ok(()),
        "any whitespace is allowed inside a password"
    );
}

#[test]
fn accepts_emoji_accented_and_cjk_passwords() {
    for password in [
        "🦊🌵🚲🎻🧀🛶🌋🪁🦉🍄🧭🎈🪐🥁🐙",
        "crème brûlée à l'hôtel señor",
        "東京の夜は静かな雨と古い本が好き",
        "Ωμέγα λύκος και πέτρα",
    ] {
        assert_eq!(
            check_default(password),
            Ok(()),
            "any Unicode is accepted; there are no composition rules"
        );
    }
}

#[test]
fn length_counts_characters_not_bytes() {
    let emoji = "🦊🌵🚲🎻🧀🛶🌋🪁🦉🍄🧭🎈🪐🥁";
    assert_eq!(emoji.chars().count(), 14);
    assert!(
        matches!(
            check_default(emoji),
            Err(PasswordRejection::TooShort { actual: 14, .. })
        ),
        "14 emoji are 14 characters (56 bytes), one short of 15"
    );
}

#[test]
fn password_is_never_case_folded_or_normalized() {
    // Folding "ß" gives "ss" and NFKC turns the ligature "ﬃ" into "ffi": either would
    // lengthen these 14-character passwords to 15 or more and let them pass.
    let with_sharp_s = format!("{}ß", strong_of_len(13));
    let with_ligature = format!("{}ﬃ", strong_of_len(13));
    let decomposed = format!("{}e\u{301}", strong_of_len(13));
    for password in [&with_sharp_s, &with_ligature] {
        assert!(
            matches!(
                check_default(password),
                Err(PasswordRejection::TooShort { actual: 14, .. })
            ),
            "the policy must count the password exactly as typed"
        );
    }
    assert_eq!(
        check_default(&decomposed),
        Ok(()),
        "a decomposed é is two characters and is not recomposed into one"
    );
}

#[test]
fn strength_reports_a_score_and_advice_for_the_meter() {
    let weak = strength("password", &PasswordContext::default());
    assert!(weak.score < MIN_ACCEPTED_SCORE && !weak.is_acceptable());
    assert!(
        weak.warning.is_some() || !weak.suggestions.is_empty(),
        "a weak password comes with advice the meter can show"
    );
    let strong = strength("otter lamp fjord velvet", &PasswordContext::default());
    assert_eq!(strong.score, 4, "four unrelated words are very strong");
    assert!(
        strong.suggestions.is_empty(),
        "no advice for a strong password"
    );
}

#[test]
fn empty_password_is_too_short_and_scores_zero() {
    assert!(matches!(
        check_default(""),
        Err(PasswordRejection::TooShort { actual: 0, .. })
    ));
    assert_eq!(strength("", &sam()).score, 0);
}

#[test]
fn rejection_messages_say_how_to_fix_it_without_the_password() {
    let cases = [
        "hunter2hunter",
        "sam.ortega_sunshine",
        "qwertyuiopasdfghjkl",
        &"zq".repeat(200),
    ];
    for password in cases {
        let err = check_default(password).expect_err("every case here is refused");
        let message = err.to_string();
        assert!(
            !message.contains(password) && !format!("{err:?}").contains(password),
            "no secret ever appears in an error: {message}"
        );
        assert!(
            message.contains("Use") || message.contains("use"),
            "every message says what to do: {message}"
        );
    }
}

#[test]
fn too_short_message_names_the_minimum() {
    let message = check_default("short one").unwrap_err().to_string();
    assert!(
        message.contains("at least 15 characters"),
        "the office manager must learn the target length: {message}"
    );
}

#[test]
fn every_rejection_is_weak_password_on_the_wire() {
    for rejected in ["tiny", &"x".repeat(200), "password password password"] {
        assert_eq!(
            check_default(rejected).unwrap_err().code(),
            crate::error_code::ErrorCode::WeakPassword,
            "the UI branches on one code for a refused password and shows the message"
        );
    }
}

fn arbitrary_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=max).prop_map(|c| c.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn check_never_panics_on_arbitrary_input(
        password in arbitrary_string(300),
        user_id in arbitrary_string(40),
        name in arbitrary_string(40),
    ) {
        let ctx = PasswordContext {
            user_id: &user_id,
            first_name: &name,
            last_name: &name,
            pdn: "01234",
            dealership_name: &name,
        };
        let _ = PasswordPolicy::default().check(&password, &ctx);
        let meter = strength(&password, &ctx);
        prop_assert!(meter.score <= 4, "zxcvbn scores run from 0 to 4");
    }

    #[test]
    fn rejection_never_contains_the_password(
        password in prop::collection::vec(any::<char>(), 8..=300)
            .prop_map(|c| c.into_iter().collect::<String>()),
    ) {
        if let Err(err) = PasswordPolicy::default().check(&password, &sam()) {
            prop_assert!(!err.to_string().contains(&password), "Display leaked the password");
            prop_assert!(!format!("{err:?}").contains(&password), "Debug leaked the password");
        }
    }
}
