//! The UI's map of the app's commands, written from their Rust signatures.
//!
//! `ui/src/bindings/app/Commands.ts` says, for every command the app registers, the
//! arguments it takes (named as Tauri reads them: camelCase, an `Option` may be left out)
//! and what it answers. The UI's `call` and the Playwright mock are typed by it, so a
//! command whose arguments or answer change in Rust is a type error in every screen that
//! calls it and every spec that mocks it. The file is written here from the command
//! functions themselves, parsed with syn; `cargo xtask test` holds it to the committed copy.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// Parameters Tauri fills itself; the UI never passes them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// One command as the UI sees it.
struct Command {
    name: String,
    /// `(key, TypeScript type, may be left out)`.
    args: Vec<(String, String, bool)>,
    result: String,
}

fn ui_bindings() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings")
}

/// `user_id` → `userId`, as Tauri names a command's arguments by default.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The type arguments of `Name<A, B>`.
fn generic_args(args: &PathArguments) -> Vec<&Type> {
    match args {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A Rust type as TypeScript; every named type must be one ts-rs exported (`named` collects
/// them for the imports).
fn typescript(ty: &Type, named: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Tuple(t) if t.elems.is_empty() => "void".into(),
        Type::Reference(r) => typescript(&r.elem, named),
        Type::Array(a) => {
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(n),
                ..
            }) = &a.len
            else {
                panic!("an array argument has a literal length");
            };
            let n: usize = n.base10_parse().unwrap();
            let elem = typescript(&a.elem, named);
            format!("[{}]", vec![elem; n].join(", "))
        }
        Type::Path(p) => {
            let last = p.path.segments.last().expect("a type has a name");
            let inner = generic_args(&last.arguments);
            match last.ident.to_string().as_str() {
                "String" | "str" => "string".into(),
                "bool" => "boolean".into(),
                "i64" | "i32" | "u64" | "u32" | "u16" | "u8" | "usize" | "f64" => "number".into(),
                "Option" => format!("{} | null", typescript(inner[0], named)),
                "Vec" => format!("Array<{}>", typescript(inner[0], named)),
                other => {
                    assert!(inner.is_empty(), "{other}: a generic the map does not know");
                    let name = renamed().get(other).cloned().unwrap_or(other.to_owned());
                    named.insert(name.clone());
                    name
                }
            }
        }
        _ => panic!("a command type the map does not know (a tuple, a function, a trait object)"),
    }
}

/// Rust types that ts-rs exports under another name (`#[ts(rename = "…")]`), by Rust name.
fn renamed() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut folders = vec![root.join("src-tauri/src"), root.join("crates")];
    let mut found = BTreeMap::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rename: Option<String> = None;
            for line in text.lines().map(str::trim) {
                if line.starts_with("#[ts(") {
                    rename = line
                        .split_once("rename = \"")
                        .and_then(|(_, rest)| rest.split_once('"'))
                        .map(|(name, _)| name.to_owned());
                } else if let Some(rest) = line
                    .strip_prefix("pub struct ")
                    .or_else(|| line.strip_prefix("pub enum "))
                    && let Some(to) = rename.take()
                {
                    let from = rest.split([' ', '<', '(', '{']).next().unwrap();
                    found.insert(from.to_owned(), to);
                }
            }
        }
    }
    found
}

/// Where the binding of `name` lives, relative to `bindings/app/`.
fn import_path(name: &str) -> String {
    let bindings = ui_bindings();
    if bindings.join("app").join(format!("{name}.ts")).exists() {
        format!("./{name}")
    } else if bindings.join(format!("{name}.ts")).exists() {
        format!("../{name}")
    } else {
        panic!(
            "{name} crosses to the UI but has no TypeScript binding: derive ts_rs::TS and export it"
        )
    }
}

/// Every `#[tauri::command]` in the commands' source files.
fn commands(named: &mut BTreeSet<String>) -> BTreeMap<String, Command> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for item in file.items {
            let Item::Fn(f) = item else { continue };
            let is_command = f.attrs.iter().any(|a| {
                let segments: Vec<String> = a
                    .path()
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                segments == ["tauri", "command"]
            });
            if !is_command {
                continue;
            }
            assert!(
                f.attrs.iter().all(|a| !matches!(&a.meta, syn::Meta::List(l)
                    if l.path.segments.last().is_some_and(|s| s.ident == "command"))),
                "{}: the map assumes Tauri's default camelCase argument names",
                f.sig.ident
            );
            let mut args = Vec::new();
            for input in &f.sig.inputs {
                let FnArg::Typed(arg) = input else {
                    panic!("a command takes no self")
                };
                if let Type::Path(p) = &*arg.ty
                    && INJECTED
                        .contains(&p.path.segments.last().unwrap().ident.to_string().as_str())
                {
                    continue;
                }
                let Pat::Ident(ident) = &*arg.pat else {
                    panic!("{}: arguments are plain names", f.sig.ident)
                };
                let optional = matches!(&*arg.ty, Type::Path(p)
                    if p.path.segments.last().unwrap().ident == "Option");
                args.push((
                    camel(&ident.ident.to_string()),
                    typescript(&arg.ty, named),
                    optional,
                ));
            }
            let result = match &f.sig.output {
                ReturnType::Default => "void".to_owned(),
                ReturnType::Type(_, ret) => match &**ret {
                    // What a fallible command answers when it succeeds.
                    Type::Path(p) if p.path.segments.last().unwrap().ident == "Result" => {
                        let last = p.path.segments.last().unwrap();
                        typescript(generic_args(&last.arguments)[0], named)
                    }
                    infallible => typescript(infallible, named),
                },
            };
            let name = f.sig.ident.to_string();
            found.insert(name.clone(), Command { name, args, result });
        }
    }
    found
}

/// The map's TypeScript text.
fn write_map(registered: &[String]) -> String {
    let mut named = BTreeSet::new();
    let mut all = commands(&mut named);
    let mut entries = Vec::new();
    for name in registered {
        let command = all.remove(name).unwrap_or_else(|| {
            panic!("{name} is registered but no #[tauri::command] has that name")
        });
        let args = if command.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            let fields: Vec<String> = command
                .args
                .iter()
                .map(|(key, ty, optional)| {
                    format!("{key}{}: {ty}", if *optional { "?" } else { "" })
                })
                .collect();
            format!("{{ {} }}", fields.join("; "))
        };
        entries.push(format!(
            "  {}: {{ args: {args}; result: {} }}",
            command.name, command.result
        ));
    }
    let imports: Vec<String> = named
        .iter()
        .map(|n| format!("import type {{ {n} }} from '{}'", import_path(n)))
        .collect();
    format!(
        "// Written by src-tauri's test `the_ui_knows_every_commands_arguments_and_result`.\n\
         // Do not edit this file manually.\n\n\
         {}\n\n\
         /**\n * Every command the app registers: the arguments it takes, named as Tauri reads them\n \
         * (an optional one may be left out), and what it answers.\n */\n\
         export type Commands = {{\n{}\n}}\n\n\
         /** The name of every command the app registers. */\n\
         export type CommandName = keyof Commands\n",
        imports.join("\n"),
        entries.join("\n")
    )
}

/// The UI's `call` and the Playwright mock are typed by this map: a command renamed,
/// removed, or given other arguments or another answer in Rust is a type error in every
/// screen that calls it and every spec that mocks it.
#[test]
fn the_ui_knows_every_commands_arguments_and_result() {
    let registered = super::tests::registered();
    assert!(
        registered.len() >= 20,
        "the handler list was read: {registered:?}"
    );
    let text = write_map(&registered);
    let path = ui_bindings().join("app/Commands.ts");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, &text).expect("the UI's bindings folder is writable");
    }
}

#[test]
fn argument_names_are_camel_case_as_tauri_reads_them() {
    assert_eq!(camel("user_id"), "userId");
    assert_eq!(camel("new_password"), "newPassword");
    assert_eq!(camel("csv"), "csv");
}
