//! One way to turn an enum that is stored or sent into text and back.
//!
//! [`text_enum!`] declares a fieldless enum together with its text form: each variant is
//! written once with its text, and the macro derives everything else from that one line —
//! serde's names (so JSON, the OpenAPI document and the TypeScript bindings agree), `ALL`,
//! `as_str`, `FromStr` and `Display`. The store writes `as_str()` into its columns and
//! reads them back with `parse()`, so a state, role or code is spelled in exactly one place.

/// Text that names no variant of an enum declared with [`text_enum!`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a known {kind}")]
pub struct UnknownText {
    /// The enum's name, e.g. `RequestState`.
    pub kind: &'static str,
    pub text: String,
}

impl UnknownText {
    pub fn new(kind: &'static str, text: &str) -> Self {
        // Bounded: whatever was stored or sent, an error message stays short.
        let text: String = text.chars().take(64).collect();
        UnknownText { kind, text }
    }
}

/// Declares `pub enum $name { $Variant = "text", ... }` with serde names taken from the
/// texts, and `ALL`, `as_str()`, `FromStr`, `Display`. Attributes before the enum (docs,
/// extra derives, `#[ts(export)]`, `cfg_attr`s) and before each variant are kept.
#[macro_export]
macro_rules! text_enum {
    (@unit $variant:ident) => { () };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $text)]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; <[()]>::len(&[$($crate::text_enum!(@unit $variant)),+])] =
                [$($name::$variant),+];

            /// The text form: what is stored, sent and exported to TypeScript.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::text::UnknownText;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::text::UnknownText::new(stringify!($name), text)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
