use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(s: &str) -> UserId {
    UserId::parse(s).unwrap()
}

#[test]
fn a_review_opens_every_90_days_after_the_last_or_after_the_dealership_came_on() {
    let policy = ReviewPolicy::default();
    let since = at("2026-09-01T14:00:00Z");
    let cases = [
        // (last opened, now, opens now?, why)
        (
            None,
            "2026-11-30T13:59:59Z",
            false,
            "89 days and a bit after coming on",
        ),
        (
            None,
            "2026-11-30T14:00:00Z",
            true,
            "90 days after coming on, to the second",
        ),
        (
            Some("2026-12-01T10:00:00Z"),
            "2027-02-28T09:59:00Z",
            false,
            "a minute early",
        ),
        (
            Some("2026-12-01T10:00:00Z"),
            "2027-03-01T10:00:00Z",
            true,
            "90 days after the last",
        ),
        (
            Some("2026-12-01T10:00:00Z"),
            "2026-12-20T10:00:00Z",
            false,
            "the last one is recent, whenever the dealership came on",
        ),
    ];
    for (last, now, expected, why) in cases {
        assert_eq!(
            policy.opens_now(since, last.map(at), at(now)),
            expected,
            "{why}"
        );
    }
    let monthly = ReviewPolicy {
        every_days: 30,
        ..ReviewPolicy::default()
    };
    assert_eq!(
        monthly.next_opening(since, None),
        at("2026-10-01T14:00:00Z"),
        "DEALER_ACCESS_REVIEW_EVERY sets the period"
    );
}

#[test]
fn the_deadline_is_close_of_business_et_14_days_on_moved_to_a_business_day() {
    let policy = ReviewPolicy::default();
    let christmas = ReviewCalendar::new([day("2026-12-25")]);
    let cases = [
        // (opened, calendar, deadline, why)
        (
            "2026-12-07T15:00:00Z",
            ReviewCalendar::default(),
            "2026-12-21T22:00:00Z",
            "Monday to Monday, 5 pm EST",
        ),
        (
            "2026-12-08T04:30:00Z",
            ReviewCalendar::default(),
            "2026-12-21T22:00:00Z",
            "11:30 pm ET on Monday is still Monday in the dealership's day",
        ),
        (
            "2026-12-12T15:00:00Z",
            ReviewCalendar::default(),
            "2026-12-28T22:00:00Z",
            "a Saturday deadline moves to Monday",
        ),
        (
            "2026-12-11T15:00:00Z",
            christmas.clone(),
            "2026-12-28T22:00:00Z",
            "a holiday deadline moves to the next business day",
        ),
        (
            "2026-12-12T15:00:00Z",
            ReviewCalendar::new([day("2026-12-28")]),
            "2026-12-29T22:00:00Z",
            "weekend then holiday: Tuesday",
        ),
        (
            "2027-03-01T15:00:00Z",
            ReviewCalendar::default(),
            "2027-03-15T21:00:00Z",
            "after the spring change it is 5 pm EDT",
        ),
    ];
    for (opened, calendar, deadline, why) in cases {
        assert_eq!(
            policy.deadline(&calendar, at(opened)),
            at(deadline),
            "{why}"
        );
    }
    assert!(
        !ReviewPolicy::is_overdue(at("2026-12-21T22:00:00Z"), at("2026-12-21T22:00:00Z")),
        "at the deadline it is not late yet"
    );
    assert!(ReviewPolicy::is_overdue(
        at("2026-12-21T22:00:00Z"),
        at("2026-12-21T22:00:01Z")
    ));
}

#[test]
fn reminders_go_at_opening_a_week_and_three_days_before_and_on_the_day_each_once() {
    let policy = ReviewPolicy::default();
    let opened = at("2026-12-07T15:00:00Z");
    let deadline = at("2026-12-21T22:00:00Z");
    use Reminder::*;
    let cases = [
        // (last sent, now, due, why)
        (None, "2026-12-07T15:00:00Z", Some(Opened), "on opening"),
        (Some(Opened), "2026-12-07T16:00:00Z", None, "nothing twice"),
        (
            Some(Opened),
            "2026-12-14T04:59:59Z",
            None,
            "the week-before day starts at midnight ET",
        ),
        (
            Some(Opened),
            "2026-12-14T05:00:00Z",
            Some(WeekBefore),
            "midnight ET a week before",
        ),
        (
            Some(WeekBefore),
            "2026-12-18T12:00:00Z",
            Some(ThreeDaysBefore),
            "three days before",
        ),
        (
            Some(Opened),
            "2026-12-18T12:00:00Z",
            Some(ThreeDaysBefore),
            "a missed reminder is not sent late: only the latest",
        ),
        (
            Some(ThreeDaysBefore),
            "2026-12-21T06:00:00Z",
            Some(OnTheDay),
            "on the day",
        ),
        (
            Some(OnTheDay),
            "2026-12-22T06:00:00Z",
            None,
            "all four sent",
        ),
        (
            None,
            "2026-12-21T06:00:00Z",
            Some(OnTheDay),
            "a portal down for two weeks sends one mail",
        ),
    ];
    for (last, now, due, why) in cases {
        assert_eq!(
            policy.reminder_due(opened, deadline, last, at(now)),
            due,
            "{why}"
        );
    }

    // A three-day review has no "week before": at opening only "opened" goes.
    let short = ReviewPolicy {
        deadline_days: 3,
        ..ReviewPolicy::default()
    };
    let deadline = short.deadline(&ReviewCalendar::default(), opened);
    assert_eq!(deadline, at("2026-12-10T22:00:00Z"));
    assert_eq!(
        short.reminder_due(opened, deadline, None, opened),
        Some(Opened)
    );
    assert_eq!(
        short.reminder_due(opened, deadline, Some(Opened), at("2026-12-08T12:00:00Z")),
        None,
        "three days before the deadline was before the opening"
    );
    for r in Reminder::ALL {
        assert_eq!(
            Reminder::from_ordinal(r.ordinal()),
            Some(r),
            "stored and read back"
        );
    }
    assert_eq!(Reminder::from_ordinal(0), None, "0 is none sent");
}

#[test]
fn active_locked_and_inactive_people_are_reviewed_pending_and_deactivated_are_not() {
    use AccountState::*;
    for (state, reviewed) in [
        (Active, true),
        (Locked, true),
        (Inactive, true),
        (Pending, false),
        (Deactivated, false),
    ] {
        assert_eq!(is_reviewed(state), reviewed, "{state}");
    }
}

#[test]
fn nobody_decides_on_their_own_access_and_the_provider_only_for_a_lone_manager() {
    use AccessRole::*;
    let maria = Decider::OfficeManager(id("mgarcia"));
    let cases = [
        // (decider, subject, role, other managers, allowed?, why)
        (
            &maria,
            "jchen",
            Staff,
            0,
            Ok(()),
            "a manager decides on staff",
        ),
        (
            &maria,
            "MGarcia",
            OfficeManager,
            0,
            Err(DeciderError::OwnAccess),
            "not on herself (case-blind), even alone",
        ),
        (
            &maria,
            "mgarcia",
            OfficeManager,
            1,
            Err(DeciderError::OwnAccess),
            "not on herself with a colleague either",
        ),
        (
            &maria,
            "dwright",
            OfficeManager,
            1,
            Ok(()),
            "on another manager of the dealership",
        ),
        (
            &Decider::Provider,
            "mgarcia",
            OfficeManager,
            0,
            Ok(()),
            "the provider, for a lone manager",
        ),
        (
            &Decider::Provider,
            "mgarcia",
            OfficeManager,
            1,
            Err(DeciderError::DealershipDecides),
            "not when a colleague can",
        ),
        (
            &Decider::Provider,
            "jchen",
            Staff,
            0,
            Err(DeciderError::DealershipDecides),
            "the dealership decides on its staff",
        ),
    ];
    for (decider, subject, role, others, expected, why) in cases {
        assert_eq!(
            may_decide(decider, &id(subject), role, others),
            expected,
            "{why}"
        );
    }
}

#[test]
fn a_decision_is_checked_against_what_the_person_holds() {
    let held: BTreeSet<String> = ["smartcash".into(), "smartauction".into()].into();
    let jchen = id("jchen");
    let remove = |apps: &[&str]| AccessDecision::Remove {
        applications: apps.iter().map(|a| (*a).to_owned()).collect(),
    };
    let cases = [
        (AccessDecision::Keep, Ok(AccessDecision::Keep), "keep all"),
        (
            remove(&["SmartAuction "]),
            Ok(remove(&["smartauction"])),
            "keys are tidied",
        ),
        (
            remove(&["smartcash", "smartauction", "smartcash"]),
            Ok(remove(&["smartauction", "smartcash"])),
            "all of them, once each",
        ),
        (
            remove(&[]),
            Err(DecisionError::NothingToRemove),
            "removing nothing is keeping",
        ),
        (remove(&[" "]), Err(DecisionError::NothingToRemove), "blank"),
        (
            remove(&["intellirater"]),
            Err(DecisionError::NotHeld {
                user: "jchen".into(),
                application: "intellirater".into(),
            }),
            "only what is held",
        ),
        (
            AccessDecision::Deactivate {
                reason: "  Left  on\nMay 3 ".into(),
            },
            Ok(AccessDecision::Deactivate {
                reason: "Left on May 3".into(),
            }),
            "reason tidied",
        ),
        (
            AccessDecision::Deactivate {
                reason: " \t".into(),
            },
            Err(DecisionError::ReasonRequired),
            "a deactivation says why",
        ),
        (
            AccessDecision::Deactivate {
                reason: "x".repeat(REASON_MAX_CHARS + 1),
            },
            Err(DecisionError::ReasonTooLong),
            "as long as a request's reason",
        ),
    ];
    for (decision, expected, why) in cases {
        assert_eq!(check_decision(&decision, &jchen, &held), expected, "{why}");
    }
    assert_eq!(DecisionError::ReasonRequired.field(), "reason");
    assert_eq!(DecisionError::NothingToRemove.field(), "applications");
}

#[test]
fn finishing_files_a_removal_or_a_deactivation_and_nothing_for_keep() {
    let jchen = id("jchen");
    assert_eq!(
        AccessDecision::Keep.request(&jchen),
        None,
        "keeping changes nothing"
    );
    assert_eq!(
        AccessDecision::Remove {
            applications: vec!["smartauction".into()]
        }
        .request(&jchen),
        Some(RequestForm::RemoveApplicationAccess {
            user_id: "jchen".into(),
            applications: vec!["smartauction".into()],
        })
    );
    assert_eq!(
        AccessDecision::Deactivate {
            reason: "Left the dealership".into()
        }
        .request(&jchen),
        Some(RequestForm::Deactivation {
            user_id: "jchen".into(),
            reason: "Left the dealership".into(),
        })
    );
    // What finishing files is an ordinary request form: it validates like one.
    let catalogue = crate::applications::ApplicationCatalogue::default();
    let form = AccessDecision::Remove {
        applications: vec!["smartauction".into()],
    }
    .request(&jchen)
    .unwrap();
    assert!(
        form.validate(&catalogue).is_ok(),
        "a valid decision makes a valid form"
    );
}

#[test]
fn a_review_finishes_only_when_everyone_is_decided() {
    assert!(
        !ReviewProgress {
            decided: 3,
            total: 4
        }
        .can_finish()
    );
    assert!(
        ReviewProgress {
            decided: 4,
            total: 4
        }
        .can_finish()
    );
    assert!(
        ReviewProgress {
            decided: 0,
            total: 0
        }
        .can_finish(),
        "nobody to review"
    );
}

#[test]
fn decisions_travel_as_tagged_json() {
    let json = serde_json::to_value(AccessDecision::Remove {
        applications: vec!["smartcash".into()],
    })
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"decision": "remove", "applications": ["smartcash"]})
    );
    let keep: AccessDecision =
        serde_json::from_value(serde_json::json!({"decision": "keep"})).unwrap();
    assert_eq!(keep, AccessDecision::Keep);
    assert!(
        serde_json::from_value::<AccessDecision>(
            serde_json::json!({"decision": "deactivate", "reason": "Left", "user_id": "x"})
        )
        .is_err(),
        "unknown fields are refused"
    );
    assert_eq!(
        "suspend_unreviewed".parse::<OnDeadline>(),
        Ok(OnDeadline::SuspendUnreviewed)
    );
}

#[test]
fn the_deadline_holds_everyone_undecided_but_the_office_managers_who_must_finish() {
    assert!(held_at_deadline(AccessRole::Staff));
    assert!(
        !held_at_deadline(AccessRole::OfficeManager),
        "an office manager on hold could not sign in to finish the review"
    );
}

#[test]
fn a_policy_is_a_review_every_week_to_year_due_before_the_next_opens() {
    let escalate = OnDeadline::Escalate;
    assert_eq!(
        ReviewPolicy::new(90, 14, escalate),
        Ok(ReviewPolicy::default())
    );
    assert!(ReviewPolicy::new(7, 6, OnDeadline::SuspendUnreviewed).is_ok());
    assert!(ReviewPolicy::new(366, 60, escalate).is_ok());
    for (every, deadline, why) in [
        (6, 3, "more often than weekly"),
        (367, 14, "less often than yearly"),
        (90, 0, "due as it opens"),
        (90, 61, "due after two months"),
        (30, 30, "due when the next one opens"),
    ] {
        let err = ReviewPolicy::new(every, deadline, escalate).expect_err(why);
        assert!(
            err.contains("DEALER_ACCESS_REVIEW_"),
            "names the setting: {err}"
        );
    }
}
