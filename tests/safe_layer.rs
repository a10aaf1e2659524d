//! The shape of the safe layer (issue 15): its modules contain no `unsafe`
//! code, and the Rust examples, written with it, contain none either and
//! install no handler function of their own (so none can allocate in one).
//!
//! `unsafe` belongs in three places only: the C ABI (`src/sys/`), the one
//! module of system-call wrappers (`src/os/`), and the pointer-level cores the
//! C functions keep for themselves (`src/error.rs`, `src/sctp/`, and the
//! tracer's `src/trace.rs`, `src/sigtrace.rs`, `src/symname.rs`).

use std::fs;
use std::path::{Path, PathBuf};

/// The code of a Rust file without its comments (line comments, doc comments
/// and block comments; string literals are kept as they are).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let (mut in_str, mut block) = (false, 0usize);
    while let Some(c) = chars.next() {
        if block > 0 {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                block -= 1;
            } else if c == '/' && chars.peek() == Some(&'*') {
                chars.next();
                block += 1;
            }
            continue;
        }
        if in_str {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                block = 1;
            }
            ('"', _) => {
                in_str = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Lines of `path`'s code holding `word` as a whole word.
fn lines_with(path: &Path, word: &str) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    code_of(&text)
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            line.match_indices(word).any(|(i, _)| {
                let before = line[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                let after = line[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '_');
                before && after
            })
        })
        .map(|(n, line)| format!("{}:{}: {}", path.display(), n + 1, line.trim()))
        .collect()
}

fn rust_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

/// The C-facing cores at the top of `src/` that may hold `unsafe` (and why).
const CORES: [&str; 5] = [
    "error.rs",    // err_emit, the variadic err_* of variadic.c: pointers from C
    "explain.rs",  // err_explain, called by variadic.c: a pointer from C, getenv
    "trace.rs",    // formats the raw layer's arguments: pointers from C callers
    "sigtrace.rs", // LNP_TRACE's signal handler: calls the C program's handler through its pointer
    "symname.rs",  // LNP_TRACE's handler names: dladdr and the ELF file, read with pread
];

#[test]
fn the_safe_modules_contain_no_unsafe() {
    let modules: Vec<PathBuf> =
        rust_files("src").into_iter().filter(|p| !CORES.contains(&p.file_name().unwrap().to_str().unwrap())).collect();
    for name in ["io.rs", "addr.rs", "sock.rs", "signal.rs", "unix.rs", "echo.rs", "net.rs", "sctp_api.rs"] {
        assert!(modules.iter().any(|p| p.ends_with(name)), "{name} is checked");
    }
    let found: Vec<String> = modules.iter().flat_map(|p| lines_with(p, "unsafe")).collect();
    assert!(found.is_empty(), "unsafe code in the safe layer:\n{}", found.join("\n"));
}

#[test]
fn the_examples_need_no_unsafe_and_no_handler() {
    let examples = rust_files("examples");
    assert!(examples.len() >= 13, "{examples:?}");
    for word in ["unsafe", "extern"] {
        let found: Vec<String> = examples.iter().flat_map(|p| lines_with(p, word)).collect();
        assert!(found.is_empty(), "`{word}` in the examples:\n{}", found.join("\n"));
    }
}

#[test]
fn the_checker_sees_unsafe_code_and_ignores_comments() {
    let dir = std::env::temp_dir().join(format!("lnp-safe-layer-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("probe.rs");
    fs::write(&file, "/// unsafe in a doc\n// unsafe\nlet s = \"// not a comment\"; unsafe { f() }\n/* unsafe */ g();\nunsafe_op();\n")
        .unwrap();
    let found = lines_with(&file, "unsafe");
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with(":3: let s = \"// not a comment\"; unsafe { f() }"), "{found:?}");
}
